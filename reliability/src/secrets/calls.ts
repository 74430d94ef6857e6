/**
 * Each operation of core's table with inputs carrying every secret it can carry, and which planted secrets
 * a call of it can recognise: the ones it sent (its token, password, code, PIN id, Home PIN, JWT) and the
 * ones a server mints, which a server only ever hands back in secret-named fields (`authToken`,
 * `accessToken`, `token`). A password a getTokenDetails call never sent, echoed bare in an error page, is not
 * something it can know to remove. A record over core's operation names: a new operation must be added.
 */
import { DEVICE_JWK } from "../fuzz/inputs.ts";
import type { OperationName } from "../fuzz/operations.ts";
import { wireOf } from "../fuzz/wire.ts";
import { ISSUED, SENTINELS, type SentinelName } from "./sentinels.ts";

const S = SENTINELS;

export const SECRET_INPUTS: Readonly<Record<OperationName, readonly (Record<string, unknown> | undefined)[]>> = {
  getTransientToken: [{ type: "delegation", scope: "all" }],
  getSourceConnectionInformation: [{ source: "server://0123456789abcdef" }],
  getTokenDetails: [undefined],
  postUsersSignInData: [
    { login: "me@example.com", password: S.password, verificationCode: S.verificationCode },
    { login: "me@example.com", password: S.password },
  ],
  createOAuthPin: [{ strong: true }, { jwk: DEVICE_JWK }],
  getOAuthPin: [{ pinId: Number(S.pinId) }, { pinId: Number(S.pinId), deviceJWT: S.jwt }],
  linkOAuthPin: [{ code: "7RQZ" }],
  ping: [undefined],
  signOut: [undefined],
  getServerResources: [undefined],
  getHomeUsers: [undefined],
  switchHomeUser: [{ uuid: "19860c4bdfbf24d5", pin: S.homePin }],
  getClaimToken: [undefined],
  getAuthNonce: [undefined],
  getAuthKeys: [undefined],
  registerDeviceJWK: [{ jwk: DEVICE_JWK }],
  exchangeJWTToken: [{ jwt: S.jwt }],
};

/** Which sentinel each secret input field holds. */
const FIELD_SENTINEL: Readonly<Record<string, SentinelName>> = {
  password: "password",
  verificationCode: "verificationCode",
  pinId: "pinId",
  pin: "homePin",
  jwt: "jwt",
  deviceJWT: "jwt",
};

/** Whether the operation sends a token (README, "needs"). */
export function sendsToken(operation: OperationName, input: Record<string, unknown> | undefined): boolean {
  return wireOf(operation, input ?? {}).token;
}

/** The sentinels a call of `operation` with `input` can recognise. */
export function knownTo(operation: OperationName, input: Record<string, unknown> | undefined): SentinelName[] {
  const sent = Object.keys(input ?? {}).flatMap((field) => FIELD_SENTINEL[field] ?? []);
  return [...(sendsToken(operation, input) ? (["token"] as const) : []), ...sent, ...ISSUED];
}
