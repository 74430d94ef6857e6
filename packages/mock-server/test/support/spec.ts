import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/** The repository's copy of the newest community spec and its example payloads. */
export const SPEC_DIR: string = fileURLToPath(new URL("../../../../spec/plex-api/", import.meta.url));

const SPEC_ID = "plex-openapi";

function loadSpec(): Record<string, unknown> {
  // The upstream spec repeats a key (`subscription.properties.active`); YAML parsers that insist on
  // unique keys reject it, and the repeated definitions are identical.
  return parse(readFileSync(`${SPEC_DIR}openapi.yaml`, "utf8"), { uniqueKeys: false }) as Record<string, unknown>;
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
  ajv.addSchema({ ...loadSpec(), $id: SPEC_ID });
  return ajv;
}

const ajv = createAjv();

function pointer(...parts: string[]): string {
  return parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

/** The spec's JSON Schema of one response body, compiled. */
export function responseValidator(path: string, method: string, status: number, mediaType: string): ValidateFunction {
  const ref = `${SPEC_ID}#/${pointer("paths", path, method, "responses", String(status), "content", mediaType, "schema")}`;
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`the spec has no schema at ${ref}`);
  return validate;
}

/** A schema of the spec's `components/schemas`, compiled. */
export function componentValidator(name: string): ValidateFunction {
  const validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`the spec has no component schema ${name}`);
  return validate;
}

/** Validation errors as short readable lines, for assertion messages. */
export function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`);
}
