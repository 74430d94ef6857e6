/** Secrets planted in every payload: none may ever show up in a result, a notification or a log line. */
export const SENTINELS = {
  envToken: "SENTINEL-env-token-7f3a9c1d",
  signInToken: "SENTINEL-signin-token-5e8b2a40",
  transientToken: "SENTINEL-transient-token-91c3d7e2",
  sourceAccessToken: "SENTINEL-source-token-0a4f6b13",
  password: "SENTINEL-password-c6d2e9f8",
  serviceToken: "SENTINEL-service-token-3b7e1c55",
  /** The token plex.tv gives a Home profile on a switch. */
  profileToken: "SENTINEL-profile-token-4c9e7a21",
  /** The protected admin profile's PIN: four digits, as the input schema requires. */
  profilePin: "7391",
  claimToken: "claim-SENTINEL-claim-token-b5d18e3f",
  /** The owned servers' own access token. */
  resourceAccessToken: "SENTINEL-resource-token-2d6f0b94",
  /** The shared server's access token. */
  sharedServerToken: "SENTINEL-shared-server-token-6e0c5a73",
  /** A client device's token: client devices are only counted, so it never shows, even with exposure on. */
  deviceAccessToken: "SENTINEL-device-token-8a1c3e57",
} as const;

/** One request the stub received. */
export interface StubCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string;
}

/** How the stub behaves; each test changes what it needs. */
export interface StubBehaviour {
  /** The account has two-factor authentication on. */
  twoFactor: boolean;
  /** Sign-in answers 401 code 1031 (IP throttled) whatever the credentials. */
  throttled: boolean;
  /** Every request hangs until its signal aborts. */
  hang: boolean;
  /** plex.tv answers 429 with this Retry-After (seconds) to everything. */
  rateLimitedSeconds: number | undefined;
  /** PMS answers 403 with an HTML page (a non-admin token). */
  pmsForbidden: boolean;
  /** Every probe of a server's connection hangs until its signal aborts (servers that cannot be reached). */
  probesHang: boolean;
}

/** What a route sees of one request. */
export interface RouteContext {
  readonly call: StubCall;
  readonly path: string;
  /** The request's X-Plex-Token, or `null`. */
  readonly token: string | null;
  /** The tokens plex.tv currently accepts; a route may add or revoke one. */
  readonly validTokens: Set<string>;
  readonly behaviour: StubBehaviour;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function plexError(status: number, code: number, message: string): Response {
  return json(status, { errors: [{ code, message, status }] });
}

/** plex.tv's answer to a token it does not know. */
export function unauthenticated(): Response {
  return plexError(401, 1001, "User could not be authenticated");
}

/** Whether the request carries a token plex.tv accepts. */
export function signedIn(context: RouteContext): boolean {
  return context.token !== null && context.validTokens.has(context.token);
}
