import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/** The repository's copy of the newest community spec and its example payloads. */
export const SPEC_DIR: string = fileURLToPath(new URL("../../../../spec/plex-api/", import.meta.url));

/**
 * Which spec a schema comes from: the newest community spec (`openapi.yaml`), or its trimmed copy with the
 * auth-flow operations (`openapi.auth-flows.yaml`: pins, resources, Home, sign-out, claim token).
 */
export type SpecName = "newest" | "authFlows";

const SPEC_FILES: Readonly<Record<SpecName, string>> = { newest: "openapi.yaml", authFlows: "openapi.auth-flows.yaml" };

function specId(spec: SpecName): string {
  return `plex-openapi-${spec}`;
}

function loadSpec(file: string): Record<string, unknown> {
  // The upstream spec repeats a key (`subscription.properties.active`); YAML parsers that insist on
  // unique keys reject it, and the repeated definitions are identical.
  return parse(readFileSync(`${SPEC_DIR}${file}`, "utf8"), { uniqueKeys: false }) as Record<string, unknown>;
}

function createAjv(): Ajv2020 {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12. `strict: false` lets the OpenAPI-only keywords
  // (`example`, `x-speakeasy-*`) through without treating them as schema errors.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI's own formats.
  ajv.addFormat("int32", {
    type: "number",
    validate: (value: number) => Number.isInteger(value) && Math.abs(value) < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: (value: number) => Number.isInteger(value) });
  ajv.addFormat("password", () => true);
  for (const [spec, file] of Object.entries(SPEC_FILES) as [SpecName, string][]) {
    ajv.addSchema({ ...loadSpec(file), $id: specId(spec) });
  }
  return ajv;
}

const ajv = createAjv();

function pointer(...parts: string[]): string {
  return parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

/** The spec's JSON Schema of one response body, compiled. */
export function responseValidator(
  path: string,
  method: string,
  status: number,
  mediaType: string,
  spec: SpecName = "newest",
): ValidateFunction {
  const ref = `${specId(spec)}#/${pointer("paths", path, method, "responses", String(status), "content", mediaType, "schema")}`;
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`the spec has no schema at ${ref}`);
  return validate;
}

/** A schema of the spec's `components/schemas`, compiled. */
export function componentValidator(name: string, spec: SpecName = "newest"): ValidateFunction {
  const validate = ajv.getSchema(`${specId(spec)}#/components/schemas/${name}`);
  if (!validate) throw new Error(`the spec has no component schema ${name}`);
  return validate;
}

/** Validation errors as short readable lines, for assertion messages. */
export function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`);
}
