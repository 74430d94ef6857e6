#!/usr/bin/env node
// A stand-in for the user's browser ($BROWSER): records the URL it was asked to open, and the names of
// the PLEX_* variables it was given (there should be none: the CLI keeps its secrets to itself).
import { appendFileSync } from "node:fs";

const plex = Object.keys(process.env).filter((name) => name.startsWith("PLEX_"));
appendFileSync(process.env.FAKE_BROWSER_LOG, `${process.argv[2]}\nPLEX_* given: ${plex.join(",") || "none"}\n`);
