import type { PlexSignIn } from "@plex-auth/core";
import * as v from "valibot";
import { accountSummarySchema, isoFromEpochSeconds, tokenViewSchema } from "../result-schemas.ts";
import { summarizeAccount } from "./account-summary.ts";
import { viewToken, withheldNote } from "./token-view.ts";
import type { Presenter } from "./types.ts";

const outputSchema = v.object({
  account: accountSummarySchema,
  token: v.pipe(
    tokenViewSchema,
    v.description("The new account token, as a fingerprint. It is now this session's token for the other tools."),
  ),
});

/** Shows who signed in; the new token becomes the session's and appears only as a fingerprint. */
export const signInPresenter: Presenter<PlexSignIn> = {
  outputSchema,
  tokenNote: "",
  present(account, context) {
    const token = viewToken(account.authToken, context.exposeTokens, isoFromEpochSeconds(account.rememberExpiresAt));
    return {
      structured: { account: summarizeAccount(account), token } satisfies v.InferOutput<typeof outputSchema>,
      summary:
        `Signed in as ${account.username}. The new token ${token.fingerprint} is now this session's token: the ` +
        `other tools use it automatically. ${withheldNote(context.exposeTokens, "token")}`,
    };
  },
  issuedToken: (account) => ({
    token: account.authToken,
    expiresAt: isoFromEpochSeconds(account.rememberExpiresAt),
    origin: "sign-in",
  }),
};
