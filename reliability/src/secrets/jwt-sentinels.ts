/**
 * The secrets of JWT device authentication, planted or caught: a device key whose private `d` reads as a
 * sentinel (any 32 bytes are an Ed25519 seed), a Plex JWT whose signature does, and the real client JWTs
 * and Plex JWTs a run makes, which the part learns from the wire, `onToken` and the mock as they appear.
 * A JWT is looked for whole and by its signature alone (with a known header and claims, the signature is
 * the token); the key by its `d` in base64url, base64 and hex.
 */
import type { StoredDeviceKey } from "@plex-auth/core/jwt";

/** The planted device key: `x` and the `kid` (its RFC 7638 thumbprint) are what `d` makes. */
export const PLANTED_DEVICE_KEY: StoredDeviceKey = {
  kty: "OKP",
  crv: "Ed25519",
  x: "OidmKjG4hh1ExcY94vN6ve1hyN5cMLN6hIr6x2tXeTI",
  d: "SENTINELdevicePrivateKey0d9f8e7c6b5a4f3e2dA",
  kid: "duTiO3RQ4CMjlYWVoSB2egyH49WMVisiKyIB7WKxLy4",
};

/** The client identifier the planted Plex JWT names in its `aud`. */
export const PLANTED_CLIENT_IDENTIFIER = "reliability-secrets-jwt";

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * A Plex JWT as plex.tv shapes them, issued to the planted key, living until 2100, its signature a sentinel
 * (so it verifies against no key): what a stored token or a hostile exchange hands a source.
 */
export const PLANTED_PLEX_JWT: string = [
  segment({ alg: "EdDSA", kid: "SENTINELplexSigningKey", typ: "JWT" }),
  segment({
    iss: "plex.tv",
    aud: ["plex.tv", PLANTED_CLIENT_IDENTIFIER],
    iat: 1_893_456_000,
    exp: 4_102_444_800,
    thumbprint: PLANTED_DEVICE_KEY.kid,
    user: { username: "sentinel" },
  }),
  `SENTINELplexJwtSignature${"7c3e9a1f5b".repeat(7)}2A`,
].join(".");

export type JwtSecretKind = "device key" | "client JWT" | "Plex JWT";

export const JWT_SECRET_KINDS: readonly JwtSecretKind[] = ["device key", "client JWT", "Plex JWT"];

/** The shortest signature searched for alone: an Ed25519 signature is 86 characters. */
const MIN_SIGNATURE_LENGTH = 40;

/** Every JWT secret a run has seen, and the strings that would betray each. */
export class JwtSecrets {
  readonly #needles = new Map<string, JwtSecretKind>();
  readonly #tokens: Record<JwtSecretKind, Set<string>> = {
    "device key": new Set(),
    "client JWT": new Set(),
    "Plex JWT": new Set(),
  };

  constructor() {
    this.addDeviceKey(PLANTED_DEVICE_KEY.d);
    this.addJwt("Plex JWT", PLANTED_PLEX_JWT);
  }

  addDeviceKey(d: string): void {
    const bytes = Buffer.from(d, "base64url");
    this.#tokens["device key"].add(d);
    for (const form of [d, bytes.toString("base64"), bytes.toString("hex")]) this.#needles.set(form, "device key");
  }

  /** A JWT seen (or planted); anything not shaped like one is ignored. */
  addJwt(kind: "client JWT" | "Plex JWT", jwt: string | null | undefined): void {
    const parts = jwt?.split(".");
    if (!jwt || parts?.length !== 3) return;
    this.#tokens[kind].add(jwt);
    this.#needles.set(jwt, kind);
    const signature = parts[2] as string;
    if (signature.length >= MIN_SIGNATURE_LENGTH) this.#needles.set(signature, kind);
  }

  /** The JWTs of a kind seen so far. */
  tokens(kind: JwtSecretKind): string[] {
    return [...this.#tokens[kind]];
  }

  /** Which kinds of secret `text` holds, each with the end of the string found (never the secret itself). */
  leaksIn(text: string, kinds: readonly JwtSecretKind[] = JWT_SECRET_KINDS): string[] {
    const found = new Set<string>();
    for (const [needle, kind] of this.#needles) {
      if (kinds.includes(kind) && text.includes(needle)) found.add(`${kind} (…${needle.slice(-6)})`);
    }
    return [...found];
  }
}
