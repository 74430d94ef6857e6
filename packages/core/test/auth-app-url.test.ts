/**
 * Guards authAppUrl: Plex's auth-app URL with the client's identity in `context[device][…]`, every value
 * percent-encoded (so a product name or a forwardUrl cannot add parameters), no request made, and bad
 * input refused.
 */
import { describe, expect, it } from "vitest";
import { authAppUrl, createPlexAuth, InvalidInputError, PLEX_AUTH_APP_URL } from "../src/index.ts";
import { IDENTITY } from "./helpers/client.ts";
import { mockFetch } from "./helpers/fetch.ts";

const PIN = { code: "adladoqienbfquboqoqiobeoi" };

/** The fragment's parameters, decoded, in order. */
function fragment(url: string): [string, string][] {
  const [, query] = url.split("#?") as [string, string];
  return query.split("&").map((pair) => pair.split("=").map(decodeURIComponent) as [string, string]);
}

describe("authAppUrl", () => {
  it("points at app.plex.tv/auth with clientID, code and the device context, and sends nothing", () => {
    const mock = mockFetch(new Response("{}"));
    const plex = createPlexAuth({ ...IDENTITY, fetch: mock.fetch });
    const url = plex.authAppUrl(PIN);
    expect(url.startsWith(`${PLEX_AUTH_APP_URL}#?`)).toBe(true);
    expect(fragment(url)).toEqual([
      ["clientID", IDENTITY.clientIdentifier],
      ["code", PIN.code],
      ["context[device][product]", IDENTITY.product],
      ["context[device][version]", IDENTITY.version],
      ["context[device][platform]", IDENTITY.platform],
      ["context[device][platformVersion]", IDENTITY.platformVersion],
      ["context[device][device]", IDENTITY.device],
      ["context[device][deviceName]", IDENTITY.deviceName],
      ["context[device][model]", IDENTITY.model],
    ]);
    expect(mock.calls).toHaveLength(0);
  });

  it("percent-encodes every value: a product name or forwardUrl cannot add a parameter", () => {
    const plex = createPlexAuth({ clientIdentifier: "id&code=evil", product: "Tom & Jerry's = TV #1" });
    const url = authAppUrl(plex, PIN, { forwardUrl: "https://my.app/done?next=/a&b=c#frag" });
    expect(url).toContain("clientID=id%26code%3Devil");
    expect(url).toContain("context%5Bdevice%5D%5Bproduct%5D=Tom%20%26%20Jerry's%20%3D%20TV%20%231");
    expect(fragment(url)).toContainEqual(["forwardUrl", "https://my.app/done?next=/a&b=c#frag"]);
    expect(fragment(url).filter(([key]) => key === "code")).toEqual([["code", PIN.code]]);
  });

  it("takes another auth app (the mock's page) as its base", () => {
    const plex = createPlexAuth({ clientIdentifier: "c" });
    expect(authAppUrl(plex, PIN, { baseUrl: "http://127.0.0.1:9/auth" })).toMatch(
      /^http:\/\/127\.0\.0\.1:9\/auth#\?clientID=c&/,
    );
  });

  it.each([
    [{ code: "" }, {}, "pin.code"],
    [{ code: "has space" }, {}, "pin.code"],
    [PIN, { forwardUrl: "not a url" }, "forwardUrl"],
    [PIN, { baseUrl: "javascript:alert(1)" }, "baseUrl"],
    [PIN, { baseUrl: "https://app.plex.tv/auth\uD800" }, "baseUrl"],
    [PIN, { bogus: 1 }, "bogus"],
  ])("refuses %j %j at %s", (pin, options, path) => {
    const plex = createPlexAuth({ clientIdentifier: "c" });
    try {
      authAppUrl(plex, pin as never, options as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).issues.map((issue) => issue.path)).toContain(path);
    }
  });
});
