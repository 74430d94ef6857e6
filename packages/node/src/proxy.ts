import { createRequire } from "node:module";
import { type FetchLike, InvalidInputError } from "@plex-auth/core";

/** The proxy settings of an environment, as curl and undici read them. */
export interface ProxySettings {
  /** Proxy for `http:` URLs (`http_proxy`, then `HTTP_PROXY`). */
  readonly httpProxy: string | undefined;
  /** Proxy for `https:` URLs (`https_proxy`, then `HTTPS_PROXY`); falls back to the HTTP proxy. */
  readonly httpsProxy: string | undefined;
  /** Hosts that bypass the proxy (`no_proxy`, then `NO_PROXY`): comma-separated, `*` for all. */
  readonly noProxy: string | undefined;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The subset of undici this module uses. */
interface Undici {
  fetch(url: string, init: RequestInit & { dispatcher: unknown }): Promise<Response>;
  EnvHttpProxyAgent: new (options: { httpProxy: string; httpsProxy: string; noProxy: string }) => unknown;
}

function firstSet(env: Environment, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * The proxy this environment asks for, or `undefined` when none is set or the runtime proxies by itself:
 * Bun's fetch reads these variables natively, and so does Node's when `NODE_USE_ENV_PROXY=1` (Node >= 22.21,
 * 24.5).
 *
 * @example
 * ```ts
 * import { proxySettingsFromEnv } from "@plex-auth/node";
 * proxySettingsFromEnv({ HTTPS_PROXY: "http://proxy.lan:3128", NO_PROXY: "localhost" });
 * // { httpProxy: undefined, httpsProxy: "http://proxy.lan:3128", noProxy: "localhost" }
 * ```
 */
export function proxySettingsFromEnv(env: Environment = process.env): ProxySettings | undefined {
  if (process.versions.bun || env.NODE_USE_ENV_PROXY === "1") return undefined;
  const settings: ProxySettings = {
    httpProxy: firstSet(env, "http_proxy", "HTTP_PROXY"),
    httpsProxy: firstSet(env, "https_proxy", "HTTPS_PROXY"),
    noProxy: firstSet(env, "no_proxy", "NO_PROXY"),
  };
  return settings.httpProxy || settings.httpsProxy ? settings : undefined;
}

function loadUndici(variable: string): Undici {
  try {
    // Synchronous, so a missing optional dependency fails when the client is made, not on its first call.
    return createRequire(import.meta.url)("undici") as Undici;
  } catch (error) {
    throw new InvalidInputError({
      where: "environment",
      issues: [
        {
          path: variable,
          message:
            "is set, and Node's fetch needs the optional peer dependency undici to use it: run `npm install undici`, " +
            "set NODE_USE_ENV_PROXY=1 on Node >= 22.21, or pass { proxy: false }",
        },
      ],
      cause: error,
    });
  }
}

/**
 * A `fetch` that sends requests through the proxy of `settings`, honouring `noProxy`, using undici's
 * `EnvHttpProxyAgent` (undici is an optional peer dependency: install it to use a proxy).
 *
 * @example
 * ```ts
 * import { createPlexAuth, createProxyFetch } from "@plex-auth/node";
 * const fetch = createProxyFetch({ httpProxy: undefined, httpsProxy: "http://proxy.lan:3128", noProxy: undefined });
 * const plex = createPlexAuth({ clientIdentifier: "my-app-3f1c…", fetch });
 * ```
 */
export function createProxyFetch(settings: ProxySettings): FetchLike {
  const undici = loadUndici(settings.httpsProxy ? "HTTPS_PROXY" : "HTTP_PROXY");
  // Empty strings, not undefined: undefined would make undici read process.env, not the settings given.
  const dispatcher = new undici.EnvHttpProxyAgent({
    httpProxy: settings.httpProxy ?? "",
    httpsProxy: settings.httpsProxy ?? settings.httpProxy ?? "",
    noProxy: settings.noProxy ?? "",
  });
  // undici's own fetch with undici's agent: handing an npm undici dispatcher to Node's bundled fetch breaks
  // whenever the two undici versions disagree.
  return (url, init) => undici.fetch(url, { ...init, dispatcher });
}
