import * as sdk from "@plex-auth/core";
import * as jwt from "@plex-auth/core/jwt";
import { describe, expect, it } from "vitest";
import { smokeScenario } from "../../src/scenario.ts";

// Under vitest's edge-runtime environment the globals are the Edge Runtime's (@edge-runtime/vm): its fetch,
// Request/Response, streams, AbortSignal and crypto.
describe("smoke scenario under the Edge Runtime", () => {
  it("really runs with the Edge Runtime's globals", () => {
    expect((globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe("edge-runtime");
  });

  for (const step of smokeScenario(sdk, jwt)) it(step.name, () => step.run());
});
