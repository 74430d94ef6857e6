import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { MOCK_ACCOUNTS, MOCK_ADMIN_TOKEN, MOCK_SOURCES } from "@plex-auth/mock-server";
import { type MockServer, startMockServer } from "@plex-auth/mock-server/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BIN, cleanEnv, spawnBin } from "./helpers/bin.ts";
import { TOOL_NAMES } from "./helpers/in-memory.ts";
import { structured, toolError } from "./helpers/results.ts";
import { waitFor } from "./helpers/wait.ts";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(async () => {
  await mock.close();
});

const plexEnv = () => ({
  PLEX_CLIENT_IDENTIFIER: "stdio-test",
  PLEX_TOKEN: MOCK_ADMIN_TOKEN,
  PLEX_SERVER_URL: mock.url,
  PLEX_TV_URL: mock.plexTvUrl,
  PLEX_MCP_LOG_LEVEL: "debug",
});

describe("stdio, through a real MCP client spawning the built bin", () => {
  test("lists the tools and calls them; tokens stay out of results and logs", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      env: cleanEnv(plexEnv()),
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toHaveLength(TOOL_NAMES.length);
      const details = await client.callTool({ name: "get_token_details", arguments: {} });
      expect(structured(details)).toMatchObject({
        account: { username: MOCK_ACCOUNTS.twoFactor.username },
        token: { fingerprint: `…${MOCK_ADMIN_TOKEN.slice(-4)}`, origin: "environment" },
      });
      const source = await client.callTool({
        name: "get_source_connection_information",
        arguments: { source: MOCK_SOURCES.sharedServer.source },
      });
      expect(structured(source)).toMatchObject({ name: MOCK_SOURCES.sharedServer.name });
      const transient = await client.callTool({ name: "get_transient_token", arguments: {} });
      expect(structured(transient)).toHaveProperty("transientToken.fingerprint");
      const wrong = await client.callTool({
        name: "post_users_sign_in_data",
        arguments: { login: MOCK_ACCOUNTS.plain.login, password: "not-the-password" },
      });
      expect(toolError(wrong).code).toBe("unauthorized");

      const everything = JSON.stringify([details, source, transient, wrong]);
      for (const token of mock.mock.issuedTokens()) expect(everything).not.toContain(token);
      await waitFor(() => /tool call failed tool=post_users_sign_in_data/.test(stderr), "the last log line");
      expect(stderr).toMatch(/plex-auth request/);
      for (const token of mock.mock.issuedTokens()) expect(stderr).not.toContain(token);
      expect(stderr).not.toContain("not-the-password");
    } finally {
      await client.close();
    }
  });
});

describe("stdio with a 2026-07-28 client", () => {
  test("a client negotiating the era (server/discover) lands on 2026-07-28 and keeps one Plex session", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN], env: cleanEnv(plexEnv()) });
    const client = new Client({ name: "stdio-modern", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
    await client.connect(transport);
    try {
      expect(client.getProtocolEra()).toBe("modern");
      expect(client.getServerVersion()?.name).toBe("plex-auth");
      expect((await client.listTools()).tools).toHaveLength(TOOL_NAMES.length);
      // A sign-in changes the token of the process's one session for every later call.
      const signIn = await client.callTool({
        name: "post_users_sign_in_data",
        arguments: { login: MOCK_ACCOUNTS.plain.login, password: MOCK_ACCOUNTS.plain.password },
      });
      expect(structured(signIn)).toHaveProperty("token.fingerprint");
      const details = await client.callTool({ name: "get_token_details", arguments: {} });
      expect(structured(details)).toMatchObject({
        account: { username: MOCK_ACCOUNTS.plain.username },
        token: { origin: "sign-in" },
      });
    } finally {
      await client.close();
    }
  });
});

