import type { PlexSignIn } from "@plex-auth/core";
import * as v from "valibot";
import {
  type AccountSummary,
  accountSummarySchema,
  isoFromEpochSeconds,
  type TokenView,
  tokenViewSchema,
} from "../result-schemas.ts";
import { summarizeAccount } from "./account-summary.ts";
import { viewToken, withheldNote } from "./token-view.ts";
import type { Presenter } from "./types.ts";

/** The structured result of `post_users_sign_in_data`. */
export interface SignInResult extends Record<string, unknown> {
  account: AccountSummary;
  token: TokenView;
  /** Always true: the new token replaced the session's token. */
  usedForThisSession: boolean;
}

/** Shows who signed in; the new token becomes the session's and appears only as a fingerprint. */
export const signInPresenter: Presenter<PlexSignIn> = {
  outputSchema: v.object({
    account: accountSummarySchema,
    token: v.pipe(tokenViewSchema, v.description("The new account token, as a fingerprint.")),
    usedForThisSession: v.pipe(
      v.boolean(),
      v.description("The new token is now used automatically by the other tools in this session."),
    ),
  }),
  tokenNote:
    "On success the new token becomes this session's token, used automatically by the other tools; the result " +
    "shows only its fingerprint and expiry (the full token only with token exposure on).",
  present(account, context) {
    const token = viewToken(account.authToken, context.exposeTokens, isoFromEpochSeconds(account.rememberExpiresAt));
    return {
      structured: { account: summarizeAccount(account), token, usedForThisSession: true } satisfies SignInResult,
      summary:
        `Signed in as ${account.username}. The new token ${token.fingerprint} is now this session's token: the ` +
        `other tools use it automatically. ${withheldNote(context.exposeTokens, "token")}`,
    };
  },
  issuedToken: (account) => ({ token: account.authToken, expiresAt: isoFromEpochSeconds(account.rememberExpiresAt) }),
};
