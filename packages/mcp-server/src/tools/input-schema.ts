import type { AnyOperation } from "@plex-auth/core";
import { type ObjectJsonSchema, plainJsonSchema } from "./json-schema.ts";

// A field with one allowed value that is also its default (a transient token's `type: "delegation"`) gives
// the model nothing to choose: left out of the listing, it costs no context; core still fills it in.
function withoutFixedFields(schema: ObjectJsonSchema): ObjectJsonSchema {
  const entries = Object.entries(schema.properties ?? {});
  const fixed = (field: Record<string, unknown>) => "const" in field && field.default === field.const;
  if (!entries.some(([, field]) => fixed(field))) return schema;
  return { ...schema, properties: Object.fromEntries(entries.filter(([, field]) => !fixed(field))) };
}

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
  const { required = [], properties = {}, ...rest } = withoutFixedFields(plainJsonSchema(operation.input));
  const stillRequired = required.filter((name) => !optional.includes(name));
  // An empty `required` or `properties` says nothing: left out, as the listing is read whole by the model.
  // A tool without fields is `{ type: "object", additionalProperties: false }`, the form MCP recommends.
  const schema = Object.keys(properties).length > 0 ? { ...rest, properties } : rest;
  return stillRequired.length > 0 ? { ...schema, required: stillRequired } : schema;
}
