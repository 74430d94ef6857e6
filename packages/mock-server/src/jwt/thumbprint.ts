import { encodeBase64Url } from "./base64url.ts";

/**
 * The RFC 7638 thumbprint of an Ed25519 public key: base64url SHA-256 of its required members (`crv`,
 * `kty`, `x`) in lexicographic order with no whitespace. The mock's signing keys use it as their `kid`, as
 * Plex's look like (43 characters).
 */
export async function ed25519Thumbprint(x: string): Promise<string> {
  const canonical = JSON.stringify({ crv: "Ed25519", kty: "OKP", x });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  return encodeBase64Url(new Uint8Array(digest));
}
