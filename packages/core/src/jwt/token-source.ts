import { decodeJwt } from "jose";
import { configOf, type PlexAuthCore } from "../client-core.ts";
import { PlexAuthError } from "../errors/base.ts";
import { InvalidInputError } from "../errors/local.ts";
import { exchangeJWTToken } from "../operations/exchange-jwt-token.ts";
import { getAuthNonce } from "../operations/get-auth-nonce.ts";
import { signClientJwt } from "./client-jwt.ts";
import type { DeviceKey } from "./device-key.ts";
import { JwtVerificationError } from "./errors.ts";
import { createPlexJwtVerifier, type PlexJwtClaims } from "./verify.ts";

/** Options of {@link createJwtTokenSource}. */
export interface JwtTokenSourceOptions {
  /** The device key registered with plex.tv (by `registerDeviceJWK` or a PIN made with its JWK). */
  key: DeviceKey;
  /** The device's client identifier (the client JWT's `iss`). Default: the client's. */
  clientIdentifier?: string | undefined;
  /** The user fields the Plex JWT carries. Default all (see `DEFAULT_JWT_SCOPE`). */
  scope?: string | undefined;
  /** Refresh when the JWT has less than this left. Default one day (of its seven). */
  refreshWithinMs?: number | undefined;
  /** A Plex JWT kept from before (a file, a keychain), used until it needs refreshing. */
  token?: string | undefined;
  /** Called with each new JWT, to keep it (write it to a file 0600). What it throws is ignored. */
  onToken?: ((token: string, claims: PlexJwtClaims) => void | Promise<void>) | undefined;
  /** Verify each new JWT against plex.tv's keys before using it. Default `true`. */
  verify?: boolean | undefined;
  /**
   * The clock, epoch milliseconds, that expiry is judged and client JWTs are dated by. Default
   * `Date.now`; a test or a demo passes the mock's, so that moving the mock's time moves the JWT's.
   */
  now?: (() => number) | undefined;
}

/**
 * A `token` for `createPlexAuth` / `withToken` that holds the current Plex JWT and refreshes it. Call it
 * for the token; `invalidate` is what the client calls after a 498; `refresh` forces a new one.
 */
