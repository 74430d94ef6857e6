import { runInNewContext } from "node:vm";
import type { FetchLike } from "@plex-auth/core";

/** One element of the fake DOM the auth page's script runs against. */
export interface FakeElement {
  readonly id: string;
  textContent: string;
  disabled: boolean;
  readonly dataset: Record<string, string>;
  click(): void;
}

/** The auth page's script, run against a fake DOM: what it shows, where it navigated. */
export interface RunningAuthPage {
  readonly main: FakeElement;
  readonly product: FakeElement;
  readonly code: FakeElement;
  readonly status: FakeElement;
  /** The account buttons, by their `data-account`. */
  readonly buttons: ReadonlyMap<string, FakeElement>;
  /** The URLs the page navigated to with `location.assign`. */
  readonly navigations: readonly string[];
}

function element(id: string, dataset: Record<string, string> = {}): FakeElement & { listeners: (() => void)[] } {
  const listeners: (() => void)[] = [];
  return {
    id,
    textContent: "",
    disabled: false,
    dataset,
    listeners,
    click() {
      if (!this.disabled) for (const listener of listeners) listener();
    },
  };
}

/**
 * Runs the inline script of the `/auth` page's HTML with `location.hash` set to `hash`, its `fetch` going to
 * the mock at `pageUrl`'s origin. A stand-in for a browser: enough DOM for the script, nothing more.
 */
export function runAuthPage(html: string, pageUrl: string, hash: string, fetch: FetchLike): RunningAuthPage {
  const script = /<script>\n([\s\S]*?)\n<\/script>/.exec(html)?.[1];
  if (script === undefined) throw new Error("the page has no inline script");
  const buttons = new Map<string, ReturnType<typeof element>>();
  for (const match of html.matchAll(/<button type="button" id="([^"]+)" data-account="([^"]+)">/g)) {
    buttons.set(match[2] as string, element(match[1] as string, { account: match[2] as string }));
  }
  const byId = new Map<string, ReturnType<typeof element>>(
    ["plex-auth", "plex-auth-product", "plex-auth-code", "plex-auth-status"].map((id) => [id, element(id)]),
  );
  const navigations: string[] = [];
  const button = (candidate: ReturnType<typeof element>) => ({
    dataset: candidate.dataset,
    get disabled() {
      return candidate.disabled;
    },
    set disabled(value: boolean) {
      candidate.disabled = value;
    },
    addEventListener: (type: string, listener: () => void) => {
      if (type === "click") candidate.listeners.push(listener);
    },
  });
  const document = {
    getElementById: (id: string) => byId.get(id) ?? null,
    querySelectorAll: (selector: string) =>
      selector === "button[data-account]" ? [...buttons.values()].map(button) : [],
  };
  const location = { hash, assign: (url: string) => navigations.push(url) };
  const pageFetch = (path: string, init: RequestInit = {}) => fetch(new URL(path, pageUrl).href, init);
  runInNewContext(script, { document, location, fetch: pageFetch, URL, URLSearchParams, JSON, Array });
  const get = (id: string) => byId.get(id) as FakeElement;
  return {
    main: get("plex-auth"),
    product: get("plex-auth-product"),
    code: get("plex-auth-code"),
    status: get("plex-auth-status"),
    buttons,
    navigations,
  };
}
