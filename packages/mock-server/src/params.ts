/** Largest request body the mock reads; plex.tv's sign-in form is a few hundred bytes. */
export const MAX_REQUEST_BODY_BYTES: number = 64 * 1024;

/** The request body was larger than {@link MAX_REQUEST_BODY_BYTES}. */
export class RequestBodyTooLarge extends Error {}

function toRecord(entries: Iterable<[string, string]>): Record<string, string> {
  const record: Record<string, string> = {};
  // Rails keeps the last of repeated keys.
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/**
 * Reads the body as it streams in, answering {@link RequestBodyTooLarge} as soon as it passes the cap
 * (the rest is never read), as the Node adapter does: a declared `Content-Length` is not trusted alone.
 */
async function readBody(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BODY_BYTES) throw new RequestBodyTooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_REQUEST_BODY_BYTES) {
      void reader.cancel().catch(() => {});
      throw new RequestBodyTooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function stringifyJsonFields(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const record: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") record[key] = String(item);
  }
  return record;
}

/** What a request carries besides its headers: its parameters, and its JSON body as parsed. */
export interface RequestInput {
  /** The query string merged with the body's scalar fields (the body wins), as strings. */
  readonly params: Record<string, string>;
  /**
   * The body parsed as JSON when its `Content-Type` says JSON (and it parses), else `undefined`: the JWT
   * routes read objects from it (`{ jwk }`), which `params` leaves out.
   */
  readonly json: unknown;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * The request's parameters as plex.tv (a Rails app) sees them: the query string merged with the body,
 * the body winning; the body read as `application/x-www-form-urlencoded`, `multipart/form-data` or JSON by
 * its `Content-Type`, and ignored otherwise. Values stay strings, so a code keeps its leading zeros. A JSON
 * body is also kept whole, as `json`.
 */
export async function readRequestInput(request: Request, url: URL): Promise<RequestInput> {
  const params = toRecord(url.searchParams);
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return { params, json: undefined };
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const bytes = await readBody(request);
  if (type.startsWith("multipart/form-data")) {
    // The capped bytes, parsed by the platform's multipart reader (the boundary is in the original header).
    const headers = { "content-type": request.headers.get("content-type") ?? "" };
    const form = await new Response(bytes, { headers }).formData();
    const fields: [string, string][] = [];
    form.forEach((value, key) => {
      if (typeof value === "string") fields.push([key, value]);
    });
    return { params: { ...params, ...toRecord(fields) }, json: undefined };
  }
  const body = new TextDecoder().decode(bytes);
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return { params: { ...params, ...toRecord(new URLSearchParams(body)) }, json: undefined };
  }
  if (type.startsWith("application/json")) {
    const json = parseJson(body);
    return { params: { ...params, ...stringifyJsonFields(json) }, json };
  }
  return { params, json: undefined };
}

/**
 * Rails' boolean casting, as plex.tv applies it to `rememberMe`: empty or missing is unset (false), "0",
 * "f", "false" and "off" (any case) are false, anything else is true.
 */
export function isTruthyParam(value: string | undefined): boolean {
  if (value === undefined || value === "") return false;
  return !/^(0|f|false|off)$/i.test(value);
}
