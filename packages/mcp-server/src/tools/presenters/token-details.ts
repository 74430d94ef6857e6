import type { PlexAccount } from "@plex-auth/core";
import * as v from "valibot";
import { TOKEN_ORIGINS } from "../../session/issued-token.ts";
import { accountSummarySchema, isoFromEpochSeconds, tokenViewEntries } from "../result-schemas.ts";
import { summarizeAccount } from "./account-summary.ts";
import { viewToken } from "./token-view.ts";
import type { Presenter } from "./types.ts";

const outputSchema = v.object({
  account: accountSummarySchema,
  token: v.object({
    ...tokenViewEntries,
    origin: v.pipe(
      v.nullable(v.picklist(TOKEN_ORIGINS)),
      v.description(
        "Where the token came from: environment (PLEX_TOKEN), sign-in (a sign-in earlier in this session) or " +
          "home-switch (a switch to a Plex Home profile earlier in this session).",
      ),
    ),
  }),
});

/** Shows whose token it is and its state, with the token as a fingerprint. */
export const tokenDetailsPresenter: Presenter<PlexAccount> = {
  outputSchema,
  tokenNote: "",
  present(account, context) {
    const view = viewToken(account.authToken, context.exposeTokens, isoFromEpochSeconds(account.rememberExpiresAt));
    const summary = summarizeAccount(account);
    const pass = summary.subscription?.active ? "an active Plex Pass" : "no active Plex Pass";
    return {
      structured: {
        account: summary,
        token: { ...view, origin: context.tokenOrigin ?? null },
      } satisfies v.InferOutput<typeof outputSchema>,
      summary:
        `The token ${view.fingerprint} is valid and belongs to ${summary.username} (${summary.email}), with two-factor ` +
        `authentication ${summary.twoFactorEnabled ? "on" : "off"} and ${pass}.`,
    };
  },
};
