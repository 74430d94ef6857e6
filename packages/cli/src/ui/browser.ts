import { spawn } from "node:child_process";

// The browser gets the user's environment without the CLI's own secrets (PLEX_TOKEN, PLEX_PASSWORD, …): a
// long-lived browser process has no use for them, and everything it starts would inherit them.
function browserEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith("PLEX_"),
    ),
  );
}

/**
 * `$BROWSER` as a command and its arguments, the way xdg-utils reads it: the first of a colon-separated
 * list, split on spaces, `%s` replaced by the URL (or the URL appended when there is no `%s`). On Windows
 * it is one program's path as given (`C:\Program Files\…` has both a colon and spaces).
 */
export function browserCommand(
  browser: string,
  url: string,
  platform: string = process.platform,
): { command: string; args: string[] } {
  if (platform === "win32") return { command: browser.trim(), args: [url] };
  const [first = ""] = browser.split(":");
  const [command = "", ...rest] = first.trim().split(/\s+/);
  const args = rest.some((arg) => arg.includes("%s")) ? rest.map((arg) => arg.replaceAll("%s", url)) : [...rest, url];
  return { command, args };
}

/**
 * Opens `url` in the user's browser: the command in `$BROWSER` when it is set (as `gh`, `git` and
 * `xdg-open` honour it; `BROWSER=none` opens nothing), else the system's opener (`open`, `xdg-open`,
 * `start`) through the `open` package; `override` (the `openUrl` of `CliIo`) instead of both. Resolves
 * once the browser was started, not when the page loads.
 */
export async function openInBrowser(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
  override?: ((url: string) => Promise<void>) | undefined,
): Promise<void> {
  if (override) return override(url);
  const browser = env.BROWSER?.trim();
  if (browser === "none") return;
  if (browser) {
    const { command, args } = browserCommand(browser, url);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { stdio: "ignore", detached: true, env: browserEnvironment(env) });
      child.once("error", reject);
      child.once("spawn", () => {
        child.unref();
        resolve();
      });
    });
    return;
  }
  // The bin has already removed its secrets from process.env, which `open` passes on.
  const { default: open } = await import("open");
  const child = await open(url);
  child.unref();
}
