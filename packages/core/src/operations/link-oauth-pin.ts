import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import { defineOperation, EMPTY_BODY, type OperationDefinition } from "../operation.ts";
import { stringMessage } from "../option-schemas.ts";

/** Input of {@link linkOAuthPin}. */
export interface LinkOAuthPinInput {
  /** The PIN's code, as another device shows it (4 characters, or 25 for a strong PIN). */
  code: string;
}

/**
 * `plex.authentication.linkOAuthPin({ code })`: `PUT {plexTvUrl}/pins/link` with the form `code` and the
 * token of a signed-in account: approves another device's PIN, as typing its code at plex.tv/link does.
 * Resolves when plex.tv accepted it.
 *
 * @example
 * ```ts
 * await signedIn.authentication.linkOAuthPin({ code: "7RQZ" }); // the TV now signs in as this account
 * ```
 */
export const linkOAuthPinOperation: OperationDefinition<LinkOAuthPinInput, undefined, void> =
  /* @__PURE__ */ defineOperation({
    name: "linkOAuthPin",
    title: "Approve a sign-in PIN",
    description:
      "Approves another device's sign-in PIN from this account, as typing its code at plex.tv/link does: that " +
      "device then receives a token for this account.",
    host: "plexTv",
    method: "PUT",
    path: "/pins/link",
    input: v.strictObject({
      code: v.pipe(
        v.string(stringMessage("the PIN's code, as the other device shows it")),
        v.regex(
          /^[A-Za-z0-9]{4,64}$/,
          "must be the PIN's code: 4 or 25 letters and digits, as the other device shows it",
        ),
        v.description("The code the other device shows (4 characters, or 25 for a strong PIN)."),
      ),
    }),
    response: EMPTY_BODY,
    successStatus: 204,
    // A second approval of a PIN that may already be approved is not known to be harmless.
    retry: "non-idempotent",
    tool: undefined,
    encode: (input) => ({ form: { code: input.code } }),
    toResult: () => undefined,
  });

/**
 * Approves another device's PIN from a signed-in account (`PUT /api/v2/pins/link`).
 *
 * @example
 * ```ts
 * import { linkOAuthPin } from "@plex-auth/core";
 * await linkOAuthPin(core, { code: "7RQZ" });
 * ```
 */
export const linkOAuthPin: OperationFunction<LinkOAuthPinInput, void> =
  /* @__PURE__ */ operationFunction(linkOAuthPinOperation);
