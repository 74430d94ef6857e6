import { createRequire } from "node:module";

// Node's built-in modules as their CommonJS objects, not ES imports: `import ... from "node:fs"` makes Node
// build the module's ES facade by reading every export, `fs.promises` included, which loads the promise API
// and its streams. The ES imports of node:fs, node:os and node:path were about 5 ms of the 13 ms that
// importing @plex-auth/node took after core. process.getBuiltinModule is in Node 20.16+, Deno and Bun;
// createRequire covers older Node 20.
function builtin<Module>(id: string): Module {
  return (process.getBuiltinModule?.(id) ?? createRequire(import.meta.url)(id)) as Module;
}

/** `node:fs`. Read its members at call time (`fs.readFileSync(...)`), so a test can stand in for one. */
export const fs: typeof import("node:fs") = builtin("node:fs");
/** `node:os`. */
export const os: typeof import("node:os") = builtin("node:os");
/** `node:path`. */
export const path: typeof import("node:path") = builtin("node:path");
