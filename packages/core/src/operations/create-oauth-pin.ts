import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import { jwtErrors } from "../errors/by-operation.ts";
import { type DevicePublicJwk, devicePublicJwkSchema } from "../models/jwt.ts";
import { type PlexPin, plexPinSchema } from "../models/pin.ts";
import { defineOperation, type OperationDefinition } from "../operation.ts";
import { isWebOrigin } from "../option-schemas.ts";

/** Input of {@link createOAuthPin}. */
export interface CreateOAuthPinInput {
  /**
   * `true` for the 25-character code the auth app's URL carries (valid 30 minutes); leave it out for the
   * 4-character code a person types at plex.tv/link (valid 15 minutes).
   */
  strong?: boolean | undefined;
  /**
   * The device's public JWK, for the PIN + JWK route of JWT device authentication: approving the PIN then
   * registers the key, and polling with a signed `deviceJWT` yields a Plex JWT (no token needed first).
   */
  jwk?: DevicePublicJwk | undefined;
  /**
   * The browser's `Origin`, sent as the request's `Origin` header, when a server creates the PIN for a web
   * page: Plex checks the auth app's `forwardUrl` against the origin the PIN was created from. A browser
   * sends its own; leave it out there.
   */
  origin?: string | undefined;
}

/**
 * `plex.authentication.createOAuthPin({ strong })`: `POST {plexTvUrl}/pins` (`?strong=true` for the auth
 * app), no token. Starts "Sign in with Plex": show the code (or open `authAppUrl`), then
 * `waitForOAuthPin`. plex.tv answers 201; never retried once it may have made a PIN.
 *
 * @example
 * ```ts
 * const pin = await plex.authentication.createOAuthPin(); // pin.code: "7RQZ", for plex.tv/link
 * ```
 */
export const createOAuthPinOperation: OperationDefinition<CreateOAuthPinInput, PlexPin, PlexPin> =
  /* @__PURE__ */ defineOperation({
    name: "createOAuthPin",
    title: "Create a sign-in PIN",
    description:
      'Creates a plex.tv PIN for "Sign in with Plex": a 4-character code for plex.tv/link, or with strong a ' +
      "25-character code for the Plex auth app. The user approves it on Plex's own page; no password is involved.",
    host: "plexTv",
    method: "POST",
    path: "/pins",
    input: v.strictObject({
      strong: v.optional(
        v.pipe(
          v.boolean("must be true or false"),
          v.description("true: a 25-character code for the auth app URL (30 min); else 4 characters for plex.tv/link."),
        ),
      ),
      jwk: v.optional(devicePublicJwkSchema),
      origin: v.optional(
        v.pipe(
          v.string("must be an origin string, like https://my.app"),
          v.check(
            isWebOrigin,
            "must be a web origin: scheme, host and port only, like https://my.app or http://localhost:3000",
          ),
        ),
      ),
    }),
    response: plexPinSchema,
    successStatus: 201,
    requiresToken: false,
    retry: "non-idempotent",
    tool: undefined,
    classifyError: jwtErrors,
    // `strong` is a query parameter (the newest spec has it nowhere) and the body is empty; with a JWK the
    // body is JSON `{ jwk, strong }`, as python-plexapi and Plex's docs send it.
    encode: (input) => {
      const headers = input.origin === undefined ? undefined : { Origin: input.origin };
      if (input.jwk) return { json: input.strong ? { jwk: input.jwk, strong: true } : { jwk: input.jwk }, headers };
      return input.strong ? { query: { strong: "true" }, headers } : { headers };
    },
    toResult: (pin) => pin,
  });

/**
 * Creates a sign-in PIN on plex.tv (`POST /api/v2/pins`): a 4-character code for plex.tv/link, or with
 * `strong` a 25-character one for the auth app. Resolves to the PIN (201).
 *
 * @example
 * ```ts
 * import { createOAuthPin, createPlexAuthCore } from "@plex-auth/core";
 * const core = createPlexAuthCore({ clientIdentifier: "my-app-3f1c…", product: "My App" });
 * const pin = await createOAuthPin(core, { strong: true });
 * ```
 */
export const createOAuthPin: OperationFunction<CreateOAuthPinInput, PlexPin> =
  /* @__PURE__ */ operationFunction(createOAuthPinOperation);
