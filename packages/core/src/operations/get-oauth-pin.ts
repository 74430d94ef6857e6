import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import { pinWithJwtErrors } from "../errors/by-operation.ts";
import { type PlexPin, plexPinSchema } from "../models/pin.ts";
import { defineOperation, type OperationDefinition } from "../operation.ts";

/** Input of {@link getOAuthPin}. */
export interface GetOAuthPinInput {
  /** The PIN's `id`. A bearer handle: never log it. */
  pinId: number;
  /** For a PIN made with a `jwk`: a client JWT the device key signed; the approved PIN's token is a Plex JWT. */
  deviceJWT?: string | undefined;
}

/** The largest id a PIN may have: every integer up to it is exact in a double. */
const MAX_PIN_ID = Number.MAX_SAFE_INTEGER;

/**
 * `plex.authentication.getOAuthPin({ pinId })`: `GET {plexTvUrl}/pins/{pinId}`, no token. The PIN with
 * `authToken` `null` until the user approves it; `PinExpiredError` (404, code 1020) once it expired. Poll
 * it with `waitForOAuthPin`, which bounds the polling by the PIN's own expiry.
 *
 * @example
 * ```ts
 * const { authToken } = await plex.authentication.getOAuthPin({ pinId: pin.id });
 * ```
 */
export const getOAuthPinOperation: OperationDefinition<GetOAuthPinInput, PlexPin, PlexPin> =
  /* @__PURE__ */ defineOperation({
    name: "getOAuthPin",
    title: "Check a sign-in PIN",
    description:
      "Reads a sign-in PIN: authToken is null until the user approves it on Plex's page, then the new token. " +
      "Fails with pin_expired once the PIN expired.",
    host: "plexTv",
    path: "/pins/{pinId}",
    input: v.strictObject({
      pinId: v.pipe(
        v.number("is required: pass the PIN's id (pin.id), a whole number"),
        v.integer("must be a whole number (pin.id)"),
        v.minValue(1, "must be a PIN's id (pin.id), a positive whole number"),
        v.maxValue(MAX_PIN_ID, "must be a PIN's id (pin.id)"),
        v.description("The PIN's id, from createOAuthPin."),
      ),
      deviceJWT: v.optional(
        v.pipe(
          v.string("must be a string: a client JWT the device key signed"),
          v.regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "must be a compact JWT (three base64url parts)"),
          v.maxLength(8192, "must be at most 8192 characters"),
        ),
      ),
    }),
    response: plexPinSchema,
    requiresToken: false,
    // The id with the client identifier collects the token: it stays out of every message and log line.
    secretFields: ["pinId", "deviceJWT"],
    tool: undefined,
    classifyError: pinWithJwtErrors,
    encode: (input) => ({
      path: { pinId: String(input.pinId) },
      ...(input.deviceJWT === undefined ? {} : { query: { deviceJWT: input.deviceJWT } }),
    }),
    toResult: (pin) => pin,
  });

/**
 * Reads a sign-in PIN (`GET /api/v2/pins/{id}`): `authToken` is `null` until the user approves it.
 *
 * @example
 * ```ts
 * import { getOAuthPin } from "@plex-auth/core";
 * const current = await getOAuthPin(core, { pinId: pin.id });
 * if (current.authToken) console.log("approved");
 * ```
 */
export const getOAuthPin: OperationFunction<GetOAuthPinInput, PlexPin> =
  /* @__PURE__ */ operationFunction(getOAuthPinOperation);
