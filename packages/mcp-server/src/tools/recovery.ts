import { type AnyOperation, operations, type PlexAuthErrorCode } from "@plex-auth/core";
import { countsAsSignInAttempt, isCredentialSignIn, isPinGuess } from "./sign-in-tool.ts";

/** A code a result can carry: core's and this server's (`PlexAuthErrorCode`), or `internal_error`. */
export type RecoveryCode = PlexAuthErrorCode | "internal_error";

/** What an error code means for a model, and what it should do next. */
export interface Recovery {
  /** One phrase: what happened. */
  readonly meaning: string;
  /** What to do next, addressed to the model. */
  readonly hint: string;
  /** Whether the same call, made again later with the same arguments, may succeed. */
  readonly retryable: boolean;
}

const SIGN_IN = operations.postUsersSignInData.tool?.name;
const TOKEN_DETAILS = operations.getTokenDetails.tool?.name;

/**
 * Recovery advice by error `code` (core's codes plus this server's own). One table, so the tool descriptions
 * and the error results say the same thing.
 *
 * @example
 * ```ts
 * RECOVERY.sign_in_throttled.hint; // "STOP: do not call the sign-in tool again. …"
 * ```
 */
export const RECOVERY: Readonly<Record<RecoveryCode, Recovery>> = Object.freeze({
  invalid_input: {
    meaning: "the arguments do not match the input schema",
    hint: "Fix the fields named in the message and call again. Nothing was sent to Plex.",
    retryable: false,
  },
  not_signed_in: {
    meaning: "there is no Plex token in this session",
    hint: `Call ${SIGN_IN} first (its token is then used automatically), or ask the user to set a valid PLEX_TOKEN in this MCP server's configuration (a signed-out one stays dead).`,
    retryable: false,
  },
  server_not_configured: {
    meaning: "no Plex Media Server is configured",
    hint: "Ask the user to set PLEX_SERVER_URL (e.g. http://192.168.1.10:32400) in this MCP server's configuration. No tool takes a URL.",
    retryable: false,
  },
  invalid_token: {
    meaning: "the token was rejected as wrong, expired or revoked",
    hint: `Sign in again with ${SIGN_IN} for a new token, or ask the user to update PLEX_TOKEN.`,
    retryable: false,
  },
  unauthorized: {
    meaning: "the token is not allowed to do this",
    hint: "The /security operations need the server owner's (admin) token or a transient token made from it; ask the user which account owns the server.",
    retryable: false,
  },
  two_factor_required: {
    meaning: "the account has two-factor authentication and no code was given",
    hint: `Ask the user for the current code from their authenticator app, then call ${SIGN_IN} again with the same arguments plus verificationCode as a string (keep leading zeros).`,
    retryable: false,
  },
  invalid_verification_code: {
    meaning: "the two-factor code was wrong or expired",
    hint: "Ask the user for a NEW code (never resend the same one) and call again with it.",
    retryable: false,
  },
  sign_in_throttled: {
    meaning: "plex.tv is blocking sign-in from this IP after repeated failures (Plex code 1031)",
    hint: "STOP: do not call the sign-in tool again. Every further attempt extends the block. Tell the user to wait (it can last an hour) and to check their login and password before trying again.",
    retryable: false,
  },
  sign_in_rate_limited: {
    meaning:
      "sign-in is paused: this session has used up its attempts for now, or plex.tv throttled this IP and every session waits it out",
    hint: "Wait retryAfterMs before trying again, and ask the user to confirm the login, password and code first: repeated failures make plex.tv block the IP (code 1031).",
    retryable: true,
  },
  rate_limited: {
    meaning: "Plex is rate limiting requests",
    hint: "Wait retryAfterMs (or a minute when it is null) before calling again.",
    retryable: true,
  },
  server_error: {
    meaning: "Plex had a server error",
    hint: "Usually temporary: try again in a minute. Read operations were already retried.",
    retryable: true,
  },
  connection_error: {
    meaning: "the server could not be reached",
    hint: "Check that the Plex Media Server (PLEX_SERVER_URL) or plex.tv is up and reachable from this machine; ask the user if it keeps failing.",
    retryable: true,
  },
  timeout: {
    meaning: "Plex did not answer in time",
    hint: "Try again once; if it keeps timing out, the server is unreachable or overloaded.",
    retryable: true,
  },
  bad_request: {
    meaning: "Plex rejected the request as malformed",
    hint: "Check the arguments (for example the source's form); do not repeat the same call unchanged.",
    retryable: false,
  },
  missing_client_identifier: {
    meaning: "plex.tv did not get a client identifier",
    hint: "A configuration problem of this MCP server: ask the user to set PLEX_CLIENT_IDENTIFIER.",
    retryable: false,
  },
  invalid_response: {
    meaning: "the answer was not what Plex sends",
    hint: "PLEX_SERVER_URL may point at something that is not a Plex Media Server, or a proxy rewrote the answer; ask the user to check it.",
    retryable: false,
  },
  response_too_large: {
    meaning: "the answer was far larger than any Plex answer",
    hint: "PLEX_SERVER_URL probably points at something that is not a Plex Media Server; ask the user to check it.",
    retryable: false,
  },
  aborted: {
    meaning: "the call was cancelled",
    hint: "Call again if the result is still needed.",
    retryable: true,
  },
  http_error: {
    meaning: "Plex answered with an unexpected HTTP error",
    hint: "Read the message; do not retry unchanged more than once.",
    retryable: false,
  },
  not_found: {
    meaning: "nothing was found at that address",
    hint: "PLEX_SERVER_URL or PLEX_TV_URL probably points at something that is not Plex; ask the user to check it.",
    retryable: false,
  },
  pin_expired: {
    meaning: "the sign-in PIN expired (or never existed)",
    hint: "Start the sign-in again for a new PIN and show the user its new code.",
    retryable: false,
  },
  home_user_pin_required: {
    meaning: "the Plex Home profile is protected and its PIN was missing or wrong",
    hint: "Ask the user for this profile's 4-digit PIN and call again with it as pin, a string (keep leading zeros). Never guess or try PINs: each wrong one counts against this session's sign-in attempts, and plex.tv may punish repeated failures.",
    retryable: false,
  },
  no_server_connection: {
    meaning: "none of the server's connections worked",
    hint: "Tell the user which addresses failed and how; the server may be off, or unreachable from this machine (remote access off, or another network).",
    retryable: true,
  },
  popup_blocked: {
    meaning: "a browser blocked Plex's sign-in popup (a web page's error; this server opens no popup)",
    hint: "Tell the user to allow popups for the page, or to use the sign-in link instead.",
    retryable: true,
  },
  jwt_expired: {
    meaning: "the Plex JWT expired",
    hint: "The token this server was given is a Plex JWT that expired (they live 7 days): ask the user to configure a fresh token or sign in again. Do not retry until then.",
    retryable: false,
  },
  jwt_invalid: {
    meaning: "a Plex JWT failed verification against plex.tv's keys",
    hint: "Do not use that token: tell the user it could not be verified (the reason is in the error), and sign in again.",
    retryable: false,
  },
  jwt_rejected: {
    meaning: "plex.tv refused the device key or the client JWT",
    hint: "A configuration problem of this MCP server's device key: tell the user (details are in the server's log on stderr).",
    retryable: false,
  },
  token_source_failed: {
    meaning: "the server could not obtain its token",
    hint: "A configuration problem of this MCP server: tell the user (details are in the server's log on stderr).",
    retryable: false,
  },
  plex_auth_error: {
    meaning: "the request failed",
    hint: "Read the message; tell the user if it keeps failing.",
    retryable: false,
  },
  internal_error: {
    meaning: "this MCP server failed unexpectedly",
    hint: "Try once more; if it fails again, tell the user (details are in the server's log on stderr).",
    retryable: false,
  },
});

