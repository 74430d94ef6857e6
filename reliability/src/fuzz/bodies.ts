/**
 * Response bodies for the schema part: arbitrary JSON, arbitrary text, and (most often) a valid wire
 * example with a few fields replaced by arbitrary JSON, deleted, or joined by unknown and `__proto__`
 * keys, so that both "parses" and "fails validation" are reached, close to the line between them.
 */
import fc from "fast-check";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Mutation =
  | { readonly kind: "replace"; readonly pick: number; readonly value: Json }
  | { readonly kind: "delete"; readonly pick: number }
  | { readonly kind: "add"; readonly pick: number; readonly key: string; readonly value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("replace" as const),
    pick: fc.nat(),
    value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("add" as const),
    pick: fc.nat(),
    key: fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "authToken", "Connection"), fc.string()),
    value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  }),
);

/** Every container (object or array) in a JSON value, with the value itself first. */
function containers(
  value: Json,
  found: (Json[] | { [key: string]: Json })[] = [],
): (Json[] | { [key: string]: Json })[] {
  if (typeof value === "object" && value !== null) {
    found.push(value);
    for (const child of Object.values(value)) containers(child, found);
  }
  return found;
}

function apply(root: Json, change: Mutation): void {
  const all = containers(root);
  const target = all[change.pick % all.length];
  if (!target) return;
  const keys = Object.keys(target);
  if (change.kind === "add") {
    Object.defineProperty(target, change.key, {
      value: change.value,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return;
  }
  const key = keys[change.pick % Math.max(1, keys.length)];
  if (key === undefined) return;
  if (change.kind === "delete") {
    // Not splice: an added "constructor" key would make it look up a species constructor.
    if (Array.isArray(target)) {
      for (let index = Number(key); index < target.length - 1; index++) target[index] = target[index + 1] as Json;
      target.length = Math.max(0, target.length - 1);
    } else delete target[key];
  } else {
    (target as Record<string, Json>)[key] = change.value;
  }
}

/** A body for an operation whose valid example is `example()`. */
export function responseBody(example: () => Json): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.array(mutation, { maxLength: 3 }).map((changes) => {
        const body = example();
        for (const change of changes) apply(body, change);
        return JSON.stringify(body);
      }),
    },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 64 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("", "null", "[]", "{}", '{"MediaContainer":null}', "<MediaContainer/>", '{"a":'),
    },
  );
}
