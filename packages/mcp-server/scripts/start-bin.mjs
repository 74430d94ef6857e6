// Starts the built plex-auth-mcp bin with --http on an ephemeral loopback port and waits for its URL.
// Shared by the check scripts; every process it starts is killed by `stop()`.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../dist/command/bin.js", import.meta.url));
const START_TIMEOUT_MS = 15_000;

/**
 * @param {string[]} args extra flags after `--http --port 0`
 * @param {Record<string, string>} env variables added to a scrubbed environment
 * @returns {Promise<{ url: string, stderr: () => string, stop: () => Promise<void> }>}
 */
export function startHttpBin(args, env = {}) {
  const child = spawn(process.execPath, [BIN, "--http", "--port", "0", ...args], {
    // No PLEX_* from the caller's environment: a real token must never reach a test run.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PLEX_CLIENT_IDENTIFIER: "check-script", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
      child.once("exit", () => resolve(undefined));
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the server did not start within ${START_TIMEOUT_MS} ms:\n${stderr}`));
    }, START_TIMEOUT_MS);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const url = /listening url=(\S+)/.exec(stderr)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stderr: () => stderr, stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${stderr}`));
    });
  });
}
