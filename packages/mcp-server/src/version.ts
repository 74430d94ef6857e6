import packageJson from "../package.json" with { type: "json" };

/** This package's version, sent to Plex as `X-Plex-Version` and to MCP clients as the server version. */
export const VERSION: string = packageJson.version;
