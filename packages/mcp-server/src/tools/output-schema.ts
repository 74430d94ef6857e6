import type * as v from "valibot";
import { compactJsonSchema } from "./compact-schema.ts";
import { type ObjectJsonSchema, plainJsonSchema } from "./json-schema.ts";

/**
 * The output JSON Schema of a tool: its success fields, none of them required, since an error result
 * carries structured content too (`{ error }`, the same shape for every tool, given once in the server's
 * instructions) and MCP clients validate any structured content they get against this schema. Compact: no
 * field descriptions, nullable types folded, top-level fields only.
 *
 * @example
 * ```ts
 * outputJsonSchema(v.object({ alive: v.boolean() })); // { type: "object", properties: { alive: { type: "boolean" } } }
 * ```
 */
export function outputJsonSchema(success: v.GenericSchema): ObjectJsonSchema {
  const schema = compactJsonSchema(plainJsonSchema(success), { descriptions: false, depth: 0 }) as ObjectJsonSchema;
  return { type: "object", properties: { ...schema.properties } };
}
