import { type AnyOperation, type OperationHost, operations } from "@plex-auth/core";
import type { MockOperationName } from "../faults/types.ts";
import type { RouteHandler } from "./context.ts";
import { pingRoute } from "./ping.ts";
import { signInRoute } from "./sign-in.ts";
import { sourceConnectionInformationRoute } from "./source-connection-information.ts";
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
}

// Keyed by core's operation names: an operation added to core without a behaviour here fails to compile.
const BEHAVIOURS: { readonly [Name in MockOperationName]: RouteBehaviour } = {
  getTransientToken: { handle: transientTokenRoute, anyMethod: true, xmlRoot: "MediaContainer" },
  getSourceConnectionInformation: {
    handle: sourceConnectionInformationRoute,
    anyMethod: false,
    xmlRoot: "MediaContainer",
  },
  getTokenDetails: { handle: tokenDetailsRoute, anyMethod: false, xmlRoot: "user" },
  ping: { handle: pingRoute, anyMethod: false, xmlRoot: "pong" },
  postUsersSignInData: { handle: signInRoute, anyMethod: false, xmlRoot: "user" },
};

/** One route of the mock, derived from an operation of core's table. */
export interface Route extends RouteBehaviour {
  readonly name: MockOperationName;
  readonly operation: AnyOperation;
  readonly host: OperationHost;
  readonly method: AnyOperation["method"];
  /** The path on the mock's origin: core's path under its host's prefix, with `{name}` placeholders. */
  readonly path: string;
  /** The path as a pattern: each placeholder matches one non-empty segment. */
  readonly pattern: RegExp;
  /** The placeholders' names, in order. */
  readonly parameters: readonly string[];
}

function patternOf(path: string): RegExp {
  const source = path
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? "([^/]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

/** The mock's routes: one per operation of core's table, with its host, method and path. */
export const ROUTES: readonly Route[] = Object.entries(operations).map(([name, operation]: [string, AnyOperation]) => {
  const path = HOST_PREFIX[operation.host] + operation.path;
  return {
    ...BEHAVIOURS[name as MockOperationName],
    name: name as MockOperationName,
    operation,
    host: operation.host,
    method: operation.method,
    path,
    pattern: patternOf(path),
    parameters: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string),
  };
});

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
  const candidates = [...ROUTES].sort((a, b) => a.parameters.length - b.parameters.length);
  for (const route of candidates) {
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
