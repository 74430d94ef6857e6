import * as v from "valibot";

/** The `/api/claim/token.json` body: `{ "token": "claim-…" }`. */
export interface ClaimTokenBody {
  token: string;
}

/**
 * Lenient valibot schema of the claim-token response.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { claimTokenSchema } from "@plex-auth/core";
 * const { token } = v.parse(claimTokenSchema, await response.json());
 * ```
 */
export const claimTokenSchema: v.GenericSchema<unknown, ClaimTokenBody> = v.looseObject({
  token: v.pipe(v.string(), v.startsWith("claim-", 'expected a token starting with "claim-"')),
});
