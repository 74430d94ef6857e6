/**
 * Child processes of the bench: each one is registered here and killed when the bench ends, however it
 * ends (normal exit, an exception, Ctrl-C). Nothing is killed by name, only by the handle we spawned.
 * @module
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** @type {Set<import("node:child_process").ChildProcess>} */
const live = new Set();

/**
 * Spawns and registers a child.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {import("node:child_process").SpawnOptions} [options]
 */
export function spawnTracked(command, args, options = {}) {
  const child = spawn(command, args, options);
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

/**
 * Kills a child and waits (at most `graceMs`, then SIGKILL) until it has exited.
 * @param {import("node:child_process").ChildProcess} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export function stopChild(child, graceMs = 2_000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      live.delete(child);
      resolve();
    });
    child.stdin?.end();
    child.kill("SIGTERM");
  });
}

/** Children spawned by a library (the MCP SDK's stdio transport), known only by pid. */
/** @type {Set<number>} */
const foreign = new Set();

/**
 * Registers a child that something else spawned, so that it is killed at exit if still running.
 * @param {number} pid
 */
export function trackPid(pid) {
  foreign.add(pid);
}

/**
 * Forgets a pid registered with {@link trackPid} once its process has been closed, so that a later
 * process given the same pid is never killed by mistake.
 * @param {number} pid
 */
export function untrackPid(pid) {
  foreign.delete(pid);
}

/** Kills every child still alive, synchronously (for exit handlers). */
export function killAllTracked() {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  live.clear();
  for (const pid of foreign) {
    try {
      process.kill(pid, 0);
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  foreign.clear();
}

process.once("exit", killAllTracked);

/**
 * Reads the first line a child prints on stdout that parses as JSON, or rejects after `timeoutMs`.
 * @param {import("node:child_process").ChildProcess} child
 * @param {number} timeoutMs
 * @returns {Promise<any>}
 */
export function firstJsonLine(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`child printed no JSON line in ${timeoutMs} ms`)), timeoutMs);
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      buffered += chunk;
      for (const line of buffered.split("\n").slice(0, -1)) {
        try {
          const value = JSON.parse(line);
          clearTimeout(timer);
          child.stdout?.off("data", onData);
          resolve(value);
          return;
        } catch {
          // not JSON: keep reading
        }
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}) before printing a JSON line`));
    });
  });
}

/**
 * Starts the loopback server (`server.mjs`) in a child process.
 * @returns {Promise<{ url: string, plexTvUrl: string, port: number, child: import("node:child_process").ChildProcess, close: () => Promise<void> }>}
 */
export async function startLoopbackServer() {
  const child = spawnTracked(process.execPath, [fileURLToPath(new URL("./server.mjs", import.meta.url))], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const { port } = await firstJsonLine(child, 10_000);
  const url = `http://127.0.0.1:${port}`;
  return { url, plexTvUrl: `${url}/api/v2`, port, child, close: () => stopChild(child) };
}
