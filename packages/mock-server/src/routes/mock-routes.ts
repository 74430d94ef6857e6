import { authApproveRoute } from "./auth-approve.ts";
import { authPageRoute } from "./auth-page.ts";
import type { RouteHandler } from "./context.ts";
import { serverIdentityRoute } from "./server-identity.ts";
import { serverRootRoute } from "./server-root.ts";

/** Who answers a route: plex.tv (JSON or XML errors), the Plex Media Server, or the auth app (pages). */
export type RouteKind = "plexTv" | "pms" | "authApp";

/** A route of the mock that is not an operation of core's table. */
export interface MockRouteDefinition {
  readonly kind: RouteKind;
  readonly method: string;
  readonly path: string;
  readonly handle: RouteHandler;
  readonly xmlRoot: string;
  readonly successStatus: number;
  /** Parameters whose values are secrets: kept out of the request log. */
  readonly secretParams: readonly string[];
}

/**
 * The mock's own routes beside the ones derived from core's operations: the two PMS routes a connection
 * picker probes (`/identity` without a token, `/` with one), and the auth app's page and its approve
 * endpoint.
 */
export const MOCK_ROUTES: readonly MockRouteDefinition[] = [
  {
    kind: "pms",
    method: "GET",
    path: "/identity",
    handle: serverIdentityRoute,
    xmlRoot: "MediaContainer",
    successStatus: 200,
    secretParams: [],
  },
  {
    kind: "pms",
    method: "GET",
    path: "/",
    handle: serverRootRoute,
    xmlRoot: "MediaContainer",
    successStatus: 200,
    secretParams: [],
  },
  {
    kind: "authApp",
    method: "GET",
    path: "/auth",
    handle: authPageRoute,
    xmlRoot: "html",
    successStatus: 200,
    secretParams: [],
  },
  {
    kind: "authApp",
    method: "POST",
    path: "/auth/approve",
    handle: authApproveRoute,
    xmlRoot: "errors",
    successStatus: 204,
    secretParams: ["code"],
  },
];
