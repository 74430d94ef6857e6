/**
 * The root of the error hierarchy and the brand that makes `instanceof` work across copies of this package.
 *
 * Two copies of `@plex-auth/core` can be loaded at once (a CJS and an ESM build, or two versions in one
 * tree). Plain `instanceof` would then fail, so every error carries the names of its classes under a
 * `Symbol.for` key, and each class answers `instanceof` and `is()` from that brand instead of its prototype.
 */
import type { PlexAuthErrorCode } from "./codes.ts";

const KINDS: unique symbol = Symbol.for("@plex-auth/core/error-kinds");

/** What every {@link PlexAuthError} is built from; each subclass takes one object of this shape, extended. */
export interface PlexAuthErrorInit {
  /** What happened and what to do, already free of secrets. */
  message: string;
  /** The operation that failed, e.g. `"getTokenDetails"`. */
  operation?: string | undefined;
  /** The underlying error. Only ever a sanitized copy: never a request or anything holding a secret. */
  cause?: unknown;
  /** Whether the same call, made again later, may succeed. Default `false`. */
  retryable?: boolean | undefined;
}

function kindsOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const kinds = (value as { [KINDS]?: unknown })[KINDS];
  return Array.isArray(kinds) ? kinds : undefined;
}

/**
 * The base class of every error this SDK throws. Catch it to handle any failure of a Plex call.
 *
 * @example
 * ```ts
 * import { PlexAuthError } from "@plex-auth/core";
 * try {
 *   await plex.authentication.getTokenDetails();
 * } catch (error) {
 *   if (error instanceof PlexAuthError) console.error(error.code, error.retryable, error.message);
 * }
 * ```
 */
export class PlexAuthError extends Error {
  /** The class name, kept as data so minified builds and other copies of the package agree on it. */
  static readonly errorName: string = "PlexAuthError";
  /** The machine-readable {@link PlexAuthError.code} of this class. */
  static readonly errorCode: PlexAuthErrorCode = "plex_auth_error";

  /** A stable, machine-readable code such as `"two_factor_required"`; safe to branch on and to show. */
  readonly code: PlexAuthErrorCode;
  /** The operation that failed, e.g. `"postUsersSignInData"`, when the error came from a call. */
  readonly operation: string | undefined;
  /**
   * Whether the same call, made again later, may succeed: true for timeouts, connection failures, 429 and
   * 5xx; false when something must change first (the input, the token, the credentials).
   */
  readonly retryable: boolean;

  constructor(init: PlexAuthErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    const kinds: string[] = [];
    for (
      let ctor: unknown = new.target;
      typeof ctor === "function" && ctor !== Error;
      ctor = Object.getPrototypeOf(ctor)
    ) {
      if (Object.hasOwn(ctor, "errorName")) kinds.push((ctor as typeof PlexAuthError).errorName);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds) });
    Object.defineProperty(this, "name", { value: new.target.errorName, configurable: true, writable: true });
    this.code = new.target.errorCode;
    this.operation = init.operation;
    this.retryable = init.retryable ?? false;
  }

  /**
   * `error instanceof TwoFactorRequiredError` holds even when `error` comes from another copy of this package.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`.
    return kindsOf(value)?.includes(this.errorName) ?? false;
  }

  /**
   * Type guard equivalent to `instanceof`, for code that prefers a function.
   *
   * @example
   * ```ts
   * if (TwoFactorRequiredError.is(error)) askForCode();
   * ```
   */
  static is<T extends abstract new (...args: never[]) => unknown>(this: T, value: unknown): value is InstanceType<T> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `is` was called on.
    return kindsOf(value)?.includes((this as unknown as typeof PlexAuthError).errorName) ?? false;
  }

  /**
   * A JSON view: name, message and the error's own fields (`code`, `retryable`, `status`, `issues` and so on),
   * which every class fills only with safe values. `stack` and `cause` are not own enumerable fields, so
   * stay out.
   */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}
