#!/usr/bin/env node
/**
 * Builds the web example's script: `src/app.js` and `@plex-auth/core`, bundled, minified, for browsers,
 * with esbuild. `buildPage()` answers the script (the server serves it from memory) and its sizes; run as
 * a script it writes `dist/app.js` and prints them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

/** The bundled page script, with its minified and min+gzip sizes in bytes. */
export async function buildPage() {
  const result = await build({
    entryPoints: [join(here, "src/app.js")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const script = result.outputFiles[0].contents;
  return { script, bytes: script.byteLength, gzipBytes: gzipSync(script, { level: 9 }).byteLength };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { script, bytes, gzipBytes } = await buildPage();
  mkdirSync(join(here, "dist"), { recursive: true });
  writeFileSync(join(here, "dist/app.js"), script);
  process.stdout.write(`examples/web/dist/app.js: ${bytes} B minified, ${gzipBytes} B min+gzip\n`);
}
