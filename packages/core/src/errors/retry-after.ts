const DELAY = /^\d+(\.\d+)?$/;

// An HTTP date starts with the day name and has a time: "Wed, 21 Oct 2015 07:28:00 GMT" (or the obsolete
// RFC 850 and asctime forms). Checked before Date.parse, which in V8 reads "-1" as the year 2001 and
// "soon 5" as a date in May: garbage must not turn into "retry at once".
const HTTP_DATE = /^[a-z]{3,9},?\s.*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * Reads how long the server asked us to wait: `retry-after-ms` (milliseconds), else `Retry-After` in
 * seconds or as an HTTP date. Unreadable, empty or negative values count as not said.
 */
export function parseRetryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms")?.trim();
  if (milliseconds && DELAY.test(milliseconds)) return Math.ceil(Number(milliseconds));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (DELAY.test(value)) return Math.ceil(Number(value) * 1000);
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