export interface JwtTokenSource {
  (): Promise<string>;
  /** Forgets `token` if it is the current one (the client does this after a 498), so the next call refreshes. */
  invalidate(token: string): void;
  /** Mints a new JWT now (concurrent callers share one refresh). */
  refresh(): Promise<string>;
  /**
   * Resolves once no refresh is running, including one started behind a call that was served the due JWT.
   * Await it before a short-lived program exits, so the new JWT reaches `onToken`. Never rejects.
   */
  idle(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60_000;

interface Held {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

function heldFrom(token: string | undefined): Held | undefined {
  if (token === undefined) return undefined;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? { token, expiresAt: exp * 1000 } : undefined;
  } catch {
    return undefined; // Not a JWT: a fresh one is minted on first use.
  }
}

/**
 * The claims of a JWT taken without verification (`verify: false`), still refused unless it is a JWT with
 * a numeric `exp`: without one the source could not tell when to refresh, and would mint on every call.
 */
function unverifiedClaims(token: string): PlexJwtClaims {
  let claims: PlexJwtClaims;
  try {
    claims = decodeJwt(token) as PlexJwtClaims;
  } catch {
    throw new JwtVerificationError({ reason: "malformed" });
  }
  if (!Number.isFinite(claims.exp)) throw new JwtVerificationError({ reason: "malformed" });
  return claims;
}

function checkOptions(options: JwtTokenSourceOptions): void {
  const key = options.key as Partial<DeviceKey> | undefined;
  const issues = [];
  if (!key || typeof key.kid !== "string" || !key.privateKey) {
    issues.push({ path: "key", message: "is required: a device key from generateDeviceKey or importDeviceKey" });
  }
  const within = options.refreshWithinMs;
  if (within !== undefined && !(Number.isInteger(within) && within >= 0 && within < 7 * DAY_MS)) {
    issues.push({ path: "refreshWithinMs", message: "must be a whole number of milliseconds under 7 days" });
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    issues.push({ path: "now", message: "must be a function returning epoch milliseconds" });
  }
  if (issues.length > 0) throw new InvalidInputError({ where: "options of createJwtTokenSource", issues });
}

/**
 * A token source that keeps a Plex JWT fresh: it refreshes (nonce, client JWT signed by the device key,
 * exchange, verification) when the JWT is within `refreshWithinMs` of expiry, after a 498, or when there
 * is none; never runs two refreshes at once (concurrent callers share one); while a due JWT still lives,
 * serves it at once and refreshes behind it, so a slow or failed refresh never holds up a call; and keeps
 * working after a missed refresh: once the JWT expired, the next call mints a new one (the exchange needs
 * only the device key). Failures are `PlexAuthError`s and never hold key or token material.
 *
 * @example
 * ```ts
 * import { createPlexAuth } from "@plex-auth/core";
 * import { createJwtTokenSource, importDeviceKey } from "@plex-auth/core/jwt";
 * const plex = createPlexAuth({ clientIdentifier, product: "My App" });
 * const jwt = createJwtTokenSource(plex, { key: await importDeviceKey(stored), onToken: saveToken });
 * const signedIn = plex.withToken(jwt);
 * await signedIn.authentication.getTokenDetails();
 * ```
 */
export function createJwtTokenSource(core: PlexAuthCore, options: JwtTokenSourceOptions): JwtTokenSource {
  checkOptions(options);
  const { key, scope, onToken } = options;
  const now = options.now ?? (() => Date.now());
  const clientIdentifier = options.clientIdentifier ?? configOf(core).identity.clientIdentifier;
  const refreshWithinMs = options.refreshWithinMs ?? DAY_MS;
  const verifier = options.verify === false ? undefined : createPlexJwtVerifier(core);
  let held = heldFrom(options.token);
  let inFlight: Promise<string> | undefined;

  const mint = async (): Promise<string> => {
    const nonce = await getAuthNonce(core);
    let clientJwt: string;
    try {
      clientJwt = await signClientJwt(key, { clientIdentifier, nonce, scope, now: now() });
    } catch (error) {
      // The runtime's message is not repeated: it may quote key material.
      const name = error instanceof Error ? error.name : typeof error;
      throw new PlexAuthError({ message: `Could not sign the client JWT with the device key (${name}).` });
    }
    const token = await exchangeJWTToken(core, { jwt: clientJwt });
    const claims = verifier
      ? await verifier.verify(token, { key, clientIdentifier, now: now() })
      : unverifiedClaims(token);
    held = { token, expiresAt: claims.exp * 1000 };
    try {
      await onToken?.(token, claims);
    } catch {
      // Keeping the token failed; using it does not.
    }
    return token;
  };

  const refresh = (): Promise<string> => {
    inFlight ??= mint().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const source = async (): Promise<string> => {
    const current = held;
    const at = now();
    if (current && current.expiresAt - at > refreshWithinMs) return current.token;
    if (!current || current.expiresAt <= at) return refresh();
    // Due for a refresh but still alive: served at once while the refresh runs, so neither a slow refresh
    // nor a failed one holds up (or fails) the calls the living JWT can serve. The next call after it gets
    // the new JWT; a failed one is tried again by the next call.
    refresh().catch(() => {});
    return current.token;
  };
  const idle = async (): Promise<void> => {
    // A refresh that settles may be followed by another one already started: wait until none is left.
    for (let running = inFlight; running; running = inFlight) await running.catch(() => {});
  };
  return Object.assign(source, {
    invalidate(token: string) {
      if (held?.token === token) held = undefined;
    },
    refresh,
    idle,
  });
}
