import { describe, expect, test } from "vitest";
import { runCli } from "../src/cli/main.ts";
import { waitFor } from "./helpers/wait.ts";

describe("a generated bearer token, on a terminal", () => {
  test("is printed to stderr (a person is there to copy it), and no file is written", async () => {
    let stderr = "";
    let stop: () => void = () => {};
    const stopRequested = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = runCli(["--http", "--port", "0", "--mock", "--log-level", "info"], {
      // XDG_CONFIG_HOME points nowhere writable: a file would fail the run.
      env: { XDG_CONFIG_HOME: "/nonexistent/plex-auth-test" },
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
      stderrIsTerminal: true,
      stopRequested,
    });
    await waitFor(() => /listening/.test(stderr), "the server to listen", 10_000);
    stop();
    expect(await running).toBe(0);
    const token = /bearer token for this run \(set PLEX_MCP_AUTH_TOKEN to choose one\): (\S+)/.exec(stderr)?.[1];
    expect(token?.length).toBeGreaterThanOrEqual(32);
    expect(stderr).not.toMatch(/written to/);
  });
});
