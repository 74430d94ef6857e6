/** A source of randomness: seeded (reproducible) or, without a seed, backed by `crypto.getRandomValues`. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string;
  /** A random (version 4 layout) UUID. */
  uuid(): string;
}

const HEX = "0123456789abcdef";

// sfc32: small, fast, and good enough to make fake tokens and fault rolls reproducible. Not for secrets.
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const step = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Warm up so that nearby seeds do not start with related outputs.
  for (let i = 0; i < 15; i++) step();
  return step;
}

function cryptoFloat(): number {
  const words = new Uint32Array(1);
  globalThis.crypto.getRandomValues(words);
  return (words[0] as number) / 4294967296;
}

/**
 * Makes a {@link Random}. With a seed, every run draws the same sequence; `stream` separates independent
 * sequences from one seed (tokens versus fault rolls), so adding a fault never changes the tokens a test sees.
 */
export function createRandom(seed: number | undefined, stream = 0): Random {
  const next = seed === undefined ? cryptoFloat : sfc32((seed ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0);
  const pick = (alphabet: string): string => alphabet[Math.floor(next() * alphabet.length)] as string;
  return {
    next,
    string(length, alphabet) {
      let text = "";
      for (let i = 0; i < length; i++) text += pick(alphabet);
      return text;
    },
    uuid() {
      const hex = Array.from({ length: 32 }, () => pick(HEX));
      hex[12] = "4";
      hex[16] = "89ab"[Math.floor(next() * 4)] as string;
      const h = hex.join("");
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
