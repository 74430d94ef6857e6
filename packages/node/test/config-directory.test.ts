import { describe, expect, it } from "vitest";
import { clientIdentifierFile, configDirectory } from "../src/index.ts";

describe("configDirectory", () => {
  it("uses an absolute XDG_CONFIG_HOME on every platform", () => {
    for (const platform of ["linux", "darwin"]) {
      expect(configDirectory({ platform, env: { XDG_CONFIG_HOME: "/xdg" }, homeDirectory: "/home/me" })).toBe("/xdg");
    }
    expect(configDirectory({ platform: "win32", env: { XDG_CONFIG_HOME: "D:\\xdg" }, homeDirectory: "C:\\me" })).toBe(
      "D:\\xdg",
    );
  });

  it("ignores a relative XDG_CONFIG_HOME, as the XDG spec says", () => {
    expect(configDirectory({ platform: "linux", env: { XDG_CONFIG_HOME: "cfg" }, homeDirectory: "/home/me" })).toBe(
      "/home/me/.config",
    );
  });

  it("falls back to each OS's own place", () => {
    expect(configDirectory({ platform: "linux", env: {}, homeDirectory: "/home/me" })).toBe("/home/me/.config");
    expect(configDirectory({ platform: "freebsd", env: {}, homeDirectory: "/home/me" })).toBe("/home/me/.config");
    expect(configDirectory({ platform: "darwin", env: {}, homeDirectory: "/Users/me" })).toBe(
      "/Users/me/Library/Application Support",
    );
    expect(
      configDirectory({ platform: "win32", env: { APPDATA: "C:\\Users\\me\\AppData\\Roaming" }, homeDirectory: "x" }),
    ).toBe("C:\\Users\\me\\AppData\\Roaming");
    expect(configDirectory({ platform: "win32", env: {}, homeDirectory: "C:\\Users\\me" })).toBe(
      "C:\\Users\\me\\AppData\\Roaming",
    );
  });

  it("puts the identifier in plex-auth/client-id with the platform's separator", () => {
    expect(clientIdentifierFile({ platform: "linux", env: { XDG_CONFIG_HOME: "/xdg" } })).toBe(
      "/xdg/plex-auth/client-id",
    );
    expect(clientIdentifierFile({ platform: "win32", env: { APPDATA: "C:\\AppData" } })).toBe(
      "C:\\AppData\\plex-auth\\client-id",
    );
  });
});
