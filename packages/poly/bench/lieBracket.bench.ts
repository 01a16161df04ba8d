import { createRng, PRIME } from '@idyn/linalg';
import { bench, describe } from 'vitest';
import { compileFieldMod, jacobianField, lieBracket, Polynomial, type VectorField } from '../src/index.js';
import { pairs, pathGradientFields } from './pathFields.js';

/** Baseline: [X, Y] = DX·Y − DY·X from the full Jacobians with generic mul/add (O(D²) products). */
function bracketViaJacobians(X: VectorField, Y: VectorField): VectorField {
  const JX = jacobianField(X);
  const JY = jacobianField(Y);
  const D = X.length;
  return Array.from({ length: D }, (_, i) => {
    let s = Polynomial.zero(D);
    for (let j = 0; j < D; j++) s = s.add(JX[i]![j]!.mul(Y[j]!)).sub(JY[i]![j]!.mul(X[j]!));
    return s;
  });
}

for (const dims of [
  [2, 3, 2],
  [4, 6, 6, 3],
]) {
  const fields = pathGradientFields(dims);
  // A fixed subset of pairs (every 500th of [4,6,6,3]) so each iteration stays short.
  const list = pairs(fields.length, dims.length > 3 ? 500 : 1);
  describe(`brackets of path-lifting gradient pairs, [${dims}] (${list.length} pairs)`, () => {
    bench('lieBracket (sparse supports)', () => {
      for (const [i, j] of list) lieBracket(fields[i]!, fields[j]!);
    });
    bench(
      'baseline: DX·Y − DY·X via jacobianField',
      () => {
        for (const [i, j] of list) bracketViaJacobians(fields[i]!, fields[j]!);
      },
      { time: 200, iterations: 3 },
    );
  });
}

{
  const fields = pathGradientFields([4, 6, 6, 3]);
  const D = fields[0]!.length;
  // All generators stacked as one field per path; evaluate each at one point mod PRIME.
  const rng = createRng(7);
  const point = Array.from({ length: D }, () => rng.integer(0, PRIME - 1));
  const compiled = fields.map((F) => compileFieldMod(F, PRIME));
  describe(`evaluate 432 path gradient fields (D = ${D}) at one point mod PRIME`, () => {
    bench('compileFieldMod (compiled once)', () => {
      for (const f of compiled) f.evaluate(point);
    });
    bench('baseline: evaluateMod per component', () => {
      for (const F of fields) for (const c of F) c.evaluateMod(point, PRIME);
    });
  });
}
