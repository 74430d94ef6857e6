import { MOCK_ACCOUNT_LIST, type MockAccount, type MockServerAccess } from "./accounts.ts";
import { MOCK_KID_PROFILE } from "./home.ts";

/**
 * An account to add to a mock besides the seeded ones, e.g. to sign in as fifty different users at
 * once. Only the credentials are required; the rest gets defaults.
 *
 * @example
 * ```ts
 * const mock = createMockPlex({
 *   accounts: [{ key: "user1", username: "user1", email: "user1@example.com", password: "user1-Pa55word!" }],
 * });
 * await plex.authentication.postUsersSignInData({ login: "user1", password: "user1-Pa55word!" });
 * ```
 */
export interface MockAccountInit {
  /** How `mock.totp`, `mock.devices` and `mock.signOutEverywhere` name it. Unique. */
  readonly key: string;
  /** A login; unique among all accounts, case-insensitively. */
  readonly username: string;
  /** The other login; unique among all accounts, case-insensitively. */
  readonly email: string;
  readonly password: string;
  /** Base32 TOTP secret: the account then has two-factor authentication. */
  readonly totpSecret?: string;
  /** Default `"shared"`: a friend the server is shared with. */
  readonly serverAccess?: MockServerAccess;
  /** Default `false`. */
  readonly plexPass?: boolean;
  /** The token of its seeded device (valid on a fresh mock). Default `mock-token-<key>`. */
  readonly token?: string;
}

// Extra accounts get ids and uuids after the seeded ones, so they never collide.
const FIRST_EXTRA_ID = 30_000_001;
const JOINED_AT = 1_700_000_000;

function nonEmpty(value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`createMockPlex: accounts[].${what} must be a non-empty string`);
  }
  return value;
}

/**
 * The seeded accounts (the three of `MOCK_ACCOUNTS`, then the Home's `MOCK_KID_PROFILE`) plus `extra`, validated: keys, usernames, emails and tokens must be unique (logins
 * case-insensitively, as plex.tv reads them), or sign-in would not know which account is meant.
 */
export function withExtraAccounts(extra: readonly MockAccountInit[] = []): readonly MockAccount[] {
  if (!Array.isArray(extra)) throw new TypeError("createMockPlex: accounts must be an array");
  const accounts: MockAccount[] = [...MOCK_ACCOUNT_LIST, MOCK_KID_PROFILE];
  const taken = new Set(accounts.flatMap((account) => [`key:${account.key}`, `token:${account.token}`]));
  for (const account of accounts) {
    // The managed profile has no logins ("") to take.
    for (const login of [account.username, account.email]) if (login !== "") taken.add(`login:${login.toLowerCase()}`);
  }
  extra.forEach((init, index) => {
    const key = nonEmpty(init?.key, "key");
    const username = nonEmpty(init.username, "username");
    const email = nonEmpty(init.email, "email");
    const token = init.token === undefined ? `mock-token-${key}` : nonEmpty(init.token, "token");
    for (const name of [
      `key:${key}`,
      `token:${token}`,
      `login:${username.toLowerCase()}`,
      `login:${email.toLowerCase()}`,
    ]) {
      if (taken.has(name))
        throw new RangeError(`createMockPlex: accounts[${index}] repeats the ${name.split(":")[0]} of another account`);
      taken.add(name);
    }
    accounts.push(
      Object.freeze({
        key,
        id: FIRST_EXTRA_ID + index,
        uuid: (FIRST_EXTRA_ID + index).toString(16).padStart(16, "0"),
        login: email,
        email,
        username,
        password: nonEmpty(init.password, "password"),
        totpSecret: init.totpSecret,
        title: username,
        friendlyName: username,
        joinedAt: JOINED_AT,
        serverAccess: init.serverAccess ?? "shared",
        plexPass: init.plexPass ?? false,
        token,
      }),
    );
  });
  return Object.freeze(accounts);
}
