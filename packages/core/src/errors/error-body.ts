import { redactText } from "../redact.ts";
import type { PlexErrorDetail } from "./api.ts";

/** What an error response said: Plex's `errors[]` (from JSON or XML), or a short excerpt of anything else. */
export interface ParsedErrorBody {
  readonly errors: PlexErrorDetail[];
  readonly excerpt?: string;
}

const EXCERPT_LENGTH = 200;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function toNumber(value: unknown): number | undefined {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : undefined;
}

function detail(code: unknown, message: unknown, status: unknown, secrets: readonly string[]): PlexErrorDetail {
  return {
    code: toNumber(code),
    message: typeof message === "string" && message.trim() ? redactText(message.trim(), secrets) : undefined,
    status: toNumber(status),
  };
}

function fromJson(body: string, secrets: readonly string[]): PlexErrorDetail[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { errors, error } = parsed as { errors?: unknown; error?: unknown };
  if (Array.isArray(errors)) {
    return errors
      .filter((entry): entry is Record<string, unknown> => typeof entry === "object" && entry !== null)
      .map((entry) => detail(entry.code, entry.message, entry.status, secrets));
  }
  // Some plex.tv endpoints answer { "error": "message" }.
  if (typeof error === "string") return [detail(undefined, error, undefined, secrets)];
  return undefined;
}

function fromXml(body: string, secrets: readonly string[]): PlexErrorDetail[] | undefined {
  if (!/<errors?[\s>/]/i.test(body)) return undefined;
  const details: PlexErrorDetail[] = [];
  // <error code="1001" message="…" status="401"/> or, from older endpoints, <error>message</error>.
  for (const match of body.matchAll(/<error\b([^>]*?)(?:\/>|>([^<]*)<\/error>)/gi)) {
    const attributes: Record<string, string> = {};
    for (const [, name, double, single] of (match[1] ?? "").matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[(name as string).toLowerCase()] = decodeEntities(double ?? single ?? "");
    }
    const text = match[2] ? decodeEntities(match[2]) : undefined;
    details.push(detail(attributes.code, attributes.message ?? text, attributes.status, secrets));
  }
  return details.length > 0 ? details : undefined;
}

function excerptOf(body: string, secrets: readonly string[]): string | undefined {
  const text = decodeEntities(
    body
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " "),
  ).trim();
  if (!text) return undefined;
  const redacted = redactText(text, secrets);
  return redacted.length > EXCERPT_LENGTH ? `${redacted.slice(0, EXCERPT_LENGTH)}…` : redacted;
}

/**
 * Reads an error body in any of the shapes Plex uses: plex.tv JSON `{"errors":[…]}`, the same as XML
 * `<errors><error code="…" message="…" status="…"/></errors>`, or a PMS HTML page, kept as a short text
 * excerpt. Every string is redacted of `secrets` and of secret-looking fields.
 *
 * @example
 * ```ts
 * parseErrorBody('<errors><error code="1029" message="Please enter the verification code"/></errors>');
 * // { errors: [{ code: 1029, message: "Please enter the verification code", status: undefined }] }
 * ```
 */
export function parseErrorBody(body: string, secrets: readonly string[] = []): ParsedErrorBody {
  const trimmed = body.trim();
  const errors = trimmed.startsWith("<") ? fromXml(trimmed, secrets) : fromJson(trimmed, secrets);
  if (errors) return { errors };
  const excerpt = excerptOf(trimmed, secrets);
  return excerpt === undefined ? { errors: [] } : { errors: [], excerpt };
}
