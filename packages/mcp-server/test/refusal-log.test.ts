import { describe, expect, test } from "vitest";
import { createLogger } from "../src/log/logger.ts";
import { REFUSAL_LOG_WINDOW_MS, RefusalLog } from "../src/transports/http/refusal-log.ts";

describe("RefusalLog", () => {
  test("logs the first refusal of a kind, counts the rest, and says how many once the minute is over", () => {
    const lines: string[] = [];
    let now = 1_000_000;
    const log = new RefusalLog(createLogger({ level: "debug", write: (line) => lines.push(line) }), () => now);
    for (let index = 0; index < 50; index++) log.note(403, "Forbidden: Origin not allowed");
    log.note(421, "Misdirected: Host not allowed");
    expect(lines.filter((line) => line.includes("request refused"))).toHaveLength(2);
    now += REFUSAL_LOG_WINDOW_MS;
    log.note(403, "Forbidden: Origin not allowed");
    const summary = lines.filter((line) => line.includes("requests refused"));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toContain("count=49");
    expect(summary[0]).toContain("seconds=60");
  });
});
