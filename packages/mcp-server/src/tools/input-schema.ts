import type { AnyOperation } from "@plex-auth/core";
import { type ObjectJsonSchema, plainJsonSchema } from "./json-schema.ts";

/**
 * The input JSON Schema of an operation's tool, derived from core's valibot input schema (field
 * descriptions included: they are `v.description` in the schema), with `optional` fields dropped from
 * `required` (fields the server fills in from its configuration, such as the sign-in's login and password
 * from `PLEX_LOGIN` / `PLEX_PASSWORD`).
 *
 * @example
 * ```ts
 * inputJsonSchema(operations.postUsersSignInData, ["login", "password"]).required; // []
 * ```
 */
export function inputJsonSchema(operation: AnyOperation, optional: readonly string[] = []): ObjectJsonSchema {
  const schema = plainJsonSchema(operation.input);
  return { ...schema, required: (schema.required ?? []).filter((name) => !optional.includes(name)) };
}
