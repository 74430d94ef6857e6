#!/usr/bin/env node
// A stand-in for the user's browser ($BROWSER): records the URL it was asked to open.
import { appendFileSync } from "node:fs";

appendFileSync(process.env.FAKE_BROWSER_LOG, `${process.argv[2]}\n`);
