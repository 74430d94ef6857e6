import * as v from "valibot";

/** The `/ping` body: `{ "pong": true }`. */
export interface PingBody {
  pong: boolean;
}

/**
 * Lenient valibot schema of the `/ping` response.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { pingSchema } from "@plex-auth/core";
 * const { pong } = v.parse(pingSchema, await response.json());
 * ```
 */
export const pingSchema: v.GenericSchema<unknown, PingBody> = v.looseObject({ pong: v.boolean() });
