import { existsSync } from "node:fs";
import { join } from "node:path";
import { createMockPlex, MOCK_ACCOUNTS } from "@plex-auth/mock-server";
import { afterAll, describe, expect, it } from "vitest";
import { run, temporaryConfig } from "../helpers/run.ts";

// The commands themselves on the real keychain (see keychain.test.ts for when this runs): the default
// store, with no PLEX_AUTH_TOKEN_STORE, must pick the Secret Service and leave no token file behind.
const enabled = process.env.PLEX_AUTH_TEST_KEYCHAIN === "1";

describe.skipIf(!enabled)("plex-auth on the system keychain", () => {
  const config = temporaryConfig();
  afterAll(() => config.remove());
  const mock = createMockPlex({ seed: 5 });
  // A profile of its own per run: the keychain outlives the test's config folder.
  const profile = `keychain-${process.pid}`;
  const env = { XDG_CONFIG_HOME: config.directory, PLEX_TV_URL: mock.plexTvUrl };
  const cli = (argv: readonly string[], stdin?: string) =>
    run([...argv, "--profile", profile], { env, fetch: mock.fetch, ...(stdin === undefined ? {} : { stdin }) });

  it("stores the token in the keychain, says so, and logs out of it", async () => {
    const { token, username } = MOCK_ACCOUNTS.plain;
    const stored = await cli(["login", "--with-token", "--json"], `${token}\n`);
    expect(stored.code, stored.stdout).toBe(0);
    expect(JSON.parse(stored.stdout)).toMatchObject({ store: "keychain", username });
    expect(existsSync(join(config.directory, "plex-auth", "cli-tokens", profile))).toBe(false);

    const whoami = JSON.parse((await cli(["whoami", "--json"])).stdout);
    expect(whoami).toMatchObject({ source: "keychain", username, alive: true });
    expect(whoami.location).toContain('service "plex-auth"');
    expect((await cli(["token"])).stdout.trim()).toBe(token);

    expect((await cli(["logout"])).code).toBe(0);
    expect((await cli(["whoami"])).code).toBe(3);
  });
});
