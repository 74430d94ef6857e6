import { type AnyOperation, type OperationHost, operations } from "@plex-auth/core";
import type { MockOperationName } from "../faults/types.ts";
import { authKeysRoute } from "./auth-keys.ts";
import { authNonceRoute } from "./auth-nonce.ts";
import { claimTokenRoute } from "./claim-token.ts";
import type { RouteHandler } from "./context.ts";
import { createOAuthPinRoute } from "./create-oauth-pin.ts";
import { exchangeJwtTokenRoute } from "./exchange-jwt-token.ts";
import { getOAuthPinRoute } from "./get-oauth-pin.ts";
import { homeUsersRoute } from "./home-users.ts";
import { linkOAuthPinRoute } from "./link-oauth-pin.ts";
import { MOCK_ROUTES, type MockRouteDefinition, type RouteKind } from "./mock-routes.ts";
import { pingRoute } from "./ping.ts";
import { registerDeviceJwkRoute } from "./register-device-jwk.ts";
import { serverResourcesRoute } from "./server-resources.ts";
import { signInRoute } from "./sign-in.ts";
import { signOutRoute } from "./sign-out.ts";
import { sourceConnectionInformationRoute } from "./source-connection-information.ts";
import { switchHomeUserRoute } from "./switch-home-user.ts";
import { tokenDetailsRoute } from "./token-details.ts";
import { transientTokenRoute } from "./transient-token.ts";

/** Where the plex.tv API lives on the mock's origin, as on plex.tv itself. */
export const PLEX_TV_PATH = "/api/v2";
/** Where plex.tv's older v1 API lives (the claim token). */
export const PLEX_TV_V1_PATH = "/api";

/** The prefix of each host's routes on the mock's one origin; clients.plex.tv answers like plex.tv. */
const HOST_PREFIX: Readonly<Record<OperationHost, string>> = {
  pms: "",
  plexTv: PLEX_TV_PATH,
  clientsPlexTv: PLEX_TV_PATH,
  plexTvV1: PLEX_TV_V1_PATH,
};

interface RouteBehaviour {
  readonly handle: RouteHandler;
  /** Whether any HTTP verb is accepted (PMS answers `/security/token` on every verb). */
  readonly anyMethod: boolean;
  /** Root element of the XML rendering of the success body. */
  readonly xmlRoot: string;
  /**
   * Parameters whose values are secrets though core does not list them in `secretFields` (the code that
   * approves a PIN): kept out of the request log, with core's own.
   */
  readonly secretParams?: readonly string[];
}

// Keyed by core's operation names: an operation added to core without a behaviour here fails to compile.
const BEHAVIOURS: { readonly [Name in MockOperationName]: RouteBehaviour } = {
  createOAuthPin: { handle: createOAuthPinRoute, anyMethod: false, xmlRoot: "pin" },
  exchangeJWTToken: { handle: exchangeJwtTokenRoute, anyMethod: false, xmlRoot: "token" },
  getAuthKeys: { handle: authKeysRoute, anyMethod: false, xmlRoot: "jwks" },
  getAuthNonce: { handle: authNonceRoute, anyMethod: false, xmlRoot: "nonce" },
  getClaimToken: { handle: claimTokenRoute, anyMethod: false, xmlRoot: "MediaContainer" },
  getHomeUsers: { handle: homeUsersRoute, anyMethod: false, xmlRoot: "home" },
  getOAuthPin: { handle: getOAuthPinRoute, anyMethod: false, xmlRoot: "pin", secretParams: ["code"] },
  getServerResources: { handle: serverResourcesRoute, anyMethod: false, xmlRoot: "resources" },
  getSourceConnectionInformation: {
    handle: sourceConnectionInformationRoute,
    anyMethod: false,
    xmlRoot: "MediaContainer",
  },
  getTokenDetails: { handle: tokenDetailsRoute, anyMethod: false, xmlRoot: "user" },
  getTransientToken: { handle: transientTokenRoute, anyMethod: true, xmlRoot: "MediaContainer" },
  linkOAuthPin: { handle: linkOAuthPinRoute, anyMethod: false, xmlRoot: "MediaContainer", secretParams: ["code"] },
  ping: { handle: pingRoute, anyMethod: false, xmlRoot: "pong" },
  postUsersSignInData: { handle: signInRoute, anyMethod: false, xmlRoot: "user" },
  registerDeviceJWK: { handle: registerDeviceJwkRoute, anyMethod: false, xmlRoot: "MediaContainer" },
  signOut: { handle: signOutRoute, anyMethod: false, xmlRoot: "MediaContainer" },
  switchHomeUser: { handle: switchHomeUserRoute, anyMethod: false, xmlRoot: "user" },
};

