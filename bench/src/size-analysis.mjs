/**
 * Where the bytes of `@plex-auth/core`'s bundles go, and what concrete cuts would save. Two parts:
 *
 * 1. Attribution: the one-operation bundle of the BUILT package, with esbuild following dist's source map
 *    back to `packages/core/src`, split by original file. For each file: minified bytes, and its marginal
 *    gzip cost (gzip of the bundle minus gzip of the bundle with that file's bytes removed). Marginal costs
 *    do not add up to the total (what a file shares with others compresses away once), which is the point:
 *    it is what removing that file alone would save.
 * 2. Experiments (cuts): the same entries bundled from `packages/core/src` with one change applied on the fly
 *    by an esbuild plugin (no file of core is edited), each measured min+gzip against the reference (the
 *    same entry from source, unchanged). They answer "how much would this cut save" with a measured number
 *    instead of a guess.
 * Either part throws when it cannot build against the current core (a cut's stand-in that no longer
 * exports what core imports, say), and `pnpm bench` and CI's check:size then count the analysis as failed
 * (the `size-analysis` row of targets.mjs).
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { bundle, compressedSizes, SIZE_ENTRIES } from "./size.mjs";
import { attributeRanges } from "./sourcemap.mjs";

const CORE_SRC = fileURLToPath(new URL("../../packages/core/src/", import.meta.url));
const CORE_INDEX = `${CORE_SRC}index.ts`;
const HANDWRITTEN_OPTIONS = fileURLToPath(new URL("../analysis/options-handwritten.ts", import.meta.url));

/** @param {string} source a path from the source map */
function groupOf(source) {
  if (source === undefined) return "(esbuild glue, no source)";
  if (/node_modules\/valibot\//.test(source) || /valibot\/dist/.test(source)) return "valibot";
  const core = source.match(/packages\/core\/src\/(.+)$/);
  if (core) return `core/src/${core[1]}`;
  if (source.endsWith("entry.mjs")) return "(entry)";
  return source.replace(/^(\.\.\/)+/, "");
}

/** @param {string} file a group name from {@link groupOf} */
function folderOf(file) {
  const match = file.match(/^core\/src\/(.+)\/[^/]+$/);
  return match ? `core/src/${match[1]}/*` : file;
}

/**
 * Minified bytes and marginal gzip cost of each original file in a bundle.
 * @param {string} text
 * @param {{ mappings: string, sources: string[] }} map
 */
export function attribute(text, map) {
  const ranges = attributeRanges(text, map);
  /** @type {Map<string, { start: number, end: number }[]>} */
  const byGroup = new Map();
  for (const range of ranges) {
    const group = groupOf(range.source);
    if (!byGroup.has(group)) byGroup.set(group, []);
    byGroup.get(group)?.push(range);
  }
  const total = compressedSizes(Buffer.from(text)).gzip;
  const rows = [...byGroup].map(([group, owned]) => {
    const kept = ranges.filter((range) => groupOf(range.source) !== group);
    const without = kept.map((range) => text.slice(range.start, range.end)).join("");
    const minified = owned.reduce((sum, range) => sum + Buffer.byteLength(text.slice(range.start, range.end)), 0);
    return { file: group, minified, marginalGzip: total - compressedSizes(Buffer.from(without)).gzip };
  });
  rows.sort((a, b) => b.minified - a.minified);
  // The same by folder (errors/*, transport/*, ...): what dropping or merging a whole layer would save.
  const folders = [...new Set(rows.map((row) => folderOf(row.file)))].map((folder) => {
    const kept = ranges.filter((range) => folderOf(groupOf(range.source)) !== folder);
    const without = kept.map((range) => text.slice(range.start, range.end)).join("");
    const members = rows.filter((row) => folderOf(row.file) === folder);
    return {
      folder,
      files: members.length,
      minified: members.reduce((sum, row) => sum + row.minified, 0),
      marginalGzip: total - compressedSizes(Buffer.from(without)).gzip,
    };
  });
  folders.sort((a, b) => b.minified - a.minified);
  return { totalGzip: total, totalMinified: Buffer.byteLength(text), rows, folders };
}

// ---- source transforms for the experiments (applied to a copy in memory) --------------------------------

/**
 * Replaces every long string (message text) with a short unique one. Strings of module specifiers are kept.
 * @param {string} code
 * @param {string} fileName
 * @param {number} maxLength strings longer than this are cut
 */
function terseStrings(code, fileName, maxLength) {
  let counter = 0;
  const short = () => `m${(counter++).toString(36)}`;
  return transformSource(code, fileName, (node, factory) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return node;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.length > maxLength) {
      if (ts.isPropertyAssignment(node.parent) && node.parent.name === node) return undefined;
      return factory.createStringLiteral(short());
    }
    if (ts.isTemplateExpression(node)) {
      const literalLength =
        node.head.text.length + node.templateSpans.reduce((sum, span) => sum + span.literal.text.length, 0);
      if (literalLength <= maxLength) return undefined;
      return factory.createTemplateExpression(
        factory.createTemplateHead(node.head.text ? short() : ""),
        node.templateSpans.map((span, index) =>
          factory.createTemplateSpan(
            span.expression,
            index === node.templateSpans.length - 1
              ? factory.createTemplateTail(span.literal.text ? short() : "")
              : factory.createTemplateMiddle(span.literal.text ? short() : ""),
          ),
        ),
      );
    }
    return undefined;
  });
}

