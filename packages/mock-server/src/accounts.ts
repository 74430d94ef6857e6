/**
 * The key of an account: one of the seeded accounts in {@link MOCK_ACCOUNTS}, the Plex Home's managed
 * profile `"kid"` (`MOCK_KID_PROFILE`), or the `key` of an account added with the `accounts` option of
 * `createMockPlex`.
 *
 * @example
 * ```ts
 * const key: MockAccountKey = "twoFactor";
 * const code = await mock.totp(key);
 * ```
 */
export type MockAccountKey = "plain" | "twoFactor" | "managed" | "kid" | (string & {});

/**
 * What an account may do on the mock Plex Media Server: `owner` is the server admin (its tokens, and
 * transient tokens made from them, may call `/security/resources`); `shared` is a friend the server is
 * shared with; `home` is a managed member of the owner's Plex Home. All three may mint transient tokens.
 *
 * @example
 * ```ts
 * const admins = MOCK_ACCOUNT_LIST.filter((account) => account.serverAccess === ("owner" satisfies MockServerAccess));
 * ```
 */
export type MockServerAccess = "owner" | "shared" | "home";

/**
 * A seeded plex.tv account. Its credentials are fake and public: use them in tests, never elsewhere.
 *
 * @example
 * ```ts
 * const { login, password }: MockAccount = MOCK_ACCOUNTS.plain;
 * await plex.authentication.postUsersSignInData({ login, password });
 * ```
 */
export interface MockAccount {
  readonly key: MockAccountKey;
  readonly id: number;
  readonly uuid: string;
  /**
   * The email, which is also a login. The username works as a login too. All three are `""` for a managed
   * profile without its own plex.tv login (`MOCK_KID_PROFILE`), which cannot sign in with a password.
   */
  readonly login: string;
  readonly email: string;
  readonly username: string;
  /** `""` when the account has no password (a managed profile). */
  readonly password: string;
  /** Base32 TOTP secret of the account's authenticator, when it has two-factor authentication. */
  readonly totpSecret: string | undefined;
  readonly title: string;
  readonly friendlyName: string;
  /** Epoch seconds. */
  readonly joinedAt: number;
  readonly serverAccess: MockServerAccess;
  /** Whether the account has Plex Pass. */
  readonly plexPass: boolean;
  /**
   * The token of a device that was already signed in when the mock started (client identifier
   * `mock-seeded-device-<key>`), so tests can call token operations without signing in first.
   */
  readonly token: string;
}

/**
 * The seeded accounts, by key.
 *
 * @example
 * ```ts
 * const accounts: MockAccounts = MOCK_ACCOUNTS;
 * console.log(accounts.managed.username); // "robin"
 * ```
 */
export interface MockAccounts {
  /** A friend the server is shared with; no two-factor authentication. */
  readonly plain: MockAccount;
  /** The server owner (admin), with two-factor authentication and Plex Pass. */
  readonly twoFactor: MockAccount;
  /** A managed (restricted) member of the owner's Plex Home. */
  readonly managed: MockAccount;
}

/**
 * The accounts every mock starts with. `twoFactor` owns the mock Plex Media Server, so its token (signed
 * in with `mock.totp("twoFactor")`, or the ready-made {@link MOCK_ADMIN_TOKEN}) is the admin token.
 *
 * @example
 * ```ts
 * import { createMockPlex, MOCK_ACCOUNTS } from "@plex-auth/mock-server";
 * const { login, password } = MOCK_ACCOUNTS.plain;
 * await plex.authentication.postUsersSignInData({ login, password });
 * ```
 */
export const MOCK_ACCOUNTS: MockAccounts = Object.freeze({
  plain: Object.freeze({
    key: "plain",
    id: 20_000_001,
    uuid: "6c3a1f0e9b8d7c21",
    login: "casey@example.com",
    email: "casey@example.com",
    username: "casey",
    password: "plain-Pa55word!",
    totpSecret: undefined,
    title: "casey",
    friendlyName: "Casey",
    joinedAt: 1_556_281_940,
    serverAccess: "shared",
    plexPass: false,
    token: "mockPlainTokenCasey1",
  } satisfies MockAccount),
  twoFactor: Object.freeze({
    key: "twoFactor",
    id: 20_000_002,
    uuid: "a4f43c1ebfde43a5",
    login: "alex@example.com",
    email: "alex@example.com",
    username: "alex",
    password: "2fa-Pa55word!",
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    title: "alex",
    friendlyName: "Alex",
    joinedAt: 1_480_000_000,
    serverAccess: "owner",
    plexPass: true,
    token: "mockAdminTokenAlex01",
  } satisfies MockAccount),
  managed: Object.freeze({
    key: "managed",
    id: 20_000_003,
    uuid: "0b7e2d4c6a8f1e39",
    login: "robin@example.com",
    email: "robin@example.com",
    username: "robin",
    password: "managed-Pa55word!",
    totpSecret: undefined,
    title: "Robin",
    friendlyName: "Robin",
    joinedAt: 1_600_000_000,
    serverAccess: "home",
    plexPass: false,
    token: "mockHomeTokenRobin01",
  } satisfies MockAccount),
});

/**
 * A ready-made admin token: the server owner's (`MOCK_ACCOUNTS.twoFactor`) seeded device token. Valid on
 * every fresh mock until you revoke it.
 *
 * @example
 * ```ts
 * const plex = createPlexAuth({ clientIdentifier: "test", token: MOCK_ADMIN_TOKEN, serverUrl: mock.baseUrl, fetch: mock.fetch });
 * ```
 */
export const MOCK_ADMIN_TOKEN: string = MOCK_ACCOUNTS.twoFactor.token;

/**
 * The seeded accounts that sign in with a password, in a stable order. The Plex Home's managed profile
 * (`MOCK_KID_PROFILE`) is seeded too, but has no password to sign in with.
 *
 * @example
 * ```ts
 * for (const account of MOCK_ACCOUNT_LIST) console.log(account.key, account.login, account.serverAccess);
 * ```
 */
export const MOCK_ACCOUNT_LIST: readonly MockAccount[] = Object.freeze([
  MOCK_ACCOUNTS.plain,
  MOCK_ACCOUNTS.twoFactor,
  MOCK_ACCOUNTS.managed,
]);

/** Finds the account a login names: its email or its username, case-insensitively, like plex.tv. */
export function findAccountByLogin(accounts: readonly MockAccount[], login: string): MockAccount | undefined {
  const wanted = login.trim().toLowerCase();
  // A managed profile's login is empty: an empty login must never find it.
  if (wanted === "") return undefined;
  return accounts.find(
    (account) => account.email.toLowerCase() === wanted || account.username.toLowerCase() === wanted,
  );
}
