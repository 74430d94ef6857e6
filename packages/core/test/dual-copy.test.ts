/**
 * Guards `instanceof` across two copies of core: the built ESM (dist/index.js) and CJS (dist/index.cjs)
 * bundles are separate copies with separate classes, as when an app and a dependency load different
 * builds. An error thrown by one copy must satisfy `instanceof` and `is()` of the other's classes.
 * Needs `pnpm build` first.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type * as Core from "../src/index.ts";
import { IDENTITY } from "./helpers/client.ts";
import { json, mockFetch } from "./helpers/fetch.ts";

const ESM = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const CJS = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));

let esm: typeof Core;
let cjs: typeof Core;

beforeAll(async () => {
  if (!existsSync(ESM) || !existsSync(CJS))
    throw new Error("dist/ is missing: run `pnpm build` in packages/core first");
  esm = (await import(pathToFileURL(ESM).href)) as typeof Core;
  cjs = createRequire(import.meta.url)(CJS) as typeof Core;
});

async function thrownBy(copy: typeof Core, response: Response, call: "signIn" | "details" = "signIn") {
  const plex = copy.createPlexAuth({
    ...IDENTITY,
    token: "some-token-123456",
    retry: false,
    fetch: mockFetch(response).fetch,
  });
  try {
    if (call === "signIn") await plex.authentication.postUsersSignInData({ login: "me", password: "pw" });
    else await plex.authentication.getTokenDetails();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

const twoFactor = () => json(401, { errors: [{ code: 1029, message: "Please enter the verification code" }] });

describe("two copies of core", () => {
  it("really are two copies, with distinct classes", () => {
    expect(esm.TwoFactorRequiredError).not.toBe(cjs.TwoFactorRequiredError);
    expect(esm.PlexAuthError).not.toBe(cjs.PlexAuthError);
  });

  it.each([
    ["ESM", "CJS"],
    ["CJS", "ESM"],
  ] as const)("an error thrown by the %s copy is instanceof the %s copy's classes", async (from, to) => {
    const thrower = from === "ESM" ? esm : cjs;
    const other = to === "ESM" ? esm : cjs;
    const error = await thrownBy(thrower, twoFactor());

    expect(error).toBeInstanceOf(other.TwoFactorRequiredError);
    expect(error).toBeInstanceOf(other.UnauthorizedError);
    expect(error).toBeInstanceOf(other.ApiError);
    expect(error).toBeInstanceOf(other.PlexAuthError);
    expect(error).not.toBeInstanceOf(other.InvalidTokenError);
    expect(error).not.toBeInstanceOf(other.RateLimitError);
    expect(other.TwoFactorRequiredError.is(error)).toBe(true);
    expect(other.PlexAuthError.is(error)).toBe(true);
    expect(other.InvalidVerificationCodeError.is(error)).toBe(false);
  });

  it("local errors cross copies too (InvalidInputError, ResponseValidationError)", async () => {
    let invalid: unknown;
    try {
      cjs.createPlexAuth({} as Core.PlexAuthOptions);
    } catch (error) {
      invalid = error;
    }
    expect(invalid).toBeInstanceOf(esm.InvalidInputError);
    expect(esm.InvalidInputError.is(invalid)).toBe(true);

    const malformed = await thrownBy(esm, json(200, { nope: true }), "details");
    expect(malformed).toBeInstanceOf(cjs.ResponseValidationError);
    expect(malformed).not.toBeInstanceOf(cjs.InvalidInputError);
  });

  it("a client made by one copy runs with the other copy's standalone functions", async () => {
    const account = {
      id: 1,
      uuid: "u",
      username: "n",
      title: "t",
      email: "e",
      friendlyName: "f",
      authToken: "a-token-1234",
      joinedAt: 1,
      hasPassword: true,
      twoFactorEnabled: false,
    };
    const client = esm.createPlexAuthCore({
      ...IDENTITY,
      token: "some-token-123456",
      fetch: mockFetch(json(200, account)).fetch,
    });
    await expect(cjs.getTokenDetails(client)).resolves.toMatchObject({ username: "n" });
  });

  it("plain errors and look-alikes are not claimed by either copy", () => {
    for (const copy of [esm, cjs]) {
      expect(new Error("x")).not.toBeInstanceOf(copy.PlexAuthError);
      expect(copy.TwoFactorRequiredError.is({ name: "TwoFactorRequiredError", code: "two_factor_required" })).toBe(
        false,
      );
    }
  });
});
