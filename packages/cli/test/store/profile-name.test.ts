import { InvalidInputError } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { validateProfileName } from "../../src/store/choose-store.ts";

describe("validateProfileName", () => {
  it("accepts plain names of up to 64 characters", () => {
    for (const name of ["default", "work", "Home2", "a", "my.server_1-b", "0", "x".repeat(64), "console", "nullable"]) {
      expect(validateProfileName(name)).toBe(name);
    }
  });

  it("refuses paths, hidden names, option-like names, spaces, empty and overlong names", () => {
    const refused = [
      "",
      ".",
      "..",
      "../x",
      "a/b",
      "a\\b",
      ".hidden",
      "-rf",
      "_x",
      "with space",
      "tab\t",
      "new\nline",
      "é",
      "x".repeat(65),
      "C:",
    ];
    for (const name of refused)
      expect(() => validateProfileName(name), JSON.stringify(name)).toThrow(InvalidInputError);
  });

  it("refuses the names Windows keeps for devices, so a profile is a file everywhere", () => {
    for (const name of ["con", "NUL", "aux.json", "com1", "LPT9", "prn"]) {
      expect(() => validateProfileName(name), name).toThrow(InvalidInputError);
    }
  });

  it("names --profile and the rule in its message", () => {
    expect(() => validateProfileName("../x")).toThrow(
      "Invalid option: --profile must start with a letter or digit, then up to 63 letters, digits, dots, underscores or hyphens",
    );
  });
});
