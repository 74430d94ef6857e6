/**
 * Where Plex's protocol puts each JWT secret in a request, and nowhere else: a Plex JWT only as the whole
 * `X-Plex-Token` header; a client JWT only as the `jwt` of the exchange's JSON body (`POST …/auth/token`)
 * or the `deviceJWT` of a PIN poll's query (`GET …/pins/{id}`); a device's private key never.
 */
import type { SentRequest } from "../fuzz/wire.ts";
import type { JwtSecrets } from "./jwt-sentinels.ts";

const EXCHANGE = /\/auth\/token$/;
const PIN_POLL = /\/pins\/\d+$/;

/** The request's URL, headers and body as text, with what the protocol puts there taken out. */
function withoutRequiredPlaces(request: SentRequest, secrets: JwtSecrets): { where: string; text: string }[] {
  const url = new URL(request.url);
  // Only a client JWT belongs there: a Plex JWT or a key in the same place is still found.
  const onlyClientJwt = (value: unknown) => secrets.leaksIn(String(value), ["Plex JWT", "device key"]).length === 0;
  if (request.method === "GET" && PIN_POLL.test(url.pathname) && onlyClientJwt(url.searchParams.get("deviceJWT"))) {
    url.searchParams.delete("deviceJWT");
  }
  let body = request.body ?? "";
  if (request.method === "POST" && EXCHANGE.test(url.pathname)) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      if (onlyClientJwt(parsed.jwt)) delete parsed.jwt;
      body = JSON.stringify(parsed);
    } catch {
      // Not the JSON the exchange sends: every byte of it is checked.
    }
  }
  const headers: string[] = [];
  request.headers.forEach((value, name) => {
    // The token header must be a Plex JWT whole, or hold none: half of one glued to something is no token.
    const isWholeToken = name === "x-plex-token" && secrets.tokens("Plex JWT").includes(value);
    if (!isWholeToken) headers.push(`${name}: ${value}`);
  });
  return [
    { where: "URL", text: url.href },
    { where: "headers", text: headers.join("\n") },
    { where: "body", text: body },
  ];
}

/** The secrets a request carries where the protocol does not put them, as `where: kinds`. */
export function misplacedSecrets(request: SentRequest, secrets: JwtSecrets): string[] {
  return withoutRequiredPlaces(request, secrets).flatMap(({ where, text }) => {
    const leaked = secrets.leaksIn(text);
    return leaked.length > 0
      ? [`${request.method} ${new URL(request.url).pathname} ${where}: ${leaked.join(", ")}`]
      : [];
  });
}
