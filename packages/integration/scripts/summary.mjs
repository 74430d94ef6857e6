// The closing line every check:* script prints, which scripts/test-all.mjs sums up.

/** Prints one line per result, then "N passed, N failed", and sets the exit code. */
export function report(results) {
  for (const result of results) {
    process.stdout.write(
      `${result.ok ? "ok  " : "FAIL"} ${result.name}${!result.ok && result.detail ? `\n     ${result.detail.replaceAll("\n", "\n     ")}` : ""}\n`,
    );
  }
  const failed = results.filter((result) => !result.ok).length;
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  process.exitCode = failed === 0 && results.length > 0 ? 0 : 1;
}
