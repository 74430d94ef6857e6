import type { Random } from "../random.ts";
import type { FaultOptions, MockFault, MockFaults, MockOperationName } from "./types.ts";

interface Rule {
  readonly fault: MockFault;
  remaining: number;
  readonly operations: readonly MockOperationName[] | undefined;
  readonly probability: number;
}

function checkFault(fault: MockFault): void {
  const bad = (message: string) => {
    throw new RangeError(`mock.faults: ${message}`);
  };
  if (fault.kind === "status" && (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599)) {
    bad("status must be an HTTP status from 200 to 599");
  }
  if (
    fault.kind === "status" &&
    fault.retryAfterSeconds !== undefined &&
    !(Number.isFinite(fault.retryAfterSeconds) && fault.retryAfterSeconds >= 0)
  ) {
    bad("retryAfterSeconds must be a non-negative number");
  }
  if (fault.kind === "delay" && !(Number.isFinite(fault.ms) && fault.ms >= 0)) bad("delay ms must be >= 0");
  if (
    fault.kind === "oversized-body" &&
    fault.bytes !== undefined &&
    !(Number.isInteger(fault.bytes) && fault.bytes > 0)
  ) {
    bad("oversized bytes must be a positive integer");
  }
}

/** The queue behind {@link MockFaults}, plus `take`, which the request pipeline calls once per request. */
export class FaultQueue implements MockFaults {
  #rules: Rule[] = [];
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  inject(fault: MockFault, options: FaultOptions = {}): void {
    checkFault(fault);
    const times = options.times ?? 1;
    if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times >= 1))) {
      throw new RangeError("mock.faults: times must be a positive integer or Infinity");
    }
    const probability = options.probability ?? 1;
    if (!(probability >= 0 && probability <= 1)) throw new RangeError("mock.faults: probability must be from 0 to 1");
    const operation = options.operation;
    this.#rules.push({
      fault,
      remaining: times,
      operations: operation === undefined ? undefined : typeof operation === "string" ? [operation] : [...operation],
      probability,
    });
  }

  failNext(
    times: number,
    status: number,
    options: Omit<FaultOptions, "times"> & { retryAfterSeconds?: number } = {},
  ): void {
    const { retryAfterSeconds, ...rest } = options;
    this.inject(
      retryAfterSeconds === undefined ? { kind: "status", status } : { kind: "status", status, retryAfterSeconds },
      { ...rest, times },
    );
  }

  delayNext(times: number, ms: number, options: Omit<FaultOptions, "times"> = {}): void {
    this.inject({ kind: "delay", ms }, { ...options, times });
  }

  stallNext(times: number, options: Omit<FaultOptions, "times"> = {}): void {
    this.inject({ kind: "stall-body" }, { ...options, times });
  }

  resetNext(times: number, options: Omit<FaultOptions, "times"> = {}): void {
    this.inject({ kind: "reset" }, { ...options, times });
  }

  clear(): void {
    this.#rules = [];
  }

  get pending(): number {
    return this.#rules.reduce((sum, rule) => sum + rule.remaining, 0);
  }

  /** The fault for this request, if any: the first queued rule that matches and whose roll succeeds. */
  take(operation: MockOperationName | undefined): MockFault | undefined {
    for (const rule of this.#rules) {
      if (rule.operations && (operation === undefined || !rule.operations.includes(operation))) continue;
      if (rule.probability < 1 && this.#random.next() >= rule.probability) continue;
      rule.remaining--;
      if (rule.remaining <= 0) this.#rules = this.#rules.filter((other) => other !== rule);
      return rule.fault;
    }
    return undefined;
  }
}
