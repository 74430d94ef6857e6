import * as v from "valibot";
import type { PlexAuthCore } from "../client-core.ts";
import { PinExpiredError } from "../errors/api.ts";
import { PlexAuthError } from "../errors/base.ts";
import { InvalidInputError, RequestAbortedError } from "../errors/local.ts";
import type { ApprovedPlexPin, PlexPin } from "../models/pin.ts";
import { getOAuthPin } from "../operations/get-oauth-pin.ts";
import { integerBetween } from "../option-schemas.ts";
import { sleep } from "../transport/timeout.ts";
import { check } from "../validation.ts";

/** One poll of {@link waitForOAuthPin}, for a progress display. Never carries the PIN's id or a token. */
export interface PinPoll {
  /** Polls made so far, this one included. */
  readonly attempt: number;
  /** `pending`: not approved yet; `retrying`: plex.tv did not answer properly (429, 5xx, network), backing off. */
  readonly status: "pending" | "retrying";
  /** Milliseconds until the PIN expires, by its own countdown. */
  readonly remainingMs: number;
  /** Milliseconds until the next poll. */
  readonly nextPollInMs: number;
}

/** Options of {@link waitForOAuthPin}. */
export interface WaitForOAuthPinOptions {
  /** Stops the wait (and the poll in flight) with `RequestAbortedError`. */
  signal?: AbortSignal | undefined;
  /** Time between polls. Default 1000 ms, as Plex asks. */
  intervalMs?: number | undefined;
  /** Timeout of one poll. Default 10 000 ms. */
  pollTimeoutMs?: number | undefined;
  /** Called after every poll (a thrown error is ignored). */
  onPoll?: ((poll: PinPoll) => void) | undefined;
  /**
   * For a PIN made with a device key's JWK: gives the client JWT each poll carries as `deviceJWT`, so the
   * approved PIN's token is a Plex JWT. `waitForJwtPin` of `@plex-auth/core/jwt` passes one that re-signs
   * before the last one expires.
   */
  deviceJwt?: (() => Promise<string>) | undefined;
}

const STRONG_LIFETIME_MS = 30 * 60_000;
const SHORT_LIFETIME_MS = 15 * 60_000;
// A PIN lives 30 minutes at most: a server answering a longer countdown cannot keep the wait going.
const MAX_LIFETIME_MS = STRONG_LIFETIME_MS + 60_000;
const MAX_BACKOFF_MS = 15_000;

const optionsSchema = v.strictObject({
  signal: v.optional(
    v.custom<AbortSignal>((value) => value instanceof Object && "aborted" in value, "must be an AbortSignal"),
  ),
  intervalMs: v.optional(integerBetween(100, 60_000), 1000),
  pollTimeoutMs: v.optional(integerBetween(100, 120_000), 10_000),
  onPoll: v.optional(v.function("must be a function")),
  deviceJwt: v.optional(v.function("must be a function returning a client JWT")),
});

const pinSchema = v.looseObject({
  id: v.pipe(
    v.number("is required: pass the PIN from createOAuthPin"),
    v.integer(),
    v.minValue(1),
    // As getOAuthPin's: a larger id is not exact in a double, so it could not name the PIN.
    v.maxValue(Number.MAX_SAFE_INTEGER, "must be a PIN's id, from createOAuthPin"),
  ),
  code: v.string("is required: pass the PIN from createOAuthPin"),
});

/**
 * When the PIN stops working, on the local clock: by its own countdown (`expiresIn`, seconds from when it
 * was read, which no clock skew can shift), else by `expiresAt`, else by the lifetime of its kind.
 */
function deadlineOf(pin: PlexPin, readAt: number): number {
  const byCountdown = typeof pin.expiresIn === "number" && pin.expiresIn > 0 ? readAt + pin.expiresIn * 1000 : NaN;
  const byDate = pin.expiresAt ? Date.parse(pin.expiresAt) : NaN;
  const byKind = readAt + (pin.code.length > 8 ? STRONG_LIFETIME_MS : SHORT_LIFETIME_MS);
  const deadline = Number.isFinite(byCountdown) ? byCountdown : Number.isFinite(byDate) ? byDate : byKind;
  return Math.min(deadline, readAt + MAX_LIFETIME_MS);
}

