import * as v from "valibot";
import type { Presenter } from "./types.ts";

const outputSchema = v.object({
  alive: v.pipe(v.boolean(), v.description("Whether plex.tv accepted the token.")),
});

/** Says whether the session's token is alive; the token itself is not shown. */
export const pingPresenter: Presenter<boolean> = {
  outputSchema,
  tokenNote: "",
  present(alive) {
    return {
      structured: { alive } satisfies v.InferOutput<typeof outputSchema>,
      summary: alive
        ? "plex.tv accepted the token: it is alive (and pinging it keeps a long-lived token from expiring)."
        : "plex.tv answered, but did not confirm the token.",
    };
  },
};
