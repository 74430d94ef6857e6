import type { Server, WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";

/**
 * One 2025-era client's MCP session over HTTP: its transport and server instance, and the principal that
 * opened it (only that principal may use it). The Plex state is the principal's, not the session's.
 */
export interface HttpSession {
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly server: Server;
  readonly principal: string;
  lastSeen: number;
}

/** Limits of a {@link SessionStore}. */
export interface SessionLimits {
  /** Sessions open at once; at the cap the least recently used one makes way. Default 100. */
  readonly maxSessions: number;
  /** A session unused this long is closed. Default 30 minutes. */
  readonly idleMs: number;
}

/** The default {@link SessionLimits}. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = Object.freeze({ maxSessions: 100, idleMs: 30 * 60_000 });

/**
 * The open 2025-era HTTP sessions by id, bounded in number and closed when idle, so clients that vanish
 * without a DELETE do not pile up. 2026-07-28 clients have no sessions: they never appear here.
 *
 * @example
 * ```ts
 * const store = new SessionStore({ maxSessions: 10, idleMs: 60_000 });
 * store.add(id, session);
 * store.get(id); // and marks it used
 * ```
 */
export class SessionStore {
  readonly #sessions = new Map<string, HttpSession>();
  readonly #limits: SessionLimits;
  readonly #now: () => number;
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(limits: SessionLimits = DEFAULT_SESSION_LIMITS, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
    this.#sweeper = setInterval(() => void this.closeIdle(), Math.min(limits.idleMs, 60_000));
    this.#sweeper.unref();
  }

  /** How many sessions are open. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Whether another session may open. */
  hasRoom(): boolean {
    return this.#sessions.size < this.#limits.maxSessions;
  }

  add(id: string, session: HttpSession): void {
    this.#sessions.set(id, session);
  }

  /** The session with this id, marked as just used; `undefined` when unknown or closed. */
  get(id: string): HttpSession | undefined {
    const session = this.#sessions.get(id);
    if (session) session.lastSeen = this.#now();
    return session;
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.#sessions.delete(id);
  }

  /** Closes the sessions idle for longer than the limit. */
  async closeIdle(): Promise<void> {
    const cutoff = this.#now() - this.#limits.idleMs;
    const idle = [...this.#sessions].filter(([, session]) => session.lastSeen < cutoff);
    await Promise.all(idle.map(([id, session]) => this.#close(id, session)));
  }

  /** Closes the session used least recently (at the cap, so that a new client is not turned away). */
  async closeLeastRecentlyUsed(): Promise<void> {
    let oldest: [string, HttpSession] | undefined;
    for (const entry of this.#sessions) if (!oldest || entry[1].lastSeen < oldest[1].lastSeen) oldest = entry;
    if (oldest) await this.#close(oldest[0], oldest[1]);
  }

  /** Closes every session and stops the idle sweeper. */
  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    await Promise.all([...this.#sessions].map(([id, session]) => this.#close(id, session)));
  }

  async #close(id: string, session: HttpSession): Promise<void> {
    this.#sessions.delete(id);
    await session.server.close().catch(() => undefined);
  }
}
