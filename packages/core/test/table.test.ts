/**
 * Guards what the generalized operation table can declare, through operations made for the test: path
 * parameters (percent-encoded), every base URL, PUT and DELETE, JSON and form bodies, an empty success
 * body, and a top-level JSON array body. The real operations of the Authentication group are built on it.
 */
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  createPlexAuthCore,
  EMPTY_BODY,
  type OperationDefinition,
  operationFunction,
  ResponseValidationError,
} from "../src/index.ts";
import { IDENTITY, rejection, TOKEN } from "./helpers/client.ts";
import { json, mockFetch, text } from "./helpers/fetch.ts";

const NONE = { secretFields: [], singleUseFields: [], tool: undefined } as const;

function definition<Input extends object, Body, Result>(
  overrides: Partial<OperationDefinition<Input, Body, Result>> &
    Pick<OperationDefinition<Input, Body, Result>, "input" | "response" | "encode" | "toResult">,
): OperationDefinition<Input, Body, Result> {
  return {
    name: "testOperation",
    title: "Test",
    description: "An operation declared by the tests.",
    host: "plexTv",
    method: "GET",
    path: "/test",
    successStatus: 200,
    requiresToken: true,
    retry: "idempotent",
    ...NONE,
    ...overrides,
  };
}

const pinLookup = definition({
  path: "/pins/{pinId}/things/{thing}",
  input: v.strictObject({ pinId: v.number(), thing: v.string() }),
  response: v.looseObject({ ok: v.boolean() }),
  encode: (input) => ({ path: { pinId: String(input.pinId), thing: input.thing } }),
  toResult: (body) => body.ok,
});

describe("path parameters", () => {
  it("fills each placeholder, percent-encoded, so a value cannot change the path", async () => {
    const mock = mockFetch(json(200, { ok: true }));
    const core = createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });
    await expect(operationFunction(pinLookup)(core, { pinId: 42, thing: "a/b?c#d" })).resolves.toBe(true);
    expect(mock.calls[0]?.url).toBe("https://plex.tv/api/v2/pins/42/things/a%2Fb%3Fc%23d");
  });
});

describe("base URLs", () => {
  const ping = (host: OperationDefinition<object, unknown, unknown>["host"]) =>
    definition({
      host,
      input: v.strictObject({}),
      response: v.unknown(),
      encode: () => ({}),
      toResult: () => undefined,
    });

  it("plex.tv v2, v1 and clients.plex.tv by default", async () => {
    const mock = mockFetch(json(200, {}));
    const core = createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });
    for (const host of ["plexTv", "plexTvV1", "clientsPlexTv"] as const) await operationFunction(ping(host))(core);
    expect(mock.calls.map((call) => call.url)).toEqual([
      "https://plex.tv/api/v2/test",
      "https://plex.tv/api/test",
      "https://clients.plex.tv/api/v2/test",
    ]);
  });

  it("a plexTvUrl of a proxy or a fake serves all three (v1 beside v2)", async () => {
    const mock = mockFetch(json(200, {}));
    const core = createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: mock.fetch, plexTvUrl: "http://fake/api/v2" });
    for (const host of ["plexTv", "plexTvV1", "clientsPlexTv"] as const) await operationFunction(ping(host))(core);
    expect(mock.calls.map((call) => call.url)).toEqual([
      "http://fake/api/v2/test",
      "http://fake/api/test",
      "http://fake/api/v2/test",
    ]);
  });
});

describe("methods and bodies", () => {
  it("a PUT with a form body", async () => {
    const link = definition({
      method: "PUT",
      path: "/pins/link",
      input: v.strictObject({ code: v.string() }),
      response: EMPTY_BODY,
      successStatus: 204,
      encode: (input) => ({ form: { code: input.code } }),
      toResult: () => undefined,
    });
    const mock = mockFetch(new Response(null, { status: 204 }));
    const core = createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });
    await expect(operationFunction(link)(core, { code: "AB12" })).resolves.toBeUndefined();
    expect(mock.calls[0]?.init.method).toBe("PUT");
    expect(mock.calls[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(mock.calls[0]?.body).toBe("code=AB12");
  });

  it("a POST with a JSON body", async () => {
    const register = definition({
      method: "POST",
      input: v.strictObject({ jwk: v.looseObject({ kty: v.string() }) }),
      response: EMPTY_BODY,
      encode: (input) => ({ json: { jwk: input.jwk } }),
      toResult: () => "done",
    });
    const mock = mockFetch(json(201, {}));
    const core = createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });
    await expect(operationFunction(register)(core, { jwk: { kty: "OKP", x: "abc" } })).resolves.toBe("done");
    expect(mock.calls[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(mock.calls[0]?.body ?? "")).toEqual({ jwk: { kty: "OKP", x: "abc" } });
  });

  it("a DELETE whose empty success body is never parsed, whatever it holds", async () => {
    const signOut = definition({
      method: "DELETE",
      retry: "non-idempotent",
      input: v.strictObject({}),
      response: EMPTY_BODY,
      encode: () => ({}),
      toResult: () => true,
    });
    for (const answer of [new Response(null, { status: 204 }), text(200, "not json at all", "text/plain")]) {
      const mock = mockFetch(answer);
      const core = createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });
      await expect(operationFunction(signOut)(core)).resolves.toBe(true);
      expect(mock.calls[0]?.init.method).toBe("DELETE");
      expect(mock.calls[0]?.body).toBeUndefined();
    }
  });

  it("a top-level JSON array body, validated item by item", async () => {
    const list = definition({
      input: v.strictObject({}),
      response: v.array(v.looseObject({ name: v.string() })),
      encode: () => ({}),
      toResult: (body) => body.map((item) => item.name),
    });
    const good = mockFetch(json(200, [{ name: "a" }, { name: "b", extra: 1 }]));
    await expect(
      operationFunction(list)(createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: good.fetch })),
    ).resolves.toEqual(["a", "b"]);
    const bad = mockFetch(json(200, [{ name: "a" }, { name: 7 }]));
    const error = await rejection(
      operationFunction(list)(createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: bad.fetch })),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues.map((issue) => issue.path)).toEqual(["1.name"]);
  });
});
