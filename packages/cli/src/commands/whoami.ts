import { fingerprint } from "@plex-auth/core";
import { terminalSafe } from "../ui/safe-text.ts";
import type { CommandDefinition } from "./command.ts";

/** `plex-auth whoami`: whose the token is, where it is kept, and whether Plex still takes it. */
export const whoamiCommand: CommandDefinition = {
  name: "whoami",
  summary: "Show who the token belongs to and whether it still works",
  async run(context) {
    const session = await context.signedIn();
    const { authentication } = session.plex;
    const started = performance.now();
    const alive = await authentication.ping(undefined, { signal: context.signal });
    const pingMs = Math.round(performance.now() - started);
    const account = await authentication.getTokenDetails(undefined, { signal: context.signal });
    const store = session.source === "environment" ? undefined : await context.tokenStore();
    const location = store?.describe(context.options.profile) ?? "the PLEX_TOKEN environment variable";
    const { style } = context;
    return {
      json: {
        profile: context.options.profile,
        username: account.username,
        email: account.email,
        uuid: account.uuid,
        source: session.source,
        location,
        alive,
        pingMs,
        token: fingerprint(session.token),
      },
      lines: [
        `${style.green("✓")} ${style.bold(terminalSafe(account.username || account.title))}${account.email ? ` <${terminalSafe(account.email)}>` : ""}`,
        ...(context.options.profile === "default" ? [] : [`  profile ${context.options.profile}`]),
        `  token ${fingerprint(session.token)} in ${location}`,
        `  alive: Plex answered the ping in ${pingMs} ms`,
      ],
    };
  },
};
