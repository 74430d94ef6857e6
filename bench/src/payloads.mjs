/**
 * The response bodies every target gets: the spec's example payloads, byte for byte, read once from
 * `spec/plex-api/examples`. The loopback server, the in-process stub fetch and the MCP bench all serve
 * these, so every client parses the same bytes.
 * @module
 */
import { readFileSync } from "node:fs";

const EXAMPLES = new URL("../../spec/plex-api/examples/", import.meta.url);

/** @param {string} name */
function example(name) {
  const text = readFileSync(new URL(name, EXAMPLES), "utf8");
  JSON.parse(text); // fail loudly on a broken example rather than benchmark an error path
  return text;
}

/**
 * One entry per route: path below the server's root, the status Plex answers, and the body.
 * `plexTv` routes sit below `/api/v2`, as on plex.tv.
 */
export const ROUTES = Object.freeze({
  getTransientToken: { path: "/security/token", status: 200, body: example("get_transient_token.200.json") },
  getSourceConnectionInformation: {
    path: "/security/resources",
    status: 200,
    body: example("get_source_connection_information.200.json"),
  },
  getTokenDetails: { path: "/api/v2/user", status: 200, body: example("get_token_details.200.json") },
  postUsersSignInData: {
    path: "/api/v2/users/signin",
    status: 201,
    body: example("post_users_sign_in_data.201.json"),
  },
});

/** The source every getSourceConnectionInformation call asks for. */
export const SOURCE = "server://0123456789abcdef0123456789abcdef";
/** The token every client sends; the server does not check it (the same for every target). */
export const TOKEN = "bench-token-0123456789";
/** The client identifier every client sends. */
export const CLIENT_IDENTIFIER = "plex-auth-bench";
/** Sign-in credentials (the server does not check them). */
export const CREDENTIALS = Object.freeze({ login: "bench@example.com", password: "bench-Pa55word!" });
