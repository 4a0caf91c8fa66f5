"""Prints `make bench`'s table from the raw outputs in the folder given (JMH JSON, cold starts, the
browser benchmarks' logs). Medians and ratios against the baseline measured in the same run."""
import json
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])
rows = []

jmh = json.loads((out / "jmh.json").read_text())
score = {}
for r in jmh:
    name = r["benchmark"].rsplit(".", 1)[1]
    params = r.get("params", {})
    param = params.get("session")
    if param and params.get("hints", "none") != "none":
        param += "," + params["hints"]  # IngestBenchmark's hints=complete: chunks announcing click hints
    key = f"{r['benchmark'].split('.')[-2]}.{name}" + (f"[{param}]" if param else "")
    score[key] = r["primaryMetric"]["score"]
for session in ("demo", "heavy", "demo,complete", "heavy,complete"):
    h, f = score.get(f"IngestBenchmark.handler[{session}]"), score.get(f"IngestBenchmark.floor[{session}]")
    label = session.replace(",complete", ", hints announced")
    if h and f:
        rows.append((f"ingest CPU per session ({label})", f"{h/1000:.2f} ms", f"floor {f/1000:.2f} ms", f"{h/f:.2f}x", "<= 1.3x (goal 1.0x)"))
    t = score.get(f"IngestBenchmark.tokens[{session}]")
    if t and f:
        # what a one-pass (streaming) ingest could not go below: the room the goal leaves is 1 - this
        rows.append((f"gunzip + token stream, no tree ({label})", f"{t/1000:.2f} ms", f"floor {f/1000:.2f} ms", f"{t/f:.2f}x", "-"))
agg, parse = score.get("SessionAggregatorBenchmark.demoSessionWhole"), score.get("SessionAggregatorBenchmark.demoSessionParseOnly")
if agg and parse:
    rows.append(("frustration engine, demo session", f"{agg:.0f} us", f"parse {parse:.0f} us", f"{agg/parse:.2f}x", "-"))
journeys = score.get("SessionAggregatorBenchmark.journeysWhole")
if journeys:
    rows.append(("frustration engine, 24 journeys", f"{journeys:.0f} us", "-", "-", "-"))

cold = {}
for line in (out / "coldstart.txt").read_text().split("\n"):
    parts = line.split()
    if len(parts) == 6:
        variant, _, function, ms, classes, status = parts
        cold.setdefault((function, variant), []).append((int(ms), int(classes), status))
variants = {"c1": "C1 only", "cds": "CDS archive", "cds-c1": "CDS archive + C1", "aot": "JDK 25 AOT cache"}
for function in ("ingest", "sessions"):
    base = cold.get((function, "default"))
    if not base:
        continue
    med = statistics.median(m for m, _, _ in base)
    statuses = {s for _, _, s in base}
    rows.append((f"cold start {function} (default JIT)", f"{med:.0f} ms", f"{base[0][1]} classes, status {','.join(sorted(statuses))}", "-", "<= 1000 ms"))
    for variant, label in variants.items():
        runs = cold.get((function, variant))
        if runs:
            m = statistics.median(ms for ms, _, _ in runs)
            statuses = ",".join(sorted({s for _, _, s in runs}))
            rows.append((f"cold start {function} ({label})", f"{m:.0f} ms", f"default {med:.0f} ms; status {statuses}", f"{m/med:.2f}x", "<= 1000 ms"))

restore = {}
if (out / "restore.txt").exists():
    for line in (out / "restore.txt").read_text().split("\n"):
        parts = line.split()
        if len(parts) == 5:
            _, function, ms, mode, status = parts
            restore.setdefault((function, mode), []).append((int(ms), status))
for function in ("ingest", "sessions"):
    plain, primed = restore.get((function, "plain")), restore.get((function, "primed"))
    if plain and primed:
        p = statistics.median(ms for ms, _ in plain)
        q = statistics.median(ms for ms, _ in primed)
        statuses = ",".join(sorted({s for _, s in plain + primed}))
        rows.append((f"first {function} request after init, primed", f"{q:.0f} ms", f"unprimed {p:.0f} ms; status {statuses}",
                     f"{q/p:.2f}x" if p else "-", "(SnapStart restore)"))

for name in ("recorder.txt", "first-frame.txt", "route-js.txt", "fidelity.txt"):
    path = out / name
    if path.exists():
        for line in path.read_text().split("\n"):
            if line.startswith(("bench:", "BENCH", "# first-frame", "figure:", "fidelity")) or "KB gzip" in line or "KB/min" in line or "first frame" in line:
                rows.append((line.strip()[:110], "", "", "", ""))

env = (out / "coldstart-env.txt").read_text().strip() if (out / "coldstart-env.txt").exists() else ""
print()
print(f"{'figure':<56} {'value':>12}  {'baseline':<34} {'ratio':>7}  budget")
for r in rows:
    if r[1] == "" and r[2] == "":
        print(r[0])
    else:
        print(f"{r[0]:<56} {r[1]:>12}  {r[2]:<34} {r[3]:>7}  {r[4]}")
print()
print(env)
wall = out / "wall.txt"
if wall.exists():
    seconds = int(wall.read_text().split()[1])
    print(f"make bench wall time: {seconds // 60} min {seconds % 60} s (budget < 15 min)")
