import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { desktopBrowser } from "../src/cli/browser.ts";
import { waitFor } from "./helpers/wait.ts";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function fakeCommand(name: string, exitCode: number): { dir: string; record: string } {
  dir = mkdtempSync(join(tmpdir(), "plex-auth-open-"));
  const record = join(dir, "args.txt");
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho "$@" > "${record}"\nenv | grep -ci '^plex_' >> "${record}"\nexit ${exitCode}\n`);
  chmodSync(path, 0o755);
  return { dir, record };
}

describe("desktopBrowser", () => {
  test("none where there is no desktop, or BROWSER=none", () => {
    expect(desktopBrowser({}, "linux")).toBeUndefined();
    expect(desktopBrowser({ DISPLAY: ":0", BROWSER: "none" }, "linux")).toBeUndefined();
    expect(desktopBrowser({}, "darwin")).toBeTypeOf("function");
    expect(desktopBrowser({}, "win32")).toBeTypeOf("function");
  });

  test.skipIf(process.platform === "win32")(
    "xdg-open on a Linux desktop: opened only when it exits 0; no PLEX_* variable reaches it",
    async () => {
      const ok = fakeCommand("xdg-open", 0);
      const open = desktopBrowser(
        { DISPLAY: ":0", PATH: `${ok.dir}:${process.env.PATH}`, PLEX_TOKEN: "secret", plex_password: "secret" },
        "linux",
      );
      expect(await open?.("https://app.plex.tv/auth#?code=x")).toBe(true);
      await waitFor(
        () => existsSync(ok.record) && readFileSync(ok.record, "utf8").includes("\n0"),
        "the fake xdg-open to record",
      );
      expect(readFileSync(ok.record, "utf8")).toBe("https://app.plex.tv/auth#?code=x\n0\n");
      rmSync(ok.dir, { recursive: true, force: true });

      const failing = fakeCommand("xdg-open", 3);
      expect(
        await desktopBrowser(
          { DISPLAY: ":0", PATH: `${failing.dir}:${process.env.PATH}` },
          "linux",
        )?.("https://example.test/"),
      ).toBe(false);
    },
  );

  test.skipIf(process.platform === "win32")(
    "$BROWSER with %s inside a word, and a command that does not exist",
    async () => {
      const fake = fakeCommand("my-browser", 0);
      const open = desktopBrowser(
        { BROWSER: `${join(fake.dir, "my-browser")} --app=%s`, PATH: `${fake.dir}:${process.env.PATH}` },
        "linux",
      );
      expect(await open?.("https://app.plex.tv/auth")).toBe(true);
      await waitFor(
        () => existsSync(fake.record) && readFileSync(fake.record, "utf8").includes("\n"),
        "the fake browser to record",
      );
      expect(readFileSync(fake.record, "utf8").split("\n")[0]).toBe("--app=https://app.plex.tv/auth");
      expect(await desktopBrowser({ BROWSER: "/no/such/browser" }, "linux")?.("https://x.test/")).toBe(false);
    },
  );
});
