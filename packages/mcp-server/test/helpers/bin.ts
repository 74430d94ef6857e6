import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { getDefaultEnvironment } from "@modelcontextprotocol/client/stdio";
import { waitFor } from "./wait.ts";

/** The built bin, as `npx @plex-auth/mcp-server` runs it. */
export const BIN: string = fileURLToPath(new URL("../../dist/command/bin.js", import.meta.url));

// What a process needs on Windows, as the MCP SDK's stdio transport passes it (SYSTEMROOT above all: without
// it Winsock cannot load, and the bin could open no socket). None of it is a PLEX_* setting.
const WINDOWS_ESSENTIALS: Record<string, string> = process.platform === "win32" ? getDefaultEnvironment() : {};

/** An environment with nothing of the caller's PLEX_* settings: tests set exactly what they mean. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  return { ...WINDOWS_ESSENTIALS, PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...extra };
}

/** A spawned bin whose output is collected; `stop` kills it (every test calls it in `finally`). */
export interface SpawnedBin {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
  stop(): Promise<void>;
}

export function spawnBin(args: readonly string[], env: Record<string, string>): SpawnedBin {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env) });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited: () => exit,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exit;
    },
  };
}

/** Waits until the bin prints its HTTP URL on stderr, and returns it. */
export async function httpUrlOf(bin: SpawnedBin): Promise<string> {
  await waitFor(() => /listening url=\S+/.test(bin.stderr()), `the server to listen:\n${bin.stderr()}`, 10_000);
  return /listening url=(\S+)/.exec(bin.stderr())?.[1] as string;
}
