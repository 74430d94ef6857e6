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

type Test = (value: unknown) => boolean;

interface SchemaShape extends SchemaNode {
  readonly type?: string;
  readonly kind?: string;
  readonly pipe?: readonly SchemaShape[];
  readonly default?: unknown;
  readonly fallback?: unknown;
  readonly literal?: unknown;
  readonly "~run"?: (
    dataset: { typed: boolean; value: unknown },
    config: v.Config<v.BaseIssue<unknown>>,
  ) => {
    issues?: unknown;
  };
}

// Keys valibot never copies from input (`_isValidObjectKey`): a body holding one goes through valibot.
function hasUncopiedKey(value: object): boolean {
  return Object.hasOwn(value, "__proto__") || Object.hasOwn(value, "prototype") || Object.hasOwn(value, "constructor");
}

function testOfObject(node: SchemaShape): Test | undefined {
  const entries: [string, Test, boolean][] = [];
  for (const [key, entry] of Object.entries((node.entries ?? {}) as Record<string, SchemaShape>)) {
    const test = testOf(entry);
    if (!test || entry.fallback !== undefined) return undefined;
    entries.push([key, test, entry.type === "optional" || entry.type === "nullish"]);
  }
  return (value) => {
    if (!value || typeof value !== "object" || hasUncopiedKey(value)) return false;
    const fields = value as Record<string, unknown>;
    for (const [key, test, optional] of entries) {
      if (key in fields ? !test(fields[key]) : !optional) return false;
    }
    return true;
  };
}

function testOfType(node: SchemaShape): Test | undefined {
  const type = node.type;
  if (type === "string") return (value) => typeof value === "string";
  if (type === "number") return (value) => typeof value === "number" && !Number.isNaN(value);
  if (type === "boolean") return (value) => typeof value === "boolean";
  if (type === "literal") return (value) => value === node.literal;
  if (type === "loose_object") return testOfObject(node);
  // `v.lazy` picks its schema by the value (one or many): test with the one it picks.
  if (type === "lazy")
    return (value) => testFor((node as { getter: (input: unknown) => object }).getter(value))?.(value) ?? false;
  if (node.default !== undefined) return undefined;
  const inner = node.wrapped && testOf(node.wrapped as SchemaShape);
  if (inner && type === "nullable") return (value) => value === null || inner(value);
  if (inner && type === "nullish") return (value) => value == null || inner(value);
  if (inner && type === "optional") return (value) => value === undefined || inner(value);
  const item = node.item && testOf(node.item as SchemaShape);
  if (item && type === "array") return (value) => Array.isArray(value) && value.every(item);
  const options = type === "union" ? (node.options as SchemaShape[]).map(testOf) : [];
  if (options.length && options.every(Boolean)) return (value) => options.some((test) => test?.(value));
  return undefined;
}

/**
 * A plain predicate equivalent to `schema` for the schemas of responses (loose objects, arrays, unions,
 * primitives, validation actions), or `undefined` when the schema transforms, defaults or strips anything:
 * then its output is not its input, and only valibot can produce it.
 */
function testOf(node: SchemaShape): Test | undefined {
  const [base, ...actions] = node.pipe ?? [node];
  const test = base === node ? testOfType(node) : base && testOf(base);
  if (!test) return undefined;
  const checks = actions.filter((action) => action.kind !== "metadata");
  if (checks.some((action) => action.kind !== "validation")) return undefined;
  if (!checks.length) return test;
  return (value) => test(value) && checks.every((action) => !action["~run"]?.({ typed: true, value }, config).issues);
}

const TESTS = new WeakMap<object, Test | null>();

function testFor(schema: object): Test | null {
  let test = TESTS.get(schema);
  if (test === undefined) {
    test = testOf(schema as SchemaShape) ?? null;
    TESTS.set(schema, test);
  }
  return test;
}

/**
 * {@link check} for a value nobody else holds (a body just parsed from JSON): when the value passes, it is
 * returned as is instead of valibot's copy, checked by a predicate compiled once from the schema (a tenth
 * of valibot's time on an account). A value that fails, or a schema with transforms or defaults, goes
 * through {@link check}, so the issues are valibot's.
 */
export function checkParsed<T>(schema: v.GenericSchema<unknown, T>, value: unknown): CheckResult<T> {
  return testFor(schema)?.(value) ? { success: true, output: value as T } : check(schema, value);
}
