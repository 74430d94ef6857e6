import { readFileSync } from "node:fs";
import type { FetchLike } from "@plex-auth/core";
import { homeRoute } from "./stub-home.ts";
import { isProbe, probeRoute, resourcesRoute } from "./stub-resources.ts";
import { json, plexError, type RouteContext, SENTINELS, type StubBehaviour, type StubCall } from "./stub-shared.ts";
import { tokenRoute } from "./stub-token-routes.ts";

export { HOME } from "./stub-home.ts";
export { isProbe, SERVERS } from "./stub-resources.ts";
export { SENTINELS, type StubBehaviour, type StubCall } from "./stub-shared.ts";

const EXAMPLES = new URL("../../../../spec/plex-api/examples/", import.meta.url);

function example(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES), "utf8")) as Record<string, unknown>;
}

/** Addresses on this machine only; the stub answers them without opening a socket. */
export const PMS_URL = "http://127.0.0.1:32400";
export const PLEX_TV_URL = "http://127.0.0.1:9/api/v2";

export const LOGIN = "user@example.com";
export const TWO_FACTOR_CODE = "012345";

// plex.tv's routes beyond /user and sign-in, each in its own file.
const PLEX_TV_ROUTES: readonly ((context: RouteContext) => Response | undefined)[] = [
  tokenRoute,
  homeRoute,
  resourcesRoute,
];

/**
 * A fetch stub standing in for plex.tv and a Plex Media Server, serving the spec's example payloads with
 * sentinel secrets planted in them, and recording every request it gets.
 */
export function createPlexStub(overrides: Partial<StubBehaviour> = {}) {
  const behaviour: StubBehaviour = {
    twoFactor: false,
    throttled: false,
    hang: false,
    rateLimitedSeconds: undefined,
    pmsForbidden: false,
    probesHang: false,
    ...overrides,
  };
  const calls: StubCall[] = [];
  const aborted: string[] = [];
  const validTokens = new Set<string>([SENTINELS.envToken, SENTINELS.signInToken]);

  const account = (token: string) => {
    const body = example("get_token_details.200.json");
    body.authToken = token;
    body.services = [{ identifier: "metadata", endpoint: "http://127.0.0.1:9", token: SENTINELS.serviceToken }];
    return body;
  };

  const answer = (call: StubCall): Response => {
    const path = call.url.pathname;
    const token = call.headers.get("x-plex-token");
    if (call.url.origin === new URL(PLEX_TV_URL).origin) {
      if (behaviour.rateLimitedSeconds !== undefined) {
        return json(
          429,
          { errors: [{ code: 1003, message: "API rate limit exceeded" }] },
          {
            "retry-after": String(behaviour.rateLimitedSeconds),
          },
        );
      }
      if (path === "/api/v2/user" && call.method === "GET") {
        if (!token || !validTokens.has(token)) return plexError(401, 1001, "User could not be authenticated");
        return json(200, account(token));
      }
      if (path === "/api/v2/users/signin" && call.method === "POST") {
        if (behaviour.throttled) return json(401, example("error.401.ip-throttled.json"));
        const form = new URLSearchParams(call.body);
        if (form.get("login") !== LOGIN || form.get("password") !== SENTINELS.password) {
          return json(401, example("error.401.json"));
        }
        const code = form.get("verificationCode");
        if (behaviour.twoFactor && code === null) return json(401, example("error.401.2fa-required.json"));
        if (behaviour.twoFactor && code !== TWO_FACTOR_CODE) {
          return plexError(401, 1028, "Please enter a valid verification code");
        }
        const body = example("post_users_sign_in_data.201.json");
        // Works again after a sign-out revoked it: a sign-in issues a live token.
        validTokens.add(SENTINELS.signInToken);
        body.authToken = SENTINELS.signInToken;
        body.twoFactorEnabled = behaviour.twoFactor;
        return json(201, body);
      }
      const context: RouteContext = { call, path, token, validTokens, behaviour };
      for (const route of PLEX_TV_ROUTES) {
        const answered = route(context);
        if (answered) return answered;
      }
    }
    if (isProbe(call)) return probeRoute(call);
    if (call.url.origin === new URL(PMS_URL).origin) {
      if (!token || !validTokens.has(token) || behaviour.pmsForbidden) {
        return new Response("<html><head><title>Unauthorized</title></head><body>401</body></html>", {
          status: behaviour.pmsForbidden ? 403 : 401,
          headers: { "content-type": "text/html" },
        });
      }
      if (path === "/security/token") {
        const body = example("get_transient_token.200.json") as { MediaContainer: Record<string, unknown> };
        body.MediaContainer.token = SENTINELS.transientToken;
        return json(200, body);
      }
      if (path === "/security/resources") {
        const body = example("get_source_connection_information.200.json") as {
          MediaContainer: { Device: Record<string, unknown> };
        };
        body.MediaContainer.Device.accessToken = SENTINELS.sourceAccessToken;
        return json(200, body);
      }
    }
    return new Response("not found", { status: 404 });
  };

  const fetch: FetchLike = async (input, init) => {
    const call: StubCall = {
      method: init.method ?? "GET",
      url: new URL(input),
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : init.body ? String(init.body) : "",
    };
    calls.push(call);
    if (behaviour.hang || (behaviour.probesHang && isProbe(call))) {
      await new Promise<never>((_, reject) => {
        const signal = init.signal;
        if (!signal) return;
        signal.addEventListener("abort", () => {
          aborted.push(call.url.pathname);
          reject(signal.reason);
        });
      });
    }
    return answer(call);
  };

  return { fetch, calls, aborted, behaviour };
}

export type PlexStub = ReturnType<typeof createPlexStub>;
