// check:size: how much @plex-auth/core adds to an app bundle. Core's npm ESM build is bundled with esbuild
// (platform neutral, minified, valibot included), once importing a single operation through the
// tree-shakable PlexAuthCore + standalone function, once importing the client with all four operations,
// and the gzip sizes are printed. The checks only assert that both bundle for a neutral platform and that
// importing less never costs more; the benchmark issue sets the size targets.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { report } from "./summary.mjs";

const entries = {
  "one operation (createPlexAuthCore + getTokenDetails)": [
    'import { createPlexAuthCore, getTokenDetails } from "@plex-auth/core";',
    "export const run = (token) => getTokenDetails(createPlexAuthCore({ clientIdentifier: 'app', token }));",
  ],
  "all four operations (createPlexAuth)": [
    'import { createPlexAuth } from "@plex-auth/core";',
    "export const client = (options) => createPlexAuth(options);",
  ],
};

async function measure(lines) {
  const result = await build({
    stdin: { contents: lines.join("\n"), resolveDir: new URL("..", import.meta.url).pathname, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return {
    code: new TextDecoder().decode(code),
    minified: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
  };
}

const sizes = {};
for (const [label, lines] of Object.entries(entries)) sizes[label] = await measure(lines);
const [one, all] = Object.values(sizes);

for (const [label, size] of Object.entries(sizes)) {
  process.stdout.write(`size: ${label}: ${size.minified} bytes minified, ${size.gzip} bytes gzip\n`);
}
const leaked = ["/security/token", "/security/resources", "/users/signin"].filter((path) => one.code.includes(path));
if (leaked.length > 0) {
  // Measured, not judged (the benchmark issue sets targets): esbuild keeps an unused operation when its
  // definition builds valibot schemas at module load, since it does not treat those calls as pure.
  process.stdout.write(
    `note: the one-operation bundle still holds the operations for ${leaked.join(", ")}; it saves ` +
      `${all.gzip - one.gzip} bytes gzip over all four\n`,
  );
}
report([
  { name: "both bundles build for platform neutral", ok: one.gzip > 0 && all.gzip > 0 },
  { name: "the one-operation bundle is no larger than the four-operation one", ok: one.gzip <= all.gzip },
  {
    name: "neither bundle reaches for Node (no node: imports, no process)",
    ok: ![one, all].some((bundle) => /["']node:|\bprocess\./.test(bundle.code)),
  },
]);
