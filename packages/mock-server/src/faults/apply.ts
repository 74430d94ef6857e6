import { htmlBody, malformedBody, oversizedBody, slowDrip, stallBody, xmlBody } from "./bodies.ts";
import type { MockFault } from "./types.ts";

/** Waits `ms` of real time, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Rewrites a real response's body as a body fault says; other faults leave it as it is. */
export async function applyBodyFault(
  fault: MockFault | undefined,
  response: Response,
  signal: AbortSignal,
  xmlRoot: string,
): Promise<Response> {
  switch (fault?.kind) {
    case "stall-body":
      return stallBody(response, signal);
    case "slow-drip":
      return slowDrip(response, signal, fault.chunkBytes, fault.intervalMs);
    case "malformed-body":
      return malformedBody(response, fault.body);
    case "xml-body":
      return xmlBody(response, xmlRoot);
    case "html-body":
      return htmlBody(response);
    case "oversized-body":
      return oversizedBody(response, signal, fault.bytes);
    default:
      return response;
  }
}
