import { configOf, type PlexAuthCore } from "../client-core.ts";
import { InvalidInputError } from "../errors/local.ts";
import { type WaitForOAuthPinOptions, waitForOAuthPin } from "../flows/wait-for-pin.ts";
import type { ApprovedPlexPin, PlexPin } from "../models/pin.ts";
import { createOAuthPin } from "../operations/create-oauth-pin.ts";
import { linkOAuthPin } from "../operations/link-oauth-pin.ts";
import { signClientJwt } from "./client-jwt.ts";
import type { DeviceKey } from "./device-key.ts";
import { createPlexJwtVerifier, type PlexJwtClaims } from "./verify.ts";

// A poll's deviceJWT lives 5 minutes; a new one is signed this long before the last one ends, so a
// 30-minute PIN never polls with an expired one.
const DEVICE_JWT_LIFETIME_S = 300;
const RESIGN_BEFORE_MS = 60_000;

/**
 * Creates a PIN that carries the device key's public JWK: when a person approves it, plex.tv registers the
 * key, and no token was needed first. Wait for it with {@link waitForJwtPin}.
 *
 * @example
 * ```ts
 * const pin = await createJwtPin(plex, key, { strong: true });
 * open(plex.authAppUrl(pin));
 * const { authToken } = await waitForJwtPin(plex, pin, key); // a Plex JWT
 * ```
 */
export function createJwtPin(
  core: PlexAuthCore,
  key: DeviceKey,
  options: { strong?: boolean | undefined } = {},
): Promise<PlexPin> {
  return createOAuthPin(core, {
    jwk: key.publicJwk,
    ...(options.strong === undefined ? {} : { strong: options.strong }),
  });
}

/** Options of {@link waitForJwtPin} and {@link provisionJwtDevice}: those of `waitForOAuthPin`, and a clock. */
export interface JwtPinOptions extends Omit<WaitForOAuthPinOptions, "deviceJwt"> {
  /**
   * The clock, epoch milliseconds, that the polls' client JWTs are dated and the Plex JWT verified by.
   * Default `Date.now`; a test passes its mock's. (The wait itself is bounded by the PIN's own countdown.)
   */
  now?: (() => number) | undefined;
}

/** A function giving a client JWT for the polls, signed again before the last one expires. */
function deviceJwtSigner(key: DeviceKey, clientIdentifier: string, now: () => number): () => Promise<string> {
  let current: { jwt: string; expiresAt: number } | undefined;
  return async () => {
    const at = now();
    if (!current || current.expiresAt - at < RESIGN_BEFORE_MS) {
      const jwt = await signClientJwt(key, { clientIdentifier, lifetimeSeconds: DEVICE_JWT_LIFETIME_S, now: at });
      current = { jwt, expiresAt: at + DEVICE_JWT_LIFETIME_S * 1000 };
    }
    return current.jwt;
  };
}

/** What {@link waitForJwtPin} resolves with: the approved PIN, its token a verified Plex JWT. */
export interface ApprovedJwtPin extends ApprovedPlexPin {
  /** The verified claims of `authToken`. */
  readonly claims: PlexJwtClaims;
}

/**
 * Waits for a PIN made by {@link createJwtPin}, like `waitForOAuthPin` (bounded by the PIN's expiry), each
 * poll carrying a `deviceJWT` signed by the key (signed again before it expires); resolves with the PIN,
 * its `authToken` a Plex JWT verified against plex.tv's keys.
 *
 * @example
 * ```ts
 * const approved = await waitForJwtPin(plex, pin, key, { signal });
 * const signedIn = plex.withToken(createJwtTokenSource(plex, { key, token: approved.authToken }));
 * ```
 */
export async function waitForJwtPin(
  core: PlexAuthCore,
  pin: PlexPin,
  key: DeviceKey,
  options: JwtPinOptions = {},
): Promise<ApprovedJwtPin> {
  const { now = () => Date.now(), ...waitOptions } = options;
  if (typeof now !== "function") {
    throw new InvalidInputError({
      where: "options of waitForJwtPin",
      issues: [{ path: "now", message: "must be a function returning epoch milliseconds" }],
    });
  }
  const clientIdentifier = configOf(core).identity.clientIdentifier;
  const deviceJwt = deviceJwtSigner(key, clientIdentifier, now);
  const approved = await waitForOAuthPin(core, pin, { ...waitOptions, deviceJwt });
  const claims = await createPlexJwtVerifier(core).verify(approved.authToken, { key, clientIdentifier, now: now() });
  return { ...approved, claims };
}

/**
 * Gives a device key its own device on an account that is already signed in, without touching that
 * account's token: a PIN carrying the key's JWK is created under `deviceClient`'s client identifier,
 * approved with `accountClient`'s token (`linkOAuthPin`), and polled with a signed `deviceJWT`. Plex kills
 * a device's legacy token when it mints a JWT for that same device, and `registerDeviceJWK` binds the key
 * to the token's device: this is the way to add JWTs beside a token that must keep working. The two
 * clients need different client identifiers.
 *
 * @example
 * ```ts
 * const device = createPlexAuth({ clientIdentifier: `${clientIdentifier}-jwt`, product: "My App" });
 * const { authToken } = await provisionJwtDevice(signedIn, device, key);
 * const jwtClient = device.withToken(createJwtTokenSource(device, { key, token: authToken }));
 * ```
 */
export async function provisionJwtDevice(
  accountClient: PlexAuthCore,
  deviceClient: PlexAuthCore,
  key: DeviceKey,
  options: JwtPinOptions = {},
): Promise<ApprovedJwtPin> {
  if (configOf(accountClient).identity.clientIdentifier === configOf(deviceClient).identity.clientIdentifier) {
    throw new InvalidInputError({
      where: "input of provisionJwtDevice",
      issues: [{ path: "deviceClient", message: "must have its own client identifier, not the account client's" }],
    });
  }
  const pin = await createJwtPin(deviceClient, key);
  await linkOAuthPin(accountClient, { code: pin.code }, options.signal ? { signal: options.signal } : undefined);
  return waitForJwtPin(deviceClient, pin, key, options);
}
