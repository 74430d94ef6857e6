import { decodeBase64Url, decodeJsonPart, encodeBase64Url, encodeJsonPart } from "./base64url.ts";
import { signEd25519, verifyEd25519 } from "./ed25519.ts";

// Written on Web Crypto rather than with jose, which core signs and verifies with: the mock is the other
// side of the wire, and a second implementation is what catches a mistake a shared library would make on
// both sides (a wrong signing input, a header field read the wrong way). It handles only EdDSA compact JWS.

/** A compact JWS taken apart: its header and claims, and what its signature covers. */
export interface ParsedJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
  /** `<header>.<payload>` as bytes: what the signature signs. */
  readonly signingInput: Uint8Array<ArrayBuffer>;
  readonly signature: Uint8Array<ArrayBuffer>;
}

/** Longest JWT the mock reads, as core caps the ones it sends. */
export const MAX_JWT_LENGTH = 8192;

/**
 * A compact JWS (`header.payload.signature`, each base64url) whose header and payload are JSON objects, or
 * `undefined` for anything else. Nothing is verified here.
 */
export function parseCompactJws(token: string): ParsedJws | undefined {
  if (token.length > MAX_JWT_LENGTH) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonPart(headerPart);
  const claims = decodeJsonPart(payloadPart);
  const signature = decodeBase64Url(signaturePart);
  if (!header || !claims || !signature) return undefined;
  return { header, claims, signingInput: new TextEncoder().encode(`${headerPart}.${payloadPart}`), signature };
}

/** Signs header and claims as a compact JWS with an Ed25519 key (the header must say `alg: "EdDSA"`). */
export async function signCompactJws(
  header: Readonly<Record<string, unknown>>,
  claims: Readonly<Record<string, unknown>>,
  privateKey: CryptoKey,
): Promise<string> {
  const signingInput = `${encodeJsonPart(header)}.${encodeJsonPart(claims)}`;
  const signature = await signEd25519(privateKey, new TextEncoder().encode(signingInput));
  return `${signingInput}.${encodeBase64Url(signature)}`;
}

/** Whether a parsed JWS carries the key's Ed25519 signature. */
export function hasValidSignature(jws: ParsedJws, publicKey: CryptoKey): Promise<boolean> {
  return verifyEd25519(publicKey, jws.signature, jws.signingInput);
}
