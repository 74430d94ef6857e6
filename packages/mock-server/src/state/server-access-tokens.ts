import type { MockAccount, MockAccountKey } from "../accounts.ts";
import type { Random } from "../random.ts";
import type { ResolvedMediaServer } from "../servers/resolve.ts";

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
// Like the `accessToken` of plex.tv's resources: 20 characters.
const TOKEN_LENGTH = 20;

/** Who a server access token was given to, for which server. */
export interface ServerAccess {
  readonly server: ResolvedMediaServer;
  readonly account: MockAccount;
}

function pairKey(serverKey: string, accountKey: MockAccountKey): string {
  return `${serverKey}\u0000${accountKey}`;
}

/**
 * The `accessToken` each account gets for each server it can see (`GET /api/v2/resources`): one for the
 * owner, a different one for every account the server is shared with. Made when the mock is created, so
 * they are stable for its life; they work on that server only.
 */
export class ServerAccessTokens {
  readonly #byToken = new Map<string, ServerAccess>();
  readonly #byPair = new Map<string, string>();

  constructor(random: Random, servers: readonly ResolvedMediaServer[], reserved: ReadonlySet<string>) {
    for (const server of servers) {
      for (const account of [server.owner, ...server.sharedWith]) {
        let token = random.string(TOKEN_LENGTH, TOKEN_ALPHABET);
        // Bounded: a collision among 64^20 values (or with a seeded token) is not going to repeat 8 times.
        for (let tries = 0; (this.#byToken.has(token) || reserved.has(token)) && tries < 8; tries++) {
          token = random.string(TOKEN_LENGTH, TOKEN_ALPHABET);
        }
        this.#byToken.set(token, { server, account });
        this.#byPair.set(pairKey(server.key, account.key), token);
      }
    }
  }

  /** The account's token for the server, or `undefined` when the server is not shared with it. */
  tokenFor(serverKey: string, accountKey: MockAccountKey): string | undefined {
    return this.#byPair.get(pairKey(serverKey, accountKey));
  }

  lookup(token: string): ServerAccess | undefined {
    return this.#byToken.get(token);
  }

  tokens(): string[] {
    return [...this.#byToken.keys()];
  }
}
