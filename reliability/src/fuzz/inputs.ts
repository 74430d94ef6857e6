/**
 * Inputs for every operation, as SDK input (any value) and as MCP tool arguments (JSON objects only): each
 * field valid three times in four, hostile otherwise, left out one time in five, so that both branches of
 * the oracle are reached for every operation. A record over core's operation names: an operation added to
 * core does not type-check here until its fields are listed.
 */
import fc from "fast-check";
import { anyJson, anyString, anyValue, hostileString, inputObject } from "./arbitraries.ts";
import type { OperationName } from "./operations.ts";

type FieldArbitraries = Record<string, fc.Arbitrary<unknown>>;

const SOURCES = ["server://0123456789abcdef", "provider://tv.plex.provider.vod", "server://a.b-c_d"];

/** Mostly one of `valid`, sometimes any string. */
const text = (...valid: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, anyString);

/** Numbers around the edges of a PIN's id: 0, negatives, fractions, past 2^53, a numeric string. */
const pinIdEdges = fc.constantFrom<unknown>(
  0,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  "123456789",
);

/** A device's public key (public by design): the fuzz takes it valid, with a private key's `d` added, of
 * another curve, or with a short `x`; the secrets suite sends it as is. */
export const DEVICE_JWK = {
  kty: "OKP",
  crv: "Ed25519",
  x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
  use: "sig",
  alg: "EdDSA",
  kid: "thumbprint-0001",
};
const jwk = fc.oneof(
  { weight: 3, arbitrary: fc.constant(DEVICE_JWK) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      { ...DEVICE_JWK, d: "private-part-never-sent-0000000000000000000" },
      { ...DEVICE_JWK, crv: "P-256" },
      { ...DEVICE_JWK, x: "short" },
      { ...DEVICE_JWK, kid: "short" },
      { kty: "OKP" },
    ),
  },
);
const jwt = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[\w-]{1,40}\.[\w-]{1,80}\.[\w-]{1,90}$/) },
  { weight: 1, arbitrary: fc.constantFrom("a.b", "a.b.c.d", "a.b.c ", "a.b.=c", `a.b.${"c".repeat(8190)}`) },
);

/** The fields of each operation's input, each with values that are mostly valid. */
export const INPUT_FIELDS: Readonly<Record<OperationName, FieldArbitraries>> = {
  getTokenDetails: {},
  ping: {},
  signOut: {},
  getHomeUsers: {},
  getClaimToken: {},
  getTransientToken: { type: fc.constant("delegation"), scope: fc.constant("all") },
  getSourceConnectionInformation: {
    source: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...SOURCES) },
      { weight: 1, arbitrary: hostileString.map((suffix) => `server://${suffix}`) },
    ),
    refresh: fc.boolean(),
  },
  postUsersSignInData: {
    login: text("casey@example.com", "casey"),
    password: text("plain-Pa55word!", "pw-😀-é"),
    verificationCode: fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^\d{6}$/) }, anyString),
    rememberMe: fc.boolean(),
  },
  createOAuthPin: { strong: fc.boolean(), jwk: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, jwk) },
  getOAuthPin: {
    pinId: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 999_999_999 }) }, pinIdEdges),
    deviceJWT: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, jwt),
  },
  getAuthNonce: {},
  getAuthKeys: {},
  registerDeviceJWK: { jwk },
  exchangeJWTToken: { jwt },
  linkOAuthPin: {
    code: fc.oneof(
      { weight: 3, arbitrary: fc.oneof(fc.stringMatching(/^[A-Z0-9]{4}$/), fc.stringMatching(/^[a-z0-9]{25}$/)) },
      { weight: 1, arbitrary: fc.constantFrom("ABC", "AB CD", "ABCD\n", "ab-cd", "x".repeat(65)) },
      { weight: 1, arbitrary: hostileString },
    ),
  },
  getServerResources: { includeHttps: fc.boolean(), includeRelay: fc.boolean(), includeIPv6: fc.boolean() },
  switchHomeUser: {
    uuid: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom("19860c4bdfbf24d5", "d320a7e6-324a-acd5", "1") },
      { weight: 1, arbitrary: fc.constantFrom("../admin", "a/b", "a b", "x".repeat(65), "") },
      { weight: 1, arbitrary: hostileString },
    ),
    pin: fc.oneof(
      { weight: 3, arbitrary: fc.stringMatching(/^\d{4}$/) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(1234, "123", "12345", "12 4", "١٢٣٤") },
    ),
  },
};

function fieldsFor(operation: OperationName): FieldArbitraries {
  const fields = INPUT_FIELDS[operation];
  if (!fields) throw new Error(`no input fields for ${operation}: add them to INPUT_FIELDS`);
  return fields;
}

/** SDK input: mostly an object of the operation's fields; sometimes absent, `null`, or any value at all. */
export function sdkInput(operation: OperationName): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}) },
    { weight: 8, arbitrary: inputObject(fieldsFor(operation)) },
    { weight: 1, arbitrary: anyValue },
  );
}

/** Tool arguments: JSON objects only (what MCP carries), valid often enough to exercise both branches. */
export function toolArguments(operation: OperationName): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 6, arbitrary: inputObject(fieldsFor(operation), anyJson) },
  );
}

/** A valid input for the response part: the first valid value of each required field. */
export const VALID_INPUT: Readonly<Record<OperationName, Record<string, unknown> | undefined>> = {
  getTokenDetails: undefined,
  ping: undefined,
  signOut: undefined,
  getHomeUsers: undefined,
  getClaimToken: undefined,
  getTransientToken: undefined,
  getServerResources: undefined,
  createOAuthPin: undefined,
  getSourceConnectionInformation: { source: SOURCES[0] },
  postUsersSignInData: { login: "casey", password: "plain-Pa55word!" },
  getOAuthPin: { pinId: 373040866 },
  linkOAuthPin: { code: "7RQZ" },
  switchHomeUser: { uuid: "19860c4bdfbf24d5" },
  getAuthNonce: undefined,
  getAuthKeys: undefined,
  registerDeviceJWK: { jwk: DEVICE_JWK },
  exchangeJWTToken: { jwt: "eyJhbGciOiJFZERTQSJ9.eyJub25jZSI6Im4ifQ.c2lnbmF0dXJl" },
};
