/**
 * Bundle size: each entry is bundled exactly as `esbuild --bundle --minify --format=esm --platform=neutral`
 * would, from the BUILT packages (what an app installing them bundles), then compressed with node:zlib
 * (gzip level 9, brotli quality 11). Deterministic: the same inputs always give the same bytes.
 * @module
 */
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { PEER_LABELS } from "./peer-versions.mjs";

/** The bench package's directory: entries resolve their imports from here, like an app would. */
export const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The esbuild options of the command line, as API options. */
export const ESBUILD_OPTIONS = Object.freeze({
  bundle: true,
  minify: true,
  format: /** @type {const} */ ("esm"),
  platform: /** @type {const} */ ("neutral"),
  write: false,
  logLevel: /** @type {const} */ ("silent"),
});

/**
 * What is bundled. Each entry keeps what it imports alive (exported), so nothing is dropped that an app
 * calling the operation would keep.
 * The peers (ofetch + valibot, ky + valibot) are bundled like the raw client: their own module, "one" its
 * factory and getTokenDetails, "all" the whole module.
 * plexjs 0.43.0 has no standalone plex.tv functions: "all" is its two `/security` operations.
 */
export const SIZE_ENTRIES = Object.freeze([
  {
    id: "raw-one",
    client: "raw",
    scope: "one",
    label: "raw fetch, hand-written getTokenDetails",
    code: `export { rawGetTokenDetails } from "./src/raw-client.mjs";`,
  },
  {
    id: "raw-all",
    client: "raw",
    scope: "all",
    label: "raw fetch, hand-written four operations",
    code: `export * from "./src/raw-client.mjs";`,
  },
  {
    id: "ours-one",
    client: "ours",
    scope: "one",
    label: "@plex-auth/core: createPlexAuthCore + getTokenDetails",
    code: `import { createPlexAuthCore, getTokenDetails } from "@plex-auth/core";
export const run = (options) => getTokenDetails(createPlexAuthCore(options));`,
  },
  {
    id: "ours-all",
    client: "ours",
    scope: "all",
    label: "@plex-auth/core: createPlexAuthCore + the four seed operations",
    code: `import {
  createPlexAuthCore,
  getSourceConnectionInformation,
  getTokenDetails,
  getTransientToken,
  postUsersSignInData,
} from "@plex-auth/core";
export const run = (options) =>
  [getTransientToken, getSourceConnectionInformation, getTokenDetails, postUsersSignInData].map((f) =>
    f(createPlexAuthCore(options)),
  );`,
  },
  {
    id: "ours-client",
    client: "ours",
    scope: "client",
    label: "@plex-auth/core: createPlexAuth (the whole client, every operation of the table)",
    code: `import { createPlexAuth } from "@plex-auth/core";
export const run = (options) => createPlexAuth(options).authentication;`,
  },
  {
    id: "ours-jwt",
    client: "ours",
    scope: "jwt",
    label: "@plex-auth/core/jwt: a device key and a self-refreshing JWT token source (jose included)",
    code: `import { createPlexAuthCore } from "@plex-auth/core";
import { createJwtTokenSource, generateDeviceKey } from "@plex-auth/core/jwt";
export const run = async (options) => createJwtTokenSource(createPlexAuthCore(options), { key: await generateDeviceKey() });`,
  },
  {
    id: "ours-web",
    client: "ours",
    scope: "web",
    label: "@plex-auth/core: Sign in with Plex in a browser (signInWithPlexPopup + resumePlexSignIn)",
    code: `import { createPlexAuthCore, resumePlexSignIn, signInWithPlexPopup } from "@plex-auth/core";
export const start = (options) => signInWithPlexPopup(createPlexAuthCore(options));
export const resume = (options) => resumePlexSignIn(createPlexAuthCore(options));`,
  },
  {
    id: "ours-page",
    client: "ours",
    scope: "page",
    label: "examples/web: the whole page's script (both ways to sign in, and the account lookup)",
    // The page runs on import (it has side effects), so all of it stays.
    code: `import "../examples/web/src/app.js";`,
  },
  {
    id: "ofetch-one",
    client: "ofetch",
    scope: "one",
    label: `${PEER_LABELS.ofetch}: createOfetchClient + getTokenDetails`,
    code: `import { createOfetchClient, ofetchGetTokenDetails } from "./src/ofetch-client.mjs";
export const run = (options) => ofetchGetTokenDetails(createOfetchClient(options));`,
  },
  {
    id: "ofetch-all",
    client: "ofetch",
    scope: "all",
    label: `${PEER_LABELS.ofetch}: createOfetchClient + the four seed operations`,
    code: `export * from "./src/ofetch-client.mjs";`,
  },
  {
    id: "ky-one",
    client: "ky",
    scope: "one",
    label: `${PEER_LABELS.ky}: createKyClient + getTokenDetails`,
    code: `import { createKyClient, kyGetTokenDetails } from "./src/ky-client.mjs";
export const run = (options) => kyGetTokenDetails(createKyClient(options));`,
  },
  {
    id: "ky-all",
    client: "ky",
    scope: "all",
    label: `${PEER_LABELS.ky}: createKyClient + the four seed operations`,
    code: `export * from "./src/ky-client.mjs";`,
  },
  {
    id: "plexjs-one",
    client: "plexjs",
    scope: "one",
    label: "plexjs 0.43.0: PlexAPICore + generalGetTransientToken",
    code: `import { PlexAPICore } from "@lukehagar/plexjs/core.js";
import { generalGetTransientToken } from "@lukehagar/plexjs/funcs/generalGetTransientToken.js";
export const run = (options) => generalGetTransientToken(new PlexAPICore(options), { type: "delegation", scope: "all" });`,
  },
  {
    id: "plexjs-all",
    client: "plexjs",
    scope: "all",
    label: "plexjs 0.43.0: PlexAPICore + its two auth operations (the plex.tv two are not in 0.43.0)",
    code: `import { PlexAPICore } from "@lukehagar/plexjs/core.js";
import { generalGetTransientToken } from "@lukehagar/plexjs/funcs/generalGetTransientToken.js";
import { generalGetSourceConnectionInformation } from "@lukehagar/plexjs/funcs/generalGetSourceConnectionInformation.js";
export const run = (options) => [generalGetTransientToken, generalGetSourceConnectionInformation].map((f) => f(new PlexAPICore(options), {}));`,
  },
]);

