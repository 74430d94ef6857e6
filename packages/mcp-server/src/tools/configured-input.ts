import type { AnyOperation } from "@plex-auth/core";
import type { PlexMcpConfig } from "../config/config.ts";

/** Input fields the server fills in from its configuration, as one group. */
export type ConfiguredInput = Readonly<Record<string, string>>;

/**
 * The input an operation takes from the server's configuration instead of from the model: the sign-in's
 * login and password from `PLEX_LOGIN` / `PLEX_PASSWORD`, so the password never enters the conversation.
 *
 * @example
 * ```ts
 * configuredInputFor(operations.postUsersSignInData, config); // { login: "me@example.com", password: "…" }
 * ```
 */
export function configuredInputFor(operation: AnyOperation, config: PlexMcpConfig): ConfiguredInput | undefined {
  const fields = operation.tool?.credentials;
  const { credentials } = config;
  if (!fields || !credentials) return undefined;
  return Object.fromEntries(fields.map((field) => [field, credentials[field]]));
}

/**
 * The arguments with the configured group filled in, unless the model gave any field of the group itself
 * (then its own values are used whole, never mixed with the configured ones).
 *
 * @example
 * ```ts
 * withConfiguredInput({ verificationCode: "012345" }, { login: "me", password: "…" });
 * // { verificationCode: "012345", login: "me", password: "…" }
 * ```
 */
export function withConfiguredInput(args: unknown, configured: ConfiguredInput | undefined): unknown {
  if (!configured || typeof args !== "object" || args === null || Array.isArray(args)) return args ?? configured;
  if (Object.keys(configured).some((field) => Object.hasOwn(args, field))) return args;
  return { ...args, ...configured };
}
