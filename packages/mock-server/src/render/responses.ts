/** Whether the client asked for JSON; without `Accept: application/json` Plex answers XML. */
export function wantsJson(request: Request): boolean {
  return /\bapplication\/json\b/i.test(request.headers.get("accept") ?? "");
}

/** A plex.tv error: HTTP status, Plex code (absent on some errors) and message. */
export interface PlexTvErrorSpec {
  readonly status: number;
  readonly code: number | undefined;
  readonly message: string;
}

type PlexTvErrorName =
  | "missingClientIdentifier"
  | "unauthenticated"
  | "rateLimited"
  | "wrongCode"
  | "codeRequired"
  | "throttled"
  | "invalidToken"
  | "notFound"
  | "pinNotFound"
  | "homePinRequired"
  | "unknownAccount"
  | "forwardUrlMismatch"
  | "jwtExpired"
  | "jwtInvalid"
  | "jwtIssuerMismatch"
  | "thumbprintTaken"
  | "invalidJwk"
  | "missingJwt";

/** The plex.tv errors the mock answers with. */
export const PLEX_TV_ERRORS: Readonly<Record<PlexTvErrorName, PlexTvErrorSpec>> = {
  missingClientIdentifier: { status: 400, code: 1000, message: "X-Plex-Client-Identifier is missing" },
  unauthenticated: { status: 401, code: 1001, message: "User could not be authenticated" },
  rateLimited: { status: 429, code: 1003, message: "API rate limit exceeded" },
  wrongCode: { status: 401, code: 1028, message: "Invalid verification code" },
  codeRequired: { status: 401, code: 1029, message: "Please enter the verification code" },
  throttled: {
    status: 401,
    code: 1031,
    message:
      "User could not be authenticated. This IP appears to be having trouble signing in to an account (detected repeated failures)",
  },
  invalidToken: { status: 422, code: undefined, message: "Invalid token" },
  notFound: { status: 404, code: undefined, message: "Not Found" },
  pinNotFound: { status: 404, code: 1020, message: "Code not found or expired" },
  homePinRequired: { status: 403, code: 1041, message: "A valid PIN is required to perform this action" },
  // The mock's own auth page only: an account key it does not know (or one that cannot sign in).
  unknownAccount: { status: 400, code: undefined, message: "Unknown account" },
  // The mock's auth page only: Plex checks forwardUrl's host against the PIN's origin (FLOWS.md §1.2); what
  // it answers then is not recorded, so the mock refuses the approval in words.
  forwardUrlMismatch: {
    status: 400,
    code: undefined,
    message: "forwardUrl is not on the host of the origin this PIN was created from",
  },
  // The JWT errors of Plex's docs (FLOWS.md §2.8). Their body format is not verified: the plex.tv envelope.
  jwtExpired: { status: 498, code: undefined, message: "Your JWT has expired and needs refresh" },
  jwtInvalid: { status: 422, code: undefined, message: "Invalid device signature or JWT structure" },
  // Code 1097 is streamarr's report; its status is unknown, and the mock keeps the other refusals' 422.
  jwtIssuerMismatch: {
    status: 422,
    code: 1097,
    message: "The JWT issuer does not match the device's client identifier",
  },
  thumbprintTaken: {
    status: 422,
    code: undefined,
    message: "Thumbprint Already Taken: JWK already registered by another device",
  },
  invalidJwk: {
    status: 400,
    code: undefined,
    message: "Bad Request: jwk must be a public Ed25519 JWK (kty OKP, crv Ed25519, x, use sig, alg EdDSA, kid)",
  },
  missingJwt: { status: 400, code: undefined, message: "Bad Request: jwt is required" },
};

/** The plex.tv error body, `{"errors":[{code,message,status}]}`, or its XML form. Never echoes input. */
export function plexTvError(request: Request, error: PlexTvErrorSpec, headers: Record<string, string> = {}): Response {
  // Plex's field order: code, message, status (older errors have no code).
  const detail =
    error.code === undefined
      ? { message: error.message, status: error.status }
      : { code: error.code, message: error.message, status: error.status };
  if (wantsJson(request)) {
    return new Response(JSON.stringify({ errors: [detail] }), {
      status: error.status,
      headers: { "content-type": "application/json; charset=utf-8", ...headers },
    });
  }
  const attributes = Object.entries(detail)
    .map(([key, value]) => ` ${key}="${String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`)
    .join("");
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n<errors><error${attributes}/></errors>\n`, {
    status: error.status,
    headers: { "content-type": "application/xml; charset=utf-8", ...headers },
  });
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Payload Too Large",
  429: "Too Many Requests",
  498: "Token Expired",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The reason phrase of a status, e.g. "Unauthorized". */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? "Server Error" : "Error");
}

/** A Plex Media Server error: a small HTML page whatever the Accept header says, as real PMS sends. */
export function pmsErrorPage(status: number, headers: Record<string, string> = {}): Response {
  const reason = reasonPhrase(status);
  return new Response(`<html><head><title>${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>`, {
    status,
    headers: { "content-type": "text/html", ...headers },
  });
}
