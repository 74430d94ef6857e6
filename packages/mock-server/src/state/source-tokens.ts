import type { Random } from "../random.ts";
import type { MockSource } from "../sources.ts";

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The access token the server hands out for each source: made on first use, stable for the mock's life. */
export class SourceTokens {
  readonly #tokens = new Map<string, string>();
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  for(source: MockSource): string {
    let token = this.#tokens.get(source.source);
    if (token === undefined) {
      token = this.#random.string(24, TOKEN_ALPHABET);
      this.#tokens.set(source.source, token);
    }
    return token;
  }

  tokens(): string[] {
    return [...this.#tokens.values()];
  }
}
