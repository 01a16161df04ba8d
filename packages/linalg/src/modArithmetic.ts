/**
 * Arithmetic in the prime field GF(p) on plain JavaScript numbers.
 *
 * Why a prime below 2^26: residues are integers in [0, p) with p < 2^26, so the product of two
 * residues is below 2^52 and the sum of such a product and a residue is below 2^53. Every such
 * integer is represented exactly by a float64, so `a * b + c` is computed exactly and its
 * remainder mod p is exact too. No BigInt is needed in the inner loops.
 *
 * Why a large prime: exact ranks mod p are used to decide ranks of integer (or rational) matrices
 * evaluated at random points. By the Schwartz–Zippel lemma, a nonzero polynomial of total degree
 * `deg` vanishes at a point drawn uniformly from GF(p)^n with probability at most `deg / p`. With
 * p = 67 108 859 a minor of degree 100 vanishes by accident with probability below 1.5e-6 per
 * point; using several independent points multiplies these probabilities. A rank mod p never
 * exceeds the rank over Q, so an accident can only lower a rank, never raise it.
 *
 * @see MATH.md §2 (count algorithm: exact arithmetic at random points)
 */

/**
 * The default prime modulus: 67 108 859, the largest prime below 2^26.
 *
 * Products of two residues are below 2^52 and are exact in float64; a random point is degenerate
 * for a nonzero polynomial of degree `deg` with probability at most `deg / PRIME` (Schwartz–Zippel).
 * @example
 * PRIME; // 67108859
 * @see MATH.md §2
 */
export const PRIME = 67_108_859;

/**
 * Bound (exclusive) on the moduli accepted anywhere in this package: 2^26, so that products of two
 * residues stay below 2^52 and are exact in float64.
 * @example
 * MAX_MODULUS; // 67108864
 * @see MATH.md §2
 */
export const MAX_MODULUS = 2 ** 26;

/**
 * Checks that `p` is a prime below 2^26 (trial division, at most ~1200 divisions).
 * @param name - the argument's name, used in the error message
 * @param p - the candidate modulus
 * @throws RangeError if `p` is not a prime integer in [2, 2^26)
 * @example
 * assertModulus('p', 7); // ok
 * assertModulus('p', 8); // RangeError: p = 8 is not prime
 * @see MATH.md §2
 */
export function assertModulus(name: string, p: number): void {
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 2 || p >= MAX_MODULUS) {
    throw new RangeError(`${name} must be a prime integer in [2, 2^26), got ${String(p)}`);
  }
  if (p === PRIME) return;
  if (p % 2 === 0) {
    if (p === 2) return;
    throw new RangeError(`${name} = ${p} is not prime (divisible by 2)`);
  }
  for (let d = 3; d * d <= p; d += 2) {
    if (p % d === 0) throw new RangeError(`${name} = ${p} is not prime (divisible by ${d})`);
  }
}

/**
 * Reduces an integer to its residue in [0, p).
 * @param x - a safe integer (|x| <= 2^53 - 1), possibly negative
 * @param p - the modulus, a prime below 2^26
 * @returns x mod p in [0, p)
 * @throws RangeError if `x` is not a safe integer
 * @example
 * modReduce(-1); // PRIME - 1
 * modReduce(10, 7); // 3
 * @see MATH.md §2
 */
export function modReduce(x: number, p: number = PRIME): number {
  if (!Number.isSafeInteger(x)) {
    throw new RangeError(`modReduce: x must be a safe integer, got ${String(x)}`);
  }
  const r = x % p;
  return r < 0 ? r + p : r + 0;
}

/**
 * Reduces a BigInt to its residue in [0, p).
 * @param x - any BigInt
 * @param p - the modulus, a prime below 2^26
 * @returns x mod p in [0, p), as a number
 * @throws TypeError if `x` is not a bigint
 * @example
 * modReduceBigInt(-(10n ** 30n), 7); // 6
 * @see MATH.md §2
 */
