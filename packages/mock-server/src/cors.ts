import { DEVICE_HEADERS } from "./device-details.ts";

/** The methods plex.tv allows cross-origin (from a 2020 capture, FLOWS.md §1.7). */
export const CORS_ALLOWED_METHODS = "GET, POST, PUT, PATCH, HEAD, DELETE, OPTIONS";

/** The request headers a browser may send cross-origin: what core sends, every X-Plex-* header included. */
export const CORS_ALLOWED_HEADERS: string = [
  "Accept",
  "Accept-Language",
  "Content-Type",
  "X-Plex-Token",
  "X-Plex-Client-Identifier",
  ...DEVICE_HEADERS,
  "X-Plex-Language",
  "X-Plex-Features",
  "X-Plex-Provides",
  "X-Plex-Device-Screen-Resolution",
].join(", ");

/** Whether a request is a CORS preflight: plex.tv answers every OPTIONS on its API as one. */
export function isPreflight(request: Request): boolean {
  return request.method === "OPTIONS";
}

/** plex.tv's answer to a preflight: 204, any origin, its methods and the headers clients send. */
export function preflightAnswer(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": "*",
      "access-control-allow-methods": CORS_ALLOWED_METHODS,
      "access-control-allow-headers": CORS_ALLOWED_HEADERS,
      "access-control-max-age": "86400",
    },
  });
}

/** Lets a page on any origin read the answer, as plex.tv does on every `/api` route (errors included). */
export function allowAnyOrigin(response: Response): Response {
  response.headers.set("access-control-allow-origin", "*");
  return response;
}
