// Type-checked against the packed packages, in a fresh project with only @types/node (no DOM lib): what a
// Node user compiles. `@ts-expect-error` lines prove the types are real, not `any`.
import {
  createPlexAuth,
  createPlexAuthCore,
  getTokenDetails,
  type PlexAccount,
  type PlexAuthOptions,
  TwoFactorRequiredError,
} from "@plex-auth/core";
import { createPlexAuthFromEnv, loadOrCreateClientIdentifier, type PlexAuthFromEnvOptions } from "@plex-auth/node";

const options: PlexAuthOptions = { clientIdentifier: loadOrCreateClientIdentifier({ file: "/tmp/x" }), token: "t" };
const plex = createPlexAuth(options);
const fromEnv: PlexAuthFromEnvOptions = { env: { PLEX_TOKEN: "t" }, required: ["PLEX_TOKEN"], proxy: false };

export async function main(): Promise<string> {
  const account: PlexAccount = await plex.authentication.getTokenDetails();
  const same: PlexAccount = await getTokenDetails(createPlexAuthCore(options));
  const transient: string = await createPlexAuthFromEnv(fromEnv).authentication.getTransientToken();
  // @ts-expect-error `source` is required
  await plex.authentication.getSourceConnectionInformation({});
  // @ts-expect-error not a variable the helper reads
  createPlexAuthFromEnv({ required: ["PLEX_PASSWORD"] });
  try {
    await plex.authentication.postUsersSignInData({ login: "me", password: "pw", verificationCode: "012345" });
  } catch (error) {
    if (error instanceof TwoFactorRequiredError) return error.code;
  }
  return `${account.username} ${same.uuid} ${transient.length}`;
}
