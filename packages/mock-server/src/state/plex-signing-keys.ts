import { ED25519_KEY_BYTES, keyPairFromSeed } from "../jwt/ed25519.ts";
import type { MockPublicJwk } from "../jwt/public-jwk.ts";
import { ed25519Thumbprint } from "../jwt/thumbprint.ts";
import type { Random } from "../random.ts";

/** How many of Plex's signing keys are listed (and verify) at once: the current one and the one before. */
export const LIVE_SIGNING_KEYS = 2;

/** One of the mock's signing keys. */
export interface SigningKey {
  readonly jwk: MockPublicJwk;
  readonly privateKey: CryptoKey;
  /** Which rotation made it: 0 for the first key, then 1, 2, … */
  readonly generation: number;
}

async function makeSigningKey(random: Random, generation: number): Promise<SigningKey> {
  // Drawn from the mock's random, so a seeded mock has the same keys (and signs the same JWTs) every run.
  const seed = Uint8Array.from({ length: ED25519_KEY_BYTES }, () => Math.floor(random.next() * 256));
  const { privateKey, x } = await keyPairFromSeed(seed);
  const kid = await ed25519Thumbprint(x);
  return { jwk: { kty: "OKP", crv: "Ed25519", x, use: "sig", alg: "EdDSA", kid }, privateKey, generation };
}

/**
 * Plex's JWT signing keys (`GET /api/v2/auth/keys`). Web Crypto makes keys asynchronously and the mock is
 * created synchronously, so the first key is made on first use, behind a promise; each rotation chains onto
 * it, so a request that comes after `rotateKeys()` sees the new key even if nobody awaited it. Which keys
 * are live is counted synchronously (by generation), so a token check never waits for Web Crypto.
 */
export class PlexSigningKeys {
  #ring: Promise<readonly SigningKey[]> | undefined;
  // The generation of the newest key, counted when `rotate` is called (before the key exists).
  #generation = 0;
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  #keys(): Promise<readonly SigningKey[]> {
    this.#ring ??= makeSigningKey(this.#random, 0).then((key) => [key]);
    return this.#ring;
  }

  /** The key new JWTs are signed with. */
  async current(): Promise<SigningKey> {
    const keys = await this.#keys();
    return keys[keys.length - 1] as SigningKey;
  }

  /** The public keys `/auth/keys` lists: the live ones, oldest first (the signing key last). */
  async publicJwks(): Promise<MockPublicJwk[]> {
    return (await this.#keys()).map((key) => ({ ...key.jwk }));
  }

  /** Starts signing with a new key; the previous one stays listed, the one before it is dropped. */
  rotate(): Promise<void> {
    const generation = ++this.#generation;
    this.#ring = this.#keys().then(async (keys) =>
      [...keys, await makeSigningKey(this.#random, generation)].slice(-LIVE_SIGNING_KEYS),
    );
    return this.#ring.then(() => undefined);
  }

  /** Whether the key of this generation is still listed, so a token it signed still verifies. */
  isLive(generation: number): boolean {
    return generation <= this.#generation && generation > this.#generation - LIVE_SIGNING_KEYS;
  }
}
