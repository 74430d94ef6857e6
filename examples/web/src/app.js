// The page's script: "Sign in with Plex" both ways, on @plex-auth/core alone (bundled by esbuild).
// - Direct: signInWithPlexPopup talks to plex.tv (here the mock) from the browser; the token lives in this
//   module's memory only, never in storage.
// - Through the server: signInWithPlexServer asks this site's createPlexSignInHandler; the token stays on
//   the server, and the page learns only the account.
import {
  createPlexAuthCore,
  fingerprint,
  getTokenDetails,
  PinExpiredError,
  PopupBlockedError,
  RequestAbortedError,
  resumePlexSignIn,
  resumePlexSignInWithServer,
  signInWithPlexPopup,
  signInWithPlexServer,
  signOut,
} from "@plex-auth/core";

const SIGN_IN_ENDPOINT = "/api/plex";
const CLIENT_ID_KEY = "plex-auth-example:client-identifier";

const $ = (id) => document.getElementById(id);
const app = $("app");
const status = $("status");
let running;
// The direct path's token: in this module's memory, nowhere else.
let directToken;

/** Plex sees this browser as one device: its client identifier (not a secret) outlives the page. */
function clientIdentifier() {
  let id = localStorage.getItem(CLIENT_ID_KEY);
  if (!id) {
    id = `plex-auth-web-example-${crypto.randomUUID()}`;
    localStorage.setItem(CLIENT_ID_KEY, id);
  }
  return id;
}

function show(state, message) {
  app.dataset.state = state;
  status.textContent = message;
  const busy = state === "waiting" || state === "redirecting";
  $("sign-in-direct").disabled = busy;
  $("sign-in-server").disabled = busy;
  $("cancel").hidden = !busy;
}

function showAccount(account, via) {
  $("account-name").textContent = account.title || account.username;
  $("account-via").textContent = via;
  const thumb = $("account-thumb");
  // Plex's avatars live on plex.tv; offline (the mock), or under a stricter CSP, the picture just goes.
  thumb.hidden = true;
  thumb.onload = () => {
    thumb.hidden = false;
  };
  if (typeof account.thumb === "string" && /^https?:\/\//.test(account.thumb)) thumb.src = account.thumb;
  else thumb.removeAttribute("src");
  $("account").hidden = false;
  show("signed-in", `Signed in as ${account.username}.`);
}

function showFailure(error) {
  if (error instanceof RequestAbortedError) return show("cancelled", "Sign-in cancelled.");
  if (error instanceof PinExpiredError) return show("expired", "The sign-in expired. Try again.");
  if (error instanceof PopupBlockedError) return show("failed", "The browser blocked Plex's window. Allow popups.");
  show("failed", `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Where Plex sends this tab back to when the popup is blocked: this page, which resumes on load. */
function forwardUrl() {
  return `${location.origin}${location.pathname}`;
}

async function run(start) {
  const controller = new AbortController();
  running = controller;
  // Synchronously inside the click: the popup opens before any await.
  const pending = start(controller.signal);
  show("waiting", "Waiting for you to approve in Plex's window…");
  try {
    return await pending;
  } finally {
    if (running === controller) running = undefined;
  }
}

function direct(core) {
  return async () => {
    try {
      const result = await run((signal) =>
        signInWithPlexPopup(core, { forwardUrl: forwardUrl(), signal, authAppBaseUrl: config.authAppUrl }),
      );
      if (result.status === "redirecting") return show("redirecting", "Going to Plex…");
      await signedInDirectly(core, result.pin.authToken);
    } catch (error) {
      showFailure(error);
    }
  };
}

async function signedInDirectly(core, token) {
  // The token stays in this module; the page shows only its fingerprint.
  directToken = token;
  const account = await getTokenDetails(core, undefined, { token });
  showAccount(account, `Directly with plex.tv: the token (${fingerprint(token)}) is in this page's memory only.`);
}

function throughServer() {
  return async () => {
    try {
      const result = await run((signal) =>
        signInWithPlexServer(SIGN_IN_ENDPOINT, { forwardUrl: forwardUrl(), signal }),
      );
      if (result.status === "redirecting") return show("redirecting", "Going to Plex…");
      showAccount(result.body.account, "Through this site's server: the token stays there, this page never had it.");
    } catch (error) {
      showFailure(error);
    }
  };
}

/** After a redirect to Plex and back: finish whichever sign-in this tab started. */
async function resume(core) {
  const controller = new AbortController();
  running = controller;
  try {
    const viaServer = resumePlexSignInWithServer(SIGN_IN_ENDPOINT, { signal: controller.signal });
    const directly = resumePlexSignIn(core, { signal: controller.signal });
    const [body, pin] = await Promise.all([viaServer, directly]);
    if (body) showAccount(body.account, "Through this site's server, after a redirect: the token stays there.");
    else if (pin) await signedInDirectly(core, pin.authToken);
    else return false;
    return true;
  } catch (error) {
    showFailure(error);
    return true;
  } finally {
    running = undefined;
  }
}

/** A session the server already holds (a reload after signing in through it). */
async function serverSession() {
  const response = await fetch("/api/session", { headers: { Accept: "application/json" } });
  if (response.status !== 200) return false;
  showAccount(await response.json(), "Through this site's server: the token stays there, this page never had it.");
  return true;
}

let config;

async function main() {
  config = await (await fetch("/config.json")).json();
  const core = createPlexAuthCore({
    clientIdentifier: clientIdentifier(),
    product: config.product,
    plexTvUrl: config.plexTvUrl,
  });
  $("sign-in-direct").addEventListener("click", direct(core));
  $("sign-in-server").addEventListener("click", throughServer());
  $("cancel").addEventListener("click", () => running?.abort());
  // Signing out kills the token on plex.tv, wherever it is kept: here, or on the server.
  $("sign-out").addEventListener("click", async () => {
    if (directToken !== undefined) await signOut(core, undefined, { token: directToken }).catch(() => {});
    await fetch("/api/session", { method: "DELETE" });
    location.assign(forwardUrl());
  });
  show("idle", "Not signed in.");
  const resuming = sessionStorage.length > 0;
  if (resuming) show("waiting", "Finishing the sign-in…");
  if (!(await resume(core)) && !(await serverSession())) show("idle", "Not signed in.");
  // Test hook: start a sign-in without a click, the way a popup blocker refuses it.
  const autostart = new URLSearchParams(location.search).get("autostart");
  if (autostart === "direct") $("sign-in-direct").click();
  if (autostart === "server") $("sign-in-server").click();
}

main().catch(showFailure);
