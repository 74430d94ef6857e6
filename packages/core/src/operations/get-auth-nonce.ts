import { type OperationFunction, operationFunction } from "../client-core.ts";
import { type NonceBody, nonceSchema } from "../models/jwt.ts";
import { defineOperation, NO_INPUT, type NoInput, type OperationDefinition } from "../operation.ts";

/** Input of {@link getAuthNonce}: nothing. */
export type GetAuthNonceInput = NoInput;

/**
 * `plex.authentication.getAuthNonce()`: `GET https://clients.plex.tv/api/v2/auth/nonce`, no token. A
 * nonce for the next client JWT; it lives 5 minutes, and plex.tv rate-limits these (429).
 *
 * @example
 * ```ts
 * const nonce = await plex.authentication.getAuthNonce();
 * ```
 */
export const getAuthNonceOperation: OperationDefinition<GetAuthNonceInput, NonceBody, string> =
  /* @__PURE__ */ defineOperation({
    name: "getAuthNonce",
    title: "Get a JWT nonce",
    description: "Gets a nonce (valid 5 minutes) to sign into the next client JWT exchanged for a Plex JWT.",
    host: "clientsPlexTv",
    path: "/auth/nonce",
    input: NO_INPUT,
    response: nonceSchema,
    requiresToken: false,
    tool: undefined,
    toResult: (body) => body.nonce,
  });

/**
 * A nonce for the next client JWT (`GET /api/v2/auth/nonce`).
 *
 * @example
 * ```ts
 * import { getAuthNonce } from "@plex-auth/core";
 * const nonce = await getAuthNonce(core);
 * ```
 */
export const getAuthNonce: OperationFunction<GetAuthNonceInput, string> =
  /* @__PURE__ */ operationFunction(getAuthNonceOperation);
