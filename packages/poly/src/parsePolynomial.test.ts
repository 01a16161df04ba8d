import { rational } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbPolynomial } from '../test/arbitraries.js';
import { formatPolynomial, Polynomial, parsePolynomial, parsePolynomialWithVariables } from './index.js';

const V = ['u', 'v', 'w'];
const [u, v, w] = V.map((_, i) => Polynomial.variable(3, i)) as [Polynomial, Polynomial, Polynomial];

describe('parsePolynomial', () => {
  it('parses products, differences, powers and rational coefficients (hand-expanded values)', () => {
    expect(parsePolynomial('u*v - w^2', { variables: V }).equals(u.mul(v).sub(w.mul(w)))).toBe(true);
    expect(parsePolynomial('3/2*u^2', { variables: V }).equals(u.mul(u).scale(rational(3, 2)))).toBe(true);
    expect(parsePolynomial('-(u + v)**2', { variables: V }).equals(u.add(v).pow(2).neg())).toBe(true);
    expect(
      parsePolynomial('0.25*w - u/4 + 2*(v - v)', { variables: V }).equals(w.sub(u).scale(rational(1, 4))),
    ).toBe(true);
    expect(parsePolynomial('u*v*w', { variables: V }).degree).toBe(3);
    expect(parsePolynomial('7', { variables: V }).equals(Polynomial.constant(3, 7))).toBe(true);
  });

  it('infers variables in natural order when none are given', () => {
    const r = parsePolynomialWithVariables('y*x10 + x2 - x1*x2*x3');
    expect(r.variables).toEqual(['x1', 'x2', 'x3', 'x10', 'y']);
    expect(r.polynomial.nvars).toBe(5);
    expect(formatPolynomial(r.polynomial, r.variables, { style: 'ascii' })).toBe('-x1*x2*x3 + x10*y + x2');
  });

  it('matches given names literally, longest first (network parameter names)', () => {
    const names = ['w(x0->h)', 'w(h->y0)', 'b(h)'];
    const p = parsePolynomial('w(x0->h)^2 + b(h)^2 - w(h->y0)^2', { variables: names });
    expect(formatPolynomial(p, names, { style: 'ascii' })).toBe('w(x0->h)^2 - w(h->y0)^2 + b(h)^2');
  });

  it('reads the unicode output: subscripts, superscripts, · and −', () => {
    const p = parsePolynomial('w₁₂² − 3/2·v₃', { variables: ['w12', 'v3'] });
    const q = parsePolynomialWithVariables('w₁₂² − 3/2·v₃');
    expect(q.variables).toEqual(['v3', 'w12']);
    expect(formatPolynomial(p, ['w12', 'v3'], { style: 'ascii' })).toBe('w12^2 - 3/2*v3');
  });

  it('reports errors with the column and the text', () => {
    expect(() => parsePolynomial('u*(v+)', { variables: V })).toThrow(
      `parsePolynomial: unexpected ')' at column 6 in "u*(v+)"`,
    );
    expect(() => parsePolynomial('u*v)', { variables: V })).toThrow(/unexpected '\)' at column 4/);
    expect(() => parsePolynomial('(u + v', { variables: V })).toThrow(
      /expected '\)' but found end of input at column 7/,
    );
    expect(() => parsePolynomial('u + q', { variables: V })).toThrow(/unknown variable 'q' .* at column 5/);
    expect(() => parsePolynomial('u^v', { variables: V })).toThrow(
      /non-negative integer exponent, got 'v' at column 3/,
    );
    expect(() => parsePolynomial('u/v', { variables: V })).toThrow(
      /division by a non-constant expression at column 3/,
    );
    expect(() => parsePolynomial('u/(v-v)', { variables: V })).toThrow(/division by zero at column 3/);
    expect(() => parsePolynomial('  ')).toThrow(/empty expression at column 1/);
    expect(() => parsePolynomial('u $ v', { variables: V })).toThrow(SyntaxError);
    expect(() => parsePolynomial('u', { variables: ['u', 'u'] })).toThrow(/repeats 'u'/);
    expect(() => parsePolynomial(3 as never)).toThrow(TypeError);
  });
});

describe('formatPolynomial', () => {
  const p = parsePolynomial('w12^2 - v3^2 + 3/2*w12*v3 - 1', { variables: ['w12', 'v3'] });

  it('writes the three styles with the caller names and a stable term order', () => {
    expect(formatPolynomial(p, ['w12', 'v3'])).toBe('w₁₂² + 3/2·w₁₂·v₃ − v₃² − 1');
    expect(formatPolynomial(p, ['w12', 'v3'], { style: 'ascii' })).toBe('w12^2 + 3/2*w12*v3 - v3^2 - 1');
    expect(formatPolynomial(p, ['w12', 'v3'], { style: 'latex' })).toBe(
      'w_{12}^{2} + \\frac{3}{2} w_{12} v_{3} - v_{3}^{2} - 1',
    );
    expect(formatPolynomial(p)).toBe('x₁² + 3/2·x₁·x₂ − x₂² − 1');
    expect(formatPolynomial(Polynomial.zero(2))).toBe('0');
    expect(formatPolynomial(u.neg(), V, { style: 'ascii' })).toBe('-u');
  });

  it('latex escapes names that are not identifiers and splits index groups', () => {
    const q = parsePolynomial('a_b + w0_1_2', { variables: ['a_b', 'w0_1_2'] });
    expect(formatPolynomial(q, ['a_b', 'w0_1_2'], { style: 'latex' })).toBe('\\mathrm{a\\_b} + w_{0,1,2}');
  });

  it('validates names and style', () => {
    expect(() => formatPolynomial(p, ['a'])).toThrow(/names has length 1, expected nvars = 2/);
    expect(() => formatPolynomial(p, undefined, { style: 'html' as never })).toThrow(/options.style must be/);
  });

  it('parse ∘ format is the identity (ascii and unicode styles, random polynomials)', () => {
    const names = ['x1', 'x2', 'w12'];
    fc.assert(
      fc.property(arbPolynomial(3, 5, 3), (q) => {
        for (const style of ['ascii', 'unicode'] as const) {
          const text = formatPolynomial(q, names, { style });
          expect(parsePolynomial(text, { variables: names }).equals(q)).toBe(true);
        }
        expect(parsePolynomial(q.toString(), { variables: ['x1', 'x2', 'x3'] }).equals(q)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
