"""Python peer for bench/rank-vs-numpy.ts: times numpy's SVD rank and a vectorised mod-p
elimination (int64, p < 2^26 so products fit) on the matrices written by the TypeScript side.

Usage: python3 bench/rank_peer.py <dir> ; prints one JSON line per matrix.
"""
import json
import sys
import time

import numpy as np

P = 67108859


def mod_rank(a):
    a = np.mod(a.astype(np.int64), P)
    m, n = a.shape
    rank = 0
    for c in range(n):
        if rank == m:
            break
        nz = np.nonzero(a[rank:, c])[0]
        if nz.size == 0:
            continue
        piv = rank + nz[0]
        a[[rank, piv]] = a[[piv, rank]]
        inv = pow(int(a[rank, c]), P - 2, P)
        a[rank] = (a[rank] * inv) % P
        f = a[rank + 1 :, c].copy()
        a[rank + 1 :] = (a[rank + 1 :] - np.outer(f, a[rank]) % P) % P
        rank += 1
    return rank


def best(f, reps=3):
    t = []
    r = None
    for _ in range(reps):
        s = time.perf_counter()
        r = f()
        t.append(time.perf_counter() - s)
    return r, 1000 * min(t)


d = sys.argv[1]
for name in ["full", "low"]:
    meta = json.load(open(f"{d}/{name}.json"))
    a = np.fromfile(f"{d}/{name}.f64", dtype=np.float64).reshape(meta["m"], meta["n"])
    r_svd, t_svd = best(lambda: int(np.linalg.matrix_rank(a, tol=1e-8 * np.linalg.norm(a, 2))))
    r_mod, t_mod = best(lambda: mod_rank(a))
    print(json.dumps({"name": name, "svdRank": r_svd, "svdMs": t_svd, "modRank": r_mod, "modMs": t_mod}))
