import type * as v from "valibot";
import { compactJsonSchema } from "./compact-schema.ts";
import { type ObjectJsonSchema, plainJsonSchema } from "./json-schema.ts";

/**
 * The output JSON Schema of a tool: its success fields, or `error` on a failed call. Error results carry
 * structured content too, and MCP clients validate any structured content they get against this schema,
 * so both shapes must pass it. Compact: no field descriptions, nullable types folded, and `error` only an
 * object here, since its shape ({ code, status, retryable, retryAfterMs, message, hint }) is the same for
 * every tool and the server's instructions give it once.
 *
 * @example
 * ```ts
 * outputJsonSchema(v.object({ transientToken: tokenViewSchema })).anyOf; // [{ required: ["transientToken"] }, { required: ["error"] }]
 * ```
 */
export function outputJsonSchema(success: v.GenericSchema): ObjectJsonSchema {
  const schema = compactJsonSchema(plainJsonSchema(success), { descriptions: false, depth: 0 }) as ObjectJsonSchema;
  return {
    type: "object",
    properties: { ...schema.properties, error: { type: "object" } },
    anyOf: [{ required: schema.required ?? [] }, { required: ["error"] }],
  };
}
