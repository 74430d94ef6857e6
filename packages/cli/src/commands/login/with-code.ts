import { PLEX_LINK_URL, type PlexPin } from "@plex-auth/core";
import type { CommandContext } from "../../context.ts";
import { openInBrowser } from "../../ui/browser.ts";
import { startCountdown } from "../../ui/countdown.ts";
import { terminalQrCode } from "../../ui/qr.ts";
import type { CommandResult } from "../command.ts";
import { openOnEnter } from "./enter-to-open.ts";
import { storeLogin } from "./store-login.ts";

/** The flags of `plex-auth login` that shape the code flow. */
export interface CodeLoginFlags {
  /** `--no-browser`: never offer to open one. */
  readonly browser: boolean;
  /** `--no-qr`: no QR code. */
  readonly qr: boolean;
}

/**
 * The page that takes the 4-character code, with the code filled in: plex.tv/link reads `pin` from its
 * query (what Plex's own QR codes encode), and a person typing the plain URL enters the code there.
 */
export function linkPageUrl(code: string): string {
  return `https://www.plex.tv/link/?pin=${encodeURIComponent(code)}`;
}

async function showCode(context: CommandContext, pin: PlexPin, flags: CodeLoginFlags): Promise<void> {
  const { style, io } = context;
  // The code goes to stderr even with --json: the person still has to read it, and stdout stays JSON.
  const write = (line: string) => io.stderr.write(`${line}\n`);
  write(`To sign in, open ${style.cyan(PLEX_LINK_URL)} and enter the code ${style.bold(pin.code)}`);
  const qr =
    flags.qr && !context.options.json ? await terminalQrCode(linkPageUrl(pin.code), io.stderr, io.env) : undefined;
  if (qr) write(`or scan this with your phone:\n${qr}`);
}

/**
 * `plex-auth login`: "Sign in with Plex" with a 4-character code. The user approves on Plex's own page
 * (plex.tv/link, signed in there as the account to use), so no password reaches this machine; the wait is
 * bounded by the code's own expiry (15 minutes) and ends at once on Ctrl-C.
 */
export async function loginWithCode(context: CommandContext, flags: CodeLoginFlags): Promise<CommandResult> {
  const plex = context.plex();
  const pin = await plex.authentication.createOAuthPin({}, { signal: context.signal });
  await showCode(context, pin, flags);
  context.mock?.approveLater(pin.code);
  const offerBrowser = flags.browser && context.interactive && context.io.env.BROWSER?.trim() !== "none";
  const stopListening = offerBrowser
    ? openOnEnter(context, () => {
        context.note(context.style.dim("Opening plex.tv/link in your browser…"));
        openInBrowser(linkPageUrl(pin.code), context.io.env, context.io.openUrl).catch(() =>
          context.note(`Could not open a browser: open ${PLEX_LINK_URL} yourself.`),
        );
      })
    : () => {};
  if (offerBrowser) context.note(context.style.dim("Press Enter to open plex.tv/link in your browser."));
  const countdown = context.interactive
    ? await startCountdown(
        context.io.stderr,
        (left) => `Waiting for you to approve the code (${left} left; Ctrl-C to cancel)`,
        (pin.expiresIn ?? 900) * 1000,
      )
    : { update() {}, stop() {} };
  try {
    const approved = await plex.waitForOAuthPin(pin, {
      signal: context.signal,
      onPoll: (poll) => countdown.update(poll.remainingMs),
    });
    context.secrets.push(approved.authToken);
    return await storeLogin(context, approved.authToken, { method: "code" });
  } finally {
    countdown.stop();
    stopListening();
  }
}
