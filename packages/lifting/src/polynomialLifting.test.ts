import { createRng } from '@idyn/linalg';
import { parsePolynomial } from '@idyn/poly';
import { describe, expect, it } from 'vitest';
import { denseJacobian, denseMetricProduct, fdJacobian, mulJ } from '../test/checks.js';
import { matrixProductLifting } from './matrixProductLifting.js';
import { polynomialLifting } from './polynomialLifting.js';

describe('polynomialLifting', () => {
  it('evaluates user polynomials given as text (hand-computed)', () => {
    const lift = polynomialLifting(['a*b', 'a*c', 'b^2 - 3*c'], ['a', 'b', 'c']);
    expect(lift.D).toBe(3);
    expect(lift.d).toBe(3);
    expect(lift.phi([2, 3, 5])).toBeAllClose([6, 10, 9 - 15]);
  });

  it('reproduces matrixProductLifting from its own polynomials (phi, Jacobian, M G)', () => {
    const ref = matrixProductLifting([2, 3, 2]);
    const lift = polynomialLifting(ref.polynomials(), ref.paramNames, { laws: ref.knownLaws() });
    const rng = createRng(21);
    const theta = rng.normals(ref.D);
    const G = rng.normals(ref.d);
    expect(lift.phi(theta)).toBeAllClose(ref.phi(theta));
    expect(denseJacobian(lift, theta)).toBeAllClose(denseJacobian(ref, theta));
    expect(lift.metricProduct(theta, G)).toBeAllClose(ref.metricProduct(theta, G));
    expect(lift.lawValues(theta)).toBeAllClose(ref.lawValues(theta));
  });

  it('its Jacobian equals central finite differences and M G the dense J J^T G (a cubic tensor factorization)', () => {
    const names = ['a0', 'a1', 'b0', 'b1', 'c0', 'c1'];
    const polys: string[] = [];
    for (const i of [0, 1]) for (const j of [0, 1]) for (const k of [0, 1]) polys.push(`a${i}*b${j}*c${k}`);
    const lift = polynomialLifting(polys, names, { laws: ['a0^2 + a1^2 - b0^2 - b1^2'] });
    const rng = createRng(22);
    const theta = rng.normals(6);
    const J = denseJacobian(lift, theta);
    expect(J).toBeAllClose(fdJacobian(lift, theta), { rtol: 1e-7, atol: 1e-8 });
    const G = rng.normals(lift.d);
    expect(lift.metricProduct(theta, G)).toBeAllClose(denseMetricProduct(J, lift.d, lift.D, G));
    expect(lift.jvp(theta, theta)).toBeAllClose(mulJ(J, lift.d, lift.D, theta));
    // the rank-one law is conserved: its gradient is orthogonal to every row of J (MATH.md §2)
    const h = parsePolynomial('a0^2 + a1^2 - b0^2 - b1^2', { variables: names });
    const grad = Float64Array.from({ length: 6 }, (_, k) => h.derivative(k).evaluate(theta));
    expect(mulJ(J, lift.d, lift.D, grad)).toBeAllClose(new Float64Array(lift.d), { atol: 1e-12 });
  });

  it('rejects repeated names, empty polys and mismatched variable counts', () => {
    expect(() => polynomialLifting(['a'], ['a', 'a'])).toThrow(/names has repeated entries/);
    expect(() => polynomialLifting([], ['a'])).toThrow(/polys must not be empty/);
    const p = parsePolynomial('x*y', { variables: ['x', 'y'] });
    expect(() => polynomialLifting([p], ['x', 'y', 'z'])).toThrow(
      /polys\[0\] has 2 variables, expected names.length = 3/,
    );
    expect(() => polynomialLifting([42 as unknown as string], ['x'])).toThrow(TypeError);
    expect(() => polynomialLifting(['x'], ['x'], { zLabels: ['a', 'b'] })).toThrow(
      /zLabels must have length d = 1/,
    );
  });
});
