import { JwtExpiredError } from "../errors/api.ts";
import { RequestAbortedError } from "../errors/local.ts";
import type { OperationDefinition } from "../operation.ts";
import type { ResolvedConfig } from "../options.ts";
import { runAttempt } from "./attempt.ts";
import { prepareCall } from "./prepare.ts";
import { sleep } from "./timeout.ts";

/** A token function that can be told its token expired (a JWT token source): it then mints a new one. */
interface RenewableTokenSource {
  readonly invalidate?: ((token: string) => void) | undefined;
}

/**
 * Runs one operation call end to end: validates options and input (nothing is sent if either is wrong),
 * builds the request, then makes attempts, each with its own whole-request timeout, waiting between them
 * as the retry policy says, and returns the validated result or throws the matching `PlexAuthError`.
 * When plex.tv answers 498 (the JWT expired) to the client's token and its token function can be told
 * (`invalidate`), it is told, and the call is made once more (`renewed`) with the token it gives next.
 */
export async function executeOperation<Input extends object, Body, Result>(
  config: ResolvedConfig,
  operation: OperationDefinition<Input, Body, Result>,
  rawInput: unknown,
  rawOptions: unknown,
  renewed = false,
): Promise<Result> {
  const call = await prepareCall(config, operation, rawInput, rawOptions);
  const { signal } = call.options;
  const aborted = () => new RequestAbortedError({ operation: operation.name });
  const startedAt = Date.now();
  try {
    for (let retriesDone = 0; ; retriesDone++) {
      if (signal?.aborted) throw aborted();
      const outcome = await runAttempt(call, retriesDone, startedAt);
      if (outcome.done) return outcome.result;
      const { delayMs, reason } = outcome;
      call.log?.("warn", "plex-auth retrying", {
        operation: operation.name,
        attempt: retriesDone + 1,
        reason,
        delayMs,
      });
      await sleep(delayMs, signal, aborted);
    }
  } catch (error) {
    const source = config.token as RenewableTokenSource | undefined;
    const renewable = !renewed && !call.options.token && source?.invalidate && call.token;
    if (!renewable || !(error instanceof JwtExpiredError)) throw error;
    source.invalidate(call.token);
    return executeOperation(config, operation, rawInput, rawOptions, true);
  }
}
