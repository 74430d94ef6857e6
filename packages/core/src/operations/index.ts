import type { AnyOperation } from "../operation.ts";
import * as definitions from "./list.ts";

type Definitions = typeof definitions;

/** The names of the operations: each standalone function of the list that has a `<name>Operation` beside it. */
export type OperationName = {
  [Key in keyof Definitions]: `${Key & string}Operation` extends keyof Definitions ? Key : never;
}[keyof Definitions];

/**
 * The type of {@link operations}: each `<name>Operation` of the list, under `<name>`. Mapped over the
 * standalone functions' own keys (a `Pick`), so each entry, and each method of the client, keeps the JSDoc
 * of its function: a key renamed by the mapping would lose it.
 */
export type Operations = {
  readonly [Name in keyof Pick<Definitions, OperationName>]: Definitions[`${Name}Operation` & keyof Definitions];
};

/**
 * The one table of operations. Client methods, MCP tools and mock-server routes are all generated from
 * it, in this order (by name).
 *
 * @example
 * ```ts
 * import { operations } from "@plex-auth/core";
 * for (const operation of Object.values(operations)) console.log(operation.name, operation.method, operation.path);
 * ```
 */
// Pure: bundlers may then drop the table, and the operations it holds, from apps that never import it.
// Only the `<name>Operation` keys are read: each export of a bundled namespace is a getter compiled when first
// read, and reading the standalone functions' too was half of those compiles at import for nothing.
export const operations: Operations = /* @__PURE__ */ Object.freeze(
  Object.fromEntries(
    Object.keys(definitions)
      .filter((key) => key.endsWith("Operation"))
      .map((key) => {
        // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the table holds every operation by design (and is dropped whole, being pure, where unused).
        const operation = definitions[key as keyof Definitions] as AnyOperation;
        return [operation.name, operation];
      }),
  ),
) as Operations;
