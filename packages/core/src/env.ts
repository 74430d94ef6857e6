import * as v from "valibot";
import { InvalidInputError, type ValidationIssue } from "./errors/local.ts";
import { baseUrl, headerText, maxRetries, SERVER_URL_EXAMPLE, timeoutMs } from "./option-schemas.ts";
import type { PlexAuthOptions } from "./options.ts";
import { check } from "./validation.ts";

/**
 * Reads one variable of the environment; `undefined` when it is unset. Each runtime entry passes its own
 * (the Node and Deno packages read their process environment); a Cloudflare Worker passes `(name) => env[name]`.
 */
export type EnvReader = (name: string) => string | undefined;

/** How the text of a variable becomes an option value. */
type EnvKind = "text" | "url" | "milliseconds" | "retries";

/** One environment variable the client reads, the option it sets, and what it means. */
export interface PlexEnvVariable {
  /** The variable's name, e.g. `"PLEX_TOKEN"`. */
  readonly name: PlexEnvName;
  /** The client option it sets (`PLEX_MAX_RETRIES` sets `retry.maxRetries`). */
  readonly option: keyof PlexAuthOptions;
  readonly kind: EnvKind;
  /** One line for documentation and error messages. */
  readonly description: string;
}

/** The name of a variable {@link plexAuthOptionsFromEnv} reads. */
export type PlexEnvName =
  | "PLEX_CLIENT_IDENTIFIER"
  | "PLEX_TOKEN"
  | "PLEX_SERVER_URL"
  | "PLEX_TV_URL"
  | "PLEX_PRODUCT"
  | "PLEX_VERSION"
  | "PLEX_PLATFORM"
  | "PLEX_PLATFORM_VERSION"
  | "PLEX_DEVICE"
  | "PLEX_DEVICE_NAME"
  | "PLEX_MODEL"
  | "PLEX_DEVICE_VENDOR"
  | "PLEX_MARKETPLACE"
  | "PLEX_TIMEOUT_MS"
  | "PLEX_MAX_RETRIES";

/**
 * Every variable {@link plexAuthOptionsFromEnv} reads, in the order of the documentation table. A runtime
 * entry reads exactly these names and nothing else (Deno: `--allow-env=PLEX_*` is enough).
 *
 * @example
 * ```ts
 * import { PLEX_ENV_VARIABLES } from "@plex-auth/core";
 * for (const variable of PLEX_ENV_VARIABLES) console.log(variable.name, variable.description);
 * ```
 */
export const PLEX_ENV_VARIABLES: readonly PlexEnvVariable[] = /* @__PURE__ */ Object.freeze([
  {
    name: "PLEX_CLIENT_IDENTIFIER",
    option: "clientIdentifier",
    kind: "text",
    description: "X-Plex-Client-Identifier, stable per installation",
  },
  { name: "PLEX_TOKEN", option: "token", kind: "text", description: "X-Plex-Token for every operation but sign-in" },
  {
    name: "PLEX_SERVER_URL",
    option: "serverUrl",
    kind: "url",
    description: "the Plex Media Server, e.g. http://192.168.1.10:32400",
  },
  { name: "PLEX_TV_URL", option: "plexTvUrl", kind: "url", description: "the plex.tv API base" },
  { name: "PLEX_PRODUCT", option: "product", kind: "text", description: "X-Plex-Product, your app's name" },
  { name: "PLEX_VERSION", option: "version", kind: "text", description: "X-Plex-Version, your app's version" },
  { name: "PLEX_PLATFORM", option: "platform", kind: "text", description: "X-Plex-Platform" },
  { name: "PLEX_PLATFORM_VERSION", option: "platformVersion", kind: "text", description: "X-Plex-Platform-Version" },
  { name: "PLEX_DEVICE", option: "device", kind: "text", description: "X-Plex-Device" },
  { name: "PLEX_DEVICE_NAME", option: "deviceName", kind: "text", description: "X-Plex-Device-Name" },
  { name: "PLEX_MODEL", option: "model", kind: "text", description: "X-Plex-Model" },
  { name: "PLEX_DEVICE_VENDOR", option: "deviceVendor", kind: "text", description: "X-Plex-Device-Vendor" },
  { name: "PLEX_MARKETPLACE", option: "marketplace", kind: "text", description: "X-Plex-Marketplace" },
  {
    name: "PLEX_TIMEOUT_MS",
    option: "timeoutMs",
    kind: "milliseconds",
    description: "whole-request timeout per attempt, in milliseconds",
  },
  { name: "PLEX_MAX_RETRIES", option: "retry", kind: "retries", description: "retries after the first attempt, 0-10" },
] satisfies PlexEnvVariable[]);

