// JWS parts are base64url without padding (RFC 7515 §2). `btoa`/`atob` exist in every runtime the mock
// targets; they work on "binary strings", one character per byte.

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Bytes as base64url, unpadded. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The bytes of unpadded base64url text, or `undefined` when it is not that: padding, another alphabet, an
 * impossible length, or stray bits in the last character (so each byte string has one encoding only).
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return encodeBase64Url(bytes) === text ? bytes : undefined;
}

/** A JSON value as a JWS part: UTF-8, then base64url. */
export function encodeJsonPart(value: unknown): string {
  return encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

/** The JSON object a JWS part holds, or `undefined` when it is not base64url of UTF-8 JSON of an object. */
export function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(part);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
