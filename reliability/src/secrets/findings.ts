/** What a secrets part found: every exposure check it made, and the ones where a planted secret showed. */
import { ALL_SENTINELS, leakedIn, type SentinelName } from "./sentinels.ts";

export interface Finding {
  readonly where: string;
  readonly leaked: string[];
}

export class Findings {
  readonly found: Finding[] = [];
  checks = 0;

  /** Looks for the `names` sentinels in `text` (all of them by default). */
  check(where: string, text: string, names: readonly SentinelName[] = ALL_SENTINELS): void {
    this.checks++;
    const leaked = leakedIn(text, names);
    if (leaked.length) this.found.push({ where, leaked });
  }

  /** The findings since `mark` (a length of `found` taken earlier): one test's own. */
  since(mark: number): Finding[] {
    return this.found.slice(mark);
  }
}
