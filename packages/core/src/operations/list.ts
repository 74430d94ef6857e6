// The one list of operations. Each file declares an operation (`<name>Operation`) and its standalone
// function (`<name>`); the table, the client's methods, the MCP tools and the mock's routes are derived
// from this list. Adding an operation: its file, and one line here (see CONTRIBUTING.md).
export * from "./create-oauth-pin.ts";
export * from "./exchange-jwt-token.ts";
export * from "./get-auth-keys.ts";
export * from "./get-auth-nonce.ts";
export * from "./get-claim-token.ts";
export * from "./get-home-users.ts";
export * from "./get-oauth-pin.ts";
export * from "./get-server-resources.ts";
export * from "./get-source-connection-information.ts";
export * from "./get-token-details.ts";
export * from "./get-transient-token.ts";
export * from "./link-oauth-pin.ts";
export * from "./ping.ts";
export * from "./post-users-sign-in-data.ts";
export * from "./register-device-jwk.ts";
export * from "./sign-out.ts";
export * from "./switch-home-user.ts";
