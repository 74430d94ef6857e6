import assert from "node:assert/strict";
import { createPlexAuthFromEnv, type FetchLike, InvalidInputError, PlexAuthError } from "../mod.ts";

const ACCOUNT = Deno.readTextFileSync(
  new URL("../../../spec/plex-api/examples/get_token_details.200.json", import.meta.url),
);

function recordingFetch(): { fetch: FetchLike; headers: Headers[]; urls: string[] } {
  const headers: Headers[] = [];
  const urls: string[] = [];
  const fetch: FetchLike = (url, init) => {
    urls.push(url);
    headers.push(new Headers(init.headers));
    return Promise.resolve(new Response(ACCOUNT, { status: 200, headers: { "content-type": "application/json" } }));
  };
  return { fetch, headers, urls };
}

Deno.test("createPlexAuthFromEnv sends what the variables say, with Deno as the platform", async () => {
  const { fetch, headers, urls } = recordingFetch();
  const plex = createPlexAuthFromEnv({
    fetch,
    env: {
      PLEX_CLIENT_IDENTIFIER: "deno-client",
      PLEX_TOKEN: "deno-token",
      PLEX_TV_URL: "http://127.0.0.1:9/api/v2",
      PLEX_PRODUCT: "Env",
    },
    product: "Code",
  });
  assert.equal((await plex.authentication.getTokenDetails()).username, "Username");
  assert.equal(urls[0], "http://127.0.0.1:9/api/v2/user");
  assert.equal(headers[0]?.get("x-plex-client-identifier"), "deno-client");
  assert.equal(headers[0]?.get("x-plex-token"), "deno-token");
  assert.equal(headers[0]?.get("x-plex-product"), "Code");
  assert.equal(headers[0]?.get("x-plex-platform"), "Deno");
  assert.equal(headers[0]?.get("x-plex-platform-version"), Deno.version.deno);
});

Deno.test("createPlexAuthFromEnv reads PLEX_* from Deno.env by name", async () => {
  Deno.env.set("PLEX_CLIENT_IDENTIFIER", "from-deno-env");
  Deno.env.set("PLEX_TOKEN", "token-from-deno-env");
  try {
    const { fetch, headers } = recordingFetch();
    await createPlexAuthFromEnv({ fetch, plexTvUrl: "http://127.0.0.1:9/api/v2" }).authentication.getTokenDetails();
    assert.equal(headers[0]?.get("x-plex-client-identifier"), "from-deno-env");
    assert.equal(headers[0]?.get("x-plex-token"), "token-from-deno-env");
  } finally {
    Deno.env.delete("PLEX_CLIENT_IDENTIFIER");
    Deno.env.delete("PLEX_TOKEN");
  }
});

Deno.test({
  name: "createPlexAuthFromEnv asks only for the PLEX_* variables",
  permissions: { env: ["PLEX_*"], read: true, write: true },
  fn() {
    assert.doesNotThrow(() => createPlexAuthFromEnv({ clientIdentifier: "c" }));
  },
});

Deno.test({
  name: "createPlexAuthFromEnv names the flag when Deno denies the environment",
  permissions: { env: false },
  fn() {
    assert.throws(
      () => createPlexAuthFromEnv({ clientIdentifier: "c" }),
      (error: unknown) =>
        error instanceof PlexAuthError && /PLEX_CLIENT_IDENTIFIER, PLEX_TOKEN.*--allow-env=PLEX_\*/.test(error.message),
    );
  },
});

Deno.test("createPlexAuthFromEnv persists the identifier when PLEX_CLIENT_IDENTIFIER is unset", async () => {
  const configHome = Deno.makeTempDirSync({ prefix: "plex-auth-deno-" });
  try {
    const { fetch, headers } = recordingFetch();
    const env = { XDG_CONFIG_HOME: configHome, PLEX_TOKEN: "t" };
    await createPlexAuthFromEnv({
      env,
      fetch,
      plexTvUrl: "http://127.0.0.1:9/api/v2",
    }).authentication.getTokenDetails();
    const stored = Deno.readTextFileSync(`${configHome}/plex-auth/client-id`).trim();
    assert.equal(headers[0]?.get("x-plex-client-identifier"), stored);
  } finally {
    Deno.removeSync(configHome, { recursive: true });
  }
});

Deno.test("createPlexAuthFromEnv names malformed and missing variables, never a token", () => {
  assert.throws(
    () =>
      createPlexAuthFromEnv({ env: { PLEX_CLIENT_IDENTIFIER: "c", PLEX_TIMEOUT_MS: "soon", PLEX_TOKEN: "sekrit\n" } }),
    (error: unknown) =>
      error instanceof InvalidInputError &&
      error.issues.map((issue) => issue.path).join() === "PLEX_TIMEOUT_MS" &&
      !error.message.includes("sekrit"),
  );
  assert.throws(
    () => createPlexAuthFromEnv({ env: {}, clientIdentifierFile: false, required: ["PLEX_TOKEN"] }),
    /PLEX_CLIENT_IDENTIFIER is not set.*PLEX_TOKEN is not set/,
  );
});

Deno.test("createPlexAuthFromEnv keeps one client identifier per product: two apps are two Plex devices", async () => {
  const configHome = Deno.makeTempDirSync({ prefix: "plex-auth-deno-products-" });
  try {
    const identifierOf = async (product: string | undefined) => {
      const { fetch, headers } = recordingFetch();
      const env = { XDG_CONFIG_HOME: configHome, PLEX_TOKEN: "t", PLEX_TV_URL: "http://127.0.0.1:9/api/v2" };
      await createPlexAuthFromEnv({ fetch, env, product }).authentication.getTokenDetails();
      return headers[0]?.get("x-plex-client-identifier");
    };
    const first = await identifierOf("First App");
    const second = await identifierOf("Second App");
    assert.notEqual(first, second);
    assert.equal(await identifierOf("First App"), first);
    assert.equal(Deno.readTextFileSync(`${configHome}/plex-auth/client-ids/first-app`).trim(), first);
    const shared = await identifierOf(undefined);
    assert.equal(Deno.readTextFileSync(`${configHome}/plex-auth/client-id`).trim(), shared);
  } finally {
    Deno.removeSync(configHome, { recursive: true });
  }
});
