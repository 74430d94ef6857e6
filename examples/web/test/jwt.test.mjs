// JWT device authentication in a real browser: the README's IndexedDB pattern in Chromium. The key is
// made non-extractable by Web Crypto, survives a reload in IndexedDB still non-extractable, and signs the
// client JWTs that get its Plex JWT from the mock.
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebExample } from "../server.mjs";
import { launchChromium } from "./chromium.mjs";

const WAIT = { timeout: 15_000 };
let browser;
let example;
let script;

beforeAll(async () => {
  const bundled = await build({
    entryPoints: [join(new URL(".", import.meta.url).pathname, "fixtures/device-key-page.js")],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  script = bundled.outputFiles[0].text;
  browser = await launchChromium();
  example = await startWebExample();
});
afterAll(async () => {
  await browser?.close();
  await example?.close();
});

/** The example's page with the fixture's script loaded beside it (same origin, so its CSP allows it). */
async function loadFixture(page) {
  await page.route(`${example.url}/device-key-test.js`, (route) =>
    route.fulfill({ body: script, contentType: "text/javascript" }),
  );
  await page.goto(example.url);
  await page.addScriptTag({ url: "/device-key-test.js", type: "module" });
  await page.waitForFunction(() => window.deviceKeyTest !== undefined, undefined, WAIT);
}

describe("a device key in Chromium's IndexedDB", () => {
  it("is non-extractable, survives a reload, and gets its Plex JWT through a PIN with its JWK", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await loadFixture(page);
      const first = await page.evaluate(() => window.deviceKeyTest.describeKey());
      expect(first).toMatchObject({ extractable: false, algorithm: "Ed25519" });
      expect(first.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);

      await page.reload();
      await loadFixture(page);
      expect(await page.evaluate(() => window.deviceKeyTest.describeKey())).toEqual(first);

      const plexTvUrl = `${example.mockUrl}/api/v2`;
      const code = await page.evaluate((url) => window.deviceKeyTest.startPin(url), plexTvUrl);
      expect(example.mock.approvePin(code, "plain")).toBe(true);
      const signedIn = await page.evaluate(() => window.deviceKeyTest.finishPin());
      expect(signedIn).toEqual({ thumbprint: first.kid, username: "casey" });
      expect(example.mock.deviceKeys("plain").map((key) => key.jwk.kid)).toContain(first.kid);
    } finally {
      await context.close();
    }
  });
});
