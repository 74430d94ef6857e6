import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/**
 * The secret sentinel's bookkeeping: every secret a run of `plex-auth` saw or made (passwords, two-factor
 * codes, Home PINs, PIN ids, tokens), everything the runs left behind (stdout, stderr, a terminal's output,
 * the files of the config directory), and the search for the first in the second.
 */

/** What a secret is, for the report and to pick the test that owns it. */
export type SecretKind = "password" | "two-factor code" | "Home PIN" | "PIN id" | "token";

/** One secret: its value and what it is (`"token: seeded, alex"`). */
export interface Secret {
  readonly kind: SecretKind;
  readonly value: string;
  readonly label: string;
}

/** One place a run left text in: a stream, a terminal, a file; `allowed` are the secrets it may hold. */
export interface Transcript {
  readonly where: string;
  readonly text: string;
  readonly allowed: readonly string[];
}

/** A secret found where it should not be. */
export interface Exposure {
  readonly where: string;
  readonly secret: string;
  readonly how: string;
}

/** The secrets, by value (one value, one label: the first given). */
export class Secrets {
  readonly #byValue = new Map<string, Secret>();

  add(kind: SecretKind, value: string | undefined, label: string): void {
    if (value === undefined || value === "" || this.#byValue.has(value)) return;
    this.#byValue.set(value, { kind, value, label });
  }

  has(value: string): boolean {
    return this.#byValue.has(value);
  }

  of(kind: SecretKind): Secret[] {
    return [...this.#byValue.values()].filter((secret) => secret.kind === kind);
  }

  get size(): number {
    return this.#byValue.size;
  }
}

// Where a secret made of digits only may be found: not inside a longer run of letters or digits (a 4-digit
// PIN is not "found" in a port or a date, and a 9-digit PIN id not in a timestamp).
function standalone(value: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${value}(?![A-Za-z0-9])`);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal's escape codes start with ESC.
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;

// A token or a password shows through when 8 of its characters in a row do: a fingerprint (`…abcd`, its
// last 4) is fine, half a token is not.
const PARTIAL = 8;

function partsOf(value: string): string[] {
  const parts: string[] = [];
  for (let start = 0; start + PARTIAL <= value.length; start++) parts.push(value.slice(start, start + PARTIAL));
  return parts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What a transcript shows of `secret`: the whole of it, 8+ characters of it, or nothing (`undefined`). */
function shows(text: string, secret: Secret): string | undefined {
  const { value } = secret;
  // A terminal's escape codes end in a letter (`\u001b[2m4321`): as separators, they hide no digits.
  if (/^\d+$/.test(value))
    return standalone(escapeRegExp(value)).test(text.replace(CSI, "\u241b")) ? "whole" : undefined;
  if (text.includes(value)) return "whole";
  // The fixed prefix of a transient or claim token is not secret: its random rest is.
  const random = value.replace(/^(?:transient|claim)-/, "");
  if (random.length < PARTIAL) return undefined;
  const part = partsOf(random).find((candidate) => text.includes(candidate));
  return part === undefined ? undefined : `8+ characters of it ("${part}")`;
}

/**
 * The secrets of `kinds` each transcript shows outside what it may: its `allowed` values are taken out of
 * its text first (so a token printed where it was asked for hides neither another secret nor half of one).
 */
export function exposures(
  transcripts: readonly Transcript[],
  secrets: Secrets,
  kinds: readonly SecretKind[],
): Exposure[] {
  const found: Exposure[] = [];
  const candidates = kinds.flatMap((kind) => secrets.of(kind));
  for (const transcript of transcripts) {
    let text = transcript.text;
    for (const value of [...transcript.allowed].sort((a, b) => b.length - a.length)) {
      if (value !== "") text = text.split(value).join("\u2400");
    }
    for (const secret of candidates) {
      if (transcript.allowed.includes(secret.value)) continue;
      const how = shows(text, secret);
      if (how !== undefined) found.push({ where: transcript.where, secret: `${secret.kind} (${secret.label})`, how });
    }
  }
  return found;
}

/** Every file under `directory` (recursively): its path relative to it (with `/`), and its text. */
export function filesUnder(directory: string): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (folder: string) => {
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(folder, name);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (!stats) continue;
      if (stats.isDirectory()) walk(path);
      else if (stats.isFile())
        files.push({ path: relative(directory, path).split(sep).join("/"), text: readFileSync(path, "utf8") });
    }
  };
  walk(directory);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The profile a file of the CLI's file store is for, or `undefined` for any other file. */
export function tokenFileProfile(path: string): string | undefined {
  return /(?:^|\/)plex-auth\/cli-tokens\/([^/]+)$/.exec(path)?.[1];
}

/** A 6-digit code that is not `code` (nor, but by a one in a million chance, the codes either side of it). */
export function wrongCode(code: string): string {
  return String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
}

/** The `id`s in a POST /pins answer (JSON or XML). */
export function pinIdsIn(body: string): string[] {
  return [...body.matchAll(/"id"\s*:\s*(\d+)|\bid="(\d+)"/g)].map((match) => (match[1] ?? match[2]) as string);
}

/** A readable list of exposures for a failed expectation. */
export function describeExposures(found: readonly Exposure[]): string {
  return found.map((exposure) => `${exposure.secret} in ${exposure.where}: ${exposure.how}`).join("\n");
}
