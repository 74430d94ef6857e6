/**
 * Whether a JWT token source refreshed only when it had to. A refresh is needed when the token it adopted
 * last went due or expired by its clock (the test moved the clock), or plex.tv answered 498 to that very
 * token. A refresh that starts while none is needed, or a second token adopted for one need, is a double
 * refresh: concurrent callers that each minted, or a late 498 to an old token that threw away the new one.
 * A failed refresh leaves the need standing, so the next caller may try again.
 */
export class RefreshLedger {
  #current: string | undefined;
  #needed = false;
  readonly violations: string[] = [];
  adoptions = 0;

  /** The test moved the source's clock so that its token is due or expired. */
  due(): void {
    this.#needed = true;
  }

  /** plex.tv answered a request that carried `token`. */
  answered(token: string | null, status: number | undefined): void {
    if (status === 498 && token !== null && token === this.#current) this.#needed = true;
  }

  /** A refresh began: its nonce was asked for. */
  refreshStarted(where: string): void {
    if (!this.#needed) this.violations.push(`${where}: a refresh started while the token was neither due nor refused`);
  }

  /** The source adopted `token` (its `onToken`). */
  adopted(token: string, where: string): void {
    this.adoptions++;
    if (!this.#needed) this.violations.push(`${where}: a second token adopted for one need (a double refresh)`);
    this.#current = token;
    this.#needed = false;
  }

  /** The token the source adopted last. */
  get current(): string | undefined {
    return this.#current;
  }
}
