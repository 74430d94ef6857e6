// Drives the built server with the official MCP Inspector CLI (@modelcontextprotocol/inspector 2.12 --cli,
// on Node 22, which it needs), the way a person would check an MCP server by hand: it lists the tools and
// calls each one against --mock, including failing calls, once as a 2025-11-25 client and once as a
// 2026-07-28 one. Ends with "N passed, N failed" for scripts/test-all.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { operations } from "@plex-auth/core";
import { MOCK_ACCOUNTS, MOCK_ADMIN_TOKEN, MOCK_SOURCES } from "@plex-auth/mock-server";
import { BIN } from "./start-bin.mjs";

const INSPECTOR = fileURLToPath(
  new URL("../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js", import.meta.url),
);
const NODE22 = fileURLToPath(new URL("../../../tools/runtimes/node_modules/node22/bin/node", import.meta.url));
// The Inspector keeps a catalog of servers in its home: a throwaway one per run.
const HOME = mkdtempSync(join(tmpdir(), "plex-auth-inspector-"));
let era = "legacy";
const CALL_TIMEOUT_MS = 60_000;

let passed = 0;
let failed = 0;
const record = (ok, label, detail = "") => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${label}${detail && !ok ? `: ${detail}` : ""}`);
};

/** One inspector invocation against a fresh `plex-auth-mcp --mock` over stdio; returns its JSON output. */
function inspect(args, serverFlags = []) {
  const run = spawnSync(
    NODE22,
    [INSPECTOR, "--cli", "--protocol-era", era, process.execPath, BIN, "--mock", ...serverFlags, ...args],
    {
      encoding: "utf8",
      timeout: CALL_TIMEOUT_MS,
      env: { PATH: process.env.PATH ?? "", HOME, MCP_CATALOG_PATH: join(HOME, "mcp.json") },
    },
  );
  try {
    return { output: JSON.parse(run.stdout), raw: run.stdout, status: run.status };
  } catch {
    return { output: undefined, raw: `${run.stdout}\n${run.stderr}`, status: run.status };
  }
}

function call(tool, toolArgs = {}, serverFlags = []) {
  const args = ["--method", "tools/call", "--tool-name", tool];
  for (const [key, value] of Object.entries(toolArgs)) args.push("--tool-arg", `${key}=${value}`);
  return inspect(args, serverFlags);
}

const withoutSecrets = (raw) => !raw.includes(MOCK_ADMIN_TOKEN);

function checkEra() {
  const list = inspect(["--method", "tools/list"]);
  const names = list.output?.tools?.map((tool) => tool.name).sort() ?? [];
  // Every operation of core's table that is a tool, by the table's names, and Sign in with Plex's two.
  const expected = [
    "sign_in_with_plex",
    "wait_for_plex_sign_in",
    ...Object.values(operations).flatMap((operation) => (operation.tool ? [operation.tool.name] : [])),
  ].sort();
  record(
    JSON.stringify(names) === JSON.stringify(expected),
    `${era}: tools/list names the table's tools and Sign in with Plex's (${expected.length})`,
    list.raw,
  );
  record(
    list.output?.tools?.every((tool) => tool.inputSchema?.type === "object" && tool.outputSchema && tool.annotations),
    `${era}: every tool has an input schema, an output schema and annotations`,
  );

  const details = call("get_token_details");
  record(
    details.output?.structuredContent?.account?.username === MOCK_ACCOUNTS.twoFactor.username &&
      withoutSecrets(details.raw),
    `${era}: get_token_details: names the mock owner, token shown as a fingerprint only`,
    details.raw,
  );

  const transient = call("get_transient_token");
  record(
    /^…/.test(transient.output?.structuredContent?.transientToken?.fingerprint ?? "") &&
      transient.output?.structuredContent?.transientToken?.value === undefined,
    `${era}: get_transient_token: a fingerprint, not the token`,
    transient.raw,
  );

  const exposed = call("get_transient_token", {}, ["--expose-tokens"]);
  record(
    typeof exposed.output?.structuredContent?.transientToken?.value === "string",
    `${era}: get_transient_token with --expose-tokens: the full token`,
    exposed.raw,
  );

  const source = call("get_source_connection_information", { source: MOCK_SOURCES.sharedServer.source });
  record(
    source.output?.structuredContent?.name === MOCK_SOURCES.sharedServer.name &&
      source.output?.structuredContent?.connections?.length === MOCK_SOURCES.sharedServer.connections.length,
    `${era}: get_source_connection_information: the shared server and its connections`,
    source.raw,
  );

  const { login, password } = MOCK_ACCOUNTS.plain;
  const signIn = call("post_users_sign_in_data", { login, password });
  // The new token is only known to the server process; its fingerprint is its last four characters, so a
  // longer run of token characters ending in them would be the token itself.
  const lastFour = (signIn.output?.structuredContent?.token?.fingerprint ?? "").slice(1);
  const fullToken = new RegExp(`[A-Za-z0-9_-]{6,}${lastFour.replace(/[^A-Za-z0-9_-]/g, "")}`);
  record(
    signIn.output?.structuredContent?.account?.username === MOCK_ACCOUNTS.plain.username &&
      lastFour.length === 4 &&
      !fullToken.test(signIn.raw) &&
      !signIn.raw.includes(password),
    `${era}: post_users_sign_in_data: signs in; neither the token nor the password is echoed`,
    signIn.raw,
  );

  const twoFactor = call("post_users_sign_in_data", {
    login: MOCK_ACCOUNTS.twoFactor.login,
    password: MOCK_ACCOUNTS.twoFactor.password,
  });
  record(
    twoFactor.output?.isError === true &&
      twoFactor.output?.structuredContent?.error?.code === "two_factor_required" &&
      /verificationCode/.test(twoFactor.output?.structuredContent?.error?.hint ?? ""),
    `${era}: post_users_sign_in_data on a 2FA account: isError, two_factor_required, hint names verificationCode`,
    twoFactor.raw,
  );

  const invalid = call("get_source_connection_information", { source: "http://evil.example" });
  record(
    invalid.output?.isError === true && invalid.output?.structuredContent?.error?.code === "invalid_input",
    `${era}: schema-invalid arguments: isError, invalid_input`,
    invalid.raw,
  );
}

if (!existsSync(BIN) || !existsSync(INSPECTOR) || !existsSync(NODE22)) {
  record(false, "built bin, inspector and Node 22 present", `${BIN} ${INSPECTOR} ${NODE22}`);
} else {
  for (const next of ["legacy", "modern"]) {
    era = next;
    checkEra();
  }
}
rmSync(HOME, { recursive: true, force: true });

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
