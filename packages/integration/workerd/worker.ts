// The smoke scenario inside workerd (Cloudflare Workers' runtime), with core's npm ESM build as a Workers
// bundler would pick it. No `nodejs_compat` flag: `process`, `Buffer` and `node:*` do not exist here.
import * as sdk from "@plex-auth/core";
import * as jwt from "@plex-auth/core/jwt";
import { smokeScenario } from "../src/scenario.ts";

/** One step's outcome, as the worker reports it to scripts/check-workerd.mjs. */
export interface StepResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

export default {
  async fetch(): Promise<Response> {
    const results: StepResult[] = [{ name: "process does not exist in workerd", ok: !("process" in globalThis) }];
    for (const step of smokeScenario(sdk, jwt)) {
      try {
        await step.run();
        results.push({ name: step.name, ok: true });
      } catch (error) {
        results.push({ name: step.name, ok: false, error: error instanceof Error ? error.stack : String(error) });
      }
    }
    return Response.json(results);
  },
};