export function modReduceBigInt(x: bigint, p: number = PRIME): number {
  if (typeof x !== 'bigint') throw new TypeError(`modReduceBigInt: x must be a bigint, got ${typeof x}`);
  const P = BigInt(p);
  let r = x % P;
  if (r < 0n) r += P;
  return Number(r);
}

/**
 * Sum of two residues mod p. Hot-path primitive: the arguments are not validated.
 * @param a - a residue in [0, p)
 * @param b - a residue in [0, p)
 * @param p - the modulus, a prime below 2^26
 * @returns (a + b) mod p in [0, p)
 * @example
 * modAdd(PRIME - 1, 2); // 1
 * @see MATH.md §2
 */
export function modAdd(a: number, b: number, p: number = PRIME): number {
  const s = a + b;
  return s >= p ? s - p : s;
}

/**
 * Difference of two residues mod p. Hot-path primitive: the arguments are not validated.
 * @param a - a residue in [0, p)
 * @param b - a residue in [0, p)
 * @param p - the modulus, a prime below 2^26
 * @returns (a - b) mod p in [0, p)
 * @example
 * modSub(1, 2); // PRIME - 1
 * @see MATH.md §2
 */
export function modSub(a: number, b: number, p: number = PRIME): number {
  const s = a - b;
  return s < 0 ? s + p : s;
}

/**
 * Product of two residues mod p, exact because a·b < 2^52. Hot-path primitive: the arguments are
 * not validated.
 * @param a - a residue in [0, p)
 * @param b - a residue in [0, p)
 * @param p - the modulus, a prime below 2^26
 * @returns (a · b) mod p in [0, p)
 * @example
 * modMul(PRIME - 1, PRIME - 1); // 1
 * @see MATH.md §2
 */
export function modMul(a: number, b: number, p: number = PRIME): number {
  return (a * b) % p;
}

/**
 * Power of a residue mod p by square-and-multiply.
 * @param a - a residue in [0, p) (other safe integers are reduced first)
 * @param e - a non-negative safe integer exponent; 0^0 = 1
 * @param p - the modulus, a prime below 2^26
 * @returns a^e mod p in [0, p)
 * @throws RangeError if `e` is not a non-negative safe integer or `a` is not a safe integer
 * @example
 * modPow(3, 4, 7); // 4  (81 = 11·7 + 4)
 * modPow(2, PRIME - 1); // 1  (Fermat)
 * @see MATH.md §2
 */
export function modPow(a: number, e: number, p: number = PRIME): number {
  if (!Number.isSafeInteger(e) || e < 0) {
    throw new RangeError(`modPow: e must be a non-negative safe integer, got ${String(e)}`);
  }
  let base = modReduce(a, p);
  let result = 1 % p;
  let k = e;
  while (k > 0) {
    if (k % 2 === 1) result = (result * base) % p;
    base = (base * base) % p;
    k = Math.floor(k / 2);
  }
  return result;
}

/**
 * Multiplicative inverse of a residue mod p (extended Euclid).
 * @param a - a safe integer not divisible by p (reduced first)
 * @param p - the modulus, a prime below 2^26
 * @returns the b in [1, p) with a·b ≡ 1 (mod p)
 * @throws RangeError if `a` ≡ 0 (mod p) or is not a safe integer
 * @example
 * modInv(3, 7); // 5  (3·5 = 15 ≡ 1)
 * @see MATH.md §2
 */
export function modInv(a: number, p: number = PRIME): number {
  const r = modReduce(a, p);
  if (r === 0) throw new RangeError(`modInv: a = ${a} is 0 mod ${p} and has no inverse`);
  let oldR = r;
  let rr = p;
  let oldS = 1;
  let s = 0;
  while (rr !== 0) {
    const q = Math.floor(oldR / rr);
    [oldR, rr] = [rr, oldR - q * rr];
    [oldS, s] = [s, oldS - q * s];
  }
  // oldR = gcd = 1 since p is prime and r is not 0; oldS is the Bezout coefficient of r.
  return oldS < 0 ? oldS + p : oldS;
}
