import { encodeHeaderValue } from "../identity.ts";
import type { AnyOperation, EncodedInput, OperationMethod } from "../operation.ts";
import type { ResolvedConfig } from "../options.ts";

/** Everything needed to send one operation call, fixed before the first attempt. */
export interface PreparedRequest {
  readonly method: OperationMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** The path with its `{name}` placeholders filled in, each value percent-encoded. */
function fillPath(template: string, values: EncodedInput["path"]): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values?.[name];
    // The operation's own encode() must give every placeholder: a gap is a bug in its declaration.
    if (value === undefined) throw new TypeError(`path parameter ${name} was not encoded`);
    return encodeURIComponent(value);
  });
}

// `application/x-www-form-urlencoded` as URLSearchParams writes it (space as "+", only *-._ and
// alphanumerics left as they are), without building one per call. Input is well-formed by then (no lone
// surrogates), which is what lets encodeURIComponent do the escaping.
// Most names and values (`type=delegation`) need no escaping at all: a test is cheaper than escaping.
const FORM_SAFE = /^[\w*.-]*$/;
const formPart = (text: string) =>
  FORM_SAFE.test(text)
    ? text
    : encodeURIComponent(text).replace(/[!'()~]|%20/g, (match) =>
        match === "%20" ? "+" : `%${match.charCodeAt(0).toString(16).toUpperCase()}`,
      );
const formEncode = (fields: Readonly<Record<string, string>>) =>
  Object.keys(fields)
    .map((name) => `${formPart(name)}=${formPart(fields[name] as string)}`)
    .join("&");

// A URL's normal form (what `new URL(…).href` gives), remembered for the few base URL + path pairs a client
// calls: parsing it was a tenth of core's own time per call. Only paths without parameters are kept: a
// parameter may be a secret (a PIN's id), and nothing of a call's may outlive it here. Bounded by clearing.
const normalUrls = new Map<string, string>();

function normalUrl(url: string): string {
  let normal = normalUrls.get(url);
  if (normal === undefined) {
    if (normalUrls.size > 63) normalUrls.clear();
    normal = new URL(url).href;
    normalUrls.set(url, normal);
  }
  return normal;
}

/**
 * Builds the request from validated input. `Accept: application/json` always (PMS answers XML without it,
 * and plex.tv has been seen to); the token only ever as a header, never in the URL, because URLs end up in
 * logs. The spec's `accepts` header is a spec mistake and is never sent.
 */
export function prepareRequest(
  config: ResolvedConfig,
  operation: AnyOperation,
  encoded: EncodedInput,
  baseUrl: string,
  token: string | undefined,
): PreparedRequest {
  const query = encoded.query ? formEncode(encoded.query as Record<string, string>) : "";
  // A serialized query is already in normal form; only the base URL and path need the parser's.
  const plain = !operation.path.includes("{");
  const where = baseUrl + (plain ? operation.path : fillPath(operation.path, encoded.path));
  const url = (plain ? normalUrl(where) : new URL(where).href) + (query ? `?${query}` : "");
  const headers: Record<string, string> = { Accept: "application/json", ...config.identityHeaders };
  if (token !== undefined) headers["X-Plex-Token"] = encodeHeaderValue(token);
  for (const [name, value] of Object.entries(encoded.headers ?? {})) headers[name] = value;
  let body: string | undefined;
  if (encoded.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = formEncode(encoded.form as Record<string, string>);
  } else if (encoded.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(encoded.json);
  }
  return { method: operation.method, url, headers, body };
}
