/** Mock-clock milliseconds as plex.tv's v2 JSON writes times: ISO 8601 in UTC, to the second. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
