/**
 * Debian's Chromium, headless, driven by playwright-core (its own browser download cannot be reached on
 * these machines). Every host name but the loopback ones resolves to nothing, so no page can reach the
 * internet, and Chromium's own background traffic is off.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

/**
 * Launches Chromium. `popupBlocker: true` keeps Chromium's own popup blocker on (Playwright turns it off by
 * default), so a `window.open` without a click is refused the way a person's browser refuses it.
 */
export function launchChromium({ popupBlocker = false } = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    ignoreDefaultArgs: popupBlocker ? ["--disable-popup-blocking"] : [],
  });
}
