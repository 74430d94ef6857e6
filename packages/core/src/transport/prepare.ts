import { InvalidInputError, type ValidationIssue } from "../errors/local.ts";
import type { OperationDefinition } from "../operation.ts";
import { SERVER_URL_EXAMPLE } from "../option-schemas.ts";
import {
  type FetchLike,
  mergeRetry,
  REQUEST_OPTION_NAMES,
  type RequestOptions,
  type ResolvedConfig,
  type RetryPolicy,
  resolveRequestOptions,
} from "../options.ts";
import { check } from "../validation.ts";
import { type CallLogger, callLogger } from "./logger.ts";
import { type PreparedRequest, prepareRequest } from "./request.ts";
import type { EffectiveRetryClass } from "./retry.ts";
import { resolveToken } from "./token.ts";

/** One call, validated and built, ready for its attempts. */
export interface PreparedCall<Body, Result> {
  readonly operation: OperationDefinition<object, Body, Result>;
  readonly options: RequestOptions;
  readonly request: PreparedRequest;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy | false;
  readonly retryClass: EffectiveRetryClass;
  /** The token sent, when the operation sends one: the call's own or the client's. */
  readonly token: string | undefined;
  /** The token and the input's secret fields: removed from every message and log line. */
  readonly secrets: readonly string[];
  readonly maxResponseBytes: number;
  readonly log: CallLogger | undefined;
}

function resolveFetch(config: ResolvedConfig): FetchLike {
  const found = config.fetch ?? (globalThis.fetch as FetchLike | undefined);
  if (typeof found !== "function") {
    throw new InvalidInputError({
      where: "client options",
      issues: [
        {
          path: "fetch",
          message: "is required: this runtime has no global fetch, so pass { fetch } to createPlexAuth",
        },
      ],
    });
  }
  return found;
}

function resolveBaseUrl(config: ResolvedConfig, operation: { name: string; host: string }, options: RequestOptions) {
  if (options.serverUrl !== undefined) return options.serverUrl;
  const base = config.baseUrls[operation.host as keyof ResolvedConfig["baseUrls"]];
  if (base !== undefined) return base;
  throw new InvalidInputError({
    where: `call to ${operation.name}`,
    issues: [
      {
        path: "serverUrl",
        message: `is required: set serverUrl to your Plex Media Server, e.g. ${SERVER_URL_EXAMPLE}`,
      },
    ],
    operation: operation.name,
  });
}

// `getTokenDetails({ signal })` puts a per-call option where the input goes; say where it belongs.
function withOptionHints(issues: readonly ValidationIssue[], name: string): ValidationIssue[] {
  return issues.map((issue) =>
    REQUEST_OPTION_NAMES.includes(issue.path) && issue.message.startsWith("is not a known field")
      ? {
          path: issue.path,
          message: `is a per-call option, not input: pass it second, as in ${name}(input, { ${issue.path} }) (or ${name}(undefined, { ${issue.path} }) when there is no input)`,
        }
      : issue,
  );
}

// An operation's input when it is called without one (most of the table's calls): checked once, since
// no input always gives the same defaults. Each call gets its own copy.
const emptyInputs = new WeakMap<object, object>();

function checkInput<Input extends object>(operation: OperationDefinition<Input, unknown, unknown>, raw: unknown) {
  const known = raw === undefined && emptyInputs.get(operation);
  if (known) return { ...known } as Input;
  const parsed = check(operation.input, raw ?? {});
  if (parsed.success && raw === undefined) emptyInputs.set(operation, { ...parsed.output });
  if (parsed.success) return parsed.output;
  const name = operation.name;
  throw new InvalidInputError({
    where: `input of ${name}`,
    issues: withOptionHints(parsed.issues, name),
    operation: name,
  });
}

/**
 * Everything that happens before the first attempt: options and input validated (nothing is sent if
 * either is wrong), the token obtained, the request built, the retry policy settled.
 */
export async function prepareCall<Input extends object, Body, Result>(
  config: ResolvedConfig,
  operation: OperationDefinition<Input, Body, Result>,
  rawInput: unknown,
  rawOptions: unknown,
): Promise<PreparedCall<Body, Result>> {
  const name = operation.name;
  const options = resolveRequestOptions(rawOptions, name);
  const input = checkInput(operation, rawInput);
  const fetch = resolveFetch(config);
  const baseUrl = resolveBaseUrl(config, operation, options);
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  const token = operation.requiresToken ? await resolveToken(config, options, name, timeoutMs) : undefined;
  const fields = input as Record<string, unknown>;
  // Numbers too: a PIN's id is a bearer handle, and it is in the URL that debug events show.
  const secrets = token === undefined ? [] : [token];
  for (const field of operation.secretFields) {
    const value = fields[field];
    if (typeof value === "string" || typeof value === "number") secrets.push(String(value));
  }
  const singleUse = operation.singleUseFields.some((field) => fields[field] !== undefined);
  return {
    operation: operation as unknown as OperationDefinition<object, Body, Result>,
    options,
    request: prepareRequest(config, operation, operation.encode(input), baseUrl, token),
    token,
    fetch,
    timeoutMs,
    policy: mergeRetry(config.retry, options.retry),
    retryClass: singleUse ? "never" : operation.retry,
    secrets,
    maxResponseBytes: config.maxResponseBytes,
    log: callLogger(config, secrets),
  };
}
