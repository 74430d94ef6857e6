import { PLEX_ENV_VARIABLES, PlexAuthError } from "@plex-auth/core";

/** A variable's value, or the fact that Deno's permissions do not allow reading it. */
type Read = { value: string | undefined } | { denied: true };

/** Reads one variable, turning a missing `--allow-env` into a value instead of an exception. */
export function tryReadEnv(name: string): Read {
  try {
    return { value: Deno.env.get(name) };
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      return { denied: true };
    }
    throw error;
  }
}

/** The error for variables Deno would not let us read, naming the flag that fixes it. */
export function envPermissionError(names: readonly string[], flag: string): PlexAuthError {
  return new PlexAuthError({
    message: `Deno did not allow reading ${names.join(", ")}: run with ${flag}, or pass { env } or the options themselves.`,
  });
}

/**
 * The `PLEX_*` variables, read one by one (never `Deno.env.toObject()`, which needs access to the whole
 * environment). Every variable Deno refuses is named in one error.
 */
export function readPlexEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  const denied: string[] = [];
  for (const { name } of PLEX_ENV_VARIABLES) {
    const read = tryReadEnv(name);
    if ("denied" in read) denied.push(name);
    else env[name] = read.value;
  }
  if (denied.length > 0) throw envPermissionError(denied, "--allow-env=PLEX_*");
  return env;
}
