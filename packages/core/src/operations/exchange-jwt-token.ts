import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import { jwtErrors } from "../errors/by-operation.ts";
import { type JwtExchangeBody, jwtExchangeSchema } from "../models/jwt.ts";
import { defineOperation, type OperationDefinition } from "../operation.ts";
import { stringMessage } from "../option-schemas.ts";

/** Input of {@link exchangeJWTToken}. */
export interface ExchangeJwtTokenInput {
  /** The client JWT the device signed (with a fresh nonce). A secret. */
  jwt: string;
}

/**
 * `plex.authentication.exchangeJWTToken({ jwt })`: `POST https://clients.plex.tv/api/v2/auth/token`
 * with a JSON body, no token: trades a client JWT signed by a registered device key for a Plex JWT (7 days),
 * from the body's `auth_token`. Never retried once it may have reached plex.tv: the nonce in it is spent.
 *
 * @example
 * ```ts
 * const plexJwt = await plex.authentication.exchangeJWTToken({ jwt: clientJwt });
 * ```
 */
export const exchangeJWTTokenOperation: OperationDefinition<ExchangeJwtTokenInput, JwtExchangeBody, string> =
  /* @__PURE__ */ defineOperation({
    name: "exchangeJWTToken",
    title: "Exchange a client JWT",
    description: "Trades a client JWT signed by a registered device key for a Plex JWT that lives 7 days.",
    host: "clientsPlexTv",
    method: "POST",
    path: "/auth/token",
    input: v.strictObject({
      jwt: v.pipe(
        v.string(stringMessage("the client JWT the device key signed")),
        v.regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "must be a compact JWT (three base64url parts)"),
        v.maxLength(8192, "must be at most 8192 characters"),
      ),
    }),
    response: jwtExchangeSchema,
    requiresToken: false,
    retry: "non-idempotent",
    secretFields: ["jwt"],
    tool: undefined,
    classifyError: jwtErrors,
    encode: (input) => ({ json: { jwt: input.jwt } }),
    toResult: (body) => body.auth_token,
  });

/**
 * Trades a client JWT for a Plex JWT (`POST /api/v2/auth/token`).
 *
 * @example
 * ```ts
 * import { exchangeJWTToken } from "@plex-auth/core";
 * const plexJwt = await exchangeJWTToken(core, { jwt: clientJwt });
 * ```
 */
export const exchangeJWTToken: OperationFunction<ExchangeJwtTokenInput, string> =
  /* @__PURE__ */ operationFunction(exchangeJWTTokenOperation);
