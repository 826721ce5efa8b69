#!/usr/bin/env python3
"""W1 as a NumPy/SciPy user would write it (docs/PERFORMANCE.md).

Graph building: G(n, p) with p = 4 / (n - 1), vectorised: the edge count drawn from its
binomial, that many random pairs, self-loops dropped, a symmetric scipy.sparse CSR
matrix with duplicates collapsed (duplicates are rare: a G(n, m)-like approximation, as
users write it). Cascade: synchronous rounds of one sparse matrix-vector product each,
elite i going public when (dissenting neighbours) / degree >= 0.18 - 1e-9 (MODEL.md's
tolerance), until a round changes nothing. The cascade runs on the graph and seeds that
bench/cascade_w1 --dump wrote, so its final size must equal ours exactly; the script
exits 1 if it does not.

Output: "PY_NUMPY<TAB>N<TAB>figure<TAB>median<TAB>min<TAB>max" lines.
usage: w1_numpy.py N REPS DUMP_DIR
"""
import sys
import time

import numpy as np
import scipy.sparse as sp

THRESHOLD = 0.18
TOLERANCE = 1e-9


def report(n, figure, values):
    values = sorted(values)
    print(f"PY_NUMPY\t{n}\t{figure}\t{np.median(values):.6g}\t{values[0]:.6g}\t{values[-1]:.6g}")


def build(n, mean_degree, rng):
    p = mean_degree / (n - 1)
    m = rng.binomial(n * (n - 1) // 2, p)
    u = rng.integers(0, n, m, dtype=np.int64)
    v = rng.integers(0, n, m, dtype=np.int64)
    keep = u != v
    u, v = u[keep], v[keep]
    a = sp.coo_matrix((np.ones(2 * len(u), dtype=np.int32), (np.concatenate([u, v]),
                      np.concatenate([v, u]))), shape=(n, n)).tocsr()
    a.data[:] = 1
    return a


def cascade(a, degree, seeds):
    active = np.zeros(a.shape[0], dtype=np.int32)
    active[seeds] = 1
    needed = THRESHOLD - TOLERANCE
    safe_degree = np.maximum(degree, 1).astype(np.float64)
    rounds = 0
    while True:
        rounds += 1
        count = a @ active
        new = (active == 0) & (degree > 0) & (count / safe_degree >= needed)
        if not new.any():
            return int(active.sum()), rounds
        active[new] = 1


def main():
    n, reps, dump = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = np.random.default_rng(2002)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        g = build(n, 4.0, rng)
        times.append(time.perf_counter() - t0)
        del g
    report(n, "build_s", times)

    offsets = np.fromfile(f"{dump}/w1-{n}.offsets", dtype="<u4").astype(np.int64)
    adj = np.fromfile(f"{dump}/w1-{n}.adj", dtype="<u4").astype(np.int32)
    seeds = np.fromfile(f"{dump}/w1-{n}.seeds", dtype="<u4").astype(np.int64)
    expected = int(open(f"{dump}/w1-{n}.final").read())
    a = sp.csr_matrix((np.ones(len(adj), dtype=np.int32), adj, offsets), shape=(n, n))
    degree = np.diff(offsets)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        final, rounds = cascade(a, degree, seeds)
        times.append(time.perf_counter() - t0)
    report(n, "cascade_s", times)
    report(n, "final_size", [final])
    report(n, "rounds", [rounds])
    if final != expected:
        print(f"w1_numpy.py: final size {final} differs from cascade's {expected}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