describe("stdio, raw", () => {
  test("every line the server writes to stdout is a JSON-RPC message", async () => {
    const bin = spawnBin([], plexEnv());
    try {
      const send = (message: object) => bin.child.stdin.write(`${JSON.stringify(message)}\n`);
      send({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
      });
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
      send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get_token_details", arguments: {} } });
      send({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "get_transient_token", arguments: {} } });
      send({
        jsonrpc: "2.0",
        id: 5,
        method: "tools/call",
        params: { name: "get_source_connection_information", arguments: { source: "nope" } },
      });
      send({
        jsonrpc: "2.0",
        id: 6,
        method: "tools/call",
        params: { name: "post_users_sign_in_data", arguments: { login: "x@example.com", password: "wrong-one" } },
      });
      send({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "no_such_tool", arguments: {} } });
      send({ jsonrpc: "2.0", id: 8, method: "ping" });
      // Answers may come in any order (tool calls wait on Plex, ping does not): wait for all eight.
      const answeredIds = () =>
        bin
          .stdout()
          .split("\n")
          .slice(0, -1) // the last piece is an unfinished line, or empty
          .map((line) => (JSON.parse(line) as { id?: number }).id);
      const answered = () => [1, 2, 3, 4, 5, 6, 7, 8].every((id) => answeredIds().includes(id));
      await waitFor(answered, "all eight answers", 10_000);
      bin.child.stdin.end();
      expect(await bin.exited()).toBe(0);

      const lines = bin
        .stdout()
        .split("\n")
        .filter((line) => line.length > 0);
      expect(lines).toHaveLength(8);
      for (const line of lines) {
        const message = JSON.parse(line) as Record<string, unknown>;
        expect(message.jsonrpc).toBe("2.0");
        expect("result" in message || "error" in message || "method" in message).toBe(true);
      }
      const byId = new Map(
        lines.map((line) => JSON.parse(line) as { id: number }).map((message) => [message.id, message]),
      );
      expect(byId.get(5)).toMatchObject({
        result: { isError: true, structuredContent: { error: { code: "invalid_input" } } },
      });
      expect(byId.get(7)).toMatchObject({ error: { code: -32602 } });
      for (const token of mock.mock.issuedTokens()) {
        expect(bin.stdout()).not.toContain(token);
        expect(bin.stderr()).not.toContain(token);
      }
      expect(bin.stderr()).toMatch(/serving MCP over stdio/);
    } finally {
      await bin.stop();
    }
  });
});

describe("the command line", () => {
  test.each([
    [["--token", "abc123"], /--token is not accepted: credentials .* come from the environment only/],
    [["--password=hunter2"], /--password is not accepted/],
    [["abc123"], /Unexpected argument/],
    [["--port", "8080"], /--port only applies with --http/],
    [["--http", "--host", "0.0.0.0", "--no-auth"], /--no-auth is only accepted on a loopback address/],
    [["--http", "--host", "0.0.0.0"], /needs --allowed-host/],
    [["--http", "--tls-cert", "cert.pem"], /--tls-cert and --tls-key go together/],
    [
      ["--http", "--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"],
      /cannot read the --tls-cert file/,
    ],
  ])("%j is refused with exit code 2 and an explanation on stderr", async (args, message) => {
    const bin = spawnBin(args, { PLEX_CLIENT_IDENTIFIER: "cli-test" });
    try {
      expect(await bin.exited()).toBe(2);
      expect(bin.stderr()).toMatch(message);
      expect(bin.stdout()).toBe("");
      expect(bin.stderr()).not.toContain("hunter2");
      // Refused before anything else happens: no bearer token is generated and printed for a server that never runs.
      expect(bin.stderr()).not.toMatch(/bearer token for this run/);
    } finally {
      await bin.stop();
    }
  });

  test("a malformed variable stops the start, naming the variable but not its value", async () => {
    const bin = spawnBin([], {
      PLEX_CLIENT_IDENTIFIER: "cli-test",
      PLEX_SERVER_URL: "ftp://secret-host",
      PLEX_LOGIN: "me",
    });
    try {
      expect(await bin.exited()).toBe(2);
      expect(bin.stderr()).toMatch(/PLEX_SERVER_URL/);
      expect(bin.stderr()).toMatch(/PLEX_PASSWORD is not set, but PLEX_LOGIN is/);
      expect(bin.stderr()).not.toContain("secret-host");
    } finally {
      await bin.stop();
    }
  });

  test("--help lists every flag and variable", async () => {
    const bin = spawnBin(["--help"], {});
    try {
      expect(await bin.exited()).toBe(0);
      for (const word of [
        "--http",
        "--port",
        "--host",
        "--no-auth",
        "--expose-tokens",
        "--mock",
        "PLEX_TOKEN",
        "PLEX_MCP_AUTH_TOKEN",
        "PLEX_PASSWORD",
      ]) {
        expect(bin.stdout()).toContain(word);
      }
    } finally {
      await bin.stop();
    }
  });

  test("--http without PLEX_MCP_AUTH_TOKEN generates a bearer token; stderr not a terminal: a 0600 file, and it is required", async () => {
    const config = mkdtempSync(join(tmpdir(), "plex-auth-mcp-config-"));
    const bin = spawnBin(["--http", "--port", "0", "--mock"], { XDG_CONFIG_HOME: config });
    try {
      await waitFor(() => /listening url=\S+/.test(bin.stderr()), "the server to listen", 10_000);
      const url = /listening url=(\S+)/.exec(bin.stderr())?.[1] as string;
      const file = /bearer token for this run written to (\S+) \(mode 0600/.exec(bin.stderr())?.[1] as string;
      expect(file).toBe(join(config, "plex-auth", "mcp-bearer-token"));
      const token = readFileSync(file, "utf8").trim();
      expect(token.length).toBeGreaterThanOrEqual(32);
      // Not in the output, which may be a log file others read.
      expect(bin.stderr()).not.toContain(token);
      if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
      const initialize = (headers: Record<string, string>) =>
        fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "initialize",
            params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
          }),
        });
      expect((await initialize({})).status).toBe(401);
      const accepted = await initialize({ authorization: `Bearer ${token}` });
      await accepted.body?.cancel();
      expect(accepted.status).toBe(200);
      expect(bin.stdout()).toBe("");
    } finally {
      await bin.stop();
      rmSync(config, { recursive: true, force: true });
    }
  });
});

