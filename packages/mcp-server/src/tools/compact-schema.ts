/**
 * Makes an advertised JSON Schema cheaper for a model to read: a nullable `anyOf: [{ type: T }, { type:
 * "null" }]` becomes `type: [T, "null"]`; where asked, descriptions go (an output schema's fields are named
 * plainly enough, and the server's instructions say what tokens look like), and objects nested deeper than
 * `depth` are only `{ type: "object" }` (what they hold is in every result anyway). `tools/list` lands in
 * the model's context whole, so every byte here is paid on every conversation; a shallower schema still
 * accepts every result the deep one did.
 *
 * @example
 * ```ts
 * compactJsonSchema({ anyOf: [{ type: "string" }, { type: "null" }] }, { descriptions: false }); // { type: ["string", "null"] }
 * ```
 */
export function compactJsonSchema(schema: unknown, options: { descriptions: boolean; depth?: number }): unknown {
  return compactAt(schema, options, 0);
}

function compactAt(schema: unknown, options: { descriptions: boolean; depth?: number }, level: number): unknown {
  if (Array.isArray(schema)) return schema.map((item) => compactAt(item, options, level));
  if (typeof schema !== "object" || schema === null) return schema;
  const record = schema as Record<string, unknown>;
  if (options.depth !== undefined && level > options.depth && isObjectSchema(record)) {
    return collapseNullable(shallowObject(record));
  }
  const compacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "description" && !options.descriptions) continue;
    // Under `properties` every key is a field name, not a keyword: keep them all, one level deeper.
    compacted[key] =
      key === "properties" && typeof value === "object" && value !== null
        ? Object.fromEntries(Object.entries(value).map(([name, field]) => [name, compactAt(field, options, level + 1)]))
        : compactAt(value, options, key === "items" ? level + 1 : level);
  }
  return collapseNullable(compacted);
}

function isObjectSchema(schema: Record<string, unknown>): boolean {
  return (
    schema.type === "object" ||
    (Array.isArray(schema.anyOf) && schema.anyOf.some((branch) => isObjectSchema(branch as Record<string, unknown>)))
  );
}

// An object (or a nullable one) reduced to its type.
function shallowObject(schema: Record<string, unknown>): Record<string, unknown> {
  if (schema.type === "object") return { type: "object" };
  return {
    anyOf: (schema.anyOf as Record<string, unknown>[]).map((branch) =>
      isObjectSchema(branch) ? { type: "object" } : branch,
    ),
  };
}

const TYPE_LOCAL_KEYWORDS: ReadonlySet<string> = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "description",
]);

// `{ anyOf: [{ type: "string" }, { type: "null" }], description }` → `{ type: ["string", "null"], description }`.
function collapseNullable(schema: Record<string, unknown>): Record<string, unknown> {
  const branches = schema.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return schema;
  const [first, second] = branches as Record<string, unknown>[];
  const isNull = (branch: Record<string, unknown> | undefined) =>
    branch !== undefined && branch.type === "null" && Object.keys(branch).length === 1;
  const other = isNull(second) ? first : isNull(first) ? second : undefined;
  // Only keywords that constrain the branch's own type fold safely: the same keyword on the merged schema
  // must still let `null` through (an `enum`, `const` or combinator would refuse it).
  if (!other || typeof other.type !== "string" || other.type === "null") return schema;
  if (Object.keys(other).some((key) => !TYPE_LOCAL_KEYWORDS.has(key))) return schema;
  // Only a bare scalar or object branch merges: its other keywords (properties, items…) carry over whole.
  const { anyOf: _anyOf, ...rest } = schema;
  if (Object.keys(other).some((key) => key in rest)) return schema;
  return { ...rest, ...other, type: [other.type, "null"] };
}
