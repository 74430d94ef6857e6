import * as v from "valibot";

/** The `/security/token` body: `{ MediaContainer: { token } }`. */
export interface TransientTokenBody {
  MediaContainer: { token: string; [key: string]: unknown };
}

/**
 * Lenient valibot schema of the `/security/token` response.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { transientTokenSchema } from "@plex-auth/core";
 * const token = v.parse(transientTokenSchema, await response.json()).MediaContainer.token;
 * ```
 */
export const transientTokenSchema: v.GenericSchema<unknown, TransientTokenBody> = v.looseObject({
  MediaContainer: v.looseObject({ token: v.pipe(v.string(), v.minLength(1, "expected a non-empty token")) }),
});
