/**
 * Arguments for the flows: PINs, resources and options, each field mostly valid, sometimes hostile or left
 * out, so that both "refused" and "accepted" are reached for every flow.
 */
import fc from "fast-check";
import { anyValue, hostileString, inputObject } from "./arbitraries.ts";

/** Mostly one of `valid`, sometimes one of `edges`, sometimes any value. */
function mostly<T>(valid: fc.Arbitrary<T>, ...edges: [unknown, ...unknown[]]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}

/**
 * An object whose fields are all valid (`valid`), or each valid, an edge, hostile or left out (`mixed`), or
 * any value at all: enough of the first for "accepted" to be reached as often as "refused".
 */
function objectOf(
  valid: Record<string, fc.Arbitrary<unknown>>,
  mixed: Record<string, fc.Arbitrary<unknown>>,
  requiredKeys?: string[],
): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record(valid, { requiredKeys: requiredKeys ?? Object.keys(valid) }) },
    { weight: 4, arbitrary: inputObject(mixed) },
    { weight: 1, arbitrary: anyValue },
  );
}

/** Options: left out, or an object of optional fields (see {@link objectOf}). */
function options(valid: Record<string, fc.Arbitrary<unknown>>, mixed: Record<string, fc.Arbitrary<unknown>>) {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: objectOf(valid, mixed, []) },
  );
}

const validCode = fc.oneof(fc.stringMatching(/^[A-Z0-9]{4}$/), fc.stringMatching(/^[a-z0-9]{25}$/));
const code = fc.oneof(
  { weight: 4, arbitrary: validCode },
  { weight: 1, arbitrary: fc.constantFrom("", "ABC", "AB CD", "x".repeat(65), "ab-cd") },
  { weight: 1, arbitrary: hostileString },
);

/** A fresh signal per case: live mostly, already aborted sometimes. */
const signal = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null).map(() => new AbortController().signal) },
  { weight: 1, arbitrary: fc.constant(null).map(() => AbortSignal.abort()) },
);

export const authAppPin: fc.Arbitrary<unknown> = objectOf({ code: validCode }, { code });

const forwardUrl = fc.constantFrom(
  "https://my.app/signed-in",
  "http://127.0.0.1:3000/cb?x=1&y=a%20b#done",
  "myapp://done",
  "https://例え.jp/パス",
);
const baseUrl = fc.constantFrom("https://app.plex.tv/auth", "http://127.0.0.1:9/auth", "HTTPS://APP.PLEX.TV/auth");

export const authAppOptions: fc.Arbitrary<unknown> = options(
  { forwardUrl, baseUrl },
  {
    forwardUrl: mostly(forwardUrl, "/relative", "https://a b.example", 'https://a"b.example', "not a url", ""),
    baseUrl: mostly(baseUrl, "ftp://app.plex.tv/auth", "//app.plex.tv/auth", "app.plex.tv/auth", "http://"),
  },
);

const HOUR_MS = 3_600_000;
const pinId = fc.integer({ min: 1, max: 999_999_999 });
const pinCode = fc.constantFrom("7RQZ", "8lzjqnq8lye02n52jq3fqxf8e");
const expiresIn = fc.constantFrom(900, 1800, 1, 60);
// Computed per case: an hour ahead, an hour ago, or not a date.
const expiresAt = fc
  .constantFrom(1, -1, 0)
  .map((sign) => (sign === 0 ? "soon" : new Date(Date.now() + sign * HOUR_MS).toISOString().replace(/\.\d+Z$/, "Z")));

export const waitPin: fc.Arbitrary<unknown> = objectOf(
  { id: pinId, code: pinCode, expiresIn: fc.option(expiresIn, { nil: null }), expiresAt },
  {
    id: mostly(pinId, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, "123456789"),
    code: mostly(pinCode, "", 7),
    expiresIn: mostly(expiresIn, 0, -5, null, 0.5, 1e9),
    expiresAt,
  },
  ["id", "code"],
);

const intervalMs = fc.integer({ min: 100, max: 60_000 });
const pollTimeoutMs = fc.integer({ min: 100, max: 120_000 });
const onPoll = fc.constantFrom(
  () => {},
  () => {
    throw new Error("a broken progress display");
  },
);

export const waitOptions: fc.Arbitrary<unknown> = options(
  { signal, intervalMs, pollTimeoutMs, onPoll },
  {
    signal,
    intervalMs: mostly(intervalMs, 99, 60_001, 100.5, "1000", -1),
    pollTimeoutMs: mostly(pollTimeoutMs, 99, 120_001, 0, "500"),
    onPoll,
  },
);

const validUri = fc.constantFrom(
  "http://10.0.0.5:32400",
  "https://1-2-3-4.abc.plex.direct:32400/",
  "http://[::1]:32400",
  "https://relay.abc.plex.direct:8443",
  "http://pms.example:32400/proxied/",
);
const uri = fc.oneof(
  { weight: 4, arbitrary: validUri },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "ftp://10.0.0.5",
      "http://u:p@10.0.0.5",
      "http://10.0.0.5/?t=1",
      "http://10.0.0.5/web",
      "not a url",
      "https://h#f",
      "",
    ),
  },
  { weight: 1, arbitrary: hostileString },
);

const connectionFields = { local: fc.boolean(), relay: fc.boolean(), protocol: fc.constantFrom("http", "https") };
const connection = objectOf({ uri: validUri, ...connectionFields }, { uri, ...connectionFields }, ["uri"]);
const name = fc.constantFrom("Home", "Casey's Server", "客厅 😀");
const clientIdentifier = fc.constantFrom("8276c3fa6bc24e44b347e19c71fbb98b9287c1e9", "a");
const accessToken = fc.constantFrom("resource-token-0001", "Hg7FGK9xVGdWZRa_sj76");
const connections = fc.array(connection, { maxLength: 5 });

export const findResource: fc.Arbitrary<unknown> = objectOf(
  { name, clientIdentifier, accessToken, owned: fc.boolean(), connections },
  {
    name,
    clientIdentifier,
    accessToken: mostly(accessToken, "", " ", "tok\nen", "tok\ud800"),
    owned: fc.boolean(),
    connections: mostly(connections, null, "http://10.0.0.5:32400", {}),
  },
  ["name", "clientIdentifier", "accessToken", "connections"],
);

const probeTimeoutMs = fc.integer({ min: 50, max: 120_000 });
const staggerMs = fc.integer({ min: 0, max: 10_000 });

export const findOptions: fc.Arbitrary<unknown> = options(
  { signal, probeTimeoutMs, staggerMs },
  {
    signal,
    probeTimeoutMs: mostly(probeTimeoutMs, 49, 120_001, 1.5, "100"),
    staggerMs: mostly(staggerMs, -1, 10_001, 0.5, "250"),
  },
);
