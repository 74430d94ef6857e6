#!/usr/bin/env node
/**
 * The plex-auth demo: the SDK against a mock plex.tv and Plex Media Server on 127.0.0.1, with no Plex
 * account and no network. It signs in with Plex (a plex.tv/link code the mock approves), finds the
 * account's server and the connection that works (most of its addresses are dead, as away from home),
 * mints a transient token through it, signs in with a password and two-factor code, reads the token's
 * account, asks the server how to reach a shared server, shows a rate-limited call being retried, and
 * gives a device key its own Plex JWT that refreshes itself after the mock's clock moves 7 days; then it
 * does the same through the MCP server's tools with a real MCP client. Every token is printed only
 * as its fingerprint (`…a1b2`).
 *
 * Run it from the repository root with `pnpm demo` (builds the packages first), or `node examples/demo.mjs`.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { createPlexAuth, fingerprint, isServer, PLEX_LINK_URL, TwoFactorRequiredError } from "@plex-auth/core";
import { createJwtTokenSource, exportDeviceKey, generateDeviceKey, provisionJwtDevice } from "@plex-auth/core/jwt";
import { MOCK_ACCOUNTS, MOCK_SOURCES } from "@plex-auth/mock-server";
import { startMockServer } from "@plex-auth/mock-server/node";

const ACCOUNT = MOCK_ACCOUNTS.twoFactor;
const SOURCE = MOCK_SOURCES.sharedServer;

/** Prints one line of the transcript. */
function print(line = "") {
  process.stdout.write(`${line}\n`);
}

/** Indents a result line under its step. */
function result(line) {
  print(`   -> ${line}`);
}

/**
 * The transcript, one chapter per step. Each chapter is `async (demo) => void` and may leave what later
 * chapters need on `demo` (the account token, the transient token). To extend the demo, append a chapter.
 */
