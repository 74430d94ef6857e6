import { plexTvData } from "../render/data.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/v2/auth/nonce`, no token: `{"nonce":"<uuid>"}`, good for one exchange within 5 minutes on the
 * mock clock. Plex rate-limits these (429); `mock.faults` can too, with `operation: "getAuthNonce"`.
 */
export const authNonceRoute: RouteHandler = ({ request, state, successStatus }) =>
  plexTvData(request, successStatus, { nonce: state.nonces.mint(state.clock.now()) }, "nonce");
