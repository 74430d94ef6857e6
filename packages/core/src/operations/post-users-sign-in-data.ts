import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import { signInErrors } from "../errors/by-operation.ts";
import { type PlexSignIn, plexSignInSchema } from "../models/account.ts";
import { defineOperation, type OperationDefinition } from "../operation.ts";
import { stringMessage } from "../option-schemas.ts";
import { wellFormed } from "../well-formed.ts";

/** Input of {@link postUsersSignInData}. */
export interface PostUsersSignInDataInput {
  /** The account's email or username. */
  login: string;
  /** The account's password. */
  password: string;
  /** The current two-factor code, as a string (keep leading zeros). Required when 2FA is on. */
  verificationCode?: string | undefined;
  /** Ask plex.tv for a long-lived token. Default `false`. */
  rememberMe?: boolean | undefined;
}

const MAX_FIELD_LENGTH = 1024;

const requiredText = (what: string, description: string) =>
  v.pipe(
    v.string(stringMessage(`the account's ${what}`)),
    v.minLength(1, `must not be empty: pass the account's ${what}`),
    v.maxLength(MAX_FIELD_LENGTH, `must be at most ${MAX_FIELD_LENGTH} characters`),
    wellFormed,
    v.description(description),
  );

/**
 * `POST {plexTvUrl}/users/signin` with a form body: signs in with login and password (and the two-factor
 * code when the account has 2FA) and returns the account with a new `authToken`.
 *
 * It is retried only when the request provably never reached plex.tv, or when plex.tv answered 429/503 with
 * `Retry-After`; never on 401, and never when it carries a verification code: repeated failures lock the
 * IP out (code 1031), and a code is single-use.
 *
 * @example
 * ```ts
 * import { postUsersSignInDataOperation as operation } from "@plex-auth/core";
 * console.log(operation.method, operation.path, operation.successStatus); // POST /users/signin 201
 * ```
 */
export const postUsersSignInDataOperation: OperationDefinition<PostUsersSignInDataInput, PlexSignIn, PlexSignIn> =
  /* @__PURE__ */ defineOperation({
    name: "postUsersSignInData",
    title: "Sign in to plex.tv",
    description:
      "Signs in to plex.tv with a login (email or username) and password, plus the current two-factor code " +
      "on a 2FA account (without one it fails with two_factor_required), and returns the account with a new token.",
    host: "plexTv",
    method: "POST",
    path: "/users/signin",
    input: v.strictObject({
      login: requiredText("email or username", "The plex.tv account's email or username."),
      password: requiredText("password", "The plex.tv account's password."),
      verificationCode: v.optional(
        v.pipe(
          v.string('must be a string, e.g. "012345" (a number would lose leading zeros)'),
          v.regex(/^\S+$/, "must not be empty or contain spaces: omit it when you have no code"),
          v.maxLength(64, "must be at most 64 characters"),
          wellFormed,
          v.description(
            'The current two-factor code, as a string (e.g. "012345"), after a two_factor_required error; ' +
              "each code works once.",
          ),
        ),
      ),
      rememberMe: v.optional(
        v.pipe(v.boolean("must be true or false"), v.description("Ask plex.tv for a long-lived token. Default false.")),
      ),
    }),
    response: plexSignInSchema,
    successStatus: 201,
    requiresToken: false,
    retry: "non-idempotent",
    secretFields: ["password", "verificationCode"],
    singleUseFields: ["verificationCode"],
    tool: {
      name: "post_users_sign_in_data",
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      presenter: "signIn",
      credentials: ["login", "password"],
    },
    classifyError: signInErrors,
    encode: (input) => ({
      form: {
        login: input.login,
        password: input.password,
        rememberMe: input.rememberMe ? "true" : "false",
        ...(input.verificationCode === undefined ? {} : { verificationCode: input.verificationCode }),
      },
    }),
    toResult: (account) => account,
  });

/**
 * Signs in to plex.tv with login, password and, for 2FA accounts, the current code
 * (`POST https://plex.tv/api/v2/users/signin`). Resolves to the account with its new `authToken`.
 *
 * @example
 * ```ts
 * import { createPlexAuthCore, postUsersSignInData, TwoFactorRequiredError } from "@plex-auth/core";
 * const core = createPlexAuthCore({ clientIdentifier: "my-app-3f1c…", product: "My App" });
 * try {
 *   const { authToken } = await postUsersSignInData(core, { login: "me@example.com", password: "…" });
 * } catch (error) {
 *   if (error instanceof TwoFactorRequiredError) {
 *     // ask for the code, then call again with { login, password, verificationCode: "012345" }
 *   }
 * }
 * ```
 */
export const postUsersSignInData: OperationFunction<PostUsersSignInDataInput, PlexSignIn> =
  /* @__PURE__ */ operationFunction(postUsersSignInDataOperation);
