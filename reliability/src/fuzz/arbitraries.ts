/**
 * The hostile values the bad-input part throws at every method and tool: strings built from control
 * characters, lone surrogates, zero-width and right-to-left marks, multi-byte text, 100 KB strings,
 * `__proto__` keys, and values of every other type where a string (or a number, a boolean) belongs.
 */
import fc from "fast-check";

const CONTROL = [..."\u0000\u0001\u0007\u0008\t\n\u000b\u000c\r\u001b\u001f\u007f"];
const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"];
const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"];
const BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069"];
const SPACES = [" ", "\u00a0", "\u2028", "\u2029", "\u3000"];
const WIDE = ["é", "ß", "Ж", "中", "😀", "👩‍👩‍👧", "ﷺ", "\u0301"];
const SYNTAX = [..."%&=+?#/\\\"'<>{}[]:;,@"];

/** One "character" from the hostile classes, or an ordinary ASCII one. */
const unit: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROL) },
  { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 1, arbitrary: fc.constantFrom(...INVISIBLE) },
  { weight: 1, arbitrary: fc.constantFrom(...BIDI) },
  { weight: 1, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 1, arbitrary: fc.constantFrom(...WIDE) },
  { weight: 1, arbitrary: fc.constantFrom(...SYNTAX) },
);

/** A short hostile string. */
export const hostileString: fc.Arbitrary<string> = fc.string({ unit, maxLength: 24 });

/** A string of about 100 KB: a hostile piece repeated (cheap to generate, still 100 KB to handle). */
export const hugeString: fc.Arbitrary<string> = fc
  .string({ unit, minLength: 1, maxLength: 8 })
  .map((piece) => piece.repeat(Math.ceil((100 * 1024) / piece.length)).slice(0, 100 * 1024));

/** Any string this part uses: short hostile ones mostly, sometimes 100 KB. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: hostileString },
  { weight: 1, arbitrary: hugeString },
);

/** An object with an own, enumerable `__proto__` key, as `JSON.parse` makes them. */
export const protoObject: fc.Arbitrary<object> = fc
  .oneof(fc.constant("{}"), fc.constant('{"polluted":true}'), fc.constant('"x"'), fc.constant("null"))
  .map((inner) => JSON.parse(`{"__proto__":${inner},"login":"a"}`) as object);

/** A value of any type: for a field that wants a string, a number, or a boolean. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  anyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, 1e21),
  fc.bigInt(),
  fc.boolean(),
  fc.constantFrom(null, undefined, "", "true", "false", "1", "0", "012345", "delegation", "all"),
  fc.constantFrom<unknown>([], ["a"], {}, new Date(0), new String("abc"), Symbol("s"), () => "x"),
  protoObject,
);

/** A JSON value where a string (or a number, a boolean) belongs: what an MCP client can send. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  anyString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constantFrom(null, "", "true", "1", "012345", "delegation", "all"),
  fc.constantFrom<unknown>([], ["a"], {}, { nested: { token: "x" } }),
  protoObject,
);

/** Each key is left out one time in five; a valid value three times in four, a hostile one otherwise. */
const omit = fc.integer({ min: 0, max: 4 }).map((n) => n === 0);

/** An object of `fields` (each valid, hostile, or absent) plus, one time in five, an unknown or `__proto__` key. */
export function inputObject(
  fields: Record<string, fc.Arbitrary<unknown>>,
  hostile: fc.Arbitrary<unknown> = anyValue,
): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(([key, valid]) =>
    fc.tuple(fc.constant(key), fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostile }), omit),
  );
  const extraKey = fc.oneof(fc.constantFrom("__proto__", "constructor", "toString", "token", "extra"), hostileString);
  const extra = fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.tuple(extraKey, hostile) },
  );
  return fc.tuple(fc.tuple(...entries), extra).map(([pairs, more]) => {
    const input: Record<string, unknown> = {};
    for (const [key, value, omitted] of pairs) if (!omitted) input[key] = value;
    // defineProperty, so that "__proto__" becomes an own key rather than the prototype.
    if (more) {
      Object.defineProperty(input, more[0], { value: more[1], enumerable: true, configurable: true, writable: true });
    }
    return input;
  });
}

/** Per-call options: valid ones mostly, hostile ones sometimes. */
export const requestOptions: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 6,
    arbitrary: inputObject({
      token: fc.oneof(fc.constant("opt-token-1234"), anyString),
      timeoutMs: fc.oneof(fc.integer({ min: 1, max: 60_000 }), anyValue),
      serverUrl: fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            "http://127.0.0.1:32400",
            "https://10-0-0-1.abc.plex.direct:32400/",
            "http://[::1]:32400",
          ),
        },
        fc.constantFrom("ftp://127.0.0.1", "http://user:pw@127.0.0.1", "http://127.0.0.1/?X-Plex-Token=x", "not a url"),
        anyString,
      ),
      retry: fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom<unknown>(false, { maxRetries: 0 }, { maxRetries: 1, initialDelayMs: 0 }),
        },
        fc.constantFrom<unknown>({ maxRetries: 11 }, { initialDelayMs: -1 }, { maxRetries: 1.5 }, "no", null),
      ),
    }),
  },
  { weight: 1, arbitrary: anyValue },
);
