import { BudgetError } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { parsePolynomial, parsePolynomialWithVariables } from './index.js';

const catchError = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
};

describe('parsePolynomial limits (never a stack overflow, never the whole input echoed)', () => {
  it('refuses 60000 nested brackets with a BudgetError naming maxDepth, the column, and a short message', () => {
    const text = `${'('.repeat(60000)}x${')'.repeat(60000)}`;
    const e = catchError(() => parsePolynomial(text));
    expect(e).toBeInstanceOf(BudgetError);
    expect(e).toMatchObject({ option: 'maxDepth', value: 1001, limit: 1000 });
    expect(e.message).toMatch(
      /nested this deep \(at column 1001\) needs 1001 nesting levels .* above the budget of 1000 nesting levels \(maxDepth\)/,
    );
    expect(e.message.length).toBeLessThan(300);
  });

  it('parses nesting up to maxDepth, and a run of 100000 signs without recursion (parity decides)', () => {
    expect(parsePolynomial(`${'('.repeat(1000)}x${')'.repeat(1000)}`).toString()).toBe('x1');
    expect(parsePolynomial(`${'-'.repeat(100000)}x`).toString()).toBe('x1');
    expect(parsePolynomial(`${'-'.repeat(99999)}x`).toString()).toBe('-x1');
    expect(parsePolynomial('((x))', { maxDepth: 2 }).toString()).toBe('x1');
    expect(() => parsePolynomial('((x))', { maxDepth: 1 })).toThrow(BudgetError);
  });

  it('quotes a long input as an excerpt around the error, not all of it', () => {
    const text = `${'x+'.repeat(60000)})`;
    const e = catchError(() => parsePolynomial(text));
    expect(e).toBeInstanceOf(SyntaxError);
    expect(e.message).toMatch(
      /^parsePolynomial: unexpected '\)' at column 120001 in …"(x\+){15}\)" \(120001 characters\)$/,
    );
  });

  it('refuses a power that would expand beyond maxTerms before expanding it (C(150, 100) monomials)', () => {
    const sum = Array.from({ length: 100 }, (_, i) => `x${i + 1}`).join('+');
    const e = catchError(() => parsePolynomial(`(${sum})^50`));
    expect(e).toBeInstanceOf(BudgetError);
    expect(e).toMatchObject({ option: 'maxTerms', limit: 1_000_000 });
    expect((e as BudgetError).value as number).toBeGreaterThan(1e40);
    expect(parsePolynomial('(x+y)^3').size).toBe(4);
    expect(() => parsePolynomial('(x+y)*(x-y)*(x+2*y)', { maxTerms: 3 })).toThrow(
      /above the budget of 3 terms \(maxTerms\)/,
    );
  });

  it('parses the monomial x1*x2*…*x3000 (one term, linear work)', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `x${i + 1}`).join('*');
    const { polynomial, variables } = parsePolynomialWithVariables(text);
    expect(variables).toHaveLength(3000);
    expect(polynomial.size).toBe(1);
    expect(polynomial.degree).toBe(3000);
  });

  it('validates the limits, naming the option', () => {
    expect(() => parsePolynomial('x', { maxDepth: 0 })).toThrow(
      /options.maxDepth must be a positive integer, got 0/,
    );
    expect(() => parsePolynomial('x', { maxTerms: 1.5 })).toThrow(
      /options.maxTerms must be a positive integer/,
    );
  });
});
