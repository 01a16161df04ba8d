import type { Rational } from '@idyn/linalg';
import { assertModulus, rational } from '@idyn/linalg';

/** Converts a coefficient given as Rational, bigint or safe integer; throws naming `name`. */
export function toRational(fn: string, name: string, c: unknown): Rational {
  if (typeof c === 'bigint') return rational(c);
  if (typeof c === 'number') {
    if (!Number.isSafeInteger(c)) {
      throw new TypeError(`${fn}: ${name} = ${c} is not a safe integer (use rational(n, d) for fractions)`);
    }
    return rational(c);
  }
  if (
    c !== null &&
    typeof c === 'object' &&
    typeof (c as Rational).num === 'bigint' &&
    typeof (c as Rational).den === 'bigint' &&
    (c as Rational).den > 0n
  ) {
    const r = c as Rational;
    // Re-normalise: cheap, and protects the storage invariant against hand-built objects.
    return rational(r.num, r.den);
  }
  throw new TypeError(`${fn}: ${name} must be a Rational, a bigint or a safe integer, got ${String(c)}`);
}

/** Throws a RangeError unless `p` is a prime below 2^26. */
export function assertPrime(fn: string, p: number): void {
  assertModulus(`${fn}: p`, p);
}
