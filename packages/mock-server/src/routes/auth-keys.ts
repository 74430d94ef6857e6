import { plexTvData } from "../render/data.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/v2/auth/keys`, no token: `{"keys":[…]}`, the public Ed25519 keys the mock signs Plex JWTs
 * with (the current one last; after `mock.rotateKeys()`, the previous one too), each `kid` its RFC 7638
 * thumbprint.
 */
export const authKeysRoute: RouteHandler = async ({ request, state, successStatus }) =>
  plexTvData(request, successStatus, { keys: await state.signingKeys.publicJwks() }, "jwks");
