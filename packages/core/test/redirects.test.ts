/**
 * Guards `redirect: "manual"`: a redirect to another origin is never followed, so neither the token nor a
 * password is sent there (checked with two real local servers); same-origin GET redirects are followed a
 * bounded number of times; sign-in is never re-sent anywhere by a redirect.
 */
import { describe, expect, it } from "vitest";
import { ApiError, createPlexAuth, type FetchLike } from "../src/index.ts";
import { IDENTITY, rejection, TOKEN } from "./helpers/client.ts";
import { ACCOUNT, example, TRANSIENT } from "./helpers/fixtures.ts";
import { sendJson, useServers } from "./helpers/server.ts";

const server = useServers();

describe("cross-origin redirects are not followed", () => {
  it.each([301, 302, 303, 307, 308])(
    "a %i from the PMS to another origin: ApiError, and the other origin gets nothing",
    async (status) => {
      const elsewhere = await server((_request, response) => sendJson(response, 200, example(TRANSIENT)));
      const pms = await server((_request, response) => {
        response.writeHead(status, { location: `${elsewhere.url}/security/token?type=delegation&scope=all` });
        response.end();
      });
      const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url });

      const error = await rejection(plex.authentication.getTransientToken());

      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(status);
      expect((error as ApiError).message).toContain(`redirect to ${elsewhere.url} that was not followed`);
      expect((error as ApiError).message).toContain("point serverUrl or plexTvUrl at its new address");
      expect(elsewhere.requests).toHaveLength(0);
      // A redirect is an answer, not a transient failure: not retried.
      expect(pms.requests).toHaveLength(1);
    },
  );

  it("a 307 on sign-in to another origin: the password is not re-posted there", async () => {
    const elsewhere = await server((_request, response) => sendJson(response, 201, {}));
    const plexTv = await server((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.url}/api/v2/users/signin` });
      response.end();
    });
    const plex = createPlexAuth({ ...IDENTITY, plexTvUrl: `${plexTv.url}/api/v2` });

    const error = await rejection(
      plex.authentication.postUsersSignInData({ login: "me", password: "the-password-1234" }),
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(elsewhere.requests).toHaveLength(0);
    expect(plexTv.requests).toHaveLength(1);
  });

  it("a redirect from localhost-by-IP to the same port on another host name is another origin", async () => {
    const pms = await server((_request, response) => {
      response.writeHead(302, { location: `http://localhost:${new URL(pms.url).port}/security/token` });
      response.end();
    });
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url });

    expect(await rejection(plex.authentication.getTransientToken())).toBeInstanceOf(ApiError);
    expect(pms.requests).toHaveLength(1);
  });

  it("a browser-style opaque redirect (status 0, no Location) is refused too", async () => {
    const opaque = { type: "opaqueredirect", status: 0, headers: new Headers(), body: null } as unknown as Response;
    const fetch: FetchLike = async () => opaque;
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch });

    const error = await rejection(plex.authentication.getTokenDetails());

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain("redirect that was not followed");
  });
});

describe("same-origin redirects", () => {
  it("a GET redirect on the same origin is followed, with the token", async () => {
    const plexTv = await server((request, response) => {
      if (request.url === "/api/v2/user") {
        response.writeHead(302, { location: "/api/v3/user" });
        response.end();
      } else sendJson(response, 200, example(ACCOUNT));
    });
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, plexTvUrl: `${plexTv.url}/api/v2` });

    await expect(plex.authentication.getTokenDetails()).resolves.toMatchObject({ username: "Username" });

    expect(plexTv.requests.map((request) => request.url)).toEqual(["/api/v2/user", "/api/v3/user"]);
    expect(plexTv.requests[1]?.headers["x-plex-token"]).toBe(TOKEN);
    expect(plexTv.requests[1]?.method).toBe("GET");
  });

  it("a same-origin redirect loop stops after three hops", async () => {
    const pms = await server((request, response) => {
      response.writeHead(302, { location: `${request.url.split("?")[0]}x` });
      response.end();
    });
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url });

    const error = await rejection(plex.authentication.getTransientToken());

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain("redirect to the same origin that was not followed");
    expect(pms.requests).toHaveLength(4);
  });

  it("a sign-in (POST) is not re-sent even to the same origin", async () => {
    const plexTv = await server((_request, response) => {
      response.writeHead(307, { location: "/api/v2/users/signin2" });
      response.end();
    });
    const plex = createPlexAuth({ ...IDENTITY, plexTvUrl: `${plexTv.url}/api/v2` });

    expect(
      await rejection(plex.authentication.postUsersSignInData({ login: "me", password: "pw-123456" })),
    ).toBeInstanceOf(ApiError);
    expect(plexTv.requests).toHaveLength(1);
  });
});
