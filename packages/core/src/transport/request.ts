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
  const query = encoded.query ? new URLSearchParams(encoded.query as Record<string, string>).toString() : "";
  const url = new URL(baseUrl + fillPath(operation.path, encoded.path) + (query ? `?${query}` : ""));
  const headers: Record<string, string> = { Accept: "application/json", ...config.identityHeaders };
  if (token !== undefined) headers["X-Plex-Token"] = encodeHeaderValue(token);
  for (const [name, value] of Object.entries(encoded.headers ?? {})) headers[name] = value;
  let body: string | undefined;
  if (encoded.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(encoded.form as Record<string, string>).toString();
  } else if (encoded.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(encoded.json);
  }
  return { method: operation.method, url: url.href, headers, body };
}
