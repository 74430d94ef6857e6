// The HTTP transport's fixed settings, apart from the transport itself: the command line's parser and help
// need them, and must not load the HTTP stack (the SDK's Node adapter) when the server runs over stdio.

/** The default bind address: this machine only. */
export const DEFAULT_HTTP_HOST = "127.0.0.1";
/** The default port. */
export const DEFAULT_HTTP_PORT = 3000;
/** The MCP endpoint's path. */
export const MCP_PATH = "/mcp";
