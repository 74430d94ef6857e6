import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionError, createPlexAuthFromEnv, proxySettingsFromEnv } from "../src/index.ts";
import { type LocalProxy, startLocalProxy, startPlainServer } from "./support/local-proxy.ts";
import { example } from "./support/recording-fetch.ts";

let proxy: LocalProxy;
let plexTv: Awaited<ReturnType<typeof startPlainServer>>;

beforeAll(async () => {
  proxy = await startLocalProxy();
  plexTv = await startPlainServer(example("get_token_details.200.json"));
});
afterAll(async () => {
  await proxy.close();
  await plexTv.close();
});

const base = { PLEX_CLIENT_IDENTIFIER: "proxy-test", PLEX_TOKEN: "proxy-token", PLEX_MAX_RETRIES: "0" };

describe("proxy support", () => {
  it("sends requests through HTTP_PROXY", async () => {
    proxy.seen.length = 0;
    const plex = createPlexAuthFromEnv({
      env: { ...base, HTTP_PROXY: proxy.url, PLEX_TV_URL: `${plexTv.url}/api/v2` },
    });
    expect((await plex.authentication.getTokenDetails()).username).toBe("Username");
    expect(proxy.seen.length).toBe(1);
    expect(proxy.seen[0]).toMatch(new RegExp(`^(GET ${plexTv.url}/api/v2/user|CONNECT ${plexTv.url.slice(7)})$`));
  });

  it("tunnels https URLs through HTTPS_PROXY", async () => {
    proxy.seen.length = 0;
    // The proxy refuses every host but 127.0.0.1, so this request only proves its route; nothing leaves the machine.
    const plex = createPlexAuthFromEnv({
      env: { ...base, HTTPS_PROXY: proxy.url, PLEX_TV_URL: "https://plex.tv.invalid/api/v2" },
    });
    await expect(plex.authentication.getTokenDetails()).rejects.toBeInstanceOf(ConnectionError);
    expect(proxy.seen).toEqual(["CONNECT plex.tv.invalid:443"]);
  });

  it("goes direct to NO_PROXY hosts", async () => {
    proxy.seen.length = 0;
    const plex = createPlexAuthFromEnv({
      env: { ...base, HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1", PLEX_TV_URL: `${plexTv.url}/api/v2` },
    });
    expect((await plex.authentication.getTokenDetails()).username).toBe("Username");
    expect(proxy.seen).toEqual([]);
  });

  it("ignores the proxy when told to", async () => {
    proxy.seen.length = 0;
    const plex = createPlexAuthFromEnv({
      env: { ...base, HTTP_PROXY: proxy.url, PLEX_TV_URL: `${plexTv.url}/api/v2` },
      proxy: false,
    });
    expect((await plex.authentication.getTokenDetails()).username).toBe("Username");
    expect(proxy.seen).toEqual([]);
  });
});

describe("proxySettingsFromEnv", () => {
  it("reads the lower-case names first, as curl and undici do", () => {
    expect(
      proxySettingsFromEnv({ https_proxy: "http://a:1", HTTPS_PROXY: "http://b:2", NO_PROXY: "x", no_proxy: "y" }),
    ).toEqual({ httpProxy: undefined, httpsProxy: "http://a:1", noProxy: "y" });
  });

  it("finds nothing to do without a proxy, or when Node proxies by itself", () => {
    expect(proxySettingsFromEnv({ NO_PROXY: "x" })).toBeUndefined();
    expect(proxySettingsFromEnv({ HTTPS_PROXY: "http://a:1", NODE_USE_ENV_PROXY: "1" })).toBeUndefined();
  });
});
