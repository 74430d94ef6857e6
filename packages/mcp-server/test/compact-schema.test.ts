import { describe, expect, test } from "vitest";
import { compactJsonSchema } from "../src/tools/compact-schema.ts";

describe("compactJsonSchema", () => {
  test("folds a nullable scalar, keeping its own constraints and description where asked", () => {
    const nullable = { anyOf: [{ type: "string", maxLength: 9 }, { type: "null" }], description: "when" };
    expect(compactJsonSchema(nullable, { descriptions: true })).toEqual({
      type: ["string", "null"],
      maxLength: 9,
      description: "when",
    });
    expect(compactJsonSchema(nullable, { descriptions: false })).toEqual({ type: ["string", "null"], maxLength: 9 });
  });

  test("leaves alone what folding would change: an enum, a const, a combinator, two nulls", () => {
    for (const branch of [
      { type: "string", enum: ["a"] },
      { type: "string", const: "a" },
      { type: "string", anyOf: [{}] },
    ]) {
      const schema = { anyOf: [branch, { type: "null" }] };
      expect(compactJsonSchema(schema, { descriptions: true })).toEqual(schema);
    }
    const nulls = { anyOf: [{ type: "null" }, { type: "null" }] };
    expect(compactJsonSchema(nulls, { descriptions: true })).toEqual(nulls);
  });

  test("keeps field names that look like keywords, under properties", () => {
    const schema = { type: "object", properties: { description: { type: "string", description: "x" } } };
    expect(compactJsonSchema(schema, { descriptions: false })).toEqual({
      type: "object",
      properties: { description: { type: "string" } },
    });
  });

  test("reduces objects deeper than depth to their type, through properties and array items alike", () => {
    const schema = {
      type: "object",
      properties: {
        servers: {
          type: "array",
          items: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
        },
        account: {
          anyOf: [{ type: "object", properties: { id: { type: "number" } } }, { type: "null" }],
        },
        alive: { type: "boolean" },
      },
      required: ["servers", "account", "alive"],
    };
    expect(compactJsonSchema(schema, { descriptions: false, depth: 0 })).toEqual({
      type: "object",
      properties: {
        servers: { type: "array", items: { type: "object" } },
        account: { type: ["object", "null"] },
        alive: { type: "boolean" },
      },
      required: ["servers", "account", "alive"],
    });
    const one = compactJsonSchema(schema, { descriptions: false, depth: 1 }) as { properties: Record<string, unknown> };
    expect(one.properties.account).toEqual({ type: ["object", "null"], properties: { id: { type: "number" } } });
  });
});
