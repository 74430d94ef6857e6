import { decodeJwt } from "jose";
import type { PlexAuthCore } from "../client-core.ts";
import { PlexAuthError } from "../errors/base.ts";
import type { PlexAuthLogger } from "../options.ts";
import type { DeviceKey } from "./device-key.ts";
import { createJwtTokenSource, type JwtTokenSource, type JwtTokenSourceOptions } from "./token-source.ts";

/**
 * Where a persisted token source keeps the device key and the current Plex JWT: files (what
 * `@plex-auth/node` and `@plex-auth/deno` give), IndexedDB and `sessionStorage`, a keychain.
 */
export interface JwtStore {
  /** The device key; `undefined` when this installation has none yet. */
  loadKey(): Promise<DeviceKey | undefined>;
  /** The JWT kept from before; `undefined` when there is none or it cannot be read (a new one is minted). */
  readToken(): string | undefined | Promise<string | undefined>;
  /** Keeps a new JWT. A failure is told to the logger, and the JWT is used all the same. */
  writeToken(token: string): void | Promise<void>;
  /** The message when there is no key: where it was looked for, and how to register one. */
  readonly noKeyMessage: string;
  /** Where the JWT is kept (a path), named in the logger's warning when it cannot be written. */
  readonly tokenLocation: string;
}

/** Options of {@link createPersistedJwtTokenSource}: those of `createJwtTokenSource`, and a logger. */
export interface PersistedJwtTokenSourceOptions
  extends Pick<JwtTokenSourceOptions, "clientIdentifier" | "scope" | "refreshWithinMs" | "verify" | "now"> {
  /** Told (`warn`) when a new JWT could not be kept; never given the JWT. */
  logger?: PlexAuthLogger | undefined;
}

/** Whether the kept JWT was issued to this key: one left from a key since replaced is not used. */
function issuedTo(token: string, key: DeviceKey): boolean {
  try {
    return decodeJwt(token).thumbprint === key.kid;
  } catch {
    return false;
  }
}

function warnNotKept(logger: PlexAuthLogger | undefined, location: string, error: unknown): void {
  try {
    logger?.warn?.("plex-auth could not keep the new Plex JWT; it is used, and the next run mints another", {
      file: location,
      error: error instanceof Error ? error.message : String(error),
    });
  } catch {
    // A broken logger must not break the call either.
  }
}

/**
 * `createJwtTokenSource` on a {@link JwtStore}: the device key loaded on the first call (so a client can be
 * made synchronously), the kept JWT used until it is due (unless it was issued to another key), and each
 * new JWT kept. A JWT that cannot be kept does not fail the call (the logger is told); no key rejects the
 * call with a `PlexAuthError` carrying `noKeyMessage`, and the next call looks again.
 *
 * @example
 * ```ts
 * import { createPersistedJwtTokenSource } from "@plex-auth/core/jwt";
 * const source = createPersistedJwtTokenSource(plex, {
 *   loadKey: () => keyFromIndexedDb(),
 *   readToken: () => sessionStorage.getItem("plex-jwt") ?? undefined,
 *   writeToken: (token) => sessionStorage.setItem("plex-jwt", token),
 *   noKeyMessage: "This browser has no Plex device key yet: sign in with Plex first.",
 *   tokenLocation: "sessionStorage plex-jwt",
 * });
 * const signedIn = plex.withToken(source);
 * ```
 */
export function createPersistedJwtTokenSource(
  core: PlexAuthCore,
  store: JwtStore,
  options: PersistedJwtTokenSourceOptions = {},
): JwtTokenSource {
  const { logger, ...sourceOptions } = options;
  let ready: JwtTokenSource | undefined;
  let loading: Promise<JwtTokenSource> | undefined;

  const load = async (): Promise<JwtTokenSource> => {
    const key = await store.loadKey();
    if (!key) throw new PlexAuthError({ message: store.noKeyMessage });
    const kept = await store.readToken();
    const onToken = async (token: string) => {
      try {
        await store.writeToken(token);
      } catch (error) {
        warnNotKept(logger, store.tokenLocation, error);
      }
    };
    const token = kept !== undefined && issuedTo(kept, key) ? kept : undefined;
    ready = createJwtTokenSource(core, { ...sourceOptions, key, token, onToken });
    return ready;
  };
  const loaded = (): Promise<JwtTokenSource> => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined; // A key registered since is picked up by the next call.
      throw error;
    });
    return loading;
  };

  const source = async (): Promise<string> => (await loaded())();
  return Object.assign(source, {
    invalidate(token: string): void {
      // Before the first load no token was handed out, so there is none to forget.
      ready?.invalidate(token);
    },
    refresh: async (): Promise<string> => (await loaded()).refresh(),
    idle: async (): Promise<void> => {
      await loading?.catch(() => undefined);
      await ready?.idle();
    },
  });
}
