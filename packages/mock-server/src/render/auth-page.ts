import type { MockAccount } from "../accounts.ts";

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// Runs in the browser. Plex's auth app gets its parameters in the URL fragment (never sent to a server):
// `#?clientID=…&code=…&forwardUrl=…&context%5Bdevice%5D%5Bproduct%5D=…`, also spelled `#!?` or `#`.
// Everything it shows goes through textContent, so a fragment cannot inject markup.
const SCRIPT = `(() => {
  const main = document.getElementById("plex-auth");
  const status = document.getElementById("plex-auth-status");
  const params = new URLSearchParams(location.hash.replace(/^#!?\\??/, ""));
  const code = params.get("code") || "";
  const forwardUrl = params.get("forwardUrl") || "";
  document.getElementById("plex-auth-product").textContent = params.get("context[device][product]") || "An app";
  document.getElementById("plex-auth-code").textContent = code;
  const buttons = Array.from(document.querySelectorAll("button[data-account]"));
  const show = (state, message) => {
    main.dataset.state = state;
    status.textContent = message;
  };
  const enable = (on) => buttons.forEach((button) => { button.disabled = !on; });
  // Only web addresses: a javascript: or data: forwardUrl must not run in this page.
  const forwardTarget = () => {
    try {
      const target = new URL(forwardUrl);
      return target.protocol === "http:" || target.protocol === "https:" ? target.href : "";
    } catch {
      return "";
    }
  };
  if (code === "") {
    enable(false);
    show("failed", "This link has no PIN code.");
    return;
  }
  const approve = async (account) => {
    enable(false);
    show("approving", "Signing in…");
    const target = forwardTarget();
    try {
      const response = await fetch("/auth/approve", {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        // plex.tv checks forwardUrl against the origin the PIN was created from; so does the mock.
        body: JSON.stringify(target === "" ? { code, account } : { code, account, forwardUrl: target }),
      });
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        const message = (body.errors && body.errors[0] && body.errors[0].message) || "Sign-in failed";
        enable(true);
        show("failed", message);
        return;
      }
      show("signed-in", "Signed in. You can close this window.");
      if (target !== "") location.assign(target);
    } catch {
      enable(true);
      show("failed", "Sign-in failed");
    }
  };
  buttons.forEach((button) => button.addEventListener("click", () => approve(button.dataset.account)));
})();`;

function accountButton(account: MockAccount, index: number): string {
  const label = escapeHtml(`Sign in as ${account.username}`);
  return `<li><button type="button" id="plex-auth-sign-in-${index}" data-account="${escapeHtml(account.key)}">${label}</button></li>`;
}

/**
 * The mock's imitation of Plex's auth app (`/auth#?clientID=…&code=…`): shows the product and the code,
 * and one "Sign in as <username>" button per account that can sign in. A click approves the PIN through
 * `POST /auth/approve`, then says "Signed in. You can close this window." and goes to `forwardUrl` when
 * one was given. Stable hooks for browser tests: `#plex-auth[data-state]` (waiting, approving, signed-in,
 * failed), `#plex-auth-product`, `#plex-auth-code`, `#plex-auth-status`, `button[data-account="<key>"]`.
 * Self-contained: no external script, style, font or image.
 */
export function authPageHtml(accounts: readonly MockAccount[]): string {
  const buttons = accounts.filter((account) => account.username !== "").map(accountButton);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in with Plex (plex-auth mock)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}ul{list-style:none;padding:0}button{width:100%;margin:.25rem 0;padding:.6rem;font-size:1rem}code{font-size:1.4rem;letter-spacing:.15em}</style>
</head>
<body>
<main id="plex-auth" data-state="waiting">
<h1>Sign in with Plex</h1>
<p>The plex-auth mock's sign-in page: nothing here talks to Plex.</p>
<p><strong id="plex-auth-product"></strong> wants to sign in with the code <code id="plex-auth-code"></code>.</p>
<ul id="plex-auth-accounts">
${buttons.join("\n")}
</ul>
<p id="plex-auth-status" role="status"></p>
</main>
<script>
${SCRIPT}
</script>
</body>
</html>
`;
}

/**
 * The page's Content-Security-Policy: its own inline script and style, requests to its own origin, and
 * nothing else (no external resource can load, even if one slipped into the markup).
 */
export const AUTH_PAGE_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'";
