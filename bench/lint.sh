#!/usr/bin/env bash
# Times linting a generated Alembic history: `retort lint` (parse, graph, catalog per
# revision, every default rule) against `ruff check --select E9` (little more than
# parsing every file) and PyPI's `alembic-guard`, with hyperfine.
#
#   bench/lint.sh              N=2000 revisions, seed 20261101
#   RUNS=20 bench/lint.sh      what BENCHMARKS.md's rows use
#   N=10000 RUNS=5 bench/lint.sh
#
# It prints what a BENCHMARKS.md row needs: the load average before and after, each
# command's mean, median and minimum wall time and its user+sys CPU time, and the ratios
# against ruff (all cores) and alembic-guard. The machine is shared: when the load
# average is above ~1, read the CPU ratio rather than the wall-clock one.
#
# Needs hyperfine, and ruff and alembic-guard in bench/.venv (`make bench`
# installs ruff; this script installs alembic-guard there with pip when missing).
# Results go to bench/out/; figures and how to read them in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-2000}
SEED=${SEED:-20261101}
RUNS=${RUNS:-10}
OUT=bench/out/history-$N
VENV=${VENV:-bench/.venv}
RUFF=$VENV/bin/ruff
GUARD=$VENV/bin/alembic-guard

command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing" >&2; exit 1; }
[ -x "$RUFF" ] || { echo "bench: $RUFF is missing; run 'make bench'" >&2; exit 1; }
[ -x "$GUARD" ] || "$VENV/bin/pip" install --quiet alembic-guard || true

[ -d "$OUT/migrations/versions" ] ||
    python3 bench/gen_history.py --revisions "$N" --seed "$SEED" --out "$OUT"
VERSIONS=$OUT/migrations/versions

cargo build --release --quiet -p retort-cli
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
RETORT=$TARGET_DIR/release/retort

# Time nothing that does not do the work: retort must have linted every revision
# (the JSON lists findings from files across the history) and exit 0 or 1, not 2.
set +e
"$RETORT" --dir "$VERSIONS" lint --format json >"$OUT/retort-lint.json" 2>"$OUT/retort-lint.err"
code=$?
set -e
if [ "$code" -gt 1 ]; then
    echo "bench: retort lint failed ($code):" >&2
    cat "$OUT/retort-lint.err" >&2
    exit 1
fi
python3 - "$OUT/retort-lint.json" <<'PY'
import json, sys, collections
findings = json.load(open(sys.argv[1]))
files = {f["path"] for f in findings}
print(f"retort lint: {len(findings)} findings in {len(files)} files")
for code, n in collections.Counter(f["code"] for f in findings).most_common():
    print(f"  {code} {n}")
PY

commands=(
    --command-name "ruff check --select E9 (all cores)"
    "$RUFF check --select E9 --no-cache --quiet $VERSIONS"
    --command-name "retort lint (all cores)"
    "$RETORT --dir $VERSIONS lint --format json --fail-on error"
)
# The same two on one core: what each costs in CPU, whatever the machine.
if command -v taskset >/dev/null; then
    commands+=(
        --command-name "ruff check --select E9 (1 core)"
        "taskset -c 0 $RUFF check --select E9 --no-cache --quiet $VERSIONS"
        --command-name "retort lint (1 core)"
        "taskset -c 0 $RETORT --dir $VERSIONS lint --format json --fail-on error"
    )
fi
if [ -x "$GUARD" ]; then
    commands+=(--command-name "alembic-guard" "$GUARD --format json $VERSIONS")
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
hyperfine --shell=none --warmup 2 --runs "$RUNS" -i \
    --export-json "$OUT/lint-results.json" --export-markdown "$OUT/lint-results.md" \
    "${commands[@]}"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cat "$OUT/lint-results.md"
echo
echo "$N revision files, seed $SEED, $(nproc) cores, $RUNS runs each, $(date -u +%F)," \
    "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load average $load_before before, $load_after after:"
python3 - "$OUT/lint-results.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
by = {r["command"]: r for r in rows}
def cpu(r):
    # hyperfine 1.15 exports the mean user and system times.
    return r["user"] + r["system"]
print(f"{'command':34} {'mean':>9} {'median':>9} {'min':>9} {'user+sys':>9}")
for r in rows:
    print(f"{r['command']:34} {r['mean']*1e3:7.1f}ms {r['median']*1e3:7.1f}ms "
          f"{r['min']*1e3:7.1f}ms {cpu(r)*1e3:7.1f}ms")
ruff, retort = by.get("ruff check --select E9 (all cores)"), by.get("retort lint (all cores)")
if ruff and retort:
    for what in ("mean", "median", "min"):
        print(f"retort lint / ruff (all cores), {what}: {retort[what] / ruff[what]:.2f}x (bar: <= 2x)")
    print(f"retort lint / ruff, user+sys CPU: {cpu(retort) / cpu(ruff):.2f}x")
guard = by.get("alembic-guard")
if guard and retort:
    print(f"alembic-guard / retort lint, mean: {guard['mean'] / retort['mean']:.1f}x (bar: >= 15x)")
PY
