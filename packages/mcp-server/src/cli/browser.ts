import { spawn } from "node:child_process";
import type { Environment } from "../config/env.ts";

// `open` and `xdg-open` hand the URL to the desktop and exit: 0 when it took it. A browser named in
// $BROWSER may run for as long as the person browses; it counts as opened once it starts.
const HANDOFF_MS = 3_000;

/**
 * Starts a browser command detached; resolves whether it opened the page: for a hand-off command, that it
 * exited 0 (or still runs after 3 s); for a browser, that it started. Its environment has no PLEX_* secret.
 */
function launch(command: string, args: readonly string[], env: Environment, handoff: boolean): Promise<boolean> {
  // Case-insensitively: Windows' environment names are.
  const childEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !name.toUpperCase().startsWith("PLEX_")));
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { detached: true, stdio: "ignore", env: childEnv as NodeJS.ProcessEnv });
      child.once("error", () => resolve(false));
      child.once("spawn", () => {
        child.unref();
        if (!handoff) return resolve(true);
        const timer = setTimeout(() => resolve(true), HANDOFF_MS);
        timer.unref();
        child.once("exit", (code) => {
          clearTimeout(timer);
          resolve(code === 0);
        });
      });
    } catch {
      resolve(false);
    }
  });
}

/**
 * How a stdio server on the person's own desktop opens "Sign in with Plex" in their browser: `$BROWSER`
 * when set (`none` turns it off; `%s` marks where the URL goes; split on spaces, so no quoted paths), else `open` on macOS, the URL handler on
 * Windows, `xdg-open` on a Linux desktop (`DISPLAY` or `WAYLAND_DISPLAY`). `undefined` where there is no
 * desktop to open one on (a container, SSH): the model is then given a link instead.
 *
 * @example
 * ```ts
 * const openBrowser = desktopBrowser(process.env);
 * await openBrowser?.("https://app.plex.tv/auth#?…");
 * ```
 */
export function desktopBrowser(
  env: Environment,
  platform: NodeJS.Platform = process.platform,
): ((url: string) => Promise<boolean>) | undefined {
  const configured = env.BROWSER?.trim();
  if (configured === "none") return undefined;
  if (configured) {
    const [command, ...words] = configured.split(/\s+/) as [string, ...string[]];
    const withUrl = (url: string) =>
      words.some((word) => word.includes("%s")) ? words.map((word) => word.replaceAll("%s", url)) : [...words, url];
    return (url) => launch(command, withUrl(url), env, false);
  }
  if (platform === "darwin") return (url) => launch("open", [url], env, true);
  if (platform === "win32") return (url) => launch("rundll32", ["url.dll,FileProtocolHandler", url], env, true);
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return (url) => launch("xdg-open", [url], env, true);
  return undefined;
}
