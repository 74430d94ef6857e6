import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import { jwtErrors } from "../errors/by-operation.ts";
import { type DevicePublicJwk, devicePublicJwkSchema } from "../models/jwt.ts";
import { defineOperation, EMPTY_BODY, type OperationDefinition } from "../operation.ts";

/** Input of {@link registerDeviceJWK}. */
export interface RegisterDeviceJwkInput {
  /** The device's public JWK (`publicJwk` of a device key from `@plex-auth/core/jwt`). Never a private key. */
  jwk: DevicePublicJwk;
}

/**
 * `plex.authentication.registerDeviceJWK({ jwk })`: `POST https://clients.plex.tv/api/v2/auth/jwk` with a
 * JSON body and an existing token: registers the device's public key, so it can trade signed JWTs for
 * Plex JWTs. Plex binds the key to the token's device; a `kid` another device registered fails with
 * `JwtRejectedError` (reason `thumbprint_taken`). Any 2xx resolves.
 *
 * @example
 * ```ts
 * await signedIn.authentication.registerDeviceJWK({ jwk: key.publicJwk });
 * ```
 */
export const registerDeviceJWKOperation: OperationDefinition<RegisterDeviceJwkInput, undefined, void> =
  /* @__PURE__ */ defineOperation({
    name: "registerDeviceJWK",
    title: "Register a device key",
    description:
      "Registers the device's Ed25519 public key (a JWK) with plex.tv, using an existing token, so the device " +
      "can mint short-lived Plex JWTs with it.",
    host: "clientsPlexTv",
    method: "POST",
    path: "/auth/jwk",
    input: v.strictObject({ jwk: devicePublicJwkSchema }),
    response: EMPTY_BODY,
    successStatus: 201,
    retry: "non-idempotent",
    tool: undefined,
    classifyError: jwtErrors,
    encode: (input) => ({ json: { jwk: input.jwk } }),
    toResult: () => undefined,
  });

/**
 * Registers a device's public key with plex.tv (`POST /api/v2/auth/jwk`, with a token).
 *
 * @example
 * ```ts
 * import { registerDeviceJWK } from "@plex-auth/core";
 * await registerDeviceJWK(core, { jwk: key.publicJwk });
 * ```
 */
export const registerDeviceJWK: OperationFunction<RegisterDeviceJwkInput, void> =
  /* @__PURE__ */ operationFunction(registerDeviceJWKOperation);
