/**
 * MCP: `plex-auth-mcp` (the built `@plex-auth/mcp-server` bin) in a child process, driven by the MCP SDK's
 * own `Client`, over stdio and over Streamable HTTP, pointed (through its environment) at the bench's
 * loopback server. Figures: the median latency of a `get_token_details` tool call against the direct SDK
 * call (`getTokenDetails` on the same server), interleaved in rotating blocks; and the time from spawning
 * the server to the answer of the first `tools/list`, median of several fresh starts.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { spawnTracked, startLoopbackServer, stopChild, trackPid, untrackPid } from "./children.mjs";
import { makeClient } from "./clients.mjs";
import { CLIENT_IDENTIFIER, TOKEN } from "./payloads.mjs";
import { BENCH_DIR } from "./size.mjs";
import { median, percentile, rotation } from "./stats.mjs";

const TOOL = "get_token_details";

/** The bin of the built MCP server, or undefined when it is not built. */
export function mcpBin() {
  const dir = join(BENCH_DIR, "node_modules", "@plex-auth", "mcp-server");
  let bin;
  try {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    bin = typeof manifest.bin === "string" ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  } catch {
    return undefined;
  }
  const path = join(dir, bin ?? "dist/command/bin.js");
  return existsSync(path) ? path : undefined;
}

/** @param {{ url: string, plexTvUrl: string }} server */
function serverEnv(server) {
  return {
    PATH: process.env.PATH ?? "",
    PLEX_TOKEN: TOKEN,
    PLEX_SERVER_URL: server.url,
    PLEX_TV_URL: server.plexTvUrl,
    PLEX_CLIENT_IDENTIFIER: CLIENT_IDENTIFIER,
    PLEX_MCP_LOG_LEVEL: "warn",
  };
}

function newClient() {
  return new Client({ name: "plex-auth-bench", version: "0.0.0" });
}

/**
 * Starts the server over stdio and connects; `startedAt` is taken before the spawn.
 * @param {string} bin
 * @param {{ url: string, plexTvUrl: string }} server
 */
async function connectStdio(bin, server) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin],
    env: serverEnv(server),
    stderr: "pipe",
  });
  // Kept (the tail) only to explain a server that dies: "Connection closed" alone says nothing.
  let stderr = "";
  transport.stderr?.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-2_000);
  });
  const client = newClient();
  const startedAt = process.hrtime.bigint();
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`plex-auth-mcp over stdio did not start (${message}); its stderr: ${stderr.trim() || "(empty)"}`);
  }
  const pid = transport.pid;
  if (pid) trackPid(pid);
  return {
    client,
    startedAt,
    close: async () => {
      await client.close();
      if (pid) untrackPid(pid);
    },
  };
}

/**
 * Starts the server over Streamable HTTP on an ephemeral 127.0.0.1 port and connects.
 * @param {string} bin
 * @param {{ url: string, plexTvUrl: string }} server
 */
async function connectHttp(bin, server) {
  const startedAt = process.hrtime.bigint();
  const child = spawnTracked(
    process.execPath,
    [bin, "--http", "--host", "127.0.0.1", "--port", "0", "--no-auth", "--log-level", "info"],
    { env: { ...serverEnv(server), PLEX_MCP_LOG_LEVEL: "info" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  const url = await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`no "listening" line from plex-auth-mcp --http: ${seen}`)), 20_000);
    child.stderr?.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/listening url=(http:\/\/127\.0\.0\.1:\d+\/\S*)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`plex-auth-mcp --http exited (${code}): ${seen}`));
    });
  });
  const client = newClient();
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return {
    client,
    startedAt,
    close: async () => {
      await client.close().catch(() => {});
      await stopChild(child);
    },
  };
}

/**
 * Spawn-to-first-tools/list time of a fresh server, in ms.
 * @param {() => Promise<{ client: Client, startedAt: bigint, close: () => Promise<void> }>} connect
 */
async function timeToFirstList(connect) {
  const session = await connect();
  try {
    const { tools } = await session.client.listTools();
    const elapsed = Number(process.hrtime.bigint() - session.startedAt) / 1e6;
    if (!tools.some((tool) => tool.name === TOOL)) throw new Error(`tools/list has no ${TOOL}`);
    return elapsed;
  } finally {
    await session.close();
  }
}

/** @param {Client} client */
async function callTool(client) {
  const result = await client.callTool({ name: TOOL, arguments: {} });
  if (result.isError) throw new Error(`${TOOL} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
  return result;
}

/**
 * @param {{ blocks: number, callsPerBlock: number, warmupCalls: number, starts: number }} options
 */
export async function measureMcp({ blocks, callsPerBlock, warmupCalls, starts }) {
  const bin = mcpBin();
  if (!bin) return { skipped: "the @plex-auth/mcp-server bin is not built" };
  const server = await startLoopbackServer();
  try {
    const direct = await makeClient("ours", { serverUrl: server.url, plexTvUrl: server.plexTvUrl });
    /** @type {Record<string, number[]>} */
    const startSamples = { stdio: [], http: [] };
    for (let start = 0; start < starts; start++) {
      for (const transport of rotation(["stdio", "http"], start)) {
        const connect = transport === "stdio" ? () => connectStdio(bin, server) : () => connectHttp(bin, server);
        startSamples[transport].push(await timeToFirstList(connect));
      }
    }

    const stdio = await connectStdio(bin, server);
    const http = await connectHttp(bin, server);
    try {
      /** @type {Record<string, () => Promise<unknown>>} */
      const targets = {
        direct: /** @type {() => Promise<unknown>} */ (direct.getTokenDetails),
        stdio: () => callTool(stdio.client),
        http: () => callTool(http.client),
      };
      // What a model reads into its context on every conversation: the whole tools/list, and the instructions.
      const { tools } = await stdio.client.listTools();
      const context = {
        toolsListBytes: Buffer.byteLength(JSON.stringify({ tools })),
        instructionsBytes: Buffer.byteLength(stdio.client.getInstructions() ?? ""),
        tools: tools.length,
      };
      const names = Object.keys(targets);
      /** @type {Record<string, number[]>} */
      const samples = Object.fromEntries(names.map((name) => [name, []]));
      for (let block = 0; block < blocks; block++) {
        for (const name of rotation(names, block)) {
          globalThis.gc?.();
          for (let index = 0; index < warmupCalls; index++) await targets[name]();
          for (let index = 0; index < callsPerBlock; index++) {
            const begin = process.hrtime.bigint();
            await targets[name]();
            samples[name].push(Number(process.hrtime.bigint() - begin) / 1e6);
          }
        }
      }
      const directMs = median(samples.direct);
      const calls = Object.fromEntries(
        names.map((name) => [
          name,
          {
            medianMs: median(samples[name]),
            p99Ms: percentile(samples[name], 99),
            overDirectMs: median(samples[name]) - directMs,
          },
        ]),
      );
      return {
        blocks,
        callsPerBlock,
        warmupCalls,
        starts,
        tool: TOOL,
        calls,
        context,
        firstToolsList: {
          stdio: { medianMs: median(startSamples.stdio) },
          http: { medianMs: median(startSamples.http) },
        },
      };
    } finally {
      await stdio.close();
      await http.close();
    }
  } finally {
    await server.close();
  }
}
