import { spawn } from "node:child_process";

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Opens `url` in the user's browser: the command in `$BROWSER` when it is set (as `gh`, `git` and
 * `xdg-open` honour it; `BROWSER=none` opens nothing), else the system's opener (`open`, `xdg-open`,
 * `start`) through the `open` package; `override` (the `openUrl` of `CliIo`) instead of both. Resolves once the browser was started, not when the page loads.
 */
export async function openInBrowser(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
  override?: ((url: string) => Promise<void>) | undefined,
): Promise<void> {
  if (override) return override(url);
  const command = env.BROWSER?.trim();
  if (command === "none") return;
  if (command) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, [url], { stdio: "ignore", detached: true, env: definedOnly(env) });
      child.once("error", reject);
      child.once("spawn", () => {
        child.unref();
        resolve();
      });
    });
    return;
  }
  const { default: open } = await import("open");
  const child = await open(url);
  child.unref();
}
