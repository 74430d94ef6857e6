// Keeps the newest secrets only: a long-running HTTP server adds a token per sign-in, and a redaction list
// must not grow without bound. Older tokens are still caught by core's pattern-based redaction.
const MAX_SECRETS = 256;

/**
 * The secret values this process knows (configured token and password, bearer token, tokens from sign-ins),
 * so every log line and tool result can be scrubbed of them as a last line of defence.
 *
 * @example
 * ```ts
 * const secrets = new SecretRegistry();
 * secrets.add(process.env.PLEX_TOKEN);
 * redactText(line, secrets.values());
 * ```
 */
export class SecretRegistry {
  readonly #values = new Set<string>();
  // The configuration's own (the token, the password, the bearer): never pushed out by newer ones.
  readonly #configured = new Set<string>();
  // Of those, the ones no result may show even with token exposure on: only Plex tokens are exposed.
  readonly #hidden = new Set<string>();

  /** Remembers a configured secret for the life of the process; `undefined` and empty strings are ignored. */
  addConfigured(secret: string | undefined): void {
    if (secret) this.#configured.add(secret);
  }

  /**
   * Remembers a configured secret that is not a Plex token (the password, the HTTP bearer): scrubbed from
   * every result and log line even with token exposure on. `undefined` and empty strings are ignored.
   */
  addHidden(secret: string | undefined): void {
    if (!secret) return;
    this.#configured.add(secret);
    this.#hidden.add(secret);
  }

  /** The secrets no result may show, token exposure or not. */
  hidden(): readonly string[] {
    return [...this.#hidden];
  }

  /** The configured secrets (token, password, bearer): also caught when spaced out or re-cased. */
  configured(): readonly string[] {
    return [...this.#configured];
  }

  /** Remembers a secret; `undefined` and empty strings are ignored. */
  add(secret: string | undefined): void {
    if (!secret) return;
    this.#values.delete(secret);
    this.#values.add(secret);
    if (this.#values.size > MAX_SECRETS) {
      const oldest = this.#values.values().next().value;
      if (oldest !== undefined) this.#values.delete(oldest);
    }
  }

  /** Every known secret: the configured ones, then the others, newest last. */
  values(): readonly string[] {
    return [...this.#configured, ...[...this.#values].filter((value) => !this.#configured.has(value))];
  }
}