const wholeNumber = (digits: number, hint: string) =>
  v.pipe(v.string(), v.regex(new RegExp(`^\\d{1,${digits}}$`), `must be a whole number: ${hint}`), v.transform(Number));

// Each kind is built from the option's own schema piece, so a variable is held to the same rule as the
// option it sets; the check's messages never quote the value (PLEX_TOKEN is a secret).
const KIND_SCHEMAS: Readonly<Record<EnvKind, v.GenericSchema<string, unknown>>> = {
  text: headerText,
  url: baseUrl(SERVER_URL_EXAMPLE),
  milliseconds: v.pipe(wholeNumber(10, "milliseconds, like 30000"), timeoutMs),
  retries: v.pipe(
    wholeNumber(2, "retries after the first attempt, 0-10"),
    maxRetries,
    v.transform((count) => ({ maxRetries: count })),
  ),
};

/**
 * Builds client options from environment variables ({@link PLEX_ENV_VARIABLES}). Unset and empty variables
 * are left out, so an option passed in code or a default applies instead. Throws `InvalidInputError` naming
 * every malformed variable, and every variable listed in `required` that is unset; values never appear in
 * the message.
 *
 * Runtime entries wrap this: `createPlexAuthFromEnv` of `@plex-auth/node` and `@plex-auth/deno`.
 *
 * @example
 * ```ts
 * // A Cloudflare Worker, whose variables arrive as the `env` argument:
 * import { createPlexAuth, plexAuthOptionsFromEnv } from "@plex-auth/core";
 * export default {
 *   async fetch(_request: Request, env: Record<string, string>) {
 *     const { clientIdentifier = "my-worker-3f1c…", ...options } = plexAuthOptionsFromEnv((name) => env[name], ["PLEX_TOKEN"]);
 *     const plex = createPlexAuth({ clientIdentifier, ...options });
 *     return Response.json(await plex.authentication.getTokenDetails());
 *   },
 * };
 * ```
 */
export function plexAuthOptionsFromEnv(
  read: EnvReader,
  required: readonly PlexEnvName[] = [],
): Partial<PlexAuthOptions> {
  const options: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const variable of PLEX_ENV_VARIABLES) {
    const text = read(variable.name)?.trim();
    if (!text) {
      if (required.includes(variable.name))
        issues.push({ path: variable.name, message: `is not set: ${variable.description}` });
      continue;
    }
    const parsed = check(KIND_SCHEMAS[variable.kind], text);
    if (parsed.success) options[variable.option] = parsed.output;
    else for (const issue of parsed.issues) issues.push({ path: variable.name, message: issue.message });
  }
  if (issues.length > 0) throw new InvalidInputError({ where: "environment", issues });
  return options as Partial<PlexAuthOptions>;
}

/** What {@link mergeEnvOptions} merges, from weakest to strongest: runtime defaults, environment, code. */
export interface EnvMergeSources {
  /** Reads one variable of the environment. */
  readonly read: EnvReader;
  /** Variables that must be set; each unset one is named in the error. */
  readonly required?: readonly PlexEnvName[];
  /** The runtime's defaults (platform, device): the environment and code win over them. */
  readonly defaults?: Partial<PlexAuthOptions>;
  /** Options passed in code: they win. An `undefined` value means "no opinion", not "erase". */
  readonly explicit?: Partial<PlexAuthOptions>;
  /** True when there is no persisted identifier to fall back on, so `PLEX_CLIENT_IDENTIFIER` must be set. */
  readonly requireClientIdentifier?: boolean;
}

/**
 * The merge every runtime's `createPlexAuthFromEnv` does: runtime defaults, then the environment, then the
 * options passed in code, with the same errors as {@link plexAuthOptionsFromEnv}. The caller adds what is
 * specific to its runtime (a persisted client identifier, a proxying fetch).
 *
 * @example
 * ```ts
 * import { mergeEnvOptions } from "@plex-auth/core";
 * const options = mergeEnvOptions({
 *   read: (name) => env[name],
 *   defaults: { platform: "Workers" },
 *   explicit: { product: "My App" },
 *   requireClientIdentifier: true,
 * });
 * ```
 */
export function mergeEnvOptions(sources: EnvMergeSources): Partial<PlexAuthOptions> {
  const { read, required = [], defaults = {}, explicit = {}, requireClientIdentifier = false } = sources;
  const needsIdentifier = requireClientIdentifier && explicit.clientIdentifier === undefined;
  const fromEnv = plexAuthOptionsFromEnv(read, needsIdentifier ? [...required, "PLEX_CLIENT_IDENTIFIER"] : required);
  const stated = Object.fromEntries(Object.entries(explicit).filter(([, value]) => value !== undefined));
  return { ...defaults, ...fromEnv, ...stated };
}
