/**
 * Exact rational numbers over BigInt, and exact null spaces of rational matrices.
 *
 * Invariant of every `Rational` produced here: `den > 0n` and `gcd(|num|, den) = 1n`; zero is
 * `{ num: 0n, den: 1n }`. So two rationals are equal iff their fields are equal, and the value of a
 * decision (a rank, a kernel) never depends on a floating tolerance.
 */

/** An exact rational `num / den`, normalised: `den > 0n`, `gcd(|num|, den) = 1n`. */
export interface Rational {
  /** Numerator (carries the sign). */
  readonly num: bigint;
  /** Denominator, always positive. */
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Builds a normalised rational from integers with `den !== 0n` (sign moved to num, gcd removed). */
function normalise(num: bigint, den: bigint): Rational {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (num === 0n) return { num: 0n, den: 1n };
  if (den === 1n) return { num, den };
  const g = gcd(num, den);
  return g === 1n ? { num, den } : { num: num / g, den: den / g };
}

function toBigInt(name: string, value: bigint | number): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`rational: ${name} must be a bigint or a safe integer, got ${String(value)}`);
  }
  return BigInt(value);
}

/**
 * Creates the normalised rational `n / d`.
 * @param n - numerator, a bigint or a safe integer
 * @param d - denominator, a non-zero bigint or safe integer
 * @returns the normalised rational (`den > 0`, lowest terms)
 * @throws TypeError if `n` or `d` is neither a bigint nor a safe integer
 * @throws RangeError if `d` is zero
 * @example
 * rational(6, -4); // { num: -3n, den: 2n }
 * rational(5n);    // { num: 5n, den: 1n }
 * @see MATH.md §2 (exact arithmetic for ranks and kernels)
 */
export function rational(n: bigint | number, d: bigint | number = 1n): Rational {
  const num = toBigInt('n', n);
  const den = toBigInt('d', d);
  if (den === 0n) throw new RangeError(`rational: denominator d must be non-zero, got ${String(d)}`);
  return normalise(num, den);
}

/**
 * Sum `a + b`, exactly.
 * @param a - first term
 * @param b - second term
 * @returns the normalised sum
 * @example
 * rationalAdd(rational(1, 2), rational(1, 3)); // { num: 5n, den: 6n }
 */
export function rationalAdd(a: Rational, b: Rational): Rational {
  if (a.den === b.den) {
    return a.den === 1n ? { num: a.num + b.num, den: 1n } : normalise(a.num + b.num, a.den);
  }
  return normalise(a.num * b.den + b.num * a.den, a.den * b.den);
}

/**
 * Difference `a - b`, exactly.
 * @param a - minuend
 * @param b - subtrahend
 * @returns the normalised difference
 * @example
 * rationalSub(rational(1, 2), rational(1, 3)); // { num: 1n, den: 6n }
 */
export function rationalSub(a: Rational, b: Rational): Rational {
  if (a.den === b.den) {
    return a.den === 1n ? { num: a.num - b.num, den: 1n } : normalise(a.num - b.num, a.den);
  }
  return normalise(a.num * b.den - b.num * a.den, a.den * b.den);
}

/**
 * Product `a * b`, exactly.
 * @param a - first factor
 * @param b - second factor
 * @returns the normalised product
 * @example
 * rationalMul(rational(2, 3), rational(9, 4)); // { num: 3n, den: 2n }
 */
export function rationalMul(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return { num: a.num * b.num, den: 1n };
  // Cross-cancel first so the intermediate products stay small.
  const g1 = gcd(a.num, b.den);
  const g2 = gcd(b.num, a.den);
  if (g1 === 0n || g2 === 0n) return { num: 0n, den: 1n };
  return normalise((a.num / g1) * (b.num / g2), (a.den / g2) * (b.den / g1));
}

/**
 * Quotient `a / b`, exactly.
 * @param a - dividend
 * @param b - divisor, non-zero
 * @returns the normalised quotient
 * @throws RangeError if `b` is zero
 * @example
 * rationalDiv(rational(1, 2), rational(3, 4)); // { num: 2n, den: 3n }
 */
