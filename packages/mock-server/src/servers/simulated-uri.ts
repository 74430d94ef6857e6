/** The domain every simulated connection lives under: `.invalid` never resolves (RFC 6761). */
export const SIMULATED_CONNECTION_DOMAIN = "connections.plex.invalid";

function label(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  return cleaned === "" ? "server" : cleaned;
}

/**
 * The URI of a simulated connection, shaped like a `plex.direct` one but under `.invalid`, so a client that
 * tries it for real gets a DNS failure and never reaches a real host or a real LAN address:
 * `https://192-168-1-10.01234567.connections.plex.invalid:32400`.
 */
export function simulatedConnectionUri(
  protocol: "http" | "https",
  address: string,
  port: number,
  clientIdentifier: string,
): string {
  const host = `${label(address.replace(/[.:]/g, "-"))}.${label(clientIdentifier.slice(0, 8))}.${SIMULATED_CONNECTION_DOMAIN}`;
  return `${protocol}://${host}:${port}`;
}
