import * as v from "valibot";
import { configOf, type PlexAuthCore } from "../client-core.ts";
import { ApiError, UnauthorizedError } from "../errors/api.ts";
import { PlexAuthError } from "../errors/base.ts";
import { ConnectionError, ResponseValidationError, TimeoutError } from "../errors/local.ts";
import type { OperationDefinition } from "../operation.ts";
import { executeOperation } from "../transport/execute.ts";

interface ProbeBody {
  MediaContainer?: { machineIdentifier?: string | undefined } | undefined;
}

// The server's root needs a token (its `/identity` does not, so answering it proves nothing about
// access), and names the server: a connection that reaches another machine at the same address fails.
const probeOperation: OperationDefinition<Record<string, never>, ProbeBody, ProbeBody> = {
  name: "findServerConnection",
  title: "Probe a server connection",
  description: "Checks that a connection reaches the server and that the server accepts its token.",
  host: "pms",
  method: "GET",
  path: "/",
  input: v.strictObject({}) as v.GenericSchema<unknown, Record<string, never>>,
  response: v.looseObject({
    MediaContainer: v.optional(v.looseObject({ machineIdentifier: v.optional(v.string()) })),
  }) as v.GenericSchema<unknown, ProbeBody>,
  successStatus: 200,
  requiresToken: true,
  retry: "idempotent",
  secretFields: [],
  singleUseFields: [],
  tool: undefined,
  encode: () => ({}),
  toResult: (body) => body,
};

/** Another machine answered at the candidate's address. */
class WrongServer extends Error {}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

/** What a failed probe did, in words for the error's `attempts`. Never a token: messages are not used. */
export function probeOutcome(error: unknown): string {
  if (error instanceof WrongServer) return "another server answered (its machine identifier differs or is missing)";
  if (error instanceof TimeoutError) return "timed out";
  if (error instanceof ConnectionError) {
    const code = error.networkCode ?? "";
    if (code === "ECONNREFUSED" || code === "ConnectionRefused") return "refused";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return "address not found (DNS)";
    if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset";
    if (TLS_CODE.test(code) || /certificate|tls|ssl/i.test(error.message)) return "TLS failed";
    return code ? `connection failed (${code})` : "connection failed";
  }
  if (error instanceof UnauthorizedError) return `token refused (${error.status})`;
  if (error instanceof ResponseValidationError) return "not a Plex Media Server answer";
  if (error instanceof ApiError) return `HTTP ${error.status}`;
  return error instanceof PlexAuthError ? error.code : "failed";
}

/** Probes one candidate with the resource's token; resolves when it reached the right server. */
export async function probe(
  core: PlexAuthCore,
  uri: string,
  token: string,
  machineIdentifier: string,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<void> {
  const body = await executeOperation(
    configOf(core),
    probeOperation,
    {},
    { serverUrl: uri, token, signal, timeoutMs, retry: false },
  );
  // A root that names no machine is not taken on trust: anything at that address answering 200 would
  // otherwise be picked, and get every call made with the server's token.
  if (body.MediaContainer?.machineIdentifier !== machineIdentifier) throw new WrongServer();
}
