/**
 * Guards the request builder's hand-written pieces against what they replace: the query and form body
 * serialize exactly as URLSearchParams does, the URL is exactly `new URL(…).href`, and an operation
 * called without input gets the same defaults as one called with `{}` (checked once, copied per call).
 */
import { describe, expect, it } from "vitest";
import * as core from "../src/index.ts";
import type { AnyOperation } from "../src/operation.ts";
import { resolveClientOptions } from "../src/options.ts";
import { prepareCall } from "../src/transport/prepare.ts";
import { prepareRequest } from "../src/transport/request.ts";

const config = resolveClientOptions({
  clientIdentifier: "request-encoding-test",
  product: "plex-auth tests",
  token: "token-for-request-encoding",
  serverUrl: "http://127.0.0.1:32400",
});

// Everything URLSearchParams and encodeURIComponent treat differently, and then some.
const AWKWARD = [
  "plain",
  "Safe_as-is.09*AZ",
  "trailing newline\n",
  "ends-safe\n",
  "with space",
  "a+b=c&d",
  "!'()~*-._",
  "100%",
  "ünïcødé ✓ 😀",
  "line\nbreak\ttab",
  "slash/question?hash#",
  '[brackets]{braces}|pipe\\back`tick^caret"quote<lt>gt',
  "",
];

const operation = (path: string) => ({ ...core.operations.getTransientToken, path }) as unknown as AnyOperation;

describe("the request builder", () => {
  it("serializes a query exactly as URLSearchParams does, names and values alike", () => {
    for (const value of AWKWARD) {
      const query = { [value || "empty"]: value, second: `${value}!` };
      const built = prepareRequest(config, operation("/x"), { query }, "http://127.0.0.1:32400", undefined);
      const expected = new URL(`http://127.0.0.1:32400/x?${new URLSearchParams(query).toString()}`).href;
      expect(built.url, JSON.stringify(value)).toBe(expected);
    }
  });

  it("serializes a form body exactly as URLSearchParams does", () => {
    for (const value of AWKWARD) {
      const form = { login: value, password: `${value} ${value}` };
      const built = prepareRequest(config, operation("/users/signin"), { form }, "https://plex.tv", undefined);
      expect(built.body, JSON.stringify(value)).toBe(new URLSearchParams(form).toString());
    }
  });

  it("gives the URL the parser's normal form, the same on every call, for odd but valid base URLs", () => {
    const bases = [
      "HTTP://Example.COM:80",
      "http://[::1]:32400",
      "https://xn--bcher-kva.example/proxy/plex",
      "http://ÉXAMPLE.com",
    ];
    for (const base of bases) {
      for (let call = 0; call < 2; call++) {
        const built = prepareRequest(config, operation("/security/token"), {}, base, undefined);
        expect(built.url).toBe(new URL(`${base}/security/token`).href);
      }
    }
  });

  it("fills path parameters per call (never from a remembered URL) and percent-encodes them", () => {
    const pins = operation("/pins/{id}");
    const first = prepareRequest(config, pins, { path: { id: "111" } }, "https://plex.tv/api/v2", undefined);
    const second = prepareRequest(config, pins, { path: { id: "a b/../c" } }, "https://plex.tv/api/v2", undefined);
    expect(first.url).toBe("https://plex.tv/api/v2/pins/111");
    expect(second.url).toBe(new URL("https://plex.tv/api/v2/pins/a%20b%2F..%2Fc").href);
  });

  it("gives an operation called without input the defaults {} gives, and still checks every other input", async () => {
    const transient = core.operations.getTransientToken as unknown as Parameters<typeof prepareCall>[1];
    const calls = await Promise.all(
      [undefined, {}, undefined].map((input) => prepareCall(config, transient, input, undefined)),
    );
    for (const prepared of calls)
      expect(prepared.request.url).toBe("http://127.0.0.1:32400/security/token?type=delegation&scope=all");
    // A caller's mistake is still caught on every call, not remembered as an empty input.
    await expect(prepareCall(config, transient, { type: "other" }, undefined)).rejects.toThrow(core.InvalidInputError);
    // An object that only looks empty (its field is inherited) is valibot's to judge, as before: strict, it refuses.
    await expect(
      prepareCall(config, transient, Object.assign(Object.create({ inherited: 1 }), {}), undefined),
    ).rejects.toThrow(/inherited is not a known field/);
    // And once more after it: the remembered empty input is not touched by what a call did with its copy.
    const again = await prepareCall(config, transient, undefined, undefined);
    expect(again.request.url).toBe("http://127.0.0.1:32400/security/token?type=delegation&scope=all");
  });

  it("hands each call without input its own copy: what one call's encode does to it, the next never sees", async () => {
    const seen: Record<string, unknown>[] = [];
    const spoiling = {
      ...core.operations.getTransientToken,
      encode: (input: Record<string, unknown>) => {
        seen.push({ ...input });
        input.type = "spoiled";
        return core.operations.getTransientToken.encode(input as never);
      },
    } as unknown as Parameters<typeof prepareCall>[1];
    for (let call = 0; call < 3; call++) await prepareCall(config, spoiling, undefined, undefined);
    expect(seen).toEqual(Array(3).fill({ type: "delegation", scope: "all" }));
  });
});
