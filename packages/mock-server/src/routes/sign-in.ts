import { findAccountByLogin } from "../accounts.ts";
import { deviceDetails } from "../device-details.ts";
import { isTruthyParam } from "../params.ts";
import { signInPayload } from "../render/account-payload.ts";
import { plexTvData } from "../render/data.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import { matchTotp } from "../totp.ts";
import type { RouteHandler } from "./context.ts";

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
  // A managed profile has no password (""): it is reached by a Home switch, never by signing in.
  if (!account || account.password === "" || params.password !== account.password) {
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
