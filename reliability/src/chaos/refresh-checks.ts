/**
 * What the chaos over JWT refreshes holds each call, each round and each source to, from the calls'
 * outcomes, the wire and the mock's log. Each check returns the problems it found, one line each.
 */
import type { MockRequestLogEntry } from "@plex-auth/mock-server";
import type { CallerPlan, Need } from "./jwt-rounds.ts";
import { REQUEST_HEADER, type WireRequest } from "./refresh-wire.ts";

/** The errors a failed refresh hands its callers, one per kind of fault on its requests. */
export const REFRESH_ERRORS: readonly string[] = [
  "ServerError",
  "RateLimitError",
  "ConnectionError",
  "TimeoutError",
  "ResponseValidationError",
  "ResponseTooLargeError",
];

/** One call of a round, as it ended. */
export interface CallDone {
  readonly id: number;
  readonly plan: CallerPlan;
  readonly outcome: string;
  readonly wallMs: number;
}

/**
 * The outcomes a call may end in. A due JWT still lives, so a failed refresh must not fail its callers;
 * only one that gave up waiting on a slow refresh may time out. A refused JWT is never handed out again,
 * so only injected 498s (which hit the new token too) may end in JwtExpiredError.
 */
export function allowedOutcomes(need: Need, faulted: boolean, patient: boolean): readonly string[] {
  const waitedTooLittle = patient ? [] : ["TimeoutError"];
  if (need === "due") return ["success", ...waitedTooLittle];
  const expired = need === "injected 498" ? ["JwtExpiredError"] : [];
  return ["success", ...expired, ...(faulted ? REFRESH_ERRORS : waitedTooLittle)];
}

/**
 * A call's own requests (not the refresh it started): at most two, the second only after a 498 and with
 * another token, and a call refused twice ends in JwtExpiredError.
 */
export function renewalProblems(call: CallDone, requests: readonly WireRequest[]): string[] {
  const own = requests.filter((request) => request.kind === "call" && request.caller === call.id);
  const [first, second] = own;
  const problems: string[] = [];
  if (own.length > 2) problems.push(`${own.length} requests: renewed after a 498 more than once`);
  if (second && first?.status !== 498) problems.push(`sent again after HTTP ${first?.status}, not a 498`);
  if (second && second.token === first?.token) problems.push("sent again with the very token plex.tv had refused");
  if (second?.status === 498 && call.outcome !== "JwtExpiredError") {
    problems.push(`refused twice, yet ended in ${call.outcome}`);
  }
  return problems;
}

/** The mock's log entry of each request, by the number the wire sent in REQUEST_HEADER. */
export function entriesBySeq(entries: readonly MockRequestLogEntry[]): Map<number, MockRequestLogEntry> {
  return new Map(entries.map((entry) => [Number(entry.headers[REQUEST_HEADER]), entry]));
}

/** A 429 or 503 with Retry-After from a fault: plex.tv refused the exchange before reading its JWT. */
function refusedUnread(request: WireRequest, entry: MockRequestLogEntry | undefined): boolean {
  return entry?.fault === "status" && (request.status === 429 || request.status === 503) && request.retryAfter != null;
}

/** The exchange's route read this request: no status fault, no reset, and it answered. */
function reachedRoute(entry: MockRequestLogEntry | undefined): boolean {
  return entry !== undefined && entry.fault !== "status" && entry.fault !== "reset" && entry.status !== undefined;
}

/** What the exchanges did with their nonces: counts for the report, and the problems. */
export interface NonceFindings {
  readonly exchanges: number;
  readonly nonces: number;
  /** Resent after plex.tv refused it unread (429/503 with Retry-After): the core retry policy allows it. */
  readonly resentAfterRefusal: number;
  readonly problems: string[];
}

/**
 * A nonce is single-use: every exchange request carrying one carries the same client JWT (one refresh
 * signed it), each resend follows a refusal that left it unread, and plex.tv's route reads it once at most.
 */
export function nonceFindings(
  requests: readonly WireRequest[],
  bySeq: ReadonlyMap<number, MockRequestLogEntry>,
): NonceFindings {
  const byNonce = new Map<string, WireRequest[]>();
  const problems: string[] = [];
  const exchanges = requests.filter((request) => request.kind === "exchange");
  for (const request of exchanges) {
    if (request.nonce === undefined) {
      problems.push(`exchange #${request.seq}: no nonce in its client JWT`);
      continue;
    }
    const same = byNonce.get(request.nonce) ?? [];
    same.push(request);
    byNonce.set(request.nonce, same);
  }
  let resentAfterRefusal = 0;
  for (const same of byNonce.values()) {
    if (new Set(same.map((request) => request.clientJwt)).size > 1) {
      problems.push(`one nonce signed into ${same.length} different client JWTs (two refreshes shared it)`);
    }
    same.slice(0, -1).forEach((request) => {
      if (refusedUnread(request, bySeq.get(request.seq))) resentAfterRefusal++;
      else problems.push(`exchange #${request.seq}: its nonce sent again after HTTP ${request.status ?? "none"}`);
    });
    const read = same.filter((request) => reachedRoute(bySeq.get(request.seq))).length;
    if (read > 1) problems.push(`one nonce read by the exchange ${read} times`);
  }
  return { exchanges: exchanges.length, nonces: byNonce.size, resentAfterRefusal, problems };
}
