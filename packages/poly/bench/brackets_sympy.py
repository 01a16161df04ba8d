#!/usr/bin/env python3
"""sympy side of bench/brackets-vs-sympy.ts: Lie brackets of pairs of path-lifting gradient fields
of a layered network, built and bracketed exactly as ../shared/peers/cl23_sympy.py does
(relu_fields without biases; C_i = expand(sum_j dA_i/dx_j B_j - dB_i/dx_j A_j)).

Usage: brackets_sympy.py 4,6,6,3 STRIDE
Brackets the unordered pairs (i < j) of paths in lexicographic order, every STRIDE-th one.
Prints one JSON line: {"dims","D","paths","pairs","seconds","terms","nonzero"} where terms is the
total number of terms of all bracket components and nonzero lists [pair index, component, text] of
every non-zero component (the TypeScript side parses and compares them exactly).
"""
import itertools, json, sys, time
import sympy as sp


def relu_fields(dims):
    Ws = [sp.Matrix(dims[i + 1], dims[i], lambda a, b, i=i: sp.Symbol(f'w{i}_{a}_{b}')) for i in range(len(dims) - 1)]
    xs = [x for W in Ws for x in W]
    phis = []
    for path in itertools.product(*[range(d) for d in dims]):
        p = sp.Integer(1)
        for l in range(len(Ws)):
            p *= Ws[l][path[l + 1], path[l]]
        phis.append(p)
    return phis, xs


def main(argv):
    dims = [int(x) for x in argv[0].split(',')]
    stride = int(argv[1]) if len(argv) > 1 else 1
    phis, xs = relu_fields(dims)
    D = len(xs)
    gens = [[sp.diff(p, x) for x in xs] for p in phis]
    n = len(gens)
    todo = [pq for k, pq in enumerate((i, j) for i in range(n) for j in range(i + 1, n)) if k % stride == 0]
    t0 = time.perf_counter()
    terms = 0
    nonzero = []
    for k, (a, b) in enumerate(todo):
        A, B = gens[a], gens[b]
        C = [sp.expand(sum(sp.diff(A[i], xs[j]) * B[j] - sp.diff(B[i], xs[j]) * A[j] for j in range(D)))
             for i in range(D)]
        terms += sum(len(sp.Add.make_args(c)) for c in C if c != 0)
        nonzero += [[k, i, str(c)] for i, c in enumerate(C) if c != 0]
    seconds = time.perf_counter() - t0
    print(json.dumps(dict(dims=dims, D=D, paths=n, pairs=len(todo), seconds=seconds, terms=terms,
                          nonzero=nonzero)))


if __name__ == '__main__':
    main(sys.argv[1:])
