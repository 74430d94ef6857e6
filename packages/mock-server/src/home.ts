import type { MockAccount, MockAccountKey } from "./accounts.ts";

/**
 * The 4-digit PIN that protects robin's profile (`MOCK_ACCOUNTS.managed`) in the seeded Plex Home: a Home
 * switch to it without this PIN answers 403, code 1041.
 *
 * @example
 * ```ts
 * await plex.authentication.switchHomeUser({ uuid: MOCK_ACCOUNTS.managed.uuid, pin: MOCK_HOME_PIN });
 * ```
 */
export const MOCK_HOME_PIN: string = "4321";

/**
 * The seeded Home's managed profile with no plex.tv login of its own: no username, email or password, so
 * it cannot sign in; a Home switch (`switchHomeUser`) is the way in. A real account of the mock all the
 * same: its seeded token works, and a switch gives it a device token that works on `/user`.
 *
 * @example
 * ```ts
 * const kid = await plex.authentication.switchHomeUser({ uuid: MOCK_KID_PROFILE.uuid }); // not protected
 * ```
 */
export const MOCK_KID_PROFILE: MockAccount = Object.freeze({
  key: "kid",
  id: 20_000_004,
  uuid: "5d9e1b3f7a2c4e68",
  login: "",
  email: "",
  username: "",
  password: "",
  totpSecret: undefined,
  title: "Jamie",
  friendlyName: "Jamie",
  joinedAt: 1_650_000_000,
  serverAccess: "home",
  plexPass: false,
  token: "mockKidTokenJamie001",
} satisfies MockAccount);

/**
 * Plex's restriction profiles for managed users (plex.tv may add more).
 *
 * @example
 * ```ts
 * const profile: MockRestrictionProfile = "older_kid";
 * ```
 */
export type MockRestrictionProfile = "little_kid" | "older_kid" | "teen";

/**
 * A member of the seeded Plex Home.
 *
 * @example
 * ```ts
 * const protectedMembers: MockHomeMember[] = MOCK_HOME.members.filter((member) => member.pin !== undefined);
 * ```
 */
export interface MockHomeMember {
  readonly accountKey: MockAccountKey;
  /** The Home's admin (its owner). */
  readonly admin: boolean;
  /** `null` for an unrestricted member; a managed (restricted) member's profile otherwise. */
  readonly restrictionProfile: MockRestrictionProfile | null;
  /** The 4-digit PIN a switch to this profile needs; `undefined` when it is not protected. */
  readonly pin: string | undefined;
}

/**
 * The seeded Plex Home, as `GET /api/v2/home/users` describes it.
 *
 * @example
 * ```ts
 * const home: MockHome = MOCK_HOME;
 * console.log(home.members.map((member) => member.accountKey)); // ["twoFactor", "managed", "kid"]
 * ```
 */
export interface MockHome {
  readonly id: number;
  readonly name: string;
  readonly guestUserID: number;
  readonly guestUserUUID: string;
  readonly guestEnabled: boolean;
  readonly subscription: boolean;
  readonly members: readonly MockHomeMember[];
}

/**
 * The Plex Home of the server owner (`MOCK_ACCOUNTS.twoFactor`, alex, its admin): robin
 * (`MOCK_ACCOUNTS.managed`, restricted "older_kid", protected by {@link MOCK_HOME_PIN}) and Jamie
 * ({@link MOCK_KID_PROFILE}, restricted "little_kid", not protected). `plain` (casey) and added accounts
 * have no Home.
 *
 * @example
 * ```ts
 * import { MOCK_HOME } from "@plex-auth/mock-server";
 * const robin = MOCK_HOME.members.find((member) => member.accountKey === "managed");
 * ```
 */
export const MOCK_HOME: MockHome = Object.freeze({
  id: 1_841_489,
  name: "Alex's home",
  guestUserID: 20_000_090,
  guestUserUUID: "f7a3c8f863873771",
  guestEnabled: false,
  subscription: true,
  members: Object.freeze([
    Object.freeze({ accountKey: "twoFactor", admin: true, restrictionProfile: null, pin: undefined }),
    Object.freeze({ accountKey: "managed", admin: false, restrictionProfile: "older_kid", pin: MOCK_HOME_PIN }),
    Object.freeze({ accountKey: "kid", admin: false, restrictionProfile: "little_kid", pin: undefined }),
  ] satisfies MockHomeMember[]),
});

/** The account's place in the seeded Home, or `undefined` when it is not a member. */
export function homeMemberOf(accountKey: MockAccountKey): MockHomeMember | undefined {
  return MOCK_HOME.members.find((member) => member.accountKey === accountKey);
}

/** A member of the seeded Home with its account. */
export interface HomeMemberAccount {
  readonly account: MockAccount;
  readonly member: MockHomeMember;
}

/** The seeded Home's members, each with its account from `accounts`, in the Home's order. */
export function homeMembersIn(accounts: readonly MockAccount[]): HomeMemberAccount[] {
  return MOCK_HOME.members.flatMap((member) => {
    const account = accounts.find((candidate) => candidate.key === member.accountKey);
    return account ? [{ account, member }] : [];
  });
}
