import { PlexAuthError } from "../errors/base.ts";
import { InvalidInputError, RequestAbortedError, TimeoutError, TokenSourceError } from "../errors/local.ts";
import { checkToken, type RequestOptions, type ResolvedConfig } from "../options.ts";
import { startAttemptSignal } from "./timeout.ts";

/**
 * The token of one call: the call's own, else the client's string, else what the client's token function
 * returns. The function is the caller's code (a vault, a refresh): it is held to the same timeout and
 * signal as the request, and what it throws is reported without its message, which may hold the very
 * secret it failed to produce.
 */
export async function resolveToken(
  config: ResolvedConfig,
  options: RequestOptions,
  operation: string,
  timeoutMs: number,
): Promise<string> {
  if (options.token !== undefined) return options.token;
  const source = config.token;
  if (source === undefined) {
    throw new InvalidInputError({
      where: `call to ${operation}`,
      issues: [
        {
          path: "token",
          message: "is required: pass { token } to createPlexAuth, use plex.withToken(token), or sign in first",
        },
      ],
      operation,
    });
  }
  if (typeof source === "string") return source;
  const bound = startAttemptSignal(options.signal, timeoutMs);
  try {
    return checkToken(await bound.race(Promise.resolve().then(source)), operation);
  } catch (error) {
    if (error instanceof PlexAuthError) throw error;
    if (bound.timedOut()) throw new TimeoutError({ timeoutMs, operation });
    if (options.signal?.aborted) throw new RequestAbortedError({ operation });
    throw new TokenSourceError({ operation, thrown: error });
  } finally {
    bound.dispose();
  }
}
