import type { MockAccount } from "../accounts.ts";
import type { MockHome, MockHomeMember } from "../home.ts";

const DAY_SECONDS = 86_400;

function thumb(account: MockAccount): string {
  return `https://plex.tv/users/${account.uuid}/avatar?c=1700000000`;
}

// Managed profiles have no username or email: plex.tv sends null for them.
function orNull(value: string): string | null {
  return value === "" ? null : value;
}

/** One member as `GET /api/v2/home/users` lists it (FLOWS.md §4.1). */
function homeUser(account: MockAccount, member: MockHomeMember): Record<string, unknown> {
  return {
    id: account.id,
    uuid: account.uuid,
    title: account.title,
    username: orNull(account.username),
    email: orNull(account.email),
    thumb: thumb(account),
    hasPassword: account.password !== "",
    restricted: member.restrictionProfile !== null,
    restrictionProfile: member.restrictionProfile,
    admin: member.admin,
    guest: false,
    protected: member.pin !== undefined,
  };
}

/** The Home and its members, as `GET /api/v2/home/users` answers. */
export function homeUsersPayload(
  home: MockHome,
  members: readonly { readonly account: MockAccount; readonly member: MockHomeMember }[],
): Record<string, unknown> {
  return {
    id: home.id,
    name: home.name,
    guestUserID: home.guestUserID,
    guestUserUUID: home.guestUserUUID,
    guestEnabled: home.guestEnabled,
    subscription: home.subscription,
    users: members.map(({ account, member }) => homeUser(account, member)),
  };
}

/**
 * The member's account after a switch, with its own token, as `POST /api/v2/home/users/{uuid}/switch`
 * answers (FLOWS.md §4.2). The capture's hashed `pin` field is left out: nothing reads it.
 */
export function switchedUserPayload(
  account: MockAccount,
  member: MockHomeMember,
  homeSize: number,
  token: string,
  nowMs: number,
): Record<string, unknown> {
  return {
    id: account.id,
    uuid: account.uuid,
    username: orNull(account.username),
    title: account.title,
    email: orNull(account.email),
    emailOnlyAuth: false,
    hasPassword: account.password !== "",
    protected: member.pin !== undefined,
    thumb: thumb(account),
    authToken: token,
    providers: [],
    restricted: member.restrictionProfile !== null,
    anonymous: null,
    home: true,
    guest: false,
    homeSize,
    homeAdmin: member.admin,
    maxHomeSize: 15,
    certificateVersion: 2,
    rememberExpiresAt: Math.floor(nowMs / 1000) + 14 * DAY_SECONDS,
  };
}
