/**
 * A `fetch` that answers every Plex route with a valid canned body (the spec's wire examples) and keeps
 * what was sent, so the bad-input part can check that a valid call sent exactly what the caller gave and
 * an invalid one sent nothing.
 */
import { readFileSync } from "node:fs";
import type { FetchLike } from "@plex-auth/core";
import { entry } from "../stats.ts";
import type { OperationName } from "./oracle.ts";

const EXAMPLES = new URL("../../../spec/plex-api/examples/", import.meta.url);

/** The spec's wire example of an operation's success body, parsed fresh each call. */
export function exampleBody(operation: OperationName): Record<string, unknown> {
  const file = {
    getTransientToken: "get_transient_token.200.json",
    getSourceConnectionInformation: "get_source_connection_information.200.json",
    getTokenDetails: "get_token_details.200.json",
    postUsersSignInData: "post_users_sign_in_data.201.json",
  }[operation];
  return JSON.parse(readFileSync(new URL(file, EXAMPLES), "utf8")) as Record<string, unknown>;
}

const PATHS: Readonly<Record<OperationName, string>> = {
  getTransientToken: "/security/token",
  getSourceConnectionInformation: "/security/resources",
  getTokenDetails: "/user",
  postUsersSignInData: "/users/signin",
};

/** One request as the stub received it. */
export interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
}

export interface StubPlex {
  readonly fetch: FetchLike;
  readonly sent: SentRequest[];
}

/** A stub answering each route with its example body; `answer` may replace the body text. */
export function stubPlex(answer?: (operation: OperationName) => { status: number; body: string }): StubPlex {
  const sent: SentRequest[] = [];
  const bodies = new Map<OperationName, string>();
  const fetch: FetchLike = async (url, init) => {
    sent.push({
      url,
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : undefined,
    });
    const path = new URL(url).pathname;
    const operation = (Object.keys(PATHS) as OperationName[]).find((name) => path.endsWith(PATHS[name]));
    if (!operation) return new Response("not found", { status: 404 });
    if (answer) {
      const { status, body } = answer(operation);
      return new Response(body, { status, headers: { "content-type": "application/json" } });
    }
    const body = entry(bodies, operation, () => JSON.stringify(exampleBody(operation)));
    const status = operation === "postUsersSignInData" ? 201 : 200;
    return new Response(body, { status, headers: { "content-type": "application/json" } });
  };
  return { fetch, sent };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What fetch makes of a header value: leading and trailing spaces are not part of it (Fetch standard). */
export function asHeader(value: string | undefined): string | undefined {
  return value?.replace(/^[ \t]+|[ \t]+$/g, "");
}

/** A header value as Plex reads it: the bytes, decoded as UTF-8. */
export function headerText(value: string | null): string | undefined {
  return value === null ? undefined : Buffer.from(value, "latin1").toString("utf8");
}

/**
 * What is wrong with the request a valid call sent: the path, the token header and every input field
 * must arrive exactly as the caller gave them (a changed password fails the sign-in and counts toward
 * plex.tv's lock-out), and the token must never be in the URL.
 */
export function unfaithful(
  operation: OperationName,
  input: Record<string, unknown>,
  request: SentRequest,
  expected: { token: string | undefined; base: string },
): string[] {
  const problems: string[] = [];
  const url = new URL(request.url);
  if (`${url.origin}${url.pathname}` !== `${expected.base}${PATHS[operation]}`)
    problems.push(`sent to ${url.origin}${url.pathname}`);
  const token = headerText(request.headers.get("x-plex-token"));
  if (token !== asHeader(expected.token)) problems.push("X-Plex-Token differs from the token given");
  // Short tokens ("-", "a") occur in any URL by chance; a real one does not.
  const inUrl = [...url.searchParams.values(), safeDecode(url.pathname)].some((part) => part === expected.token);
  if (expected.token && (inUrl || (expected.token.length >= 8 && request.url.includes(expected.token)))) {
    problems.push("token in the URL");
  }
  const query = url.searchParams;
  const form = new URLSearchParams(request.body ?? "");
  const same = (name: string, got: string | null, want: string | null) => {
    if (got !== want) problems.push(`${name} arrived changed`);
  };
  switch (operation) {
    case "getTransientToken":
      same("type", query.get("type"), "delegation");
      same("scope", query.get("scope"), "all");
      break;
    case "getSourceConnectionInformation":
      same("source", query.get("source"), input.source as string);
      same("refresh", query.get("refresh"), input.refresh === undefined ? null : input.refresh ? "1" : "0");
      break;
    case "postUsersSignInData":
      same("login", form.get("login"), input.login as string);
      same("password", form.get("password"), input.password as string);
      same("verificationCode", form.get("verificationCode"), (input.verificationCode as string | undefined) ?? null);
      same("rememberMe", form.get("rememberMe"), input.rememberMe ? "true" : "false");
      break;
    case "getTokenDetails":
      break;
  }
  return problems;
}
