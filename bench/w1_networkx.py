#!/usr/bin/env python3
"""W1 as a plain-Python user of NetworkX would write it (docs/PERFORMANCE.md).

Graph building: networkx.fast_gnp_random_graph(n, 4 / (n - 1)) (Batagelj-Brandes, as our
direct generator). Cascade: synchronous rounds that judge only the not-yet-public
neighbours of the elites that went public in the previous round (a user's obvious
improvement on rescanning every node), each going public when (public neighbours) /
degree >= 0.18 - 1e-9, all judged before any is updated, until a round changes nothing.
The cascade runs on the graph and seeds that bench/cascade_w1 --dump wrote (loading it
into a networkx.Graph is not timed), so its final size must equal ours exactly; the
script exits 1 if it does not.

Output: "PY_NETWORKX<TAB>N<TAB>figure<TAB>median<TAB>min<TAB>max" lines.
usage: w1_networkx.py N REPS DUMP_DIR
"""
import array
import statistics
import sys
import time

import networkx as nx

THRESHOLD = 0.18
TOLERANCE = 1e-9


def report(n, figure, values):
    values = sorted(values)
    print(f"PY_NETWORKX\t{n}\t{figure}\t{statistics.median(values):.6g}\t{values[0]:.6g}\t"
          f"{values[-1]:.6g}")


def read_u32(path):
    a = array.array("I")
    with open(path, "rb") as f:
        a.frombytes(f.read())
    if sys.byteorder != "little":
        a.byteswap()
    return a


def cascade(g, seeds):
    needed = THRESHOLD - TOLERANCE
    active = dict.fromkeys(g, False)
    for s in seeds:
        active[s] = True
    newly = list(seeds)
    total, rounds = len(newly), 0
    while True:
        rounds += 1
        candidates = {u for v in newly for u in g[v] if not active[u]}
        newly = [u for u in candidates
                 if sum(active[w] for w in g[u]) / g.degree(u) >= needed]
        if not newly:
            return total, rounds
        for u in newly:
            active[u] = True
        total += len(newly)


def main():
    n, reps, dump = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    times = []
    for r in range(reps):
        t0 = time.perf_counter()
        g = nx.fast_gnp_random_graph(n, 4.0 / (n - 1), seed=2002 + r)
        times.append(time.perf_counter() - t0)
        del g
    report(n, "build_s", times)

    offsets = read_u32(f"{dump}/w1-{n}.offsets")
    adj = read_u32(f"{dump}/w1-{n}.adj")
    seeds = list(read_u32(f"{dump}/w1-{n}.seeds"))
    expected = int(open(f"{dump}/w1-{n}.final").read())
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((i, adj[e]) for i in range(n) for e in range(offsets[i], offsets[i + 1])
                     if adj[e] > i)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        final, rounds = cascade(g, seeds)
        times.append(time.perf_counter() - t0)
    report(n, "cascade_s", times)
    report(n, "final_size", [final])
    report(n, "rounds", [rounds])
    if final != expected:
        print(f"w1_networkx.py: final size {final} differs from cascade's {expected}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
