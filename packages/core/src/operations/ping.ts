import { type OperationFunction, operationFunction } from "../client-core.ts";
import { type PingBody, pingSchema } from "../models/ping.ts";
import { defineOperation, NO_INPUT, type NoInput, type OperationDefinition } from "../operation.ts";

/** Input of {@link ping}: nothing; the token is the client's (or the call's `token` option). */
export type PingInput = NoInput;

/**
 * `plex.authentication.ping()`: `GET {plexTvUrl}/ping` with the token. Resolves to `true` while the token
 * is alive, and keeps a legacy token from expiring (apps ping once a day); a dead token throws
 * `InvalidTokenError`.
 *
 * @example
 * ```ts
 * if (await plex.authentication.ping()) console.log("the token works");
 * ```
 */
export const pingOperation: OperationDefinition<PingInput, PingBody, boolean> = /* @__PURE__ */ defineOperation({
  name: "ping",
  title: "Ping plex.tv",
  description:
    "Checks that the token is still alive on plex.tv (and keeps a long-lived token from expiring); a dead " +
    "or revoked one fails.",
  host: "plexTv",
  path: "/ping",
  input: NO_INPUT,
  response: pingSchema,
  tool: {
    name: "ping",
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    presenter: "ping",
  },
  toResult: (body) => body.pong,
});

/**
 * Checks a token on plex.tv (`GET /api/v2/ping`): `true` while it is alive. Pinging once a day keeps a
 * legacy token from expiring.
 *
 * @example
 * ```ts
 * import { createPlexAuthCore, ping } from "@plex-auth/core";
 * const alive = await ping(createPlexAuthCore({ clientIdentifier: "my-app-3f1c…", token: "…" }));
 * ```
 */
export const ping: OperationFunction<PingInput, boolean> = /* @__PURE__ */ operationFunction(pingOperation);
