/**
 * The documented shape of each operation's result (README, table of operations), to check what a 2xx body
 * parsed into. A record over core's operation names: an operation added to core does not type-check here
 * until its shape is written down.
 */
import type { OperationName } from "./operations.ts";

type Shape = (value: unknown) => string | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const nonEmptyString = (value: unknown) => typeof value === "string" && value.length > 0;

/** A parsed object must be a plain object: a `__proto__` key in the body must not have replaced its prototype. */
function plainObject(value: unknown): string | undefined {
  if (!isRecord(value)) return "not an object";
  return Object.getPrototypeOf(value) === Object.prototype ? undefined : "the result's prototype was replaced";
}

/** An object with these fields of these types (`"string"`, `"number"`, `"non-empty"`). */
function objectWith(fields: Record<string, "string" | "number" | "non-empty">): Shape {
  return (value) => {
    const problem = plainObject(value);
    if (problem) return problem;
    const record = value as Record<string, unknown>;
    for (const [name, kind] of Object.entries(fields)) {
      const field = record[name];
      const ok = kind === "non-empty" ? nonEmptyString(field) : typeof field === kind;
      if (!ok) return `${name} is not a ${kind === "non-empty" ? "non-empty string" : kind}`;
    }
    return undefined;
  };
}

const account = objectWith({ id: "number", authToken: "string", username: "string" });
const pin = objectWith({ id: "number", code: "non-empty" });
const nothing: Shape = (value) => (value === undefined ? undefined : "a result where none is due");

function everyItem(list: unknown, shape: Shape): string | undefined {
  if (!Array.isArray(list)) return "not an array";
  for (const item of list) {
    const problem = shape(item);
    if (problem) return problem;
  }
  return undefined;
}

const connection = objectWith({ uri: "string" });
const resource: Shape = (value) =>
  objectWith({ name: "string", clientIdentifier: "string", provides: "string" })(value) ??
  everyItem((value as Record<string, unknown>).connections, connection);

const SHAPES: Readonly<Record<OperationName, Shape>> = {
  getTransientToken: (value) => (nonEmptyString(value) ? undefined : "not a token"),
  getSourceConnectionInformation: (value) =>
    plainObject(value) ?? everyItem((value as Record<string, unknown>).Connection, plainObject),
  getTokenDetails: account,
  postUsersSignInData: account,
  createOAuthPin: pin,
  getOAuthPin: pin,
  linkOAuthPin: nothing,
  signOut: nothing,
  ping: (value) => (typeof value === "boolean" ? undefined : "not a boolean"),
  getServerResources: (value) => everyItem(value, resource),
  getHomeUsers: (value) =>
    plainObject(value) ??
    everyItem((value as Record<string, unknown>).users, objectWith({ id: "number", uuid: "string", title: "string" })),
  switchHomeUser: objectWith({ id: "number", uuid: "string", title: "string", authToken: "non-empty" }),
  getAuthNonce: (value) => (nonEmptyString(value) ? undefined : "not a nonce"),
  exchangeJWTToken: (value) =>
    typeof value === "string" && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value) ? undefined : "not a JWT",
  getAuthKeys: (value) =>
    plainObject(value) ?? everyItem((value as Record<string, unknown>).keys, objectWith({ kty: "string" })),
  registerDeviceJWK: nothing,
  getClaimToken: (value) => (typeof value === "string" && value.startsWith("claim-") ? undefined : "not a claim token"),
};

/** What is wrong with a parsed result of `operation`, or `undefined` when it has the documented shape. */
export function shapeProblem(operation: OperationName, value: unknown): string | undefined {
  const shape = SHAPES[operation];
  if (!shape) throw new Error(`no result shape for ${operation}: add one to SHAPES`);
  return shape(value);
}