/** One route of the mock: derived from an operation of core's table, or one of the mock's own. */
export interface Route {
  readonly handle: RouteHandler;
  readonly anyMethod: boolean;
  readonly xmlRoot: string;
  /** The operation of core's table, or `undefined` for the mock's own routes (`/identity`, `/auth`, …). */
  readonly name: MockOperationName | undefined;
  readonly kind: RouteKind;
  readonly method: string;
  /** The path on the mock's origin: core's path under its host's prefix, with `{name}` placeholders. */
  readonly path: string;
  /** The path as a pattern: each placeholder matches one non-empty segment. */
  readonly pattern: RegExp;
  /** The placeholders' names, in order. */
  readonly parameters: readonly string[];
  /** The status a success answers with: the operation's `successStatus` in core's table, or the mock route's. */
  readonly successStatus: number;
  /** Parameter names (query, body or path) whose values never reach the request log. */
  readonly secretParams: readonly string[];
}

function patternOf(path: string): RegExp {
  const source = path
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? "([^/]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

function placeholders(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

function operationRoute([name, operation]: [string, AnyOperation]): Route {
  const behaviour = BEHAVIOURS[name as MockOperationName];
  const path = HOST_PREFIX[operation.host] + operation.path;
  return {
    handle: behaviour.handle,
    anyMethod: behaviour.anyMethod,
    xmlRoot: behaviour.xmlRoot,
    name: name as MockOperationName,
    kind: operation.host === "pms" ? "pms" : "plexTv",
    method: operation.method,
    path,
    pattern: patternOf(path),
    parameters: placeholders(path),
    successStatus: operation.successStatus,
    secretParams: [...operation.secretFields, ...(behaviour.secretParams ?? [])],
  };
}

function mockRoute(definition: MockRouteDefinition): Route {
  return {
    ...definition,
    anyMethod: false,
    name: undefined,
    pattern: patternOf(definition.path),
    parameters: placeholders(definition.path),
  };
}

/** The mock's routes: one per operation of core's table, then the mock's own. */
export const ROUTES: readonly Route[] = [
  ...Object.entries(operations).map(operationRoute),
  ...MOCK_ROUTES.map(mockRoute),
];

// A fixed path wins over a pattern (`PUT /pins/link` over `GET /pins/{pinId}`).
const BY_SPECIFICITY: readonly Route[] = [...ROUTES].sort((a, b) => a.parameters.length - b.parameters.length);

/** What a request's method and path select. */
export type RouteMatch =
  | { readonly kind: "route"; readonly route: Route; readonly pathParams: Readonly<Record<string, string>> }
  | { readonly kind: "wrong-method"; readonly route: Route }
  | { readonly kind: "none" };

function pathParamsOf(route: Route, path: string): Record<string, string> | undefined {
  const match = route.pattern.exec(path);
  if (!match) return undefined;
  const values: Record<string, string> = {};
  route.parameters.forEach((name, index) => {
    values[name] = decodeURIComponent(match[index + 1] as string);
  });
  return values;
}

/**
 * Finds the route of a request. One trailing slash is ignored, as both Plex servers do; `//user` is not.
 * A fixed path wins over a pattern (`PUT /pins/link` over `GET /pins/{pinId}`), and a route of the
 * request's method over one of another method at the same path.
 */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  const verb = method === "HEAD" ? "GET" : method;
  let wrongMethod: Route | undefined;
  for (const route of BY_SPECIFICITY) {
    let pathParams: Record<string, string> | undefined;
    try {
      pathParams = pathParamsOf(route, path);
    } catch {
      continue; // A malformed percent-escape matches no route.
    }
    if (!pathParams) continue;
    if (route.anyMethod || route.method === verb) return { kind: "route", route, pathParams };
    wrongMethod ??= route;
  }
  return wrongMethod ? { kind: "wrong-method", route: wrongMethod } : { kind: "none" };
}

/** Whether a path belongs to plex.tv (either API version), where CORS and the client identifier apply. */
export function isPlexTvPath(pathname: string): boolean {
  return pathname === PLEX_TV_V1_PATH || pathname.startsWith(`${PLEX_TV_V1_PATH}/`);
}
