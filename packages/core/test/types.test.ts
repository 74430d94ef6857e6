/**
 * Type-level guards, checked by `tsc` (the package's typecheck) rather than at run time: a misspelt error
 * code and a misspelt result field fail to compile, each class's `code` narrows, and optional inputs
 * accept `undefined`. Each `@ts-expect-error` fails the typecheck if the error it expects goes away.
 */
import { describe, expect, it } from "vitest";
import {
  type ApiError,
  type PlexAccount,
  PlexAuthError,
  type PlexAuthErrorCode,
  type PlexAuthOptions,
  type RequestOptions,
  TwoFactorRequiredError,
  type UnauthorizedError,
} from "../src/index.ts";

describe("types", () => {
  it("error codes are a closed union, narrowed per class", () => {
    const known: PlexAuthErrorCode = "two_factor_required";
    // @ts-expect-error: a misspelt code is not a PlexAuthErrorCode.
    const misspelt: PlexAuthErrorCode = "two_factor_requried";
    const error = new TwoFactorRequiredError({ status: 401, message: "m" });
    const narrowed: "two_factor_required" = error.code;
    const family: UnauthorizedError["code"] = error.code;
    const handle = (caught: PlexAuthError) => {
      switch (caught.code) {
        case "sign_in_throttled":
          return "stop";
        // @ts-expect-error: comparing with a code that does not exist fails to compile.
        case "sign_in_throtled":
          return "never";
        default:
          return "other";
      }
    };
    expect([known, misspelt, narrowed, family, handle(error)]).toEqual([
      "two_factor_required",
      "two_factor_requried",
      "two_factor_required",
      "two_factor_required",
      "other",
    ]);
  });

  it("results are typed by their declared fields: a typo fails to compile", () => {
    const account = { username: "alex" } as PlexAccount;
    // @ts-expect-error: `usernmae` is not a field of PlexAccount.
    expect(account.usernmae).toBeUndefined();
    const status: ApiError["status"] | undefined = undefined;
    expect(status).toBeUndefined();
  });

  it("optional inputs and options accept undefined (for exactOptionalPropertyTypes)", () => {
    const fromEnv: string | undefined = undefined;
    const options: PlexAuthOptions = { clientIdentifier: "c", token: fromEnv, serverUrl: fromEnv, retry: undefined };
    const perCall: RequestOptions = { signal: undefined, timeoutMs: undefined, token: fromEnv };
    expect([options.token, perCall.signal]).toEqual([undefined, undefined]);
    expect(new PlexAuthError({ message: "m", operation: undefined }).operation).toBeUndefined();
  });
});
