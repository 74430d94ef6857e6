/**
 * The oracle for the flows' arguments (README, "The flows on top", and their JSDoc), written independently
 * of core's schemas: which pins, resources and options `authAppUrl`, `waitForOAuthPin` and
 * `findServerConnection` must accept, and what an accepted call must then do.
 */
import { fieldsOf, isHttpBase, isPinId, isString, isValidToken, isWireText, onlyKeys, optional } from "./oracle.ts";
import { probeTargets } from "./probes.ts";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isSignal = (value: unknown) => value instanceof AbortSignal;
const between = (min: number, max: number) => (value: unknown) =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** Options of a flow: an object (or nothing) with only `known` keys, each passing its check. */
function validOptions(options: unknown, checks: Record<string, (value: unknown) => boolean>): boolean {
  if (options === null) return false;
  const fields = fieldsOf(options);
  if (!fields || !onlyKeys(fields, Object.keys(checks))) return false;
  return Object.entries(checks).every(([key, check]) => optional(fields[key], check));
}

function parses(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A PIN's code: 4 or 25 letters and digits (a strong PIN's is what the auth app takes). */
export const isPinCode = (value: unknown) => isString(value) && /^[A-Za-z0-9]{4,64}$/.test(value);

/** `authAppUrl(core, pin, { forwardUrl?, baseUrl? })`: a PIN with a code, an absolute forwardUrl, an http(s) baseUrl. */
export function isValidAuthAppUrlCall(pin: unknown, options: unknown): boolean {
  const code = pin === null || pin === undefined ? undefined : (pin as { code?: unknown }).code;
  return (
    isPinCode(code) &&
    validOptions(options, {
      forwardUrl: (url) => isWireText(url) && parses(url) && !/[\s<>"]/.test(url),
      baseUrl: (url) => isWireText(url) && /^https?:\/\//i.test(url) && parses(url),
    })
  );
}

/** `waitForOAuthPin(core, pin, options)`: a PIN with an id and a code; interval, poll timeout, onPoll, signal. */
export function isValidWaitCall(pin: unknown, options: unknown): boolean {
  return (
    isRecord(pin) &&
    isPinId(pin.id) &&
    isString(pin.code) &&
    validOptions(options, {
      signal: isSignal,
      intervalMs: between(100, 60_000),
      pollTimeoutMs: between(100, 120_000),
      onPoll: (value) => typeof value === "function",
    })
  );
}

/**
 * How an accepted wait must end before it polls, by the PIN's own countdown (README: "bounded by the
 * PIN's countdown"): `expired` when it has none and its `expiresAt` has passed, `live` when its countdown or
 * its date lies ahead, `unknown` for values a server would never send (the README does not say).
 */
export function pinClock(pin: Record<string, unknown>, now: number): "live" | "expired" | "unknown" {
  const { expiresIn, expiresAt } = pin;
  if (typeof expiresIn === "number" && Number.isInteger(expiresIn) && expiresIn >= 1 && expiresIn <= 1e9) return "live";
  const noCountdown =
    expiresIn === undefined ||
    expiresIn === null ||
    expiresIn === 0 ||
    (typeof expiresIn === "number" && expiresIn < 0);
  if (!noCountdown) return "unknown";
  if (expiresAt === undefined || expiresAt === null) return "live";
  if (!isString(expiresAt) || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(expiresAt)) return "unknown";
  return Date.parse(expiresAt) > now + 60_000 ? "live" : Date.parse(expiresAt) <= now ? "expired" : "unknown";
}

/** `findServerConnection(core, resource, options)`: a resource with a name, an id, a token and connections. */
export function isValidFindCall(resource: unknown, options: unknown): boolean {
  return (
    isRecord(resource) &&
    isString(resource.name) &&
    isString(resource.clientIdentifier) &&
    isString(resource.accessToken) &&
    resource.accessToken.length > 0 &&
    Array.isArray(resource.connections) &&
    resource.connections.every((connection) => isRecord(connection) && isString(connection.uri)) &&
    validOptions(options, {
      signal: isSignal,
      probeTimeoutMs: between(50, 120_000),
      staggerMs: between(0, 10_000),
    })
  );
}

/**
 * The addresses of an accepted resource that a probe can reach when every server answers as itself: its
 * own connections (no local one unless it is owned) that are usable base URLs, when its token can be a
 * header at all. None: the call must end in NoServerConnectionError.
 */
export function reachableTargets(resource: Record<string, unknown>): string[] {
  if (!isValidToken(resource.accessToken)) return [];
  return probeTargets(resource).filter(isHttpBase);
}
