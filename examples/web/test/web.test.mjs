// "Sign in with Plex" on the web example's page, in a real headless Chromium, as a person would: click the
// button, approve in the mock's auth page in the popup (or after a redirect), and see the account.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createPlexAuth, fingerprint, InvalidTokenError } from "@plex-auth/core";
import { MOCK_ACCOUNTS, STRONG_PIN_TTL_MS } from "@plex-auth/mock-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWebExample } from "../server.mjs";
import { launchChromium } from "./chromium.mjs";

const RESULTS = join(new URL("../../..", import.meta.url).pathname, ".test-results");
const { plain, twoFactor } = MOCK_ACCOUNTS;
const WAIT = { timeout: 15_000 };

let browser;
let example;
let context;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  example = await startWebExample();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
  await example?.close();
});

async function openPage(target = browser, path = "/", { idle = true } = {}) {
  context = await target.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${example.url}${path}`);
  if (idle) await page.waitForSelector("#app[data-state='idle']", WAIT);
  return { page, errors };
}

async function approveInPopup(page, button, account = "plain") {
  const popupOpened = page.waitForEvent("popup", WAIT);
  await page.click(button);
  const popup = await popupOpened;
  await popup.waitForSelector(`button[data-account="${account}"]`, WAIT);
  return popup;
}

/** Whether plex.tv (the mock) still takes a token. */
async function tokenWorks(token) {
  const plex = createPlexAuth({ clientIdentifier: "web-test-checker", plexTvUrl: `${example.mockUrl}/api/v2` });
  try {
    await plex.authentication.ping(undefined, { token });
    return true;
  } catch (error) {
    if (error instanceof InvalidTokenError) return false;
    throw error;
  }
}

/** Everything the page could keep or show: storage, cookies a script can read, every cookie, the DOM. */
async function whatThePageHolds(page) {
  const inPage = await page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookie: document.cookie,
    html: document.documentElement.outerHTML,
  }));
  const cookies = JSON.stringify(await page.context().cookies());
  return { ...inPage, cookies };
}

describe("the web example in Chromium", () => {
  it("signs in directly from the page: popup, approval on Plex's page, the account shown, the popup closed", async () => {
    const { page, errors } = await openPage();
    const popup = await approveInPopup(page, "#sign-in-direct");
    const authUrl = new URL(popup.url());
    expect(`${authUrl.origin}${authUrl.pathname}`).toBe(`${example.mockUrl}/auth`);
    expect(authUrl.hash).toMatch(/clientID=plex-auth-web-example-/);
    expect(await popup.textContent("#plex-auth-product")).toBe("plex-auth web example");

    const closed = popup.waitForEvent("close", WAIT);
    await popup.click('button[data-account="plain"]');
    await page.waitForSelector("#app[data-state='signed-in']", WAIT);
    await closed;
    expect(await page.textContent("#account-name")).toBe(plain.title || plain.username);
    expect(await page.textContent("#account-via")).toMatch(/^Directly with plex\.tv: the token \(…\w{4}\)/);
    // The direct path keeps the token in memory only: none of the mock's tokens is in storage or cookies.
    const held = await whatThePageHolds(page);
    const issued = example.mock.issuedTokens();
    for (const token of issued) {
      for (const [where, text] of Object.entries(held)) expect(text.includes(token), where).toBe(false);
    }
    // Sign out kills the token on plex.tv: the page's device is signed out there.
    const pageDevice = () =>
      example.mock.devices("plain").filter((device) => device.clientIdentifier.startsWith("plex-auth-web-example-"));
    expect(pageDevice()).toHaveLength(1);
    await page.click("#sign-out");
    await page.waitForSelector("#app[data-state='idle']", WAIT);
    expect(pageDevice()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("signs in through the server: the token reaches onSignedIn, and nothing the browser holds or received has it", async () => {
    const { page, errors } = await openPage();
    const bodies = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname.startsWith("/api/")) bodies.push(response.text().catch(() => ""));
    });
    const popup = await approveInPopup(page, "#sign-in-server");
    await popup.click('button[data-account="twoFactor"]');
    await page.waitForSelector("#app[data-state='signed-in']", WAIT);
    expect(await page.textContent("#account-name")).toBe(twoFactor.title || twoFactor.username);
    expect(await page.textContent("#account-via")).toContain("the token stays there");

    const [session] = [...example.sessions.values()];
    expect(session.account.username).toBe(twoFactor.username);
    const held = { ...(await whatThePageHolds(page)), received: (await Promise.all(bodies)).join("\n") };
    expect(held.received).toContain('"status":"done"');
    for (const [where, text] of Object.entries(held)) {
      expect(text.includes(session.token), where).toBe(false);
      // Not even its fingerprint ("…" and the last four characters).
      expect(text.includes(fingerprint(session.token)), where).toBe(false);
    }
    // A reload finds the server's session, still without the token.
    await page.reload();
    await page.waitForSelector("#app[data-state='signed-in']", WAIT);
    expect(await page.textContent("#account-name")).toBe(twoFactor.title || twoFactor.username);
    expect((await page.content()).includes(session.token)).toBe(false);

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "web-sign-in-signed-in.png"), fullPage: true });
    // Sign out ends the server's session and kills the token on plex.tv.
    await page.click("#sign-out");
    await page.waitForSelector("#app[data-state='idle']", WAIT);
    expect(example.sessions.size).toBe(0);
    expect(await tokenWorks(session.token)).toBe(false);
    expect(errors).toEqual([]);
  });

  it("keeps waiting when the person closes the popup (popup.closed is never trusted), and signs in once approved", async () => {
    const { page } = await openPage();
    const popup = await approveInPopup(page, "#sign-in-direct");
    const code = new URLSearchParams(new URL(popup.url()).hash.replace(/^#\??/, "")).get("code");
    await popup.close();
    // Several polls later the page is still waiting for Plex, not "cancelled".
    await page.waitForTimeout(2_500);
    expect(await page.getAttribute("#app", "data-state")).toBe("waiting");
    // The person approves on another device (plex.tv/link, a phone): the wait delivers.
    expect(example.mock.approvePin(code, "plain")).toBe(true);
    await page.waitForSelector("#app[data-state='signed-in']", WAIT);
    expect(await page.textContent("#account-name")).toBe(plain.title || plain.username);
  });

  it("signs in when Plex's page sends Cross-Origin-Opener-Policy, which severs the popup (Seerr #2939)", async () => {
    await example.close();
    example = await startWebExample({ mockOptions: { authPageOpenerPolicy: "same-origin" } });
    const { page } = await openPage();
    const popup = await approveInPopup(page, "#sign-in-direct");
    await popup.click('button[data-account="plain"]');
    await page.waitForSelector("#app[data-state='signed-in']", WAIT);
    expect(await page.textContent("#account-name")).toBe(plain.title || plain.username);
    // The proof the policy took effect: the opener lost its handle, so its close() did nothing; the page
    // says what Plex's does, and the person closes it.
    expect(popup.isClosed()).toBe(false);
    expect(await popup.textContent("#plex-auth-status")).toBe("Signed in. You can close this window.");
  });

  it("Cancel stops the wait and closes the popup; an expired PIN says so and closes it too", async () => {
    const { page } = await openPage();
    const popup = await approveInPopup(page, "#sign-in-direct");
    const closed = popup.waitForEvent("close", WAIT);
    await page.click("#cancel");
    await page.waitForSelector("#app[data-state='cancelled']", WAIT);
    await closed;

    const second = await approveInPopup(page, "#sign-in-server");
    const secondClosed = second.waitForEvent("close", WAIT);
    example.mock.advanceTime(STRONG_PIN_TTL_MS);
    await page.waitForSelector("#app[data-state='expired']", WAIT);
    await secondClosed;
    expect(await page.textContent("#status")).toBe("The sign-in expired. Try again.");
  });
});

describe("the web example in Chromium with its popup blocker on", () => {
  let strictBrowser;
  beforeAll(async () => {
    strictBrowser = await launchChromium({ popupBlocker: true });
  });
  afterAll(async () => {
    await strictBrowser?.close();
  });

  for (const [way, account] of [
    ["direct", plain],
    ["server", twoFactor],
  ]) {
    it(`a blocked popup (${way}) becomes a redirect to Plex and back, and the sign-in resumes`, async () => {
      // The page starts the sign-in on load, with no click: the blocker refuses its popup.
      const { page, errors } = await openPage(strictBrowser, `/?autostart=${way}`, { idle: false });
      await page
        .waitForURL((url) => url.href.startsWith(`${example.mockUrl}/auth#`), WAIT)
        .catch((error) => {
          throw new Error(`${error.message}; the page is at ${page.url()}, its errors: ${errors.join("; ")}`);
        });
      expect(new URLSearchParams(new URL(page.url()).hash.replace(/^#\??/, "")).get("forwardUrl")).toBe(
        `${example.url}/`,
      );
      await page.click(`button[data-account="${account.key}"]`);
      await page.waitForURL(`${example.url}/`, WAIT);
      await page.waitForSelector("#app[data-state='signed-in']", WAIT);
      expect(await page.textContent("#account-name")).toBe(account.title || account.username);
      // The kept PIN (or sign-in id) is gone once the sign-in finished.
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    });
  }
});
