import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertModulus,
  modAdd,
  modInv,
  modMul,
  modPow,
  modReduce,
  modReduceBigInt,
  modSub,
  PRIME,
} from './modArithmetic.js';

const P = BigInt(PRIME);
const residue = fc.integer({ min: 0, max: PRIME - 1 });
const big = (x: number) => BigInt(x);

describe('PRIME', () => {
  it('is the largest prime below 2^26 (checked by trial division here, sympy.prevprime(2**26) = 67108859)', () => {
    expect(PRIME).toBe(67_108_859);
    expect(PRIME < 2 ** 26).toBe(true);
    expect(() => assertModulus('p', PRIME)).not.toThrow();
    for (let q = PRIME + 1; q < 2 ** 26; q++) expect(() => assertModulus('p', q)).toThrow(RangeError);
  });

  it('the product of two largest residues plus a residue is exact in float64', () => {
    const a = PRIME - 1;
    expect(Number.isSafeInteger(a * a + a)).toBe(true);
    expect(BigInt(a * a + a)).toBe(big(a) * big(a) + big(a));
  });
});

describe('modular arithmetic agrees with BigInt arithmetic', () => {
  it('modAdd, modSub and modMul equal (a op b) mod p computed in BigInt', () => {
    fc.assert(
      fc.property(residue, residue, (a, b) => {
        expect(big(modAdd(a, b))).toBe((big(a) + big(b)) % P);
        expect(big(modSub(a, b))).toBe((((big(a) - big(b)) % P) + P) % P);
        expect(big(modMul(a, b))).toBe((big(a) * big(b)) % P);
      }),
      { numRuns: 200 },
    );
  });

  it('modInv(a)·a ≡ 1 for every nonzero residue', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: PRIME - 1 }), (a) => {
        const b = modInv(a);
        expect(b >= 1 && b < PRIME).toBe(true);
        expect((big(a) * big(b)) % P).toBe(1n);
      }),
      { numRuns: 200 },
    );
  });

  it('modPow satisfies Fermat a^(p-1) ≡ 1 and equals BigInt square-and-multiply', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: PRIME - 1 }), fc.integer({ min: 0, max: 1e9 }), (a, e) => {
        expect(modPow(a, PRIME - 1)).toBe(1);
        let r = 1n;
        let b = big(a);
        let k = BigInt(e);
        while (k > 0n) {
          if (k & 1n) r = (r * b) % P;
          b = (b * b) % P;
          k >>= 1n;
        }
        expect(big(modPow(a, e))).toBe(r);
      }),
      { numRuns: 50 },
    );
    expect(modPow(3, 4, 7)).toBe(4);
    expect(modPow(0, 0)).toBe(1);
  });

  it('modReduce and modReduceBigInt map any integer into [0, p) consistently with BigInt %', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (x) => {
        const expected = ((big(x) % P) + P) % P;
        expect(big(modReduce(x))).toBe(expected);
        expect(big(modReduceBigInt(big(x)))).toBe(expected);
      }),
      { numRuns: 200 },
    );
    expect(modReduce(-1)).toBe(PRIME - 1);
    expect(Object.is(modReduce(-PRIME), 0)).toBe(true);
    expect(modReduceBigInt(-(10n ** 30n), 7)).toBe(Number(((-(10n ** 30n) % 7n) + 7n) % 7n));
  });

  it('works with other primes, e.g. p = 7 (inverse table 1,4,5,2,3,6 of 1..6)', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => modInv(a, 7))).toEqual([1, 4, 5, 2, 3, 6]);
    expect(modMul(6, 6, 7)).toBe(1);
  });
});

describe('modular arithmetic input checks', () => {
  it('errors name the argument and the value', () => {
    expect(() => modInv(0)).toThrow(/modInv: a = 0 is 0 mod 67108859/);
    expect(() => modInv(PRIME)).toThrow(RangeError);
    expect(() => modPow(2, -1)).toThrow(/modPow: e must be a non-negative safe integer, got -1/);
    expect(() => modReduce(0.5)).toThrow(/modReduce: x must be a safe integer, got 0.5/);
    expect(() => modReduce(Number.NaN)).toThrow(RangeError);
    expect(() => assertModulus('options.prime', 2 ** 26 + 1)).toThrow(/options.prime must be a prime/);
    expect(() => assertModulus('options.prime', 91)).toThrow(
      /options.prime = 91 is not prime \(divisible by 7\)/,
    );
    expect(() => modReduceBigInt(3 as unknown as bigint)).toThrow(TypeError);
  });
});
