import { toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";

/** A JSON Schema object as MCP carries it (`inputSchema`, `outputSchema`). */
export interface ObjectJsonSchema {
  [key: string]: unknown;
  type: "object";
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
}

/**
 * JSON Schema of a valibot schema, without the `$schema` line: the keywords used here mean the same in
 * draft-07 and 2020-12, and a `$schema` naming 2020-12 makes draft-07 validators (the MCP SDK's Ajv) refuse
 * to compile it. Throws if the schema uses something else JSON Schema cannot express, so a new field the
 * conversion would silently drop fails the build's tests instead.
 *
 * @example
 * ```ts
 * plainJsonSchema(v.object({ source: v.string() })); // { type: "object", properties: { source: { type: "string" } }, required: ["source"] }
 * ```
 */
export function plainJsonSchema(schema: v.GenericSchema): ObjectJsonSchema {
  // `check` actions (well-formed text, not blank after trimming) have no JSON Schema form; core still runs
  // them on every call before anything is sent, so leaving them out of the advertised schema loses nothing.
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, {
    errorMode: "throw",
    ignoreActions: ["check"],
  }) as Record<string, unknown>;
  if (rest.type !== "object") throw new Error("a tool schema must describe an object");
  return rest as ObjectJsonSchema;
}
