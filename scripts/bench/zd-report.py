#!/usr/bin/env python3
"""Report of scripts/bench-zero-downtime: reads the pgbench per-transaction logs, the phase marks
and the sizes it left in WORK, prints the result table and draws the latency plot with gnuplot.

pgbench log line (with -R): client tx_no latency_us|failed|skipped script_no end_epoch end_us lag_us.
With -R the latency counts from the transaction's scheduled start, so a stall shows in full."""
import glob
import json
import os
import subprocess
import sys

work, plot, rows, rate, clients, hold, gap, loop_batch, host, only = sys.argv[1:11]
NAMES = {
    "base": "load alone (no migration)",
    "a": "(a) plain migration, one transaction",
    "b": f"(b) hand-written loop ({int(loop_batch):,} rows/commit) + DDL",
    "c": "(c) pgshift apply, default settings" if not os.environ.get("APPLY_ARGS") else f"(c) pgshift apply {os.environ['APPLY_ARGS']}",
}
runs = ["base"] + only.split()


def transactions(run):
    """(scheduled start, end, latency ms or None when failed) of every logged transaction."""
    out = []
    for f in glob.glob(f"{work}/load-{run}.*"):
        if f.endswith((".out", ".err")):
            continue
        for line in open(f):
            p = line.split()
            if len(p) < 6:
                continue  # a line cut by SIGTERM
            end = int(p[4]) + int(p[5]) / 1e6
            if p[2] == "failed":
                out.append((end, end, None))
            elif p[2] != "skipped":
                lat = int(p[2]) / 1e6
                out.append((end - lat, end, lat * 1000))
    return out


def pct(sorted_lat, q):
    return sorted_lat[min(len(sorted_lat) - 1, int(q * len(sorted_lat)))]


def aborted_clients(run):
    try:
        return sum("aborted" in line and "Run was aborted" not in line for line in open(f"{work}/load-{run}.err"))
    except FileNotFoundError:
        return 0


def marks(run):
    out = []
    try:
        for line in open(f"{work}/{run}.marks"):
            line = line.strip()
            if line:
                label, t = line.rsplit(" ", 1)
                out.append((label, float(t)))
    except FileNotFoundError:
        pass
    return out


res = {}
for run in runs:
    meta = json.load(open(f"{work}/{run}.meta"))
    t0, t1 = meta["t0"], meta["t1"]
    txs = transactions(run)
    inside = [t for t in txs if t0 <= t[0] <= t1]
    lat = sorted(t[2] for t in inside if t[2] is not None)
    failed = sum(1 for t in inside if t[2] is None) + aborted_clients(run)
    # longest interval inside [t0, t1] with no transaction completing (t0 and t1 count as edges)
    ends = sorted([t0, t1] + [t[1] for t in txs if t0 <= t[1] <= t1])
    gap_s = max(b - a for a, b in zip(ends, ends[1:]))
    res[run] = dict(meta, n=len(lat), failed=failed, p50=pct(lat, .5), p99=pct(lat, .99), p999=pct(lat, .999),
                    max=lat[-1], gap=gap_s * 1000, secs=t1 - t0, txs=txs, marks=marks(run))

base = res["base"]
mb = lambda b: f"{b / 1048576:.0f} MB"
print(f"rows: {int(rows):,}   load: pgbench -R {rate} -c {clients} (SELECT + UPDATE + INSERT on users; "
      f"latency from scheduled start)   blocker before each DDL: idle in transaction {hold} s"
      f"{'' if 'c' not in runs else f' (c: back to back, {gap} s apart)'}")
print(f"machine: {host}")
hdr = f"{'':44} {'time':>8} {'tx':>6} {'p50':>8} {'p99':>9} {'p99.9':>9} {'max':>9} {'longest gap':>12} {'failed':>6} {'WAL':>8} {'table+idx':>10}"
print(hdr)
for run in runs:
    r = res[run]
    print(f"{NAMES[run]:44} {r['secs']:7.1f}s {r['n']:6d} {r['p50']:6.2f}ms {r['p99']:7.2f}ms {r['p999']:7.2f}ms "
          f"{r['max']:7.0f}ms {r['gap']:10.0f}ms {r['failed']:6d} {mb(r['wal']):>8} {mb(r['size']):>10}")
print(f"baseline p99 {base['p99']:.2f} ms; target p99 <= {2 * base['p99']:.2f} ms, no failed transaction, "
      f"no stall > lock_timeout + 100 ms = 600 ms")