/** Properties of an operation declaration that only the MCP server reads (its words and its tool). */
const MCP_ONLY = new Set(["title", "description", "tool"]);

/**
 * Whether a node is a call `v.description(…)` (or `description(…)`): a field description in an input
 * schema's pipe, read only by the MCP server's tool listing.
 * @param {ts.Node} node
 */
function isDescriptionCall(node) {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text === "description";
  return ts.isIdentifier(callee) && callee.text === "description";
}

/**
 * Drops the MCP-only properties from the operation declarations (the object passed to `defineOperation`)
 * and the `v.description(…)` actions from the pipes of their input schemas.
 * @param {string} code
 * @param {string} fileName
 */
function withoutMcpMetadata(code, fileName) {
  return transformSource(code, fileName, (node, factory) => {
    if (
      ts.isObjectLiteralExpression(node) &&
      ts.isCallExpression(node.parent) &&
      ts.isIdentifier(node.parent.expression) &&
      node.parent.expression.text === "defineOperation"
    ) {
      const kept = node.properties.filter(
        (property) =>
          !(ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && MCP_ONLY.has(property.name.text)),
      );
      return kept.length === node.properties.length ? undefined : factory.updateObjectLiteralExpression(node, kept);
    }
    if (ts.isCallExpression(node) && node.arguments.some(isDescriptionCall)) {
      const kept = node.arguments.filter((argument) => !isDescriptionCall(argument));
      return factory.updateCallExpression(node, node.expression, node.typeArguments, kept);
    }
    return undefined;
  });
}

/**
 * Runs a visitor over a TypeScript file and prints it back.
 * @param {string} code
 * @param {string} fileName
 * @param {(node: ts.Node, factory: ts.NodeFactory) => ts.Node | undefined} replace
 */
function transformSource(code, fileName, replace) {
  const file = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const result = ts.transform(file, [
    (context) => {
      /** @param {ts.Node} node @returns {ts.Node} */
      const visit = (node) => {
        // A replacement is visited further down too (a declaration whose MCP words were dropped still has
        // the descriptions of its input schema inside).
        return ts.visitEachChild(replace(node, context.factory) ?? node, visit, context);
      };
      return (root) => /** @type {ts.SourceFile} */ (ts.visitNode(root, visit));
    },
  ]);
  const printed = ts.createPrinter().printFile(/** @type {ts.SourceFile} */ (result.transformed[0]));
  result.dispose();
  return printed;
}

/**
 * An esbuild plugin that serves core's source files through `change`.
 * @param {(code: string, path: string) => string} change
 * @returns {import("esbuild").Plugin}
 */
function rewriteCore(change) {
  return {
    name: "rewrite-core-src",
    setup(build) {
      build.onLoad({ filter: /packages\/core\/src\/.*\.ts$/ }, (args) => ({
        contents: change(readFileSync(args.path, "utf8"), args.path),
        loader: "ts",
      }));
    },
  };
}

/**
 * The cuts measured, each against the reference: the same entry bundled from core's source with no change.
 * Core's bundler build (the `module` condition esbuild picks) is already one module per source file, so
 * the reference is the built bundle within a few bytes; the reference, not dist, is what a cut is compared
 * with, so that only the cut differs. In this order, because a cut that serves a file of its own
 * (`handwritten-options`) replaces what the cuts before it did to that file: the file replacement comes
 * first, and the source transforms after it apply to the stand-in too.
 */
