import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createPlexAuthCore,
  createPlexAuthFromEnv,
  getTokenDetails,
  InvalidInputError,
  plexAuthOptionsFromNodeEnv,
  runtimeIdentity,
  ServerError,
  TimeoutError,
} from "../src/index.ts";
import { accountResponse, recordingFetch } from "./support/recording-fetch.ts";
import { useTemporaryDirectories } from "./support/temporary-directory.ts";

const temporaryDirectory = useTemporaryDirectories();

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("createPlexAuthFromEnv", () => {
  it("sends what the variables say: identity headers, token and plex.tv URL", async () => {
    const { fetch, requests } = recordingFetch(accountResponse);
    const plex = createPlexAuthFromEnv({
      fetch,
      env: {
        PLEX_CLIENT_IDENTIFIER: "env-client",
        PLEX_TOKEN: "env-token",
        PLEX_TV_URL: "http://127.0.0.1:9/api/v2/",
        PLEX_PRODUCT: "Env Product",
        PLEX_VERSION: "3.1",
        PLEX_DEVICE_NAME: "Wohnzimmer",
      },
    });
    const account = await plex.authentication.getTokenDetails();
    expect(account.username).toBe("Username");
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.url).toBe("http://127.0.0.1:9/api/v2/user");
    expect(Object.fromEntries(request?.headers ?? [])).toMatchObject({
      "x-plex-client-identifier": "env-client",
      "x-plex-token": "env-token",
      "x-plex-product": "Env Product",
      "x-plex-version": "3.1",
      "x-plex-device-name": "Wohnzimmer",
      // Node defaults, where no variable says otherwise:
      "x-plex-platform": "Node.js",
      "x-plex-platform-version": process.versions.node,
    });
  });

  it("lets options in code win over the environment, and ignores options set to undefined", async () => {
    const { fetch, requests } = recordingFetch(accountResponse);
    const plex = createPlexAuthFromEnv({
      fetch,
      env: {
        PLEX_CLIENT_IDENTIFIER: "env-client",
        PLEX_TOKEN: "env-token",
        PLEX_PRODUCT: "Env",
        PLEX_PLATFORM: "Mine",
      },
      product: "Code",
      token: undefined,
      plexTvUrl: "http://127.0.0.1:9/api/v2",
    });
    await plex.authentication.getTokenDetails();
    expect(requests[0]?.headers.get("x-plex-product")).toBe("Code");
    expect(requests[0]?.headers.get("x-plex-token")).toBe("env-token");
    expect(requests[0]?.headers.get("x-plex-platform")).toBe("Mine");
  });

  it("applies PLEX_MAX_RETRIES and PLEX_TIMEOUT_MS", async () => {
    let calls = 0;
    const failing = createPlexAuthFromEnv({
      env: { PLEX_CLIENT_IDENTIFIER: "c", PLEX_TOKEN: "t", PLEX_MAX_RETRIES: "0" },
      plexTvUrl: "http://127.0.0.1:9/api/v2",
      fetch: async () => {
        calls++;
        return new Response("busy", { status: 503 });
      },
    });
    await expect(failing.authentication.getTokenDetails()).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(1);

    const slow = createPlexAuthFromEnv({
      env: { PLEX_CLIENT_IDENTIFIER: "c", PLEX_TOKEN: "t", PLEX_TIMEOUT_MS: "50", PLEX_MAX_RETRIES: "0" },
      plexTvUrl: "http://127.0.0.1:9/api/v2",
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason))),
    });
    await expect(slow.authentication.getTokenDetails()).rejects.toBeInstanceOf(TimeoutError);
  });

  it("uses the persisted identifier when PLEX_CLIENT_IDENTIFIER is unset", async () => {
    const configHome = temporaryDirectory();
    const { fetch, requests } = recordingFetch(accountResponse);
    const env = { XDG_CONFIG_HOME: configHome, PLEX_TOKEN: "t" };
    const plex = createPlexAuthFromEnv({ env, fetch, plexTvUrl: "http://127.0.0.1:9/api/v2" });
    await plex.authentication.getTokenDetails();
    const stored = readFileSync(join(configHome, "plex-auth", "client-id"), "utf8").trim();
    expect(requests[0]?.headers.get("x-plex-client-identifier")).toBe(stored);
    // A second client, a second run: the same device.
    await createPlexAuthFromEnv({
      env,
      fetch,
      plexTvUrl: "http://127.0.0.1:9/api/v2",
    }).authentication.getTokenDetails();
    expect(requests[1]?.headers.get("x-plex-client-identifier")).toBe(stored);
  });

  it("keeps the identifier in the file given, or requires the variable when told not to persist", () => {
    const file = join(temporaryDirectory(), "id");
    createPlexAuthFromEnv({ env: {}, clientIdentifierFile: file });
    expect(readFileSync(file, "utf8")).toMatch(/^[0-9a-f-]{36}\n$/);

    const error = caught(() => createPlexAuthFromEnv({ env: {}, clientIdentifierFile: false }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toContain("PLEX_CLIENT_IDENTIFIER is not set");
  });

  it("names the malformed variable and never echoes a token", () => {
    const error = caught(() =>
      createPlexAuthFromEnv({
        env: { PLEX_CLIENT_IDENTIFIER: "c", PLEX_SERVER_URL: "plex.local:32400", PLEX_TOKEN: "sekrit\ninjected" },
      }),
    ) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((issue) => issue.path)).toEqual(["PLEX_TOKEN", "PLEX_SERVER_URL"]);
    expect(`${error.message}${error.stack}${JSON.stringify(error)}`).not.toContain("sekrit");
  });

  it("names each required variable that is missing", () => {
    const error = caught(() =>
      createPlexAuthFromEnv({ env: { PLEX_CLIENT_IDENTIFIER: "c" }, required: ["PLEX_TOKEN", "PLEX_SERVER_URL"] }),
    );
    expect(String(error)).toMatch(/PLEX_TOKEN is not set.*PLEX_SERVER_URL is not set/);
  });
});