// What a poll may fail with and still be worth repeating: plex.tv busy or unreachable, not "expired".
function isTransient(error: unknown): error is PlexAuthError & { retryAfterMs?: number | undefined } {
  return error instanceof PlexAuthError && error.retryable && !(error instanceof RequestAbortedError);
}

function expired(lifetimeMs: number): PinExpiredError {
  return new PinExpiredError({
    status: 404,
    operation: "waitForOAuthPin",
    message:
      `waitForOAuthPin: the PIN expired before anyone approved it (it had ${Math.round(lifetimeMs / 1000)} s left ` +
      "when the wait began): create a new PIN and show its new code.",
  });
}

/**
 * Waits until a person approves the PIN and resolves with it, its `authToken` the new token. Polls
 * `getOAuthPin` about once a second, one poll at a time. Bounded by the PIN's own expiry, never by a count:
 * it throws `PinExpiredError` when the PIN's countdown runs out or plex.tv says it expired (404, code
 * 1020); a poll in flight at that moment may still deliver. A 429 (its `Retry-After` honoured), a 5xx or a
 * network failure backs off, never past the expiry. The signal stops it at once with
 * `RequestAbortedError`. The PIN's id is a bearer handle: it is in no message, log line or `onPoll` event.
 *
 * @example
 * ```ts
 * const pin = await plex.authentication.createOAuthPin();
 * console.log(`Go to plex.tv/link and enter ${pin.code}`);
 * const approved = await waitForOAuthPin(plex, pin, { signal: AbortSignal.timeout(15 * 60_000) });
 * const signedIn = plex.withToken(approved.authToken);
 * ```
 */
export async function waitForOAuthPin(
  core: PlexAuthCore,
  pin: PlexPin,
  options: WaitForOAuthPinOptions = {},
): Promise<ApprovedPlexPin> {
  const parsedOptions = check(optionsSchema, options);
  const parsedPin = check(pinSchema, pin);
  if (!parsedOptions.success || !parsedPin.success) {
    const issues = [
      ...(parsedPin.success ? [] : parsedPin.issues.map((issue) => ({ ...issue, path: `pin.${issue.path}` }))),
      ...(parsedOptions.success ? [] : parsedOptions.issues),
    ];
    throw new InvalidInputError({ where: "input of waitForOAuthPin", issues, operation: "waitForOAuthPin" });
  }
  const { signal, intervalMs, pollTimeoutMs, onPoll, deviceJwt } =
    parsedOptions.output as Required<WaitForOAuthPinOptions>;
  const aborted = () => new RequestAbortedError({ operation: "waitForOAuthPin" });
  const startedAt = Date.now();
  let deadline = deadlineOf(pin, startedAt);
  const report = (poll: PinPoll) => {
    try {
      onPoll?.(poll);
    } catch {
      // A broken progress display must not stop a sign-in.
    }
  };
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw aborted();
    if (Date.now() >= deadline) throw expired(deadline - startedAt);
    let waitMs = intervalMs;
    try {
      const input = deviceJwt ? { pinId: pin.id, deviceJWT: await deviceJwt() } : { pinId: pin.id };
      const current = await getOAuthPin(core, input, { signal, timeoutMs: pollTimeoutMs, retry: false });
      if (typeof current.authToken === "string" && current.authToken !== "") return current as ApprovedPlexPin;
      // The countdown only ever brings the deadline closer: a pin that was read long ago expires sooner.
      deadline = Math.min(deadline, deadlineOf(current, Date.now()));
      failures = 0;
      report({ attempt, status: "pending", remainingMs: deadline - Date.now(), nextPollInMs: waitMs });
    } catch (error) {
      if (!isTransient(error)) throw error;
      failures++;
      const backoff = Math.min(intervalMs * 2 ** failures, MAX_BACKOFF_MS);
      waitMs = Math.max(intervalMs, error.retryAfterMs ?? backoff);
      report({ attempt, status: "retrying", remainingMs: deadline - Date.now(), nextPollInMs: waitMs });
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw expired(deadline - startedAt);
    await sleep(Math.min(waitMs, remaining), signal, aborted);
  }
}