/**
 * gzip (level 9) and brotli (quality 11) sizes of a buffer.
 * @param {Uint8Array} bytes
 */
export function compressedSizes(bytes) {
  return {
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/**
 * Bundles one entry's code.
 * @param {string} code
 * @param {{ sourcemap?: boolean, plugins?: import("esbuild").Plugin[], alias?: Record<string, string> }} [extra]
 */
export async function bundle(code, extra = {}) {
  const result = await build({
    ...ESBUILD_OPTIONS,
    stdin: { contents: code, resolveDir: BENCH_DIR, sourcefile: "entry.mjs", loader: "js" },
    outfile: "bundle.js",
    metafile: true,
    sourcemap: extra.sourcemap ? "external" : false,
    plugins: extra.plugins ?? [],
    alias: extra.alias ?? {},
  });
  const js = result.outputFiles.find((file) => file.path.endsWith(".js"));
  const map = result.outputFiles.find((file) => file.path.endsWith(".map"));
  if (!js) throw new Error("esbuild produced no .js output");
  return { bytes: js.contents, text: js.text, map: map ? JSON.parse(map.text) : undefined, metafile: result.metafile };
}

/**
 * Minified, gzip and brotli bytes of every entry.
 * @returns {Promise<Record<string, { label: string, client: string, scope: string, minified: number, gzip: number, brotli: number }>>}
 */
export async function measureSizes() {
  /** @type {Record<string, any>} */
  const sizes = {};
  for (const entry of SIZE_ENTRIES) {
    const { bytes } = await bundle(entry.code);
    sizes[entry.id] = {
      label: entry.label,
      client: entry.client,
      scope: entry.scope,
      minified: bytes.length,
      ...compressedSizes(bytes),
    };
  }
  return sizes;
}

export { stop as stopEsbuild, version as esbuildVersion } from "esbuild";
