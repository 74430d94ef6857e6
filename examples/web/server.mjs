#!/usr/bin/env node
/**
 * The web example's server: a mock plex.tv (with its stand-in for Plex's auth app at `/auth`) and the
 * page, both on 127.0.0.1, and "Sign in with Plex" run on the server through `createPlexSignInHandler`
 * mounted at `/api/plex/`. The token of a server-side sign-in goes into a session of this server (a
 * cookie holding a random session id); the page only ever gets the account.
 *
 * Run it from the repository root with `pnpm web` (builds everything first), then open the URL it prints.
 * Tests import `startWebExample()`.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockServer } from "@plex-auth/mock-server/node";
import { createPlexAuthCore, createPlexSignInHandler, signOut, toNodeListener } from "@plex-auth/node";
import { buildPage } from "./build.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const PRODUCT = "plex-auth web example";
const SESSION_COOKIE = "example_session";
const STATIC = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/style.css": ["style.css", "text/css; charset=utf-8"],
};
// The page's own script and styles, requests to itself and to the mock plex.tv; nothing else.
const csp = (mockUrl) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' ${mockUrl} data:; connect-src 'self' ${mockUrl}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function sessionIdOf(request) {
  const match = /(?:^|;\s*)example_session=([A-Za-z0-9_-]{43})(?:;|$)/.exec(request.headers.cookie ?? "");
  return match?.[1];
}

function sendJson(response, status, body, headers = {}) {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  response.end(JSON.stringify(body));
}

/**
 * Starts the mock and the page. `pageHost` is the host name the page is opened at (default `localhost`,
 * another host than the mock's 127.0.0.1, so Plex's forwardUrl check is not satisfied by accident).
 */
export async function startWebExample({ port = 0, mockPort = 0, pageHost = "localhost", mockOptions = {} } = {}) {
  const mockServer = await startMockServer({ port: mockPort, ...mockOptions });
  const { script } = await buildPage();
  const sessions = new Map();
  const core = createPlexAuthCore({
    clientIdentifier: "plex-auth-web-example-server",
    product: PRODUCT,
    plexTvUrl: mockServer.plexTvUrl,
    fetch: mockServer.fetch,
  });
  // Made once the port is known: the page's origin is the one origin allowed to start sign-ins and to be
  // Plex's forwardUrl (the request's own Host header does not count: any script can set it).
  let signIn;
  const makeSignInHandler = (pageOrigins) =>
    createPlexSignInHandler({
      core,
      authAppBaseUrl: `${mockServer.url}/auth`,
      allowedOrigins: pageOrigins,
      onSignedIn: (token, account) => {
        const id = randomBytes(32).toString("base64url");
        sessions.set(id, { token, account });
        const { uuid, username, title, thumb } = account;
        return Response.json(
          { status: "done", account: { uuid, username, title, thumb } },
          { headers: { "Set-Cookie": `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` } },
        );
      },
    });

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://page.invalid");
    if (url.pathname.startsWith("/api/plex/")) return void signIn(request, response);
    if (url.pathname === "/api/session") {
      const id = sessionIdOf(request);
      const session = id === undefined ? undefined : sessions.get(id);
      if (request.method === "DELETE") {
        if (id !== undefined) sessions.delete(id);
        const cleared = { "set-cookie": `${SESSION_COOKIE}=; Path=/; Max-Age=0` };
        // The token dies on plex.tv too, not only in this server's memory.
        const signedOut = session
          ? signOut(core, undefined, { token: session.token }).catch(() => {})
          : Promise.resolve();
        return void signedOut.then(() => sendJson(response, 200, { signedOut: true }, cleared));
      }
      if (!session) return sendJson(response, 401, { error: "not_signed_in" });
      // The account only: not even a fingerprint of the token leaves the server.
      const { username, title, thumb } = session.account;
      return sendJson(response, 200, { username, title, thumb });
    }
    if (url.pathname === "/config.json") {
      return sendJson(response, 200, {
        product: PRODUCT,
        plexTvUrl: mockServer.plexTvUrl,
        authAppUrl: `${mockServer.url}/auth`,
      });
    }
    const headers = { "content-security-policy": csp(mockServer.url), "cache-control": "no-store" };
    if (url.pathname === "/app.js") {
      response.writeHead(200, { ...headers, "content-type": "text/javascript; charset=utf-8" });
      return void response.end(script);
    }
    const file = STATIC[url.pathname];
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      return void response.end("Not found.");
    }
    response.writeHead(200, { ...headers, "content-type": file[1] });
    response.end(readFileSync(join(here, file[0])));
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://${pageHost}:${server.address().port}`;
  // Opened as printed (localhost) or by its address: both are this page.
  signIn = toNodeListener(makeSignInHandler([url, `http://127.0.0.1:${server.address().port}`]));
  return {
    url,
    mock: mockServer.mock,
    mockUrl: mockServer.url,
    sessions,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await mockServer.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env.PORT ?? 5173);
  const example = await startWebExample({ port });
  process.stdout.write(
    `The plex-auth web example: open ${example.url}\n` +
      `(a mock plex.tv runs at ${example.mockUrl}; sign in as any account on its page. Ctrl-C stops both.)\n`,
  );
  process.on("SIGINT", () => example.close().then(() => process.exit(0)));
}
