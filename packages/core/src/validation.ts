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
  readonly type: string;
  readonly kind: string;
  readonly pipe?: readonly SchemaShape[];
  readonly default?: unknown;
  readonly getter?: (input: unknown) => object;
  readonly "~run": (dataset: { typed: boolean; value: unknown }, config: object) => { issues?: unknown };
}

const TYPES: Record<string, Test> = {
  string: (value) => typeof value === "string",
  number: (value) => typeof value === "number" && !Number.isNaN(value),
  boolean: (value) => typeof value === "boolean",
};

/**
 * A plain predicate equivalent to `node` for what response schemas use (loose objects, arrays, lazy,
 * nullable / nullish / optional, primitives, validation actions), or `undefined` for anything else, or
 * anything that transforms, defaults or strips: then the output is not the input, and only valibot makes it.
 */
function testOf(node: SchemaShape): Test | undefined {
  const [base, ...actions] = node.pipe ?? [node];
  if (base !== node) {
    const test = base && testOf(base);
    const checks = actions.filter((action) => action.kind !== "metadata");
    if (!test || checks.some((action) => action.kind !== "validation")) return undefined;
    return (value) => test(value) && checks.every((action) => !action["~run"]({ typed: true, value }, config).issues);
  }
  const { type, wrapped, item, entries, getter } = node as SchemaShape & { wrapped?: SchemaShape; item?: SchemaShape };
  // A fallback is only used on failure, which valibot handles; a default changes what a missing key gives.
  if (node.default !== undefined) return undefined;
  if (getter) return (value) => testFor(getter(value))?.(value) ?? false;
  const inner = (wrapped ?? item) && testOf((wrapped ?? item) as SchemaShape);
  if (type === "nullable" || type === "nullish" || type === "optional") {
    return (
      inner &&
      ((value) => (value === null ? type !== "optional" : value === undefined ? type !== "nullable" : inner(value)))
    );
  }
  if (type === "array") return inner && ((value) => Array.isArray(value) && value.every(inner));
  if (type !== "loose_object") return TYPES[type];
  const tests: [string, Test, boolean][] = [];
  for (const [key, entry] of Object.entries(entries as Record<string, SchemaShape>)) {
    const test = testOf(entry);
    if (!test) return undefined;
    tests.push([key, test, entry.type === "optional" || entry.type === "nullish"]);
  }
  // A key valibot never copies (`__proto__`, `prototype`, `constructor`), or an object that is not plain
  // (an XML body's null-prototype nodes), sends the body through valibot, whose copy is a plain object.
  return (value) =>
    !!value &&
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !["__proto__", "prototype", "constructor"].some((key) => Object.hasOwn(value, key)) &&
    tests.every(([key, test, optional]) => (key in value ? test((value as Record<string, unknown>)[key]) : optional));
}

const TESTS = new WeakMap<object, Test | null>();

function testFor(schema: object): Test | null {
  const known = TESTS.get(schema);
  if (known !== undefined) return known;
  const test = testOf(schema as SchemaShape) ?? null;
  TESTS.set(schema, test);
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
