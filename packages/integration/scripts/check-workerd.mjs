// check:workerd: bundles workerd/worker.ts as a Workers bundler would (esbuild, "workerd" and "worker"
// export conditions, no Node built-ins) and runs it in workerd through miniflare, on 127.0.0.1 only.
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { report } from "./summary.mjs";

const bundle = await build({
  entryPoints: [new URL("../workerd/worker.ts", import.meta.url).pathname],
  bundle: true,
  format: "esm",
  platform: "neutral",
  conditions: ["workerd", "worker", "import"],
  mainFields: ["module", "main"],
  target: "es2022",
  write: false,
  logLevel: "silent",
});

const miniflare = new Miniflare({
  modules: true,
  script: bundle.outputFiles[0].text,
  compatibilityDate: "2026-04-01",
  // Without this miniflare downloads the `request.cf` fixture from the internet.
  cf: false,
  host: "127.0.0.1",
});

let results;
try {
  const response = await miniflare.dispatchFetch("http://127.0.0.1/");
  results = (await response.json()).map((step) => ({
    name: `workerd: ${step.name}`,
    ok: step.ok,
    detail: step.error,
  }));
} catch (error) {
  results = [{ name: "workerd: run the worker", ok: false, detail: String(error?.stack ?? error) }];
} finally {
  await miniflare.dispose();
}
report(results);