export const EXPERIMENTS = Object.freeze([
  {
    id: "handwritten-options",
    label: "client/per-call options checked by hand-written code instead of valibot schemas (options.ts)",
    change: (/** @type {string} */ code, /** @type {string} */ path) =>
      path.endsWith("/src/options.ts") ? readFileSync(HANDWRITTEN_OPTIONS, "utf8") : code,
  },
  {
    id: "no-mcp-metadata",
    label: "title/description/tool and the input fields' v.description moved out of the operation declarations",
    change: (/** @type {string} */ code, /** @type {string} */ path) =>
      path.includes("/src/operations/") ? withoutMcpMetadata(code, path) : code,
  },
  {
    id: "terse-messages",
    label: "every string over 40 chars (messages, hints, descriptions) cut to a short code",
    change: (/** @type {string} */ code, /** @type {string} */ path) => terseStrings(code, path, 40),
  },
]);

/** @typedef {(code: string, path: string) => string} Change */

/**
 * Bundles an entry from core's source, with `changes` applied in order (none: the reference).
 * @param {string} code
 * @param {Change[]} changes
 */
export async function bundleFromSource(code, changes) {
  const plugins = changes.length
    ? [rewriteCore((text, path) => changes.reduce((current, change) => change(current, path), text))]
    : [];
  const { bytes, text } = await bundle(code, { alias: { "@plex-auth/core": CORE_INDEX }, plugins });
  return { minified: bytes.length, ...compressedSizes(bytes), text };
}

/** @param {{ minified: number, gzip: number, brotli: number }} sizes */
function sizesOnly({ minified, gzip, brotli }) {
  return { minified, gzip, brotli };
}

/** The size entries the analysis works on. */
function analysisEntries() {
  const one = SIZE_ENTRIES.find((entry) => entry.id === "ours-one");
  const all = SIZE_ENTRIES.find((entry) => entry.id === "ours-all");
  if (!one || !all) throw new Error("size entries ours-one / ours-all are missing");
  return { one, all };
}

/**
 * The whole analysis: attribution of the one-operation bundle of the built package, the reference (both
 * entries from core's source), then every cut alone and with the cuts before it, on both entries.
 *
 * `quick` (CI's check:size) only proves that the analysis still builds against the current core, in three
 * builds: the attribution, and every cut at once on both entries (every transform and the stand-in on every
 * file those entries pull in). It throws, like the full analysis, when one cannot build.
 * @param {{ quick?: boolean }} [options]
 */
export async function analyzeSizes(options = {}) {
  const { one, all } = analysisEntries();
  const built = await bundle(one.code, { sourcemap: true });
  if (!built.map) throw new Error("esbuild produced no source map");
  const attribution = attribute(built.text, built.map);
  // Without dist's source maps every byte would be "dist/…": attributed, but to nothing worth knowing.
  const unmapped = attribution.rows.filter((row) => /packages\/core\/dist\//.test(row.file));
  if (unmapped.length || !attribution.rows.some((row) => row.file.startsWith("core/src/"))) {
    throw new Error(
      `the one-operation bundle does not map back to packages/core/src (${unmapped.map((row) => row.file).join(", ") || "no core/src file"}): build core with its source maps`,
    );
  }
  const changes = EXPERIMENTS.map((experiment) => experiment.change);
  if (options.quick) {
    return {
      mode: "quick",
      baseline: { one: { minified: built.bytes.length, ...compressedSizes(built.bytes) } },
      attribution,
      allCuts: {
        one: sizesOnly(await bundleFromSource(one.code, changes)),
        all: sizesOnly(await bundleFromSource(all.code, changes)),
      },
      experiments: [],
    };
  }
  const builtAll = await bundle(all.code);
  const baseline = {
    one: { minified: built.bytes.length, ...compressedSizes(built.bytes) },
    all: { minified: builtAll.bytes.length, ...compressedSizes(builtAll.bytes) },
  };
  const reference = {
    one: sizesOnly(await bundleFromSource(one.code, [])),
    all: sizesOnly(await bundleFromSource(all.code, [])),
  };

  const experiments = [];
  /** @type {Change[]} */
  const cumulative = [];
  for (const experiment of EXPERIMENTS) {
    cumulative.push(experiment.change);
    experiments.push({
      id: experiment.id,
      label: experiment.label,
      // The cut alone, against the reference.
      one: sizesOnly(await bundleFromSource(one.code, [experiment.change])),
      all: sizesOnly(await bundleFromSource(all.code, [experiment.change])),
      // Every cut so far, together.
      cumulativeOne: sizesOnly(await bundleFromSource(one.code, [...cumulative])),
      cumulativeAll: sizesOnly(await bundleFromSource(all.code, [...cumulative])),
    });
  }
  return { mode: "full", baseline, reference, attribution, experiments };
}