describe("Sign in with Plex over stdio on a desktop", () => {
  // $BROWSER is split on spaces, as Unix tools read it; on Windows the stand-in's own path (node's, under
  // "Program Files") would not survive that.
  test.skipIf(process.platform === "win32")(
    "opens the person's browser ($BROWSER) on Plex's page, whose approval the wait then delivers",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "plex-auth-browser-"));
      const record = join(dir, "opened.txt");
      const browser = join(dir, "browser.mjs");
      // A stand-in browser: writes the URL it was given, and what of PLEX_* it could see (nothing, it must be).
      writeFileSync(
        browser,
        `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(record)}, JSON.stringify({ url: process.argv[2], plex: Object.keys(process.env).filter((name) => name.startsWith("PLEX_")) }));\n`,
      );
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [BIN],
        env: cleanEnv({ ...plexEnv(), BROWSER: `${process.execPath} ${browser} %s` }),
        stderr: "pipe",
      });
      const client = new Client({ name: "stdio-browser-test", version: "1.0.0" });
      await client.connect(transport);
      try {
        const started = await client.callTool({ name: "sign_in_with_plex", arguments: {} });
        expect(structured(started)).toMatchObject({ status: "waiting", method: "browser" });
        await waitFor(() => existsSync(record) && readFileSync(record, "utf8").length > 0, "the browser to be started");
        const opened = JSON.parse(readFileSync(record, "utf8")) as { url: string; plex: string[] };
        expect(opened.url).toMatch(/^https:\/\/app\.plex\.tv\/auth#\?clientID=stdio-test&code=[a-z0-9]{25}&/);
        expect(opened.plex).toEqual([]);
        const code = new URLSearchParams(new URL(opened.url).hash.slice(2)).get("code") as string;
        expect(mock.mock.approvePin(code, "plain")).toBe(true);
        const handle = (structured(started) as { handle: string }).handle;
        const done = await client.callTool({ name: "wait_for_plex_sign_in", arguments: { handle } });
        expect(structured(done)).toMatchObject({
          status: "signed-in",
          account: { username: MOCK_ACCOUNTS.plain.username },
        });
      } finally {
        await client.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
