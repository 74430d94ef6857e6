import * as v from "valibot";
import type { ValidationIssue } from "./errors/local.ts";

// valibot's default messages quote the received value ("Expected string but received 123456"), which
// would put a password or a verification code into an error. Issues without a message of our own get
// this marker instead, and `describe` replaces it with a message naming what was expected, never what
// was received.
const DEFAULT_MESSAGE = "\u0000default";
const config: v.Config<v.BaseIssue<unknown>> = { abortEarly: false, message: () => DEFAULT_MESSAGE };

interface SchemaNode {
  readonly entries?: Readonly<Record<string, SchemaNode>>;
  readonly item?: SchemaNode;
  readonly wrapped?: SchemaNode;
  readonly options?: readonly SchemaNode[];
  readonly message?: unknown;
}

/** Looks through optional/nullable wrappers and unions for the object or array schema inside. */
function container(node: SchemaNode | undefined): SchemaNode | undefined {
  for (let depth = 0; node && depth < 8; depth++) {
    if (node.entries || node.item) return node;
    node = node.wrapped ?? node.options?.find((option) => container(option));
  }
  return undefined;
}

function schemaAt(root: SchemaNode, keys: readonly unknown[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const key of keys) {
    const parent = container(node);
    node = parent?.entries ? parent.entries[String(key)] : parent?.item;
    if (!node) return undefined;
  }
  return node;
}

function describe(issue: v.BaseIssue<unknown>, root: SchemaNode): string {
  const keys = issue.path?.map((item) => item.key) ?? [];
  if (issue.expected === "never") {
    const known = Object.keys(container(schemaAt(root, keys.slice(0, -1)))?.entries ?? {});
    return known.length ? `is not a known field: use ${known.join(", ")}` : "is not a known field: remove it";
  }
  if (issue.received === "undefined") {
    // A missing key is reported by the object, not the field: use the field's own message when it has one.
    const message = schemaAt(root, keys)?.message;
    if (typeof message === "function") return String(message({ ...issue, received: "undefined" }));
    return typeof message === "string" ? message : "is missing";
  }
  if (issue.expected === "Object") return "must be an object";
  return issue.expected ? `must be ${issue.expected}` : "is invalid";
}

/** The outcome of {@link check}: the parsed value, or issues with paths and safe messages. */
export type CheckResult<T> = { success: true; output: T } | { success: false; issues: ValidationIssue[] };

/**
 * Validates `value` against `schema` without ever exposing the input in the issues.
 */
export function check<T>(schema: v.GenericSchema<unknown, T>, value: unknown): CheckResult<T> {
  const result = v.safeParse(schema, value, config);
  if (result.success) return { success: true, output: result.output };
  const root = schema as unknown as SchemaNode;
  return {
    success: false,
    issues: result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? "",
      message: issue.message === DEFAULT_MESSAGE ? describe(issue, root) : issue.message,
    })),
  };
}
