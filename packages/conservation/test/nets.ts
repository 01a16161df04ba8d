/**
 * Independent constructions of the liftings of MATH.md §1 as polynomials, used by the tests to
 * cross-check @idyn/lifting and to state the §5 reference cases directly from their definitions.
 */
import { Polynomial } from '@idyn/poly';

export interface TestSystem {
  polynomials: Polynomial[];
  knownLaws: Polynomial[];
  paramNames: string[];
}

function monomial(D: number, vars: number[], c = 1): Polynomial {
  return Polynomial.fromTerms(D, [{ coefficient: c, variables: vars, exponents: vars.map(() => 1) }]);
}

function sq(D: number, v: number, c = 1): Polynomial {
  return Polynomial.fromTerms(D, [{ coefficient: c, variables: [v], exponents: [2] }]);
}

/**
 * Layered ReLU path-lifting (MATH.md §1): weights W_l[a, b] (layer l, row-major), then biases of
 * the hidden neurons (and of the outputs when `outputBias`). Known laws h_v, one per hidden neuron.
 */
export function layeredRelu(dims: number[], hiddenBias = false, outputBias = false): TestSystem {
  const L = dims.length - 1;
  const names: string[] = [];
  const w: number[][][] = [];
  for (let l = 0; l < L; l++) {
    const W: number[][] = [];
    for (let a = 0; a < dims[l + 1]!; a++) {
      const row: number[] = [];
      for (let b = 0; b < dims[l]!; b++) {
        row.push(names.length);
        names.push(`w${l + 1}_${a}${b}`);
      }
      W.push(row);
    }
    w.push(W);
  }
  // bias[l][a]: bias of neuron a in layer l (1..L), -1 if none.
  const bias: number[][] = [[]];
  for (let l = 1; l <= L; l++) {
    const on = l < L ? hiddenBias : outputBias;
    bias.push(
      Array.from({ length: dims[l]! }, (_, a) => {
        if (!on) return -1;
        names.push(`b${l}_${a}`);
        return names.length - 1;
      }),
    );
  }
  const D = names.length;
  const polys: Polynomial[] = [];
  // Paths from layer s (0 = input, else a biased neuron of layer s) to the output layer.
  const walk = (layer: number, node: number, vars: number[]) => {
    if (layer === L) {
      polys.push(
        monomial(
          D,
          [...vars].sort((a, b) => a - b),
        ),
      );
      return;
    }
    for (let a = 0; a < dims[layer + 1]!; a++) {
      walk(layer + 1, a, [...vars, (w[layer] as number[][])[a]?.[node] as number]);
    }
  };
  for (let i = 0; i < dims[0]!; i++) walk(0, i, []);
  for (let l = 1; l <= L; l++) {
    for (let a = 0; a < dims[l]!; a++) {
      const b = bias[l]![a]!;
      if (b >= 0) walk(l, a, [b]);
    }
  }
  const laws: Polynomial[] = [];
  for (let l = 1; l < L; l++) {
    for (let a = 0; a < dims[l]!; a++) {
      let h = Polynomial.zero(D);
      for (let b = 0; b < dims[l - 1]!; b++) h = h.add(sq(D, (w[l - 1] as number[][])[a]?.[b] as number));
      const bb = bias[l]![a]!;
      if (bb >= 0) h = h.add(sq(D, bb));
      for (let c = 0; c < dims[l + 1]!; c++) h = h.sub(sq(D, (w[l] as number[][])[c]?.[a] as number));
      laws.push(h);
    }
  }
  return { polynomials: polys, knownLaws: laws, paramNames: names };
}

/**
 * Linear network z = U_L ... U_1 (MATH.md §1), theta = U_1, U_2, ... row-major; known laws: the
 * entries of U_{i+1}^T U_{i+1} − U_i U_i^T (MATH.md §2).
 */
export function linearNet(dims: number[]): TestSystem {
  const L = dims.length - 1;
  const names: string[] = [];
  const U: number[][][] = [];
  for (let l = 0; l < L; l++) {
    const M: number[][] = [];
    for (let a = 0; a < dims[l + 1]!; a++) {
      const row: number[] = [];
      for (let b = 0; b < dims[l]!; b++) {
        row.push(names.length);
        names.push(`U${l + 1}_${a}${b}`);
      }
      M.push(row);
    }
    U.push(M);
  }
  const D = names.length;
  const at = (l: number, a: number, b: number) => (U[l] as number[][])[a]?.[b] as number;
  // Product as a matrix of polynomials.
  let Z: Polynomial[][] = (U[0] as number[][]).map((row) => row.map((v) => monomial(D, [v])));
  for (let l = 1; l < L; l++) {
    const next: Polynomial[][] = [];
    for (let a = 0; a < dims[l + 1]!; a++) {
      const row: Polynomial[] = [];
      for (let b = 0; b < dims[0]!; b++) {
        let s = Polynomial.zero(D);
        for (let k = 0; k < dims[l]!; k++) s = s.add(monomial(D, [at(l, a, k)]).mul(Z[k]?.[b] as Polynomial));
        row.push(s);
      }
      next.push(row);
    }
    Z = next;
  }
  const laws: Polynomial[] = [];
  for (let l = 0; l + 1 < L; l++) {
    const n = dims[l + 1]!;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let h = Polynomial.zero(D);
        for (let k = 0; k < dims[l + 2]!; k++)
          h = h.add(monomial(D, [at(l + 1, k, i)]).mul(monomial(D, [at(l + 1, k, j)])));
        for (let k = 0; k < dims[l]!; k++)
          h = h.sub(monomial(D, [at(l, i, k)]).mul(monomial(D, [at(l, j, k)])));
        laws.push(h);
      }
    }
  }
  return { polynomials: Z.flat(), knownLaws: laws, paramNames: names };
}
