/**
 * Guards `checkParsed`, the fast path of response validation: for every response schema of the table, what
 * it accepts and returns is what valibot accepts and returns (spec examples, and the shapes PMS renders),
 * and whatever valibot would reject or reshape still goes through valibot, issues and all.
 */

import * as v from "valibot";
import { describe, expect, it } from "vitest";
import * as core from "../src/index.ts";
import { type AnyOperation, EMPTY_BODY } from "../src/operation.ts";
import { check, checkParsed } from "../src/validation.ts";
import { example, exampleNames } from "./helpers/fixtures.ts";

const OPERATIONS = Object.values(core).filter(
  (value): value is AnyOperation =>
    typeof value === "object" && value !== null && "response" in value && "encode" in value,
);
const RESPONSES = OPERATIONS.flatMap((operation) =>
  operation.response === EMPTY_BODY ? [] : [[operation.name, operation.response] as const],
);

describe("checkParsed", () => {
  it("agrees with valibot on every spec example against every response schema", () => {
    expect(RESPONSES.length).toBeGreaterThan(10);
    for (const name of exampleNames()) {
      for (const [operation, schema] of RESPONSES) {
        const body = example(name);
        const fast = checkParsed(schema, structuredClone(body));
        const slow = check(schema, structuredClone(body));
        expect({ name, operation, ...fast }).toEqual({ name, operation, ...slow });
      }
    }
  });

  it("returns a body that passes as is, and one that fails with valibot's issues", () => {
    const account = example("get_token_details.200.json");
    const passed = checkParsed(core.plexAccountSchema, account);
    expect(passed.success && passed.output).toBe(account);

    const broken = { ...account, username: 42, profile: { ...(account.profile as object), autoSelectAudio: "yes" } };
    const failed = checkParsed(core.plexAccountSchema, broken);
    expect(failed.success).toBe(false);
    expect(failed).toEqual(check(core.plexAccountSchema, broken));
  });

  it("tells null from undefined as valibot does (optional takes no null, nullable no undefined)", () => {
    const schema = v.looseObject({ a: v.optional(v.string()), b: v.nullable(v.number()) });
    for (const body of [{ b: null }, { a: null, b: 1 }, { a: "x" }, { a: "x", b: undefined }, { b: Number.NaN }]) {
      expect(checkParsed(schema, body).success).toBe(check(schema, body).success);
    }
  });

  it("leaves to valibot a body with a key valibot does not copy (__proto__), and a schema that transforms", () => {
    const polluted = JSON.parse('{"MediaContainer":{"token":"t"},"__proto__":{"admin":true}}');
    const result = checkParsed(core.getTransientTokenOperation.response as v.GenericSchema, polluted);
    expect(result.success && result.output).not.toBe(polluted);
    expect(result.success && Object.hasOwn(result.output as object, "__proto__")).toBe(false);

    const trimmed = v.looseObject({ name: v.pipe(v.string(), v.trim()) });
    expect(checkParsed(trimmed, { name: " x " })).toEqual({ success: true, output: { name: "x" } });
    const defaulted = v.looseObject({ size: v.optional(v.number(), 0) });
    expect(checkParsed(defaulted, {})).toEqual({ success: true, output: { size: 0 } });
  });

  it("leaves to valibot an object that is not plain (an XML body's null-prototype nodes): its copy is plain", () => {
    const node = Object.assign(Object.create(null), { name: "x" });
    const result = checkParsed(v.looseObject({ name: v.string() }), node);
    expect(result.success && Object.getPrototypeOf(result.output)).toBe(Object.prototype);
    expect(result.success && result.output).toEqual({ name: "x" });
  });
});
