import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import { homeUserErrors } from "../errors/by-operation.ts";
import { type PlexSwitchedUser, plexSwitchedUserSchema } from "../models/home.ts";
import { defineOperation, type OperationDefinition } from "../operation.ts";
import { stringMessage } from "../option-schemas.ts";

/** Input of {@link switchHomeUser}. */
export interface SwitchHomeUserInput {
  /** The profile's `uuid`, from `getHomeUsers`. */
  uuid: string;
  /** The profile's 4-digit PIN, as a string; required when the profile is `protected`. A secret. */
  pin?: string | undefined;
}

/**
 * `plex.authentication.switchHomeUser({ uuid, pin })`: `POST {plexTvUrl}/home/users/{uuid}/switch`
 * (`?pin=` for a protected profile). The profile's account with its own token; a wrong or missing PIN is
 * `HomeUserPinRequiredError` (403, code 1041). Never retried once it may have reached plex.tv: a wrong PIN
 * is a guess.
 *
 * @example
 * ```ts
 * const kid = await plex.authentication.switchHomeUser({ uuid: user.uuid, pin: "1234" });
 * const asKid = plex.withToken(kid.authToken);
 * ```
 */
export const switchHomeUserOperation: OperationDefinition<SwitchHomeUserInput, PlexSwitchedUser, PlexSwitchedUser> =
  /* @__PURE__ */ defineOperation({
    name: "switchHomeUser",
    title: "Switch to a Plex Home user",
    description:
      "Switches to a profile of the account's Plex Home and gets that profile's own token. A protected " +
      "profile needs its 4-digit PIN.",
    host: "plexTv",
    method: "POST",
    path: "/home/users/{uuid}/switch",
    input: v.strictObject({
      uuid: v.pipe(
        v.string(stringMessage("the profile's uuid, from getHomeUsers")),
        v.regex(/^[A-Za-z0-9-]{1,64}$/, "must be a profile's uuid, from getHomeUsers (letters, digits and dashes)"),
        v.description("The profile's uuid, from get_home_users."),
      ),
      pin: v.optional(
        v.pipe(
          v.string(stringMessage('the profile\'s 4-digit PIN, as a string like "0123"')),
          v.regex(/^\d{4}$/, "must be the profile's 4-digit PIN, as a string (keep leading zeros)"),
          v.description("The protected profile's 4-digit PIN, as a string. Only for protected profiles."),
        ),
      ),
    }),
    response: plexSwitchedUserSchema,
    successStatus: 201,
    retry: "non-idempotent",
    secretFields: ["pin"],
    tool: {
      name: "switch_home_user",
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      presenter: "switchedUser",
      limited: true,
    },
    classifyError: homeUserErrors,
    // The PIN is a query parameter, as Plex's own web app sends it; the body is empty.
    encode: (input) => ({
      path: { uuid: input.uuid },
      ...(input.pin === undefined ? {} : { query: { pin: input.pin } }),
    }),
    toResult: (user) => user,
  });

/**
 * Switches to a Plex Home profile (`POST /api/v2/home/users/{uuid}/switch`) and resolves to its account
 * with its own `authToken`.
 *
 * @example
 * ```ts
 * import { switchHomeUser } from "@plex-auth/core";
 * const profile = await switchHomeUser(core, { uuid: "19860c4bdfbf24d5", pin: "1234" });
 * ```
 */
export const switchHomeUser: OperationFunction<SwitchHomeUserInput, PlexSwitchedUser> =
  /* @__PURE__ */ operationFunction(switchHomeUserOperation);
