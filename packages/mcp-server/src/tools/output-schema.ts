import type * as v from "valibot";
import { type ObjectJsonSchema, plainJsonSchema } from "./json-schema.ts";
import { toolErrorSchema } from "./result-schemas.ts";

/**
 * The output JSON Schema of a tool: its success fields, or `error` on a failed call. Error results carry
 * structured content too, and MCP clients validate any structured content they get against this schema,
 * so both shapes must pass it.
 *
 * @example
 * ```ts
 * outputJsonSchema(v.object({ transientToken: tokenViewSchema })).anyOf; // [{ required: ["transientToken"] }, { required: ["error"] }]
 * ```
 */
export function outputJsonSchema(success: v.GenericSchema): ObjectJsonSchema {
  const schema = plainJsonSchema(success);
  return {
    type: "object",
    properties: { ...schema.properties, error: plainJsonSchema(toolErrorSchema) },
    anyOf: [{ required: schema.required ?? [] }, { required: ["error"] }],
  };
}
