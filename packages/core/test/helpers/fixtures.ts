/** The wire examples of the repo's own copy of the spec (`spec/plex-api/examples`), and known-good test values. */
import { readdirSync, readFileSync } from "node:fs";

const EXAMPLES = new URL("../../../../spec/plex-api/examples/", import.meta.url);

/** File names of every example payload. */
export function exampleNames(): string[] {
  return readdirSync(EXAMPLES)
    .filter((name) => name.endsWith(".json"))
    .sort();
}

/** The raw text of an example payload. */
export function exampleText(name: string): string {
  return readFileSync(new URL(name, EXAMPLES), "utf8");
}

/** An example payload, parsed; a fresh copy on each call, so tests may modify it. */
export function example(name: string): Record<string, unknown> {
  return JSON.parse(exampleText(name)) as Record<string, unknown>;
}

export const TRANSIENT = "get_transient_token.200.json";
export const RESOURCES = "get_source_connection_information.200.json";
export const ACCOUNT = "get_token_details.200.json";
export const SIGN_IN = "post_users_sign_in_data.201.json";
