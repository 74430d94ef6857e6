import { createRequestStateCodec, type RequestStateCodec, type ServerContext } from "@modelcontextprotocol/server";

/**
 * What a 2026-07-28 client echoes back when it retries a call after asking the person: for
 * `sign_in_with_plex`, only the handle, which means something only to the principal that started the
 * sign-in; for `switch_home_user`, the profile's uuid (never the PIN). The PIN's id stays on the server,
 * since the SDK's codec signs the state but does not encrypt it.
 */
export interface SignInState {
  readonly handle?: string | undefined;
  /** For `switch_home_user` asking for a PIN: the profile asked about (a uuid from Plex, no secret). */
  readonly homeUser?: string | undefined;
}

/** Seals and checks {@link SignInState}: one per process, shared by every server instance it makes. */
export type SignInStateCodec = RequestStateCodec<SignInState>;

/** How long an echoed state is accepted: the longest a strong PIN lives. */
const STATE_TTL_SECONDS = 30 * 60;

/**
 * A codec with a random key of this process's own, bound to the principal (an HTTP principal's state is
 * refused when another principal echoes it) and to the tool call it was minted for.
 *
 * @example
 * ```ts
 * const codec = createSignInStateCodec();
 * new Server(info, { requestState: { verify: codec.verify } });
 * ```
 */
export function createSignInStateCodec(): SignInStateCodec {
  return createRequestStateCodec<SignInState>({
    key: crypto.getRandomValues(new Uint8Array(32)),
    ttlSeconds: STATE_TTL_SECONDS,
    bind: (ctx: ServerContext) => `${ctx.mcpReq.method}\0${ctx.http?.authInfo?.clientId ?? ""}`,
  });
}
