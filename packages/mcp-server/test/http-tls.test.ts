/**
 * HTTPS with --tls-cert/--tls-key: a real client over TLS (a certificate made for the test, trusted by that
 * client only), and the loud warning for plain HTTP off loopback.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLogger } from "../src/log/logger.ts";
import { plaintextWarning, type RunningHttpServer, startHttpServer } from "../src/transports/http/server.ts";
import { TOOL_NAMES, testConfig } from "./helpers/in-memory.ts";
import { createPlexStub } from "./helpers/plex-stub.ts";

const BEARER = "tls-test-bearer-3b9f0c1e7a2d4c6b8e0f";
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
let directory = "";
let cert = "";
let key = "";

beforeAll(() => {
  if (!hasOpenssl) return;
  directory = mkdtempSync(join(tmpdir(), "plex-auth-tls-"));
  const made = spawnSync("openssl", [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
    ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    ...["-keyout", join(directory, "key.pem"), "-out", join(directory, "cert.pem")],
  ]);
  expect(made.status, String(made.stderr)).toBe(0);
  cert = readFileSync(join(directory, "cert.pem"), "utf8");
  key = readFileSync(join(directory, "key.pem"), "utf8");
});

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe.skipIf(!hasOpenssl)("Streamable HTTP over TLS", () => {
  test("serves https:// with the given certificate; a client that trusts it lists and calls the tools", async () => {
    const lines: string[] = [];
    let running: RunningHttpServer | undefined;
    const agent = new Agent({ connect: { ca: cert } });
    try {
      running = await startHttpServer(
        testConfig(createPlexStub()),
        { port: 0, authToken: BEARER, tls: { cert, key } },
        { logger: createLogger({ level: "debug", write: (line) => lines.push(line) }) },
      );
      expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const transport = new StreamableHTTPClientTransport(new URL(running.url), {
        requestInit: { headers: { Authorization: `Bearer ${BEARER}` } },
        fetch: (url, init) =>
          undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>,
      });
      const client = new Client({ name: "tls-test", version: "1" }, { versionNegotiation: { mode: "auto" } });
      await client.connect(transport);
      expect(client.getProtocolEra()).toBe("modern");
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(TOOL_NAMES);
      await client.close();
      // A client that does not trust the certificate gets nowhere.
      await expect(fetch(running.url, { method: "POST" })).rejects.toThrow();
      expect(lines.join("\n")).not.toContain("NO TLS");
    } finally {
      await running?.close();
      await agent.close();
    }
  });
});

describe("plain HTTP off loopback", () => {
  test("warns loudly, naming --tls-cert; on loopback or with TLS, says nothing", () => {
    expect(plaintextWarning("0.0.0.0", false)).toMatch(/^NO TLS OFF LOOPBACK: .*--tls-cert and --tls-key/);
    expect(plaintextWarning("192.168.1.5", false)).toBeDefined();
    expect(plaintextWarning("0.0.0.0", true)).toBeUndefined();
    expect(plaintextWarning("127.0.0.1", false)).toBeUndefined();
    expect(plaintextWarning("::1", false)).toBeUndefined();
  });
});
