/**
 * Guards createMockPlex's options: each scalar option is held to its schema (defaults applied inside it),
 * and every bad one is named at once in core's InvalidInputError.
 */
import { InvalidInputError } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { createMockPlex, DEFAULT_MOCK_ORIGIN } from "../src/index.ts";

function optionError(options: Record<string, unknown>): InvalidInputError {
  try {
    createMockPlex(options as never);
  } catch (error) {
    return error as InvalidInputError;
  }
  throw new Error("expected createMockPlex to refuse the options");
}

describe("createMockPlex options", () => {
  it("applies the defaults", () => {
    const mock = createMockPlex();
    expect(mock.baseUrl).toBe(DEFAULT_MOCK_ORIGIN);
    expect(Math.abs(mock.now() - Date.now())).toBeLessThan(1000);
  });

  it("keeps only the origin of an origin option", () => {
    expect(createMockPlex({ origin: "https://plex.example.invalid/some/path" }).baseUrl).toBe(
      "https://plex.example.invalid",
    );
  });

  it("names every bad option at once", () => {
    const error = optionError({
      seed: Number.NaN,
      now: 5,
      origin: "ftp://x",
      lockoutThreshold: 0,
      rateLimit: { limit: 1.5 },
      rejectReusedCodes: "yes",
      pinReadsFromOtherClients: "sometimes",
      invalidateLegacyTokenOnJwt: "no",
      pmsAcceptsJwt: 1,
    });
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      [
        "invalidateLegacyTokenOnJwt",
        "lockoutThreshold",
        "now",
        "origin",
        "pinReadsFromOtherClients",
        "pmsAcceptsJwt",
        "rateLimit.limit",
        "rejectReusedCodes",
        "seed",
      ].sort(),
    );
    expect(error.message).toContain("lockoutThreshold must be at least 1");
  });
});
