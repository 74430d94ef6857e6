import { spawn } from "node:child_process";
import type { Environment } from "../config/env.ts";

/** Starts a browser command detached; resolves whether it started. Its environment has no PLEX_* secret. */
function launch(command: string, args: readonly string[], env: Environment): Promise<boolean> {
  const childEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("PLEX_")));
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { detached: true, stdio: "ignore", env: childEnv as NodeJS.ProcessEnv });
      child.once("spawn", () => {
        child.unref();
        resolve(true);
      });
      child.once("error", () => resolve(false));
    } catch {
      resolve(false);
    }
  });
}

/**
 * How a stdio server on the person's own desktop opens "Sign in with Plex" in their browser: `$BROWSER`
 * when set (`none` turns it off; `%s` marks where the URL goes), else `open` on macOS, the URL handler on
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
    return (url) =>
      launch(command, words.includes("%s") ? words.map((word) => (word === "%s" ? url : word)) : [...words, url], env);
  }
  if (platform === "darwin") return (url) => launch("open", [url], env);
  if (platform === "win32") return (url) => launch("rundll32", ["url.dll,FileProtocolHandler", url], env);
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return (url) => launch("xdg-open", [url], env);
  return undefined;
}