export function rationalDiv(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError(`rationalDiv: divisor b is zero (a = ${rationalToString(a)})`);
  return rationalMul(a, normalise(b.den, b.num));
}

/**
 * Negation `-a`.
 * @param a - the rational
 * @returns `-a`, normalised
 * @example
 * rationalNeg(rational(3, 4)); // { num: -3n, den: 4n }
 */
export function rationalNeg(a: Rational): Rational {
  return a.num === 0n ? a : { num: -a.num, den: a.den };
}

/**
 * Whether `a` is zero.
 * @param a - a normalised rational
 * @returns `true` iff `a = 0`
 * @example
 * rationalIsZero(rational(0, 5)); // true
 */
export function rationalIsZero(a: Rational): boolean {
  return a.num === 0n;
}

/**
 * Exact equality of two normalised rationals.
 * @param a - first rational
 * @param b - second rational
 * @returns `true` iff `a = b`
 * @example
 * rationalEquals(rational(2, 4), rational(1, 2)); // true
 */
export function rationalEquals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * The float64 nearest to `a` (within one ulp), also when `num` and `den` exceed 2^53.
 * @param a - the rational
 * @returns a double approximating `a`; `±Infinity` only if `|a|` exceeds the double range
 * @example
 * rationalToNumber(rational(1, 3)); // 0.3333333333333333
 */
export function rationalToNumber(a: Rational): number {
  const { num, den } = a;
  const limit = 2n ** 53n;
  if (num < limit && num > -limit && den < limit) return Number(num) / Number(den);
  // Scale so the integer quotient carries ~64 significant bits, then undo the scale.
  const absNum = num < 0n ? -num : num;
  const shift = bitLength(absNum) - bitLength(den) - 64;
  const q = shift >= 0 ? num / (den << BigInt(shift)) : (num << BigInt(-shift)) / den;
  // Two steps so 2^shift never under/overflows on its own.
  const half = Math.trunc(shift / 2);
  return Number(q) * 2 ** half * 2 ** (shift - half);
}

/**
 * Text form: `"-3/2"`, or `"5"` for an integer.
 * @param a - the rational
 * @returns `num` if `den = 1`, else `num/den`
 * @example
 * rationalToString(rational(-6, 4)); // "-3/2"
 */
export function rationalToString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}

/** Inverse of `a` modulo the prime `p` (1 <= a < p < 2^26), by the extended Euclidean algorithm. */
function invMod(a: number, p: number): number {
  let r0 = p;
  let r1 = a;
  let s0 = 0;
  let s1 = 1;
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % p) + p) % p;
}

/**
 * The residue of `a` modulo the prime `p`: `num * den^{-1} mod p`, in `[0, p)`.
 * @param a - the rational
 * @param p - a prime with 2 <= p < 2^26 (so products of residues are exact in doubles)
 * @returns the residue in `[0, p)`
 * @throws RangeError if `p` is not an integer in [2, 2^26), or if `p` divides `den`
 * @example
 * rationalToMod(rational(1, 2), 7); // 4 (2 * 4 = 8 ≡ 1 mod 7)
 * @see MATH.md §2 (counting by exact ranks modulo a large prime)
 */
export function rationalToMod(a: Rational, p: number): number {
  if (!Number.isInteger(p) || p < 2 || p >= 2 ** 26) {
    throw new RangeError(`rationalToMod: p must be an integer prime in [2, 2^26), got ${p}`);
  }
  const P = BigInt(p);
  let n = Number(a.num % P);
  if (n < 0) n += p;
  if (a.den === 1n) return n;
  const d = Number(a.den % P);
  if (d === 0) {
    throw new RangeError(`rationalToMod: p = ${p} divides the denominator of ${rationalToString(a)}`);
  }
  // n, inv < 2^26, so the product is below 2^52 and exact.
  return (n * invMod(d, p)) % p;
}

