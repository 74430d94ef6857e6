import { describe, expect, test } from "vitest";
import { parseCliArgs, UsageError } from "../src/cli/args.ts";
import { checkHttpSettings, UnsafeHttpSettingsError } from "../src/transports/http/server.ts";

describe("parseCliArgs", () => {
  test("defaults: stdio; with --http, 127.0.0.1:3000 with a bearer token", () => {
    expect(parseCliArgs([])).toMatchObject({ transport: "stdio", exposeTokens: false, mock: false });
    expect(parseCliArgs(["--http"])).toMatchObject({ transport: "http", host: "127.0.0.1", port: 3000, auth: true });
  });

  test("reads every flag", () => {
    expect(
      parseCliArgs([
        "--http",
        "--host",
        "0.0.0.0",
        "--port",
        "0",
        "--allowed-host",
        "nas.local",
        "--allowed-host",
        "nas.lan:8080",
        "--allowed-origin",
        "https://inspector.example",
        "--expose-tokens",
        "--read-only",
        "--tls-cert",
        "cert.pem",
        "--tls-key",
        "key.pem",
        "--mock",
        "--log-level",
        "debug",
      ]),
    ).toEqual({
      transport: "http",
      host: "0.0.0.0",
      port: 0,
      auth: true,
      exposeTokens: true,
      readOnly: true,
      tls: { certFile: "cert.pem", keyFile: "key.pem" },
      mock: true,
      allowedHosts: ["nas.local", "nas.lan:8080"],
      allowedOrigins: ["https://inspector.example"],
      logLevel: "debug",
      help: false,
      version: false,
    });
  });

  test("--no-auth is accepted on every loopback spelling and nowhere else (the server's rule, applied by the CLI)", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"]) {
      const options = parseCliArgs(["--http", "--no-auth", "--host", host]);
      expect(options.auth).toBe(false);
      expect(() => checkHttpSettings(options)).not.toThrow();
    }
    for (const host of ["0.0.0.0", "192.168.1.5", "::", "example.com"]) {
      const options = parseCliArgs(["--http", "--no-auth", "--host", host, "--allowed-host", "x"]);
      expect(() => checkHttpSettings(options)).toThrow(UnsafeHttpSettingsError);
    }
  });

  test.each([["--token"], ["--plex-token=abc"], ["--password"], ["--login"], ["--server-url"], ["--client-id"]])(
    "%s is refused, pointing to the environment",
    (flag) => {
      expect(() => parseCliArgs([flag])).toThrow(/come from the environment only/);
    },
  );

  test.each([
    ["--port", "70000"],
    ["--port", "abc"],
    ["--log-level", "loud"],
  ])("%s %s is refused", (flag, value) => {
    expect(() => parseCliArgs(["--http", flag, value])).toThrow(UsageError);
  });

  test("--tls-cert and --tls-key go together, and only with --http", () => {
    expect(() => parseCliArgs(["--http", "--tls-cert", "cert.pem"])).toThrow(/go together/);
    expect(() => parseCliArgs(["--http", "--tls-key", "key.pem"])).toThrow(/go together/);
    expect(() => parseCliArgs(["--tls-cert", "c.pem", "--tls-key", "k.pem"])).toThrow(/only applies with --http/);
    expect(parseCliArgs(["--read-only"]).readOnly).toBe(true);
    expect(parseCliArgs([]).readOnly).toBe(false);
  });
});