const CHAPTERS = [
  async function signInWithPlex(demo) {
    print("1. Sign in with Plex: a PIN for plex.tv/link (no password passes through the app)");
    const pin = await demo.plex.authentication.createOAuthPin();
    result(
      `Go to ${PLEX_LINK_URL} and enter ${pin.code} (it expires in ${Math.round((pin.expiresIn ?? 0) / 60)} minutes)`,
    );
    // The person types the code on plex.tv a moment later: here the mock approves it as alex.
    const approval = setTimeout(() => demo.mock.approvePin(pin.code, "twoFactor"), 1_500);
    let polls = 0;
    const approved = await demo.plex.waitForOAuthPin(pin, { onPoll: () => polls++ });
    clearTimeout(approval);
    demo.pinToken = approved.authToken;
    const account = await demo.plex.withToken(approved.authToken).authentication.getTokenDetails();
    result(
      `approved after ${polls + 1} polls, one a second: signed in as ${account.username}, token ${fingerprint(approved.authToken)}`,
    );
  },

  async function serverConnection(demo) {
    print("2. The account's servers, and the connection that works (GET clients.plex.tv /api/v2/resources)");
    const signedIn = demo.plex.withToken(demo.pinToken);
    const resources = await signedIn.authentication.getServerResources();
    const server = resources.filter(isServer).find((resource) => resource.owned);
    if (!server) throw new Error("the mock lists no server of alex's");
    result(
      `${resources.filter(isServer).length} servers and ${resources.filter((r) => !isServer(r)).length} other device(s); "${server.name}" lists:`,
    );
    for (const connection of server.connections) {
      const kind = connection.relay ? "relay" : connection.local ? "local" : "remote";
      print(`      ${connection.uri} (${kind})`);
    }
    const found = await signedIn.findServerConnection(server);
    demo.connection = found;
    const kind = found.local ? "local" : found.relay ? "relay" : "remote";
    result(
      `picked ${found.uri} (${kind}) in ${found.latencyMs} ms, probed with the server's own token ` +
        `${fingerprint(found.accessToken)}; the black-holed and refused addresses were dropped, not waited for`,
    );
    const transient = await signedIn.authentication.getTransientToken(undefined, {
      serverUrl: found.uri,
      token: found.accessToken,
    });
    demo.secrets.push(transient);
    result(`through it: a transient token ${fingerprint(transient)} from the server`);
  },

  async function signInWithTwoFactor(demo) {
    print(`3. Password sign-in to ${ACCOUNT.login}, which has two-factor authentication, without a code`);
    const credentials = { login: ACCOUNT.login, password: ACCOUNT.password };
    try {
      await demo.plex.authentication.postUsersSignInData(credentials);
      throw new Error("expected plex.tv to ask for a verification code");
    } catch (error) {
      if (!(error instanceof TwoFactorRequiredError)) throw error;
      result(`${error.name}: ${error.message}`);
    }
    print("   Sign in again with the current code from the authenticator app (TOTP)");
    const verificationCode = await demo.mock.totp("twoFactor");
    demo.secrets.push(verificationCode);
    const account = await demo.plex.authentication.postUsersSignInData({ ...credentials, verificationCode });
    demo.token = account.authToken;
    result(`signed in as ${account.username}, token ${fingerprint(account.authToken)}`);
  },

  async function tokenDetails(demo) {
    print("4. Token details (GET plex.tv /api/v2/user)");
    const account = await demo.plex.authentication.getTokenDetails(undefined, { token: demo.token });
    const facts = [
      `account id ${account.id}`,
      account.twoFactorEnabled ? "two-factor on" : "two-factor off",
      account.subscription?.active ? "Plex Pass active" : "no Plex Pass",
      account.homeAdmin ? "home admin" : "not a home admin",
    ];
    result(`${account.username} <${account.email}>, ${facts.join(", ")}, token ${fingerprint(account.authToken)}`);
  },

  async function transientToken(demo) {
    print("5. Transient token (GET /security/token?type=delegation&scope=all on the media server)");
    demo.transientToken = await demo.plex.authentication.getTransientToken(undefined, { token: demo.token });
    result(
      `token ${fingerprint(demo.transientToken)}: same access as the account token, ` +
        "lives up to 48 h, dies when the server restarts",
    );
  },

  async function sourceConnections(demo) {
    print(`6. How to reach ${SOURCE.name} (GET /security/resources?source=server://…, with the transient token)`);
    const device = await demo.plex.authentication.getSourceConnectionInformation(
      { source: SOURCE.source },
      { token: demo.transientToken },
    );
    result(`"${device.name}", access token ${fingerprint(device.accessToken ?? "")}`);
    for (const connection of device.Connection) {
      const kind = connection.relay ? "relay" : connection.local ? "local" : "remote";
      print(`      ${connection.uri} (${kind})`);
    }
  },

  async function rateLimitedRetry(demo) {
    print('7. Rate limiting: the mock answers the next call with 429 "API rate limit exceeded", Retry-After: 1');
    demo.mock.faults.failNext(1, 429, { retryAfterSeconds: 1, operation: "getTokenDetails" });
    const retriesBefore = demo.retries;
    const account = await demo.plex.authentication.getTokenDetails(undefined, { token: demo.token });
    result(
      `answered on attempt ${demo.retries - retriesBefore + 1}: ${account.username}, token ${fingerprint(account.authToken)}`,
    );
  },

  async function jwtDevice(demo) {
    print("8. JWT device authentication: an Ed25519 device key and 7-day Plex JWTs that refresh themselves");
    const now = () => demo.mock.now(); // the JWTs are dated by the mock's clock, which this chapter moves
    const signedIn = demo.plex.withToken(demo.pinToken);
    // The key gets a device of its own (its own client identifier): minting a JWT for the device a legacy
    // token belongs to would kill that token.
    const device = createPlexAuth({ ...demo.options, clientIdentifier: "plex-auth-demo-jwt" });
    const key = await generateDeviceKey();
    demo.secrets.push((await exportDeviceKey(key)).d);
    const approved = await provisionJwtDevice(signedIn, device, key, { intervalMs: 200, now });
    result(
      `key ${key.kid.slice(0, 8)}… registered through a PIN the account approved; Plex JWT ${fingerprint(approved.authToken)} ` +
        `valid ${Math.round((approved.claims.exp - approved.claims.iat) / 86_400)} days, verified against plex.tv's keys`,
    );
    const jwt = createJwtTokenSource(device, { key, token: approved.authToken, now });
    const withJwt = device.withToken(jwt);
    const account = await withJwt.authentication.getTokenDetails();
    const stillAlive = await signedIn.authentication.ping();
    result(`signed in with the JWT as ${account.username}; the account's own token still works: ping ${stillAlive}`);
    const exchanges = () => demo.mock.requests.filter((request) => request.operation === "exchangeJWTToken").length;
    const before = exchanges();
    demo.mock.advanceTime(7 * 24 * 60 * 60_000);
    await demo.mock.rotateKeys();
    print("   The mock's clock moves 7 days (the JWT is dead) and Plex rotates its signing keys");
    const later = await withJwt.authentication.getTokenDetails();
    result(
      `${later.username} again: the token source minted a new JWT ${fingerprint(await jwt())} ` +
        `(${exchanges() - before} exchange: nonce, client JWT signed by the key), verified with the new signing key`,
    );
  },

  async function mcpTools(demo) {
    print(
      "9. The same as MCP tools: a real MCP client drives the plex-auth-mcp server over stdio, starting with Sign in with Plex",
    );
    // The password stays in the server's environment (PLEX_LOGIN / PLEX_PASSWORD): the "model" only ever
    // supplies the two-factor code, and sees tokens as fingerprints.
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [mcpBin()],
      env: {
        PATH: process.env.PATH ?? "",
        PLEX_CLIENT_IDENTIFIER: "plex-auth-demo-mcp",
        PLEX_SERVER_URL: demo.server.url,
        PLEX_TV_URL: demo.server.plexTvUrl,
        PLEX_LOGIN: ACCOUNT.login,
        PLEX_PASSWORD: ACCOUNT.password,
        PLEX_MCP_LOG_LEVEL: "warn",
        // No browser for Sign in with Plex: the tool gives the model a code instead.
        BROWSER: "none",
      },
      stderr: "pipe",
    });
    const client = new Client({ name: "plex-auth-demo", version: "1.0" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      result(`tools/list: ${tools.map((tool) => tool.name).join(", ")}`);
      const call = async (name, args = {}) => {
        const answer = await client.callTool({ name, arguments: args });
        const text = answer.content.find((part) => part.type === "text")?.text ?? "";
        print(`   ${name}(${Object.keys(args).join(", ")})`);
        result(`${answer.isError ? "error: " : ""}${text.split("\n")[0]}`);
        return answer;
      };
      // Sign in with Plex from the chat: no browser here (BROWSER=none), so the model is given a code to show,
      // which the person enters at plex.tv/link (here the mock approves it as casey).
      const started = await call("sign_in_with_plex");
      demo.mock.approvePin(started.structuredContent.code, "plain");
      await call("wait_for_plex_sign_in", { handle: started.structuredContent.handle });
      await call("get_token_details");
      await call("post_users_sign_in_data");
      // Two-factor codes are single-use: the next one comes 30 s later on the mock's clock.
      demo.mock.advanceTime(30_000);
      const verificationCode = await demo.mock.totp("twoFactor");
      demo.secrets.push(verificationCode);
      await call("post_users_sign_in_data", { verificationCode });
      await call("get_token_details");
      await call("get_transient_token");
      await call("get_source_connection_information", { source: SOURCE.source });
      await call("ping");
      // The MCP server is a separate process with a real fetch: it reaches the mock over its socket, but not
      // the mock's simulated addresses, so the tool that probes them is shown by the SDK chapters instead.
      await call("get_home_users");
    } finally {
      await client.close();
    }
  },
];

