import type { CallToolResult } from "@modelcontextprotocol/client";
import type { ToolErrorInfo } from "../../src/tools/result-schemas.ts";

/** The structured content of a successful result; fails the test on an error result. */
export function structured(result: unknown): Record<string, unknown> {
  const call = result as CallToolResult;
  if (call.isError) throw new Error(`expected success, got ${JSON.stringify(call.structuredContent)}`);
  return call.structuredContent as Record<string, unknown>;
}

/** The structured error of an error result; fails the test on a success. */
export function toolError(result: unknown): ToolErrorInfo {
  const call = result as CallToolResult;
  if (!call.isError) throw new Error(`expected an error result, got ${JSON.stringify(call.structuredContent)}`);
  return (call.structuredContent as { error: ToolErrorInfo }).error;
}

/** The text block of a result. */
export function textOf(result: unknown): string {
  const [first] = (result as CallToolResult).content;
  return first?.type === "text" ? first.text : "";
}
