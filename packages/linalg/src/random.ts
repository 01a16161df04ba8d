/**
 * Seeded pseudo-random numbers that are identical on every platform.
 *
 * Generator: xoshiro128** (Blackman & Vigna) on four 32-bit words, seeded by splitmix32 from a
 * 32-bit integer seed. All arithmetic is 32-bit integer (`Math.imul`, `>>> 0`), so the stream does
 * not depend on the JavaScript engine. Uniform doubles use 53 random bits from two outputs;
 * normals use the Box–Muller transform (both values of each pair are used).
 */
export interface Rng {
  /** The seed this generator was created with. */
  readonly seed: number;
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal double. */
  normal(): number;
  /** Raw 32-bit unsigned integer output. */
  nextUint32(): number;
  /** Uniform integer in [lo, hi] (inclusive), without modulo bias. */
  integer(lo: number, hi: number): number;
  /** `n` uniform doubles in [0, 1). */
  uniforms(n: number): Float64Array;
  /** `n` standard normal doubles, optionally scaled by `scale`. */
  normals(n: number, scale?: number): Float64Array;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a seeded generator (xoshiro128** seeded by splitmix32).
 * @param seed - an integer in [0, 2^32); other numbers are rejected
 * @returns a generator whose streams depend only on `seed`
 * @throws RangeError if `seed` is not an integer in [0, 2^32)
 * @example
 * const rng = createRng(42);
 * rng.uniform(); // same value on every platform
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`createRng: seed must be an integer in [0, 2^32), got ${seed}`);
  }
  const sm = splitmix32(seed);
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  if ((a | b | c | d) === 0) a = 1;
  let spare: number | null = null;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d >>> 0, 11);
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    return result;
  };

  const uniform = (): number => {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };

  const normal = (): number => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = uniform();
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };

  const integer = (lo: number, hi: number): number => {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo || hi - lo >= 2 ** 32) {
      throw new RangeError(`Rng.integer: need integers lo <= hi with hi - lo < 2^32, got lo=${lo}, hi=${hi}`);
    }
    const span = hi - lo + 1;
    const limit = Math.floor(2 ** 32 / span) * span;
    let x = nextUint32();
    while (x >= limit) x = nextUint32();
    return lo + (x % span);
  };

  return {
    seed,
    uniform,
    normal,
    nextUint32,
    integer,
    uniforms(n: number): Float64Array {
      checkCount(n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = uniform();
      return out;
    },
    normals(n: number, scale = 1): Float64Array {
      checkCount(n);
      if (!Number.isFinite(scale)) throw new RangeError(`Rng.normals: scale must be finite, got ${scale}`);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = scale * normal();
      return out;
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`Rng: count must be a non-negative integer, got ${n}`);
}
