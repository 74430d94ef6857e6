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

  /** Remembers a configured secret for the life of the process; `undefined` and empty strings are ignored. */
  addConfigured(secret: string | undefined): void {
    if (secret) this.#configured.add(secret);
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
