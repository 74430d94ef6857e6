import type { PlexMcpConfig } from "../config/config.ts";
import { PlexSession, type SessionDeps } from "./session.ts";

/** Bounds of a {@link PrincipalSessions}. */
export interface PrincipalLimits {
  /** Principals whose state is kept at once; at the cap the least recently used one is forgotten. Default 100. */
  readonly maxPrincipals: number;
  /** A principal unseen this long is forgotten (its token and pending sign-ins with it). Default 30 minutes. */
  readonly idleMs: number;
}

/** The default {@link PrincipalLimits}. */
export const DEFAULT_PRINCIPAL_LIMITS: PrincipalLimits = Object.freeze({ maxPrincipals: 100, idleMs: 30 * 60_000 });

interface Entry {
  readonly session: PlexSession;
  lastSeen: number;
}

/**
 * The Plex state of each authenticated principal of an HTTP server: its token (a sign-in or a Home switch
 * replaces `PLEX_TOKEN` for that principal only), its pending "Sign in with Plex" PINs and its sign-in
 * limiter. The 2026-07-28 protocol has no sessions, so state belongs to who is asking, never to a
 * connection; one principal's sign-in is never visible to another. Bounded: the least recently used
 * principal makes way at the cap, and an idle one is forgotten.
 *
 * @example
 * ```ts
 * const principals = new PrincipalSessions(config, { logger, secrets, signInPause });
 * const session = principals.get("alice"); // the same PlexSession on every request of alice's
 * ```
 */
export class PrincipalSessions {
  readonly #entries = new Map<string, Entry>();
  readonly #config: PlexMcpConfig;
  readonly #deps: SessionDeps;
  readonly #limits: PrincipalLimits;
  readonly #now: () => number;

  constructor(
    config: PlexMcpConfig,
    deps: SessionDeps,
    limits: PrincipalLimits = DEFAULT_PRINCIPAL_LIMITS,
    now: () => number = Date.now,
  ) {
    this.#config = config;
    this.#deps = deps;
    this.#limits = limits;
    this.#now = now;
  }

  /** How many principals have state. */
  get size(): number {
    return this.#entries.size;
  }

  /** The principal's session, made on first use; marks it used. */
  get(principal: string): PlexSession {
    const now = this.#now();
    const known = this.#entries.get(principal);
    if (known && now - known.lastSeen < this.#limits.idleMs) {
      known.lastSeen = now;
      // Map order is use order: the first entry is always the least recently used.
      this.#entries.delete(principal);
      this.#entries.set(principal, known);
      return known.session;
    }
    this.#entries.delete(principal);
    this.#forgetIdle(now);
    while (this.#entries.size >= this.#limits.maxPrincipals) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    const session = new PlexSession(this.#config, this.#deps);
    this.#entries.set(principal, { session, lastSeen: now });
    return session;
  }

  #forgetIdle(now: number): void {
    for (const [principal, entry] of this.#entries) {
      if (now - entry.lastSeen < this.#limits.idleMs) break;
      this.#entries.delete(principal);
    }
  }
}
