#!/usr/bin/env node
// The `plex-auth-mcp` command: the built CLI in dist/. A file of its own, committed, so that installing the
// workspace can link the command before anything is built (pointing the bin into dist/ made every fresh
// `pnpm install` warn "Failed to create bin").
import "../dist/command/bin.js";
