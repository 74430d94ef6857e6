import { type AnyOperation, operations } from "@plex-auth/core";
import { TOKEN_ORIGINS } from "../session/issued-token.ts";
import { SIGN_IN_WITH_PLEX, WAIT_FOR_PLEX_SIGN_IN } from "./plex-sign-in/definitions.ts";
import { errorCodesFor, RECOVERY, type Recovery, type RecoveryCode, recoveryFor } from "./recovery.ts";
import { countsAsSignInAttempt } from "./sign-in-tool.ts";

const SIGN_IN = operations.postUsersSignInData.tool?.name;
const SWITCH = operations.switchHomeUser.tool?.name;
const SIGN_OUT = operations.signOut.tool?.name;

const TOOLS = (Object.values(operations) as AnyOperation[]).filter((operation) => operation.tool !== undefined);
// The table's tools that send no token of the session's (a password sign-in makes one).
const TOKENLESS = TOOLS.filter((operation) => !operation.requiresToken).map((operation) => operation.tool?.name);

// Codes every tool that uses the session's token may return: listed once, naming no tool.
const TOKEN_ERROR_CODES: ReadonlySet<RecoveryCode> = new Set<RecoveryCode>(["not_signed_in", "invalid_token"]);

// Codes every tool may return: listed once, naming no tool.
const COMMON_ERROR_CODES: ReadonlySet<RecoveryCode> = new Set<RecoveryCode>([
  "invalid_input",
  "rate_limited",
  "server_error",
  "connection_error",
  "timeout",
]);

// The "Sign in with Plex" tools' own codes, besides the common ones (they are not in core's table).
const PLEX_SIGN_IN_CODES: ReadonlyArray<readonly [string, readonly RecoveryCode[]]> = [
  [SIGN_IN_WITH_PLEX, ["sign_in_rate_limited", "pin_expired"]],
  [WAIT_FOR_PLEX_SIGN_IN, ["pin_expired", "aborted"]],
];

const isShared = (code: RecoveryCode, operation: AnyOperation) =>
  COMMON_ERROR_CODES.has(code) || (operation.requiresToken && TOKEN_ERROR_CODES.has(code));

// Every code some tool can return with the tools that return it besides the shared ones, in the order the
// tools first name them: the one place a model learns which tool fails how.
function toolsByErrorCode(): Map<RecoveryCode, string[]> {
  const byCode = new Map<RecoveryCode, string[]>();
  const add = (code: RecoveryCode, tool: string) => byCode.set(code, [...(byCode.get(code) ?? []), tool]);
  for (const operation of TOOLS) {
    for (const code of errorCodesFor(operation)) {
      if (isShared(code, operation)) byCode.set(code, byCode.get(code) ?? []);
      else add(code, operation.tool?.name ?? "");
    }
  }
  for (const [tool, codes] of PLEX_SIGN_IN_CODES) for (const code of codes) add(code, tool);
  byCode.set("internal_error", []);
  return byCode;
}

// A code's advice, and where some tools word it their own way (a 401 on sign-in is a wrong password).
function adviceFor(code: RecoveryCode, tools: readonly string[]): string {
  const general = RECOVERY[code];
  const variants = new Map<Recovery, string[]>();
  for (const operation of TOOLS) {
    if (!errorCodesFor(operation).includes(code)) continue;
    const recovery = recoveryFor(code, operation);
    if (recovery !== general) variants.set(recovery, [...(variants.get(recovery) ?? []), operation.tool?.name ?? ""]);
  }
  const specific = [...variants].map(
    ([recovery, tools]) => ` From ${tools.join(", ")}: ${recovery.meaning}. ${recovery.hint}`,
  );
  const from = tools.length > 0 ? ` (${tools.join(", ")})` : "";
  return `- ${code}${from}: ${general.meaning}. ${general.hint}${specific.join("")}`;
}

const toolNames = (pick: (operation: AnyOperation) => boolean) =>
  TOOLS.filter(pick)
    .map((operation) => operation.tool?.name)
    .join(" and ");

/**
 * The server's instructions: the parts of the security model a model must know to use the tools well,
 * what the tools share (which reach the Media Server, which count as sign-in attempts), and, once for every
 * tool, what each error code means, which tools return it and what to do about it (with the wording some
 * tools give it); tool descriptions leave all of that out. Error results repeat their advice as `hint`, for
 * clients that do not pass instructions on to the model.
 *
 * @example
 * ```ts
 * serverInstructions().includes("- sign_in_throttled (post_users_sign_in_data): "); // true
 * ```
 */
export function serverInstructions(): string {
  const common = [...COMMON_ERROR_CODES, "internal_error"].join(", ");
  return [
    "Plex authentication tools. Tokens never enter this conversation: results show a fingerprint (…a1b2, its " +
      "last four characters, not usable as a token) and an expiry instead (the full token as `value` only where " +
      "the user turned token exposure on: if they need a token itself, such as a claim or transient token, tell " +
      "them to run this server with PLEX_MCP_EXPOSE_TOKENS=1 or --expose-tokens), the Home, ping and sign-out " +
      "results none at all. Every tool but " +
      `${[SIGN_IN_WITH_PLEX, WAIT_FOR_PLEX_SIGN_IN, ...TOKENLESS].join(", ")} uses the session's token: the one from a ` +
      "sign-in earlier in this session, else PLEX_TOKEN (a result's " +
      `token.origin says which: ${TOKEN_ORIGINS.join(", ")}); no tool takes a URL or a token as an argument. ` +
      `To sign in, use ${SIGN_IN_WITH_PLEX} then ${WAIT_FOR_PLEX_SIGN_IN}: the user approves on Plex's own page, ` +
      `and no password passes through this conversation (${SIGN_IN} is for credentials configured on the server). ` +
      `A successful sign-in or ${SWITCH} makes the new token this session's token; ${SIGN_OUT} kills it. ` +
      "On two_factor_required ask the user for their code, on home_user_pin_required for the profile's PIN " +
      "(never guess one); on sign_in_throttled stop signing in altogether.",
    `${toolNames((operation) => operation.host === "pms")} talk to the Plex Media Server at PLEX_SERVER_URL; ` +
      `${toolNames(countsAsSignInAttempt)} count as sign-in attempts (a few per 10 minutes).`,
    "Errors come back as results with isError true and structuredContent.error { code, status, retryable, " +
      `retryAfterMs, message, hint }: follow the hint. Every tool may return ${common}, and every tool that uses ` +
      `the session's token ${[...TOKEN_ERROR_CODES].join(" and ")}; the other codes name the tools that return ` +
      "them. The codes:",
    [...toolsByErrorCode()].map(([code, tools]) => adviceFor(code, tools)).join("\n"),
  ].join("\n\n");
}
