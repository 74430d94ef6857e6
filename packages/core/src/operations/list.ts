// The one list of operations. Each file declares an operation (`<name>Operation`) and its standalone
// function (`<name>`); the table, the client's methods, the MCP tools and the mock's routes are derived
// from this list. Adding an operation: its file, and one line here (see CONTRIBUTING.md).
export * from "./get-source-connection-information.ts";
export * from "./get-token-details.ts";
export * from "./get-transient-token.ts";
export * from "./ping.ts";
export * from "./post-users-sign-in-data.ts";
