import { describe, expect, it } from "vitest";
import { mergeEnvOptions, PLEX_ENV_VARIABLES, plexAuthOptionsFromEnv } from "../src/env.ts";
import { InvalidInputError } from "../src/errors/local.ts";

const reader =
  (env: Record<string, string>) =>
  (name: string): string | undefined =>
    env[name];

function thrown(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error("expected InvalidInputError");
}

describe("plexAuthOptionsFromEnv", () => {
  it("maps every documented variable onto its option", () => {
    const options = plexAuthOptionsFromEnv(
      reader({
        PLEX_CLIENT_IDENTIFIER: "id-1",
        PLEX_TOKEN: "tok",
        PLEX_SERVER_URL: "http://192.168.1.10:32400/",
        PLEX_TV_URL: "https://plex.example/api/v2",
        PLEX_PRODUCT: "Prod",
        PLEX_VERSION: "2.0",
        PLEX_PLATFORM: "Plat",
        PLEX_PLATFORM_VERSION: "9",
        PLEX_DEVICE: "Dev",
        PLEX_DEVICE_NAME: "Living room",
        PLEX_MODEL: "M1",
        PLEX_DEVICE_VENDOR: "Vendor",
        PLEX_MARKETPLACE: "Market",
        PLEX_TIMEOUT_MS: "1500",
        PLEX_MAX_RETRIES: "0",
      }),
    );
    expect(options).toEqual({
      clientIdentifier: "id-1",
      token: "tok",
      // Held to the option's own rule, which drops the trailing slash.
      serverUrl: "http://192.168.1.10:32400",
      plexTvUrl: "https://plex.example/api/v2",
      product: "Prod",
      version: "2.0",
      platform: "Plat",
      platformVersion: "9",
      device: "Dev",
      deviceName: "Living room",
      model: "M1",
      deviceVendor: "Vendor",
      marketplace: "Market",
      timeoutMs: 1500,
      retry: { maxRetries: 0 },
    });
    expect(PLEX_ENV_VARIABLES.map((variable) => variable.name)).toHaveLength(15);
  });

  it("leaves unset, empty and blank variables out, and trims values", () => {
    expect(plexAuthOptionsFromEnv(reader({ PLEX_TOKEN: "", PLEX_PRODUCT: "  ", PLEX_VERSION: " 1.2 " }))).toEqual({
      version: "1.2",
    });
  });

  it("reads only the documented names", () => {
    const asked: string[] = [];
    plexAuthOptionsFromEnv((name) => {
      asked.push(name);
      return undefined;
    });
    expect(asked).toEqual(PLEX_ENV_VARIABLES.map((variable) => variable.name));
  });

  it("names every malformed variable at once, never its value", () => {
    const error = thrown(() =>
      plexAuthOptionsFromEnv(
        reader({
          PLEX_SERVER_URL: "192.168.1.10:32400",
          PLEX_TIMEOUT_MS: "30s",
          PLEX_MAX_RETRIES: "11",
          PLEX_TOKEN: "secret-token\nX-Injected: 1",
        }),
      ),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      "PLEX_TOKEN",
      "PLEX_SERVER_URL",
      "PLEX_TIMEOUT_MS",
      "PLEX_MAX_RETRIES",
    ]);
    expect(error.message).toMatch(/PLEX_SERVER_URL must be an absolute http\(s\) URL/);
    expect(error.message).not.toContain("secret-token");
    expect(error.message).not.toContain("30s");
  });

  it.each([
    ["PLEX_TIMEOUT_MS", "0"],
    ["PLEX_TIMEOUT_MS", "-5"],
    ["PLEX_TIMEOUT_MS", "1.5"],
    ["PLEX_TIMEOUT_MS", "99999999999"],
    ["PLEX_MAX_RETRIES", "two"],
    ["PLEX_TV_URL", "https://user:pass@plex.tv/api/v2"],
    ["PLEX_SERVER_URL", "ftp://192.168.1.10"],
  ])("rejects %s=%s", (name, value) => {
    expect(thrown(() => plexAuthOptionsFromEnv(reader({ [name]: value }))).issues).toEqual([
      { path: name, message: expect.any(String) },
    ]);
  });

  it("names each required variable that is unset", () => {
    const error = thrown(() =>
      plexAuthOptionsFromEnv(reader({ PLEX_TOKEN: "tok" }), [
        "PLEX_TOKEN",
        "PLEX_SERVER_URL",
        "PLEX_CLIENT_IDENTIFIER",
      ]),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(["PLEX_CLIENT_IDENTIFIER", "PLEX_SERVER_URL"]);
    expect(error.message).toContain("PLEX_SERVER_URL is not set");
  });
});

describe("mergeEnvOptions", () => {
  it("layers runtime defaults, then the environment, then code", () => {
    const merged = mergeEnvOptions({
      read: reader({ PLEX_PLATFORM: "from-env", PLEX_TOKEN: "env-token", PLEX_PRODUCT: "env-product" }),
      defaults: { platform: "default-platform", device: "default-device" },
      explicit: { product: "code-product" },
    });
    expect(merged).toMatchObject({
      platform: "from-env",
      device: "default-device",
      token: "env-token",
      product: "code-product",
    });
  });

  it("treats an undefined option in code as no opinion, not as erasing the variable", () => {
    const merged = mergeEnvOptions({ read: reader({ PLEX_TOKEN: "env-token" }), explicit: { token: undefined } });
    expect(merged.token).toBe("env-token");
  });

  it("requires PLEX_CLIENT_IDENTIFIER only when there is nothing to fall back on and code gives none", () => {
    const none = reader({});
    expect(() => mergeEnvOptions({ read: none, requireClientIdentifier: true })).toThrow(/PLEX_CLIENT_IDENTIFIER/);
    expect(() => mergeEnvOptions({ read: none, requireClientIdentifier: false })).not.toThrow();
    expect(
      mergeEnvOptions({ read: none, requireClientIdentifier: true, explicit: { clientIdentifier: "from-code" } }),
    ).toMatchObject({ clientIdentifier: "from-code" });
  });
});
