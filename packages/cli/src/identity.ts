import { createRequire } from "node:module";
import { hostname } from "node:os";

/**
 * How the CLI introduces itself to Plex (`X-Plex-Product`): one name for every installation, so the account's
 * device list shows "plex-auth CLI" with the machine's name, and a persisted client identifier per machine
 * (the `@plex-auth/node` file of this product) so it is one device, not one per run.
 */
export const CLI_PRODUCT = "plex-auth CLI";

/**
 * The CLI's version, sent as `X-Plex-Version` and shown by `--version`: package.json's, read at start-up
 * (`src/` and `dist/` both sit one level under it), so a release never has to change a constant.
 */
export const CLI_VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

/** The machine's name, shown by Plex next to the device ("plex-auth CLI on nas"). */
export function deviceName(): string {
  return hostname() || "this machine";
}
