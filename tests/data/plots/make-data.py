#!/usr/bin/env python3
"""Writes the synthetic chart inputs under tests/data/plots/ (run once; the files are
committed). Deterministic: no randomness beyond a fixed linear congruential generator.

  run/        timeseries.csv, summary.csv, scenario.cfg: 12 replicates x 121 ticks, a shock
              at tick 60 tips 7 of them; replicate 0 holds 0.5 from tick 20 to 40 (the
              known data point of the image test)
  sweep1/     points.csv, one varied key (regime.punishment)
  sweep2/     points.csv, two varied keys on a 12 x 10 grid
  sweep3/     points.csv, three varied keys (the third is averaged over)
  meanfield/  threshold_map.csv, fixed_points.csv, cobweb.csv, bifurcation.csv
"""
import math, os

here = os.path.dirname(os.path.abspath(__file__))
state = [12345]
def rand():
    state[0] = (1103515245 * state[0] + 12345) % 2**31
    return state[0] / 2**31

def write(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join("" if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in r) + "\n")

def logistic(z):
    return 1 / (1 + math.exp(-z))

# ---- run ----
R, T = 12, 120
ts, sm = [], []
for r in range(R):
    tip = r < 7
    tip_tick = 64 + 4 * r
    peak, peak_tick, ctick = 0.0, 0, None
    vals = []
    for t in range(T + 1):
        if r == 0 and 20 <= t <= 40:
            d = 0.5
        elif t < 60:
            d = 0.01 * rand()
        elif tip and t >= tip_tick:
            d = min(0.8, 0.08 + 0.1 * (t - tip_tick))
        else:
            d = 0.08 * math.exp(-(t - 60) / 20)
        priv = 0.35 - 0.001 * t + 0.01 * rand()
        defected = 0.0005 * t
        purged = 0.0008 * t + (0.0005 * (t - 60) if t > 60 else 0)
        sec = 1.0 if d < 0.2 else max(0.0, 1.0 - 2 * (d - 0.2))
        collapsed = 1 if (ctick is not None or sec < 0.5) else 0
        if collapsed and ctick is None:
            ctick = t
        if d > peak:
            peak, peak_tick = d, t
        ts.append([r, t, round(d, 6), round(priv, 6), round(max(0, priv - d), 6), 0.4, round(defected, 6),
                   round(purged, 6), 0.1, round(sec, 6), 0.0, round(1 - sec, 6), collapsed])
        vals.append(d)
    cascade = 1 if peak >= 0.5 else 0
    sm.append([r, 1000 + r, round(vals[-1], 6), round(peak, 6), peak_tick, cascade,
               (64 + 4 * r + 5) if cascade else None, 1 if ctick is not None else 0, ctick,
               0.06, 0.14, 0.1])
write(f"{here}/run/timeseries.csv",
      "replicate,tick,public_dissent,private_opposition,falsification_gap,mean_discontent,defected,purged,mean_fear,security_active,security_barracks,security_defected,collapsed".split(","), ts)
write(f"{here}/run/summary.csv",
      "replicate,seed,final_dissent,peak_dissent,peak_tick,cascade,cascade_tick,collapsed,collapse_tick,defected,purged,final_gap".split(","), sm)
with open(f"{here}/run/scenario.cfg", "w") as f:
    f.write('# Resolved by cascade 0.1.0: synthetic data for the chart tests.\n'
            'name = "synthetic";\n'
            'population = {\n  size = 500; # N\n};\n'
            'network = {\n  type = "erdos_renyi";\n  mean_degree = 8.0;\n};\n'
            'information = {\n  openness = 0.05;\n};\n'
            'regime = {\n  punishment = 0.6;\n  purge_rate = 0.001;\n};\n'
            'security = {\n  size = 50;\n};\n'
            'shocks = (\n  { tick = 60; kind = "dissent"; fraction = 0.08; where = "cluster"; }\n);\n')

# ---- sweeps ----
stat_cols = ["n"] + [f"{s}_{q}" for s in ("final_dissent", "peak_dissent")
                     for q in ("mean", "sd", "q10", "q50", "q90")] + \
            ["cascade_prob", "collapse_prob", "cascade_tick_mean", "defected_mean", "purged_mean"]

def point(p_cascade, n=40):
    k = round(p_cascade * n)
    pc = k / n
    pk = max(0, k - 3) / n
    fin = 0.05 + 0.6 * pc
    peak = 0.1 + 0.6 * pc
    return [n, fin, 0.1, max(0, fin - 0.15), fin, min(1, fin + 0.15),
            peak, 0.1, max(0, peak - 0.12), peak, min(1, peak + 0.1),
            pc, pk, 120.0 if k else None, 0.05, 0.1]

rows = []
for i in range(10):
    pun = 0.3 + 0.1 * i
    rows.append([round(pun, 6)] + point(logistic((0.8 - pun) / 0.08)))
write(f"{here}/sweep1/points.csv", ["regime.punishment"] + stat_cols, rows)

rows = []
for i in range(12):
    for j in range(10):
        pun = round(0.2 + 0.1 * i, 6)
        opn = round(0.01 * j, 6)
        rows.append([pun, opn] + point(logistic((0.5 + 40 * opn - pun) / 0.1)))
write(f"{here}/sweep2/points.csv", ["regime.punishment", "information.openness"] + stat_cols, rows)

rows = []
for i in range(8):
    for j in range(6):
        for deg in (4.0, 8.0):
            pun = round(0.2 + 0.15 * i, 6)
            opn = round(0.02 * j, 6)
            rows.append([pun, opn, deg] + point(logistic((0.4 + 0.02 * deg + 10 * opn - pun) / 0.1)))
write(f"{here}/sweep3/points.csv", ["regime.punishment", "information.openness", "network.mean_degree"] + stat_cols, rows)

# ---- mean field ----
def F(x, c=0.35, w=0.07):
    return 0.02 + 0.96 * logistic((x - c) / w)

def fixed_points(c):
    xs = [i / 2000 for i in range(2001)]
    out = []
    for a, b in zip(xs, xs[1:]):
        ga, gb = F(a, c) - a, F(b, c) - b
        if ga == 0 or ga * gb < 0:
            lo, hi = a, b
            for _ in range(60):
                mid = (lo + hi) / 2
                if (F(lo, c) - lo) * (F(mid, c) - mid) <= 0:
                    hi = mid
                else:
                    lo = mid
            x = (lo + hi) / 2
            h = 1e-6
            slope = (F(x + h, c) - F(x - h, c)) / (2 * h)
            out.append((round(x, 6), 1 if abs(slope) < 1 else 0))
    return out

write(f"{here}/meanfield/threshold_map.csv", ["x", "F"],
      [[round(i / 100, 6), round(F(i / 100), 6)] for i in range(101)])
write(f"{here}/meanfield/fixed_points.csv", ["x", "stable"], [list(p) for p in fixed_points(0.35)])
x, cob = 0.3, []
for step in range(12):
    cob.append([step, round(x, 6)])
    x = F(x)
write(f"{here}/meanfield/cobweb.csv", ["step", "x"], cob)
bif = []
for i in range(61):
    c = 0.1 + 0.01 * i
    for x, s in fixed_points(c):
        bif.append([round(c, 6), x, s])
write(f"{here}/meanfield/bifurcation.csv", ["regime.punishment", "x", "stable"], bif)
