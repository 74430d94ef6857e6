import { type OperationFunction, operationFunction } from "../client-core.ts";
import { type ClaimTokenBody, claimTokenSchema } from "../models/claim-token.ts";
import { defineOperation, NO_INPUT, type NoInput, type OperationDefinition } from "../operation.ts";

/** Input of {@link getClaimToken}: nothing. */
export type GetClaimTokenInput = NoInput;

/**
 * `plex.authentication.getClaimToken()`: `GET https://plex.tv/api/claim/token.json` with the token. A
 * `claim-…` token that links a new Plex Media Server to the account (`PLEX_CLAIM` of the official Docker
 * image). It lives about 4 minutes: use it at once. A secret while it lives.
 *
 * @example
 * ```ts
 * const claim = await plex.authentication.getClaimToken(); // "claim-xxxxxxxxxxxxxxxxxxxx"
 * ```
 */
export const getClaimTokenOperation: OperationDefinition<GetClaimTokenInput, ClaimTokenBody, string> =
  /* @__PURE__ */ defineOperation({
    name: "getClaimToken",
    title: "Get a server claim token",
    description:
      "Mints a claim token (claim-…) that links a new Plex Media Server to the account, e.g. as PLEX_CLAIM for " +
      "the official Docker image. It expires about 4 minutes later.",
    host: "plexTvV1",
    path: "/claim/token.json",
    input: NO_INPUT,
    response: claimTokenSchema,
    tool: {
      name: "get_claim_token",
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      presenter: "claimToken",
    },
    toResult: (body) => body.token,
  });

/**
 * Mints a claim token for setting up a new server (`GET https://plex.tv/api/claim/token.json`); it lives
 * about 4 minutes.
 *
 * @example
 * ```ts
 * import { getClaimToken } from "@plex-auth/core";
 * console.log(`PLEX_CLAIM=${await getClaimToken(core)}`);
 * ```
 */
export const getClaimToken: OperationFunction<GetClaimTokenInput, string> =
  /* @__PURE__ */ operationFunction(getClaimTokenOperation);
