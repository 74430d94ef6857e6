/**
 * What {@link MockPlex.handle} rejects with when a `reset` fault hits: the connection should be dropped
 * without an answer. The Node adapter destroys the socket; `mock.fetch` rejects like a fetch whose socket
 * was reset. Deno.serve and Bun.serve cannot drop a connection from a handler and answer 500 instead.
 *
 * @example
 * ```ts
 * // In a custom adapter: drop the connection your server library gives you access to.
 * const response = await mock.handle(request).catch((error) => {
 *   if (error instanceof MockConnectionReset) socket.destroy();
 *   throw error;
 * });
 * ```
 */
export class MockConnectionReset extends Error {
  /** The system code a reset connection reports. */
  readonly code: string = "ECONNRESET";

  constructor() {
    super("mock fault: connection reset");
    this.name = "MockConnectionReset";
  }
}

/**
 * Whether an error is a {@link MockConnectionReset}, from this or another copy of the package (the ESM
 * and CJS builds, or the Node adapter's bundle, each have their own class).
 *
 * @example
 * ```ts
 * mock.handle(request).catch((error) => (isConnectionReset(error) ? dropConnection() : Promise.reject(error)));
 * ```
 */
export function isConnectionReset(error: unknown): boolean {
  return (
    error instanceof MockConnectionReset ||
    (error instanceof Error &&
      error.name === "MockConnectionReset" &&
      (error as { code?: unknown }).code === "ECONNRESET")
  );
}