describe("plexAuthOptionsFromNodeEnv", () => {
  it("builds the options createPlexAuthFromEnv uses: runtime defaults, then the environment, then code", async () => {
    const configHome = temporaryDirectory();
    const options = plexAuthOptionsFromNodeEnv({
      env: { XDG_CONFIG_HOME: configHome, PLEX_TOKEN: "env-token", PLEX_DEVICE: "Env Device", PLEX_PRODUCT: "Env" },
      product: "Code Product",
      version: undefined,
    });
    // The product's own identifier file: each app is its own device on the Plex account.
    const stored = readFileSync(join(configHome, "plex-auth", "client-ids", "code-product"), "utf8").trim();
    expect(options).toEqual({
      ...runtimeIdentity(),
      device: "Env Device",
      product: "Code Product",
      token: "env-token",
      clientIdentifier: stored,
    });
    expect(options).not.toHaveProperty("version");

    const { fetch, requests } = recordingFetch(accountResponse);
    await getTokenDetails(createPlexAuthCore({ ...options, fetch, plexTvUrl: "http://127.0.0.1:9/api/v2" }));
    expect(requests[0]?.headers.get("x-plex-client-identifier")).toBe(stored);
    expect(requests[0]?.headers.get("x-plex-product")).toBe("Code Product");
  });

  it("keeps one client identifier per product, so two apps on a machine are two Plex devices", () => {
    const env = { XDG_CONFIG_HOME: temporaryDirectory() };
    const first = plexAuthOptionsFromNodeEnv({ env, product: "First App" }).clientIdentifier;
    const second = plexAuthOptionsFromNodeEnv({ env, product: "Second App" }).clientIdentifier;
    const fromVariable = plexAuthOptionsFromNodeEnv({ env: { ...env, PLEX_PRODUCT: "First App" } }).clientIdentifier;
    const defaultProduct = plexAuthOptionsFromNodeEnv({ env }).clientIdentifier;
    expect(first).not.toBe(second);
    expect(fromVariable).toBe(first);
    expect(new Set([first, second, defaultProduct]).size).toBe(3);
    // The default product keeps the original file, so an existing installation stays the same device.
    expect(readFileSync(join(env.XDG_CONFIG_HOME, "plex-auth", "client-id"), "utf8").trim()).toBe(defaultProduct);
    expect(plexAuthOptionsFromNodeEnv({ env, product: "First App" }).clientIdentifier).toBe(first);
  });

  it("adds a proxying fetch when HTTPS_PROXY is set, unless told not to", () => {
    const env = { PLEX_CLIENT_IDENTIFIER: "c", HTTPS_PROXY: "http://127.0.0.1:9" };
    expect(typeof plexAuthOptionsFromNodeEnv({ env }).fetch).toBe("function");
    expect(plexAuthOptionsFromNodeEnv({ env, proxy: false }).fetch).toBeUndefined();
  });

  it("throws the same InvalidInputError as createPlexAuthFromEnv", () => {
    const error = caught(() =>
      plexAuthOptionsFromNodeEnv({ env: { PLEX_SERVER_URL: "nope" }, clientIdentifierFile: false }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path).sort()).toEqual([
      "PLEX_CLIENT_IDENTIFIER",
      "PLEX_SERVER_URL",
    ]);
  });
});
