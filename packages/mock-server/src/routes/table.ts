import { type AnyOperation, operations } from "@plex-auth/core";
import type { MockOperationName } from "../faults/types.ts";
import type { RouteHandler } from "./context.ts";
import { signInRoute } from "./sign-in.ts";
import { sourceConnectionInformationRoute } from "./source-connection-information.ts";
import { tokenDetailsRoute } from "./token-details.ts";
import { transientTokenRoute } from "./transient-token.ts";

/** Where the plex.tv API lives on the mock's origin, as on plex.tv itself. */
export const PLEX_TV_PATH = "/api/v2";

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
  postUsersSignInData: { handle: signInRoute, anyMethod: false, xmlRoot: "user" },
};

/** One route of the mock, derived from an operation of core's table. */
export interface Route extends RouteBehaviour {
  readonly name: MockOperationName;
  readonly operation: AnyOperation;
  readonly host: AnyOperation["host"];
  readonly method: AnyOperation["method"];
  /** The path on the mock's origin: core's path, under `/api/v2` for plex.tv operations. */
  readonly path: string;
}

/** The mock's routes: one per operation of core's table, with its host, method and path. */
export const ROUTES: readonly Route[] = Object.entries(operations).map(([name, operation]: [string, AnyOperation]) => ({
  ...BEHAVIOURS[name as MockOperationName],
  name: name as MockOperationName,
  operation,
  host: operation.host,
  method: operation.method,
  path: (operation.host === "plexTv" ? PLEX_TV_PATH : "") + operation.path,
}));

/** What a request's method and path select. */
export type RouteMatch =
  | { readonly kind: "route"; readonly route: Route }
  | { readonly kind: "wrong-method"; readonly route: Route }
  | { readonly kind: "none" };

/** Finds the route of a request. One trailing slash is ignored, as both Plex servers do; `//user` is not. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  const route = ROUTES.find((candidate) => candidate.path === path);
  if (!route) return { kind: "none" };
  const verb = method === "HEAD" ? "GET" : method;
  return route.anyMethod || route.method === verb ? { kind: "route", route } : { kind: "wrong-method", route };
}
