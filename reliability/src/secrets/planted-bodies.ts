/**
 * Success answers whose every secret is a planted sentinel: the spec's example of each operation with its
 * tokens, PIN id and claim token replaced, and one server whose connections are `origins` (so probes stay
 * on a stub, or on 127.0.0.1). A success must not leak what it carries into a log line or a tool result.
 */
import { type OperationName, operationOf, readsBody } from "../fuzz/operations.ts";
import { exampleBody, routeOf } from "../fuzz/stub-plex.ts";
import { SENTINELS } from "./sentinels.ts";

const S = SENTINELS;
/** The machine identifier of the planted server: its root answers with it, so a probe of it succeeds. */
export const PLANTED_MACHINE = "5e1f0000sentinel00000000000000000000machine";

type Body = Record<string, unknown>;
const statusOf = (operation: OperationName) => operationOf(operation).successStatus;
const example = (operation: OperationName) => exampleBody(operation) as Body;

function resources(origins: readonly string[]): unknown[] {
  const [server] = exampleBody("getServerResources") as Body[];
  return [
    {
      ...server,
      clientIdentifier: PLANTED_MACHINE,
      owned: true,
      presence: true,
      accessToken: S.resourceToken,
      connections: origins.map((uri, index) => ({
        protocol: new URL(uri).protocol.slice(0, -1),
        uri,
        local: index === 0,
        relay: false,
      })),
    },
  ];
}

const PLANTED: Readonly<Partial<Record<OperationName, (origins: readonly string[]) => unknown>>> = {
  getTransientToken: () => ({ MediaContainer: { size: 0, token: S.authToken } }),
  getSourceConnectionInformation: () => {
    const body = example("getSourceConnectionInformation") as { MediaContainer: { Device: Body } };
    body.MediaContainer.Device.accessToken = S.authToken;
    return body;
  },
  getTokenDetails: () => ({
    ...example("getTokenDetails"),
    authToken: S.authToken,
    services: [{ identifier: "x", token: S.authToken, secret: S.authToken }],
  }),
  postUsersSignInData: () => ({ ...example("postUsersSignInData"), authToken: S.authToken }),
  createOAuthPin: () => ({ ...example("createOAuthPin"), id: Number(S.pinId) }),
  getOAuthPin: () => ({ ...example("getOAuthPin"), id: Number(S.pinId), authToken: S.pinAuthToken }),
  getServerResources: resources,
  switchHomeUser: () => ({ ...example("switchHomeUser"), authToken: S.profileToken }),
  getClaimToken: () => ({ token: S.claimToken }),
  exchangeJWTToken: () => ({ auth_token: S.jwt }),
};

/**
 * The planted success answer of a request, by its route (an operation of core's table), or a server's root
 * naming the planted machine for a probe (`GET {uri}/`); operations without secrets answer their example.
 */
export function plantedAnswer(
  method: string,
  url: string,
  origins: readonly string[],
): { status: number; body: string | null } {
  const operation = routeOf(method, url);
  if (!operation) {
    return {
      status: 200,
      body: JSON.stringify({ MediaContainer: { machineIdentifier: PLANTED_MACHINE, authToken: S.resourceToken } }),
    };
  }
  const planted = PLANTED[operation];
  if (planted) return { status: statusOf(operation), body: JSON.stringify(planted(origins)) };
  const body = readsBody(operation) ? JSON.stringify(exampleBody(operation)) : null;
  return { status: body === null ? 204 : statusOf(operation), body };
}
