#!/usr/bin/env node
// The `plex-auth-mcp` command: the built CLI in dist/. A file of its own, committed, so that installing the
// workspace can link the command before anything is built (pointing the bin into dist/ made every fresh
// `pnpm install` warn "Failed to create bin").
import module from "node:module";

// Node 22.1+ keeps V8's compiled code between starts (in the OS temp directory, or NODE_COMPILE_CACHE; off
// with NODE_DISABLE_COMPILE_CACHE=1): about 20 of 105 ms from start to the first tools/list. Older Nodes
// lack the function. The import comes after, since a static one would be evaluated first.
module.enableCompileCache?.();
await import("../dist/command/bin.js");
