import type { AnyOperation } from "@plex-auth/core";
import { FIELD_DESCRIPTIONS } from "./field-descriptions.ts";
import { type ObjectJsonSchema, plainJsonSchema } from "./json-schema.ts";

/**
 * The input JSON Schema of an operation's tool, derived from core's valibot input schema, with field
 * descriptions added and `optional` fields dropped from `required` (fields the server fills in from its
 * configuration, such as the sign-in's login and password from `PLEX_LOGIN` / `PLEX_PASSWORD`).
 *
 * @example
 * ```ts
 * inputJsonSchema(operations.postUsersSignInData, ["login", "password"]).required; // []
 * ```
 */
export function inputJsonSchema(operation: AnyOperation, optional: readonly string[] = []): ObjectJsonSchema {
  const schema = plainJsonSchema(operation.input);
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => {
      const description = FIELD_DESCRIPTIONS[name];
      return [name, description && property.description === undefined ? { ...property, description } : property];
    }),
  );
  return { ...schema, properties, required: (schema.required ?? []).filter((name) => !optional.includes(name)) };
}