const MAY_HAVE_REACHED_PLEX =
  "The sign-in may have reached plex.tv: ask the user for a fresh two-factor code (if any) before one more attempt, and do not retry repeatedly.";

// Sign-in words the same codes differently: a 401 there means a wrong login or password, not a bad token; and
// a sign-in that timed out or lost its connection may have been counted by plex.tv (its code used up), so
// retrying it adds failures toward the IP lock-out (code 1031). Core never retries such a sign-in either.
const SIGN_IN_RECOVERY: Readonly<Partial<Record<RecoveryCode, Recovery>>> = Object.freeze({
  unauthorized: {
    meaning: "the login or password is wrong",
    hint: "Ask the user to check them. Do not retry the same values: repeated failures make plex.tv block the IP (code 1031).",
    retryable: false,
  },
  rate_limited: {
    meaning: "plex.tv is rate limiting sign-in",
    hint: "Wait retryAfterMs (or several minutes when it is null) before one more attempt.",
    retryable: true,
  },
  connection_error: {
    meaning: "the connection to plex.tv failed during the sign-in",
    hint: MAY_HAVE_REACHED_PLEX,
    retryable: false,
  },
  timeout: {
    meaning: "plex.tv did not answer the sign-in in time",
    hint: MAY_HAVE_REACHED_PLEX,
    retryable: false,
  },
});