/** The built MCP server's entry point, found through the package like any dependency. */
function mcpBin() {
  const manifest = createRequire(import.meta.url).resolve("@plex-auth/mcp-server/package.json");
  return join(dirname(manifest), "bin", "plex-auth-mcp.js");
}

async function main() {
  const server = await startMockServer();
  const demo = {
    server,
    mock: server.mock,
    plex: undefined,
    options: undefined,
    token: undefined,
    transientToken: undefined,
    retries: 0,
    secrets: [],
  };
  demo.options = {
    clientIdentifier: "plex-auth-demo",
    product: "plex-auth demo",
    version: "1.0",
    serverUrl: server.url,
    plexTvUrl: server.plexTvUrl,
    // The server over its socket, and its simulated connections in memory: nothing leaves the machine.
    fetch: server.fetch,
    logger: {
      // The client's logger hook: it receives redacted events; retries arrive as warnings.
      warn(message, details) {
        if (message !== "plex-auth retrying") return;
        demo.retries++;
        print(`   ↻ logger: ${details.operation} got ${details.reason}, retrying in ${details.delayMs} ms`);
      },
    },
  };
  demo.plex = createPlexAuth(demo.options);
  try {
    print(`plex-auth demo: a mock plex.tv and Plex Media Server on ${server.url} (no account, no network).`);
    print("Every token is shown only as its fingerprint.");
    for (const chapter of CHAPTERS) {
      print();
      await chapter(demo);
    }
    print();
    print(
      "Done: Sign in with Plex, the server's working connection, sign-in with two-factor, token details, " +
        "a transient token, source connections, a retry and a self-refreshing JWT, through the SDK and as MCP tools.",
    );
  } finally {
    // For the demo's test: every secret the demo handled, so it can prove none was printed.
    const secretsFile = process.env.PLEX_AUTH_DEMO_SECRETS_FILE;
    if (secretsFile) writeFileSync(secretsFile, JSON.stringify([...demo.mock.issuedTokens(), ...demo.secrets]));
    await server.close();
  }
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = 1;
});
