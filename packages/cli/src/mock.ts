import type { PlexAuthOptions } from "@plex-auth/core";
import type { MockHooks } from "./context.ts";
import { CliError } from "./errors.ts";
import type { StoredLogin, TokenStore } from "./store/token-store.ts";

/** What `--mock` swaps in: the mock's client options, a store in memory, and a person who approves codes. */
export interface MockSetup {
  readonly clientOptions: Partial<PlexAuthOptions>;
  readonly tokenStore: TokenStore;
  readonly hooks: MockHooks;
}

// Long enough to read the code and see the countdown, short enough for a demo.
const APPROVAL_DELAY_MS = 2_500;

function memoryStore(initial: StoredLogin): TokenStore {
  const logins = new Map<string, StoredLogin>();
  return {
    kind: "memory",
    describe: () => "memory (--mock: nothing is written to disk or the keychain)",
    read: async (profile) => logins.get(profile) ?? initial,
    write: async (profile, login) => void logins.set(profile, login),
    delete: async (profile) => logins.delete(profile),
  };
}

// Loaded only with --mock, and an optional peer dependency: a normal install neither carries nor evaluates it.
async function loadMock(): Promise<typeof import("@plex-auth/mock-server")> {
  try {
    return await import("@plex-auth/mock-server");
  } catch {
    throw new CliError(
      "bad_input",
      "--mock needs the mock server: install @plex-auth/mock-server beside @plex-auth/cli.",
    );
  }
}

/**
 * `--mock`: every command talks to `@plex-auth/mock-server`'s fake plex.tv in this process (no socket, no
 * request leaves it), signed in as the mock's Home admin, and `login` shows its code and has it approved a
 * moment later. Nothing real is read or written: not `PLEX_TOKEN`, not the keychain, not the token files.
 */
export async function mockSetup(): Promise<MockSetup> {
  const { createMockPlex, MOCK_ADMIN_TOKEN, MOCK_ACCOUNTS } = await loadMock();
  const mock = createMockPlex();
  const admin = MOCK_ACCOUNTS.twoFactor;
  return {
    clientOptions: { ...mock.clientOptions, clientIdentifier: "plex-auth-cli-mock" },
    tokenStore: memoryStore({ token: MOCK_ADMIN_TOKEN, username: admin.username, storedAt: new Date(0).toISOString() }),
    hooks: {
      approveLater(code) {
        setTimeout(() => mock.approvePin(code, "twoFactor"), APPROVAL_DELAY_MS).unref();
      },
    },
  };
}