// A PIN guess shares the sign-in budget, but its user knows a PIN, not a login and password.
const PIN_GUESS_RECOVERY: Readonly<Partial<Record<RecoveryCode, Recovery>>> = Object.freeze({
  sign_in_rate_limited: {
    meaning:
      "PIN attempts are paused: this session has used up its sign-in attempts (wrong PINs count), or plex.tv throttled this IP and every session waits it out",
    hint: "Wait retryAfterMs before trying again, and ask the user to confirm the profile's PIN first. Never try other PINs.",
    retryable: true,
  },
});

// plex.tv refusing a token it knows is not the Media Server's admin rule: the token is the wrong account's
// or a managed profile's.
const PLEX_TV_RECOVERY: Readonly<Partial<Record<RecoveryCode, Recovery>>> = Object.freeze({
  unauthorized: {
    meaning: "plex.tv does not let this token do that",
    hint: `The session's token may belong to another account or to a managed Home profile: check with ${TOKEN_DETAILS} whose it is, and ask the user.`,
    retryable: false,
  },
});

/** The names of an operation's path parameters: `/home/users/{uuid}/switch` has `uuid`. */
function pathParameters(operation: AnyOperation): string[] {
  return [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

// A 404 on a path that names something is that thing missing, not the wrong address.
function idNotFound(parameters: readonly string[]): Partial<Record<RecoveryCode, Recovery>> {
  const names = parameters.join(" and ");
  return {
    not_found: {
      meaning: `nothing has that ${names}`,
      hint: `Pass the ${names} exactly as the tool that lists them returned it (its field description says which); never a made-up or guessed one.`,
      retryable: false,
    },
  };
}

// The tables that reword codes for this operation, the most specific first.
function overridesFor(operation: AnyOperation, neverReached: boolean): Partial<Record<RecoveryCode, Recovery>>[] {
  const tables: Partial<Record<RecoveryCode, Recovery>>[] = [];
  if (isCredentialSignIn(operation) && !neverReached) tables.push(SIGN_IN_RECOVERY);
  if (isPinGuess(operation)) tables.push(PIN_GUESS_RECOVERY);
  const parameters = pathParameters(operation);
  if (parameters.length > 0) tables.push(idNotFound(parameters));
  if (operation.host !== "pms") tables.push(PLEX_TV_RECOVERY);
  return tables;
}

/**
 * The advice for an error code raised by an operation; unknown codes get the generic `http_error` advice.
 * A credential sign-in, a PIN guess, an operation whose path names something and a plex.tv operation each
 * reword the codes whose meaning differs for them. `neverReached`: the request provably never left this
 * machine (connection refused, DNS failure), so even a sign-in gets the generic advice.
 *
 * @example
 * ```ts
 * recoveryFor("two_factor_required", operations.postUsersSignInData).hint; // "Ask the user for the current code…"
 * ```
 */
export function recoveryFor(code: RecoveryCode, operation: AnyOperation, neverReached = false): Recovery {
  for (const table of overridesFor(operation, neverReached)) {
    const specific = table[code];
    if (specific) return specific;
  }
  return RECOVERY[code] ?? RECOVERY.http_error;
}

/**
 * The error codes an operation can return, derived from what it is (a token operation, a Media Server
 * operation, a sign-in, a PIN guess, one whose path names something), for its tool description.
 *
 * @example
 * ```ts
 * errorCodesFor(operations.getTokenDetails); // ["invalid_input", "not_signed_in", "invalid_token", …]
 * errorCodesFor(operations.switchHomeUser); // [..., "home_user_pin_required", "not_found", "sign_in_rate_limited", …]
 * ```
 */
export function errorCodesFor(operation: AnyOperation): readonly RecoveryCode[] {
  const codes: RecoveryCode[] = ["invalid_input"];
  if (operation.requiresToken) codes.push("not_signed_in", "invalid_token");
  if (operation.host === "pms") codes.push("server_not_configured", "unauthorized");
  if (isCredentialSignIn(operation)) {
    codes.push("unauthorized", "two_factor_required", "invalid_verification_code", "sign_in_throttled");
  }
  if (isPinGuess(operation)) codes.push("home_user_pin_required");
  if (pathParameters(operation).length > 0) codes.push("not_found");
  if (countsAsSignInAttempt(operation)) codes.push("sign_in_rate_limited");
  codes.push("rate_limited", "server_error", "connection_error", "timeout");
  if (operation.host === "pms") codes.push("invalid_response");
  return codes;
}
