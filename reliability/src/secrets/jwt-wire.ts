/**
 * What a client of the JWT flows sent and logged: every request whole (URL, headers, body), each client JWT
 * it carried learnt as a secret on the way (the part cannot plant those: the device key signs them), and
 * every logger event.
 */
import type { FetchLike, PlexAuthLogger } from "@plex-auth/core";
import type { SentRequest } from "../fuzz/wire.ts";
import type { JwtSecrets } from "./jwt-sentinels.ts";

export interface RecordingWire {
  readonly sent: SentRequest[];
  readonly logs: unknown[];
  readonly logger: PlexAuthLogger;
  record(inner: FetchLike): FetchLike;
}

/** The client JWT a request carries: the exchange's `jwt`, or a PIN poll's `deviceJWT`. */
function clientJwtOf(url: string, body: string | undefined): string | null {
  try {
    const { jwt } = JSON.parse(body ?? "") as { jwt?: unknown };
    if (typeof jwt === "string") return jwt;
  } catch {
    // Not JSON: a GET, or a form.
  }
  return new URL(url).searchParams.get("deviceJWT");
}

/**
 * A recorder of what a client sent (every request whole) and logged, for a secrets suite to search.
 * `onRequest` sees each request as it goes out.
 */
export function recordingWire(onRequest: (url: string, body: string | undefined) => void = () => {}): RecordingWire {
  const sent: SentRequest[] = [];
  const logs: unknown[] = [];
  return {
    sent,
    logs,
    logger: {
      debug: (message, details) => logs.push([message, details]),
      warn: (message, details) => logs.push([message, details]),
    },
    record: (inner) => (url, init) => {
      const body = typeof init.body === "string" ? init.body : init.body == null ? undefined : String(init.body);
      sent.push({ url, method: init.method ?? "GET", headers: new Headers(init.headers), body });
      onRequest(url, body);
      return inner(url, init);
    },
  };
}

/** {@link recordingWire} that learns each client JWT a request carries as a secret. */
export function jwtWire(secrets: JwtSecrets): RecordingWire {
  return recordingWire((url, body) => secrets.addJwt("client JWT", clientJwtOf(url, body)));
}
