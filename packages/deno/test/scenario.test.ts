// The cross-runtime smoke scenario on Deno, through this package's entry, which imports core's TypeScript
// source through the deno.json workspace: what a JSR user gets.
import * as jwt from "@plex-auth/core/jwt";
import { smokeScenario } from "../../integration/src/scenario.ts";
import * as sdk from "../mod.ts";

for (const step of smokeScenario(sdk, jwt)) {
  Deno.test(`smoke scenario on Deno ${Deno.version.deno}: ${step.name}`, () => step.run());
}
