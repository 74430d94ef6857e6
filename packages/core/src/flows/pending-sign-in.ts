import * as v from "valibot";
import type { PlexPin } from "../models/pin.ts";

/** The part of `sessionStorage` the redirect sign-in uses. */
export interface BrowserStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A sign-in waiting for the browser to come back from Plex: the PIN to poll, never a token. */
export interface PendingSignIn {
  readonly id: number;
  readonly code: string;
  readonly expiresAt: string;
}

/** The `sessionStorage` key of the pending sign-in: per tab, gone when the tab closes. */
export const PENDING_SIGN_IN_KEY = "plex-auth:pending-sign-in";

const STRONG_PIN_LIFETIME_MS = 30 * 60_000;

const storedSchema = v.object({
  clientIdentifier: v.string(),
  id: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  code: v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{4,64}$/)),
  expiresAt: v.pipe(
    v.string(),
    v.check((value) => Number.isFinite(Date.parse(value))),
  ),
});

/**
 * Keeps the PIN of a sign-in that goes on as a redirect. Only what polling needs, and when it stops: the
 * PIN's id is a bearer handle, but one that dies with the PIN (30 minutes at most) and stays in this tab.
 */
export function rememberPendingSignIn(storage: BrowserStorage, clientIdentifier: string, pin: PlexPin): void {
  // By the countdown first, as waitForOAuthPin reads it: no clock skew can shift it.
  const lifetimeMs = typeof pin.expiresIn === "number" && pin.expiresIn > 0 ? pin.expiresIn * 1000 : undefined;
  const expiresAt =
    lifetimeMs !== undefined
      ? new Date(Date.now() + lifetimeMs).toISOString()
      : (pin.expiresAt ?? new Date(Date.now() + STRONG_PIN_LIFETIME_MS).toISOString());
  storage.setItem(PENDING_SIGN_IN_KEY, JSON.stringify({ clientIdentifier, id: pin.id, code: pin.code, expiresAt }));
}

/**
 * The pending sign-in of this client identifier, if one is kept and still alive. A broken or expired value
 * is removed; another client identifier's (another app on this origin) is left alone.
 */
export function readPendingSignIn(storage: BrowserStorage, clientIdentifier: string): PendingSignIn | undefined {
  const raw = storage.getItem(PENDING_SIGN_IN_KEY);
  if (raw === null) return undefined;
  const parsed = v.safeParse(storedSchema, parseJson(raw));
  if (parsed.success && parsed.output.clientIdentifier !== clientIdentifier) return undefined;
  if (!parsed.success || Date.parse(parsed.output.expiresAt) <= Date.now()) {
    forgetPendingSignIn(storage);
    return undefined;
  }
  const { id, code, expiresAt } = parsed.output;
  return { id, code, expiresAt };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Removes the pending sign-in. */
export function forgetPendingSignIn(storage: BrowserStorage): void {
  storage.removeItem(PENDING_SIGN_IN_KEY);
}
