import * as v from "valibot";
import { tokenViewSchema } from "../result-schemas.ts";
import { viewToken, withheldNote } from "./token-view.ts";
import type { Presenter } from "./types.ts";

// Plex documents transient tokens as valid for up to 48 hours (and gone when the server restarts).
const MAX_LIFETIME_MS = 48 * 60 * 60 * 1000;

const outputSchema = v.object({
  transientToken: v.pipe(
    tokenViewSchema,
    v.description("The new transient token; expiresAt is the latest it can live (it also dies on a server restart)."),
  ),
});

/** Shows a minted transient token as a fingerprint and its latest possible expiry. */
export const transientTokenPresenter: Presenter<string> = {
  outputSchema,
  tokenNote: "",
  present(token, context) {
    const expiresAt = new Date(context.now + MAX_LIFETIME_MS).toISOString();
    const transientToken = viewToken(token, context.exposeTokens, expiresAt);
    return {
      structured: { transientToken } satisfies v.InferOutput<typeof outputSchema>,
      summary:
        `Minted transient token ${transientToken.fingerprint}, valid until ${expiresAt} at the latest ` +
        `(it dies sooner if the Plex Media Server restarts). ${withheldNote(context.exposeTokens, "transientToken")}`,
    };
  },
};
