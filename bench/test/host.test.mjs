import { describe, expect, it } from "vitest";
import { BUSY_SHARE, hostMarkdown, judgeHost, referenceStart } from "../src/host.mjs";
import { resultsMarkdown } from "../src/report.mjs";

const machine = { cpu: "Intel(R) Xeon(R) Processor", cores: 2, node: "20.20.2", date: "2026-12-03T07:31:03.609Z" };
const reference = { ms: 61.3, from: "2026-12-03T07:31:03.609Z" };

describe("referenceStart", () => {
  it("carries the earlier run's reference forward", () => {
    const previous = { machine, host: { referenceMs: 60.1, referenceFrom: "2026-12-01T00:00:00.000Z" } };
    expect(referenceStart(previous, machine)).toEqual({ ms: 60.1, from: "2026-12-01T00:00:00.000Z" });
  });

  it("takes the cold-start baseline of a run from before the check", () => {
    const previous = { machine, coldStart: { targets: { node: { medianMs: 61.3 } } } };
    expect(referenceStart(previous, machine)).toEqual(reference);
  });

  it("has none without an earlier run on the same kind of machine", () => {
    expect(referenceStart(undefined, machine)).toBeUndefined();
    const other = { machine: { ...machine, cores: 4 }, host: { referenceMs: 40 } };
    expect(referenceStart(other, machine)).toBeUndefined();
    expect(referenceStart({ machine: { ...machine, node: "22.23.5" }, host: { referenceMs: 40 } }, machine)).toBe(
      undefined,
    );
  });
});

describe("judgeHost", () => {
  it("calls the host quiet within the share, and keeps the quieter reference", () => {
    const host = judgeHost({ atStartMs: 63, atEndMs: 64 }, reference, "now");
    expect(host.busy).toBe(false);
    expect(host.reasons).toEqual([]);
    expect(host.referenceMs).toBe(61.3);
    expect(host.referenceFrom).toBe(reference.from);
  });

  it("lowers the reference after a quieter run, to this run's slower start", () => {
    const host = judgeHost({ atStartMs: 58, atEndMs: 59.5 }, reference, "now");
    expect(host).toMatchObject({ busy: false, referenceMs: 59.5, referenceFrom: "now", comparedWithMs: 61.3 });
  });

  it("calls it busy when a start is slower than the reference by more than the share", () => {
    const slow = reference.ms * (1 + BUSY_SHARE) + 0.1;
    const host = judgeHost({ atStartMs: 62, atEndMs: slow }, reference, "now");
    expect(host.busy).toBe(true);
    expect(host.reasons.join(" ")).toMatch(/took 70\.6 ms against 61\.3 ms on the quietest earlier run/);
    expect(host.referenceMs).toBe(61.3);
  });

  it("calls it busy when the load changed during the run, with no reference too", () => {
    const host = judgeHost({ atStartMs: 60, atEndMs: 80 }, undefined, "now");
    expect(host.busy).toBe(true);
    expect(host.reasons).toEqual(["`node -e 0` took 60.0 ms at the start of the run and 80.0 ms at its end"]);
    expect(host.referenceMs).toBeUndefined();
  });

  it("starts a reference from a first quiet run", () => {
    expect(judgeHost({ atStartMs: 60, atEndMs: 61 }, undefined, "now")).toMatchObject({
      busy: false,
      referenceMs: 61,
      referenceFrom: "now",
    });
  });
});

describe("the results page", () => {
  const page = (host) =>
    resultsMarkdown(
      { machine: { ...machine, memoryGb: 24, os: "Linux" }, durationMs: 1000, host, skipped: {} },
      { rows: [], passed: 0, failed: 0 },
    );

  it("warns at the top when the host was busy", () => {
    const text = page(judgeHost({ atStartMs: 83, atEndMs: 81 }, reference, "now"));
    expect(text).toMatch(/> \*\*Busy host: do not commit these results\.\*\* `node -e 0` took 83\.0 ms against 61\.3/);
    expect(text.indexOf("Busy host")).toBeLessThan(text.indexOf("## Results"));
  });

  it("says so in one line when it was quiet", () => {
    expect(page(judgeHost({ atStartMs: 61, atEndMs: 62 }, reference, "now"))).toMatch(
      /Host check: `node -e 0` started in 61\.0 ms at the start of the run and 62\.0 ms at its end \(the quietest earlier run: 61\.3 ms\), so the host was quiet\./,
    );
    expect(hostMarkdown(undefined)).toBe("");
  });

  it("says what it could check when there is no earlier run to compare with", () => {
    expect(hostMarkdown(judgeHost({ atStartMs: 61, atEndMs: 62 }, undefined, "now"))).toMatch(
      /62\.0 ms at its end\. There is no earlier run on this kind of machine to compare with, so only the drift during the run was checked/,
    );
  });
});
