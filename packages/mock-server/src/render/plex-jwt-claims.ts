import type { MockAccount } from "../accounts.ts";
import { isRestricted } from "./account-payload.ts";

/**
 * How long a Plex JWT lives: 7 days (604,800 s), as Plex's docs and every field report say.
 *
 * @example
 * ```ts
 * mock.advanceTime(PLEX_JWT_TTL_SECONDS * 1000); // the Plex JWT now answers 498 on plex.tv
 * ```
 */
export const PLEX_JWT_TTL_SECONDS = 604_800;

/** Who a Plex JWT is for, and what went into the client JWT it was traded for. */
export interface PlexJwtGrant {
  readonly account: MockAccount;
  /** The device's client identifier: the second `aud`. */
  readonly clientIdentifier: string;
  /** The device key's `kid`, echoed as `thumbprint`. */
  readonly thumbprint: string;
  /** The client JWT's nonce; a PIN poll's deviceJWT may have none, and then the claim is left out. */
  readonly nonce: string | undefined;
  /** The client JWT's scopes: which `user` fields the token carries. */
  readonly scope: readonly string[];
}

// The user fields each known scope adds (Plex docs, python-plexapi's SCOPES); unknown scopes add nothing.
const SCOPED_FIELDS: Readonly<Record<string, (account: MockAccount) => unknown>> = {
  username: (account) => account.username,
  email: (account) => account.email,
  friendly_name: (account) => (account.friendlyName === "" ? null : account.friendlyName),
  restricted: (account) => isRestricted(account),
  anonymous: () => false,
  joinedAt: (account) => account.joinedAt,
};

/** The `user` claim: `id` and `uuid` always, then the fields the scopes ask for, in Plex's order. */
export function plexJwtUser(account: MockAccount, scope: readonly string[]): Record<string, unknown> {
  const user: Record<string, unknown> = { id: account.id, uuid: account.uuid };
  for (const [field, value] of Object.entries(SCOPED_FIELDS)) if (scope.includes(field)) user[field] = value(account);
  return user;
}

/** The claims of a Plex JWT issued at `iat` (epoch seconds), in the order of FLOWS.md §2.5's example. */
export function plexJwtClaims(grant: PlexJwtGrant, iat: number): Record<string, unknown> {
  return {
    ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
    thumbprint: grant.thumbprint,
    iss: "plex.tv",
    aud: ["plex.tv", grant.clientIdentifier],
    iat,
    exp: iat + PLEX_JWT_TTL_SECONDS,
    user: plexJwtUser(grant.account, grant.scope),
  };
}
