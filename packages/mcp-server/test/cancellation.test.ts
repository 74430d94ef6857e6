import { expect, test } from "vitest";
import { connect } from "./helpers/in-memory.ts";
import { createPlexStub, LOGIN, SENTINELS } from "./helpers/plex-stub.ts";
import { waitFor } from "./helpers/wait.ts";

test.each([
  ["get_token_details", {}, "/api/v2/user"],
  ["get_transient_token", {}, "/security/token"],
  ["post_users_sign_in_data", { login: LOGIN, password: SENTINELS.password }, "/api/v2/users/signin"],
] as const)("notifications/cancelled aborts the Plex request of %s", async (name, args, path) => {
  const connected = await connect({ stub: createPlexStub({ hang: true }) });
  try {
    const controller = new AbortController();
    const pending = connected.client.callTool({ name, arguments: args }, { signal: controller.signal });
    await waitFor(() => connected.stub.calls.length === 1, "the request to reach the stub");
    expect(connected.stub.aborted).toEqual([]);
    controller.abort("the user changed their mind");
    await expect(pending).rejects.toThrow();
    await waitFor(() => connected.stub.aborted.length === 1, "the Plex request to be aborted");
    expect(connected.stub.aborted).toEqual([path]);
    await waitFor(() => /code=aborted/.test(connected.logLines.join("")), "the failure to be logged");
    expect(connected.logLines.join("")).toMatch(new RegExp(`tool call failed tool=${name} code=aborted`));
    // A cancelled request is never answered: the only response the server sent is the one to initialize.
    const responses = connected.wire.filter(
      (message) => "result" in (message as object) || "error" in (message as object),
    );
    expect(responses).toHaveLength(1);
  } finally {
    await connected.close();
  }
});
