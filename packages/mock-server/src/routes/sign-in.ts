import { findAccountByLogin } from "../accounts.ts";
import { isTruthyParam } from "../params.ts";
import { signInPayload } from "../render/account-payload.ts";
import { plexTvData } from "../render/data.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import { matchTotp } from "../totp.ts";
import type { RouteHandler } from "./context.ts";

// The X-Plex-* headers that describe a device; kept on the device plex.tv registers.
const DEVICE_HEADERS = [
  "X-Plex-Product",
  "X-Plex-Version",
  "X-Plex-Platform",
  "X-Plex-Platform-Version",
  "X-Plex-Device",
  "X-Plex-Device-Name",
  "X-Plex-Model",
  "X-Plex-Device-Vendor",
  "X-Plex-Marketplace",
];

function deviceDetails(headers: Headers): Record<string, string> {
  const details: Record<string, string> = {};
  for (const name of DEVICE_HEADERS) {
    const value = headers.get(name);
    if (value !== null) details[name] = value;
  }
  return details;
}

/**
 * `POST /api/v2/users/signin`: login (email or username) and password, plus the TOTP code for a 2FA
 * account. 201 with the account and its device token; 401 with 1001 (bad credentials), 1029 (code
 * needed), 1028 (wrong or reused code) or 1031 (this client failed too often). A missing code is not a
 * failure; a wrong password or code is, and enough of them lock the client out.
 */
export const signInRoute: RouteHandler = async ({ request, params, clientIdentifier, state, successStatus }) => {
  const client = clientIdentifier ?? "";
  const now = state.clock.now();
  if (state.signInGuard.isLockedOut(client, now)) return plexTvError(request, PLEX_TV_ERRORS.throttled);

  const account = params.login ? findAccountByLogin(state.accounts, params.login) : undefined;
  if (!account || params.password !== account.password) {
    state.signInGuard.recordFailure(client, now);
    return plexTvError(request, PLEX_TV_ERRORS.unauthenticated);
  }

  if (account.totpSecret !== undefined) {
    const code = params.verificationCode;
    if (!code) return plexTvError(request, PLEX_TV_ERRORS.codeRequired);
    const counter = await matchTotp(account.totpSecret, code, now);
    const fresh =
      counter !== undefined && (!state.rejectReusedCodes || state.signInGuard.useCode(account.key, counter));
    if (!fresh) {
      state.signInGuard.recordFailure(client, now);
      return plexTvError(request, PLEX_TV_ERRORS.wrongCode);
    }
  }

  state.signInGuard.recordSuccess(client);
  const token = state.accountTokens.signIn(account, client, deviceDetails(request.headers), now);
  return plexTvData(
    request,
    successStatus,
    signInPayload(account, token, now, isTruthyParam(params.rememberMe)),
    "user",
  );
};
