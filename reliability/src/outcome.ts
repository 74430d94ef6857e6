import { PlexAuthError } from "@plex-auth/core";

/**
 * The name of what a call ended in: `"success"`, the PlexAuthError subclass's name, or `untyped:<name>` for
 * anything else (a raw TypeError, a string), which every part counts as a failure of the promise.
 */
export function outcomeOf(settled: { ok: true } | { ok: false; error: unknown }): string {
  if (settled.ok) return "success";
  const { error } = settled;
  if (error instanceof PlexAuthError) return error.name;
  return `untyped:${error instanceof Error ? error.name : typeof error}`;
}

/** Runs `call`, and says how it ended and how long it took; `"hang"` if it did not settle within `hangMs`. */
export async function settle(
  call: () => Promise<unknown>,
  hangMs: number,
): Promise<{ outcome: string; error: unknown; wallMs: number }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<"hang">((resolve) => {
    timer = setTimeout(() => resolve("hang"), hangMs);
  });
  const settled = call().then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const result = await Promise.race([settled, hang]);
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  if (result === "hang") return { outcome: "hang", error: undefined, wallMs };
  return { outcome: outcomeOf(result), error: result.ok ? undefined : result.error, wallMs };
}
