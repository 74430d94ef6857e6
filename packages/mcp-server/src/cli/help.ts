import { PLEX_ENV_VARIABLES } from "@plex-auth/core";
import { MCP_ENV_VARIABLES } from "../config/env.ts";
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT, MCP_PATH } from "../transports/http/defaults.ts";

/** The `--help` text: every flag and every environment variable. */
export function helpText(): string {
  const variables = [
    ...PLEX_ENV_VARIABLES.map((variable) => [variable.name, variable.description] as const),
    ...Object.entries(MCP_ENV_VARIABLES),
  ];
  const width = Math.max(...variables.map(([name]) => name.length));
  return `plex-auth-mcp: Plex authentication as MCP tools (token details, sign-in and sign-out, transient and
claim tokens, servers and their connections, Plex Home profiles). Tokens stay out of the model's context.

Usage:
  plex-auth-mcp                      serve one client over stdio (what desktop MCP clients launch)
  plex-auth-mcp --http [options]     serve Streamable HTTP on http://${DEFAULT_HTTP_HOST}:${DEFAULT_HTTP_PORT}${MCP_PATH}
  plex-auth-mcp --mock [--http]      try it with the built-in fake Plex (no account needed)

Options:
  --http                 serve Streamable HTTP instead of stdio
  --host <address>       bind address (default ${DEFAULT_HTTP_HOST}); non-loopback needs the bearer token
  --port <port>          port (default ${DEFAULT_HTTP_PORT}; 0 picks a free one)
  --no-auth              no bearer token (loopback only, for clients that cannot send headers)
  --allowed-host <name>  another Host name clients use (repeatable; required with --host 0.0.0.0)
  --allowed-origin <url> a browser Origin allowed besides the server's own (repeatable)
  --tls-cert <file>      serve HTTPS with this PEM certificate (with --tls-key; off loopback, TLS or a proxy is a must)
  --tls-key <file>       the PEM private key of --tls-cert
  --expose-tokens        put full tokens in tool results (default: fingerprints only)
  --read-only            only the read-only tools: no sign-in, sign-out, Home switch or claim token
  --mock                 use the built-in mock plex.tv and Plex Media Server instead of the real ones
  --log-level <level>    debug, info, warn, error or silent (default info; logs go to stderr)
  -h, --help             show this help
  -v, --version          show the version

Credentials are read from the environment only, never from the command line:
${variables.map(([name, description]) => `  ${name.padEnd(width)}  ${description}`).join("\n")}
`;
}
