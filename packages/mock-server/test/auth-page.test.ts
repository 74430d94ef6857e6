import { describe, expect, it, vi } from "vitest";
import { MOCK_ACCOUNTS, MOCK_KID_PROFILE, PIN_TTL_MS } from "../src/index.ts";
import { runAuthPage } from "./support/auth-page-runner.ts";
import { type Harness, TRANSPORTS } from "./support/harness.ts";
import { createPin, jsonOf, type PinBody, pollPin } from "./support/requests.ts";

const { twoFactor } = MOCK_ACCOUNTS;

async function authPage(harness: Harness): Promise<{ response: Response; html: string }> {
  const response = await harness.fetch(`${harness.serverUrl}/auth`, {});
  return { response, html: await response.text() };
}

function fragment(fields: Record<string, string>, prefix = "#?"): string {
  return prefix + new URLSearchParams(fields).toString();
}

function approve(harness: Harness, body: Record<string, string>): Promise<Response> {
  return harness.fetch(`${harness.serverUrl}/auth/approve`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe.each(TRANSPORTS)("the auth page over $name", (transport) => {
  it("is a self-contained HTML page with stable hooks and a button per account that can sign in", async () => {
    const harness = await transport.start();
    const { response, html } = await authPage(harness);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    for (const id of ["plex-auth", "plex-auth-product", "plex-auth-code", "plex-auth-accounts", "plex-auth-status"]) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('<main id="plex-auth" data-state="waiting">');
    expect(html).toContain('data-account="twoFactor">Sign in as alex</button>');
    expect(html).toContain('data-account="plain">Sign in as casey</button>');
    expect(html).not.toContain(`data-account="${MOCK_KID_PROFILE.key}"`); // a managed profile cannot sign in
    expect(html).toContain("location.hash");
    // Nothing external: no src or href attribute, no absolute URL anywhere in the page.
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("POST /auth/approve approves the PIN as the account (204), the token then works", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness, { strong: true, client: "web-app" });
    const response = await approve(harness, { code: pin.code, account: "twoFactor" });
    expect(response.status).toBe(204);
    const approved = await jsonOf<PinBody>(await pollPin(harness, pin.id, "web-app"));
    const user = await harness.client({ token: approved.authToken as string }).authentication.getTokenDetails();
    expect(user.username).toBe(twoFactor.username);
  });

  it("POST /auth/approve answers 400 for an unknown account or a managed profile, 404/1020 for a dead code", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness);
    for (const account of ["nobody", MOCK_KID_PROFILE.key]) {
      const response = await approve(harness, { code: pin.code, account });
      expect(response.status, account).toBe(400);
      await response.body?.cancel();
    }
    harness.mock.advanceTime(PIN_TTL_MS);
    const expired = await approve(harness, { code: pin.code, account: "plain" });
    expect(expired.status).toBe(404);
    expect(await jsonOf(expired)).toEqual({
      errors: [{ code: 1020, message: "Code not found or expired", status: 404 }],
    });
  });

  it("its script shows the product and code from the fragment, approves on click, then forwards", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness, { strong: true, client: "web-app", origin: "https://app.example" });
    const { html } = await authPage(harness);
    const hash = fragment({
      clientID: "web-app",
      code: pin.code,
      forwardUrl: "https://app.example/signed-in?step=2",
      "context[device][product]": "My Web App",
    });
    const page = runAuthPage(html, `${harness.serverUrl}/auth`, hash, harness.fetch);
    expect(page.product.textContent).toBe("My Web App");
    expect(page.code.textContent).toBe(pin.code);
    expect(page.main.dataset.state ?? "waiting").toBe("waiting");

    page.buttons.get("twoFactor")?.click();
    await vi.waitFor(() => expect(page.main.dataset.state).toBe("signed-in"));
    expect(page.status.textContent).toBe("Signed in. You can close this window.");
    expect(page.navigations).toEqual(["https://app.example/signed-in?step=2"]);
    const approved = await jsonOf<PinBody>(await pollPin(harness, pin.id, "web-app"));
    expect(approved.authToken).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  it("refuses a forwardUrl off the host the PIN was created from, as Plex does (FLOWS.md 1.2), and one with no origin", async () => {
    const harness = await transport.start();
    const fromOtherSite = await createPin(harness, { strong: true, client: "web-app", origin: "https://evil.example" });
    const withoutOrigin = await createPin(harness, { strong: true, client: "web-app" });
    for (const pin of [fromOtherSite, withoutOrigin]) {
      const refused = await approve(harness, {
        code: pin.code,
        account: "plain",
        forwardUrl: "https://app.example/signed-in",
      });
      expect(refused.status).toBe(400);
      expect(await jsonOf(refused)).toEqual({
        errors: [{ message: "forwardUrl is not on the host of the origin this PIN was created from", status: 400 }],
      });
      expect((await jsonOf<PinBody>(await pollPin(harness, pin.id, "web-app"))).authToken).toBeNull();
    }
    // The same host on another port or scheme passes: Plex compares hostnames.
    const sameHost = await createPin(harness, { strong: true, client: "web-app", origin: "http://app.example:8080" });
    const approved = await approve(harness, {
      code: sameHost.code,
      account: "plain",
      forwardUrl: "https://app.example/signed-in",
    });
    expect(approved.status).toBe(204);
  });

  it("sends the Cross-Origin-Opener-Policy it is given (as Plex web 4.152.0 did), and none by default", async () => {
    const plain = await transport.start();
    expect((await authPage(plain)).response.headers.get("cross-origin-opener-policy")).toBeNull();
    const severing = await transport.start({ authPageOpenerPolicy: "same-origin" });
    expect((await authPage(severing)).response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });

  it("its script reads the #!? spelling too, and never follows a forwardUrl that is not a web address", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness);
    const { html } = await authPage(harness);
    const hash = fragment({ code: pin.code, forwardUrl: "javascript:alert(1)" }, "#!?");
    const page = runAuthPage(html, `${harness.serverUrl}/auth`, hash, harness.fetch);
    expect(page.product.textContent).toBe("An app");
    page.buttons.get("plain")?.click();
    await vi.waitFor(() => expect(page.main.dataset.state).toBe("signed-in"));
    expect(page.navigations).toEqual([]);
  });

  it("its script reports an expired code and lets the user try again; without a code it disables the buttons", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness);
    harness.mock.advanceTime(PIN_TTL_MS);
    const { html } = await authPage(harness);
    const page = runAuthPage(html, `${harness.serverUrl}/auth`, fragment({ code: pin.code }), harness.fetch);
    page.buttons.get("plain")?.click();
    await vi.waitFor(() => expect(page.main.dataset.state).toBe("failed"));
    expect(page.status.textContent).toBe("Code not found or expired");
    expect(page.buttons.get("plain")?.disabled).toBe(false);

    const empty = runAuthPage(html, `${harness.serverUrl}/auth`, "", harness.fetch);
    expect(empty.main.dataset.state).toBe("failed");
    expect([...empty.buttons.values()].every((button) => button.disabled)).toBe(true);
  });
});