for run in runs[1:]:
    r = res[run]
    print(f"{NAMES[run]:44} p99 {r['p99'] / base['p99']:.1f} x baseline   max latency {r['max']:.0f} ms   "
          f"longest gap {r['gap']:.0f} ms")
if os.path.exists(f"{work}/c.retries"):
    print(f"(c) lock_timeout retries of pgshift's DDL: {open(f'{work}/c.retries').read().strip()}")
for run in runs[1:]:
    r = res[run]
    edges = [(label, t) for label, t in r["marks"]] + [("end", r["t1"])]
    parts = []
    for (label, lo), (_, hi) in zip([("start", r["t0"])] + edges[:-1], edges):
        lat = sorted(t[2] for t in r["txs"] if lo <= t[0] < hi and t[2] is not None)
        if lat:
            parts.append(f"{label} {hi - lo:.1f}s p99 {pct(lat, .99):.1f}ms max {lat[-1]:.0f}ms")
    print(f"per phase {run}: " + "; ".join(parts))
for run in runs[1:]:
    print(f"phases {run}: " + ", ".join(f"{label} +{t - res[run]['t0']:.1f}s" for label, t in res[run]["marks"])
          + f", end +{res[run]['secs']:.1f}s")

# The plot: one panel per run, latency (log) against the scheduled start, phases as vertical lines.
gp = [f'set terminal pngcairo size 950,{210 * len(runs) + 60} font "sans,9"',
      f'set output "{os.path.abspath(plot)}"',
      f'set multiplot layout {len(runs)},1 title "Load latency (pgbench -R {rate}, from scheduled start) during the same '
      f'schema change, {int(rows):,} rows; blockers idle in transaction {hold} s before DDL"',
      'set logscale y', 'set yrange [0.1:*]', 'set ylabel "latency (ms)"', 'set grid ytics',
      'unset key', 'set lmargin 10', 'set rmargin 3', 'set termoption noenhanced']
for i, run in enumerate(runs):
    r = res[run]
    data = f"{work}/plot-{run}.dat"
    with open(data, "w") as f:
        for s, _, l in sorted(r["txs"]):
            if l is not None and r["t0"] - 5 <= s <= r["t1"] + 5:
                f.write(f"{s - r['t0']:.3f} {max(l, 0.1):.3f}\n")
    gp.append("unset arrow; unset label")
    for j, (label, t) in enumerate(r["marks"]):
        x = t - r["t0"]
        gp.append(f'set arrow from {x:.3f}, graph 0 to {x:.3f}, graph 1 nohead lc rgb "#888888" dt 2')
        gp.append(f'set label "{label}" at {x:.3f}, graph {0.05 + 0.1 * (j % 4):.2f} offset 0.3,0 font "sans,8" tc rgb "#444444"')
    gp.append(f'set arrow from {r["secs"]:.3f}, graph 0 to {r["secs"]:.3f}, graph 1 nohead lc rgb "black" lw 1.5')
    gp.append(f'set xrange [-2:{r["secs"] + 2:.1f}]')
    gp.append('set xlabel "seconds since the change started"' if i == len(runs) - 1 else 'set xlabel ""')
    gp.append(f'set title "{NAMES[run]}: {r["secs"]:.1f} s, p99 {r["p99"]:.1f} ms, max {r["max"]:.0f} ms, '
              f'longest gap {r["gap"]:.0f} ms" offset 0,-0.6')
    gp.append(f'set label "2 x baseline p99 ({2 * base["p99"]:.1f} ms)" at graph 0.005, first {2 * base["p99"] * 1.25:.3f} '
              f'font "sans,7" tc rgb "#d62728"')
    gp.append('set label "lock_timeout + 100 ms" at graph 0.005, first 750 font "sans,7" tc rgb "#ff7f0e"')
    gp.append(f'plot "{data}" using 1:2 with points pt 7 ps 0.25 lc rgb "#1f77b4", '
              f'{2 * base["p99"]:.3f} with lines lc rgb "#d62728" dt 3, 600 with lines lc rgb "#ff7f0e" dt 4')
gp.append("unset multiplot")
open(f"{work}/plot.gp", "w").write("\n".join(gp) + "\n")
subprocess.run(["gnuplot", f"{work}/plot.gp"], check=True)
print(f"plot: {plot}")