/**
 * A basis of the right null space `{x : A x = 0}` of a rational matrix, exactly.
 *
 * Fraction-free Gauss–Jordan elimination: each row is scaled to integers, eliminated with integer
 * row operations and divided by its content (gcd of entries) after every step, which keeps the
 * entries small. The basis is the reduced-echelon one: one vector per free column f, with
 * `x_f = 1`, zero on the other free columns, and the pivot coordinates solved exactly.
 * @param rows - the matrix A as rows; every row has length `cols`
 * @param cols - the number of columns (unknowns), a non-negative integer
 * @returns `cols - rank(A)` vectors of length `cols`, linearly independent, each with `A x = 0`
 * @throws RangeError if `cols` is not a non-negative integer or a row has the wrong length
 * @throws TypeError if an entry is not a normalised `Rational`
 * @example
 * rationalNullSpace([[rational(1), rational(2)]], 2); // [[-2, 1]] (as rationals)
 * @see MATH.md §2 (algorithm for law formulas: the kernel gives all polynomial laws)
 */
export function rationalNullSpace(rows: readonly (readonly Rational[])[], cols: number): Rational[][] {
  if (!Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`rationalNullSpace: cols must be a non-negative integer, got ${cols}`);
  }
  const work: bigint[][] = [];
  rows.forEach((row, r) => {
    if (row.length !== cols) {
      throw new RangeError(`rationalNullSpace: row ${r} has length ${row.length}, expected cols = ${cols}`);
    }
    let lcm = 1n;
    for (let c = 0; c < cols; c++) {
      const e = row[c];
      if (e === undefined || typeof e.num !== 'bigint' || typeof e.den !== 'bigint' || e.den <= 0n) {
        throw new TypeError(`rationalNullSpace: rows[${r}][${c}] is not a normalised Rational`);
      }
      if (e.den !== 1n) lcm = (lcm / gcd(lcm, e.den)) * e.den;
    }
    const ints = row.map((e) => (e.num * lcm) / e.den);
    if (ints.some((v) => v !== 0n)) work.push(ints);
  });

  const pivotCols: number[] = [];
  let rank = 0;
  for (let c = 0; c < cols && rank < work.length; c++) {
    let pr = -1;
    for (let r = rank; r < work.length; r++) {
      if (work[r]![c] !== 0n) {
        pr = r;
        break;
      }
    }
    if (pr < 0) continue;
    const pivotRow = work[pr]!;
    work[pr] = work[rank]!;
    work[rank] = pivotRow;
    const a = pivotRow[c]!;
    for (let r = 0; r < work.length; r++) {
      if (r === rank) continue;
      const row = work[r]!;
      const b = row[c]!;
      if (b === 0n) continue;
      // row <- a*row - b*pivotRow zeroes column c; then divide by the content.
      let g = 0n;
      for (let k = 0; k < cols; k++) {
        const v = a * row[k]! - b * pivotRow[k]!;
        row[k] = v;
        if (v !== 0n && g !== 1n) g = gcd(g, v);
      }
      if (g > 1n) for (let k = 0; k < cols; k++) row[k] = row[k]! / g;
    }
    pivotCols.push(c);
    rank++;
  }

  const isPivot = new Array<boolean>(cols).fill(false);
  for (const c of pivotCols) isPivot[c] = true;
  const basis: Rational[][] = [];
  for (let f = 0; f < cols; f++) {
    if (isPivot[f]) continue;
    const x: Rational[] = new Array(cols);
    for (let k = 0; k < cols; k++) x[k] = { num: 0n, den: 1n };
    x[f] = { num: 1n, den: 1n };
    for (let i = 0; i < rank; i++) {
      const row = work[i]!;
      const pc = pivotCols[i]!;
      // Row i reads a_i x_pc + sum over free columns row[k] x_k = 0.
      x[pc] = normalise(-row[f]!, row[pc]!);
    }
    basis.push(x);
  }
  return basis;
}
