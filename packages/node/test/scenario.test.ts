import * as jwt from "@plex-auth/core/jwt";
import { describe, it } from "vitest";
import { smokeScenario } from "../../integration/src/scenario.ts";
import * as sdk from "../src/index.ts";

// The cross-runtime smoke scenario on this Node (20 here; 22 and 24 through test:node22 / test:node24).
describe(`smoke scenario on Node ${process.versions.node}`, () => {
  for (const step of smokeScenario(sdk, jwt)) it(step.name, () => step.run());
});
