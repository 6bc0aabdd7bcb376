#!/usr/bin/env bash
# Times reading a generated Alembic history: `ruff check --select E9` (syntax
# errors only: little more than parsing every file) against `retort history`
# (parse, graph) over the same revision files, with hyperfine.
#
#   bench/run.sh               N=2000 revisions, seed 20261101
#   N=10000 RUNS=5 bench/run.sh
#
# Needs hyperfine and bench/.venv's ruff: `make bench` installs both first
# (scripts/setup.sh bench). Results go to bench/out/ and the table to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-2000}
SEED=${SEED:-20261101}
RUNS=${RUNS:-10}
OUT=bench/out/history-$N
RUFF=bench/.venv/bin/ruff

for tool in hyperfine "$RUFF"; do
    if ! command -v "$tool" >/dev/null; then
        echo "bench: $tool is missing; run 'make bench' (or scripts/setup.sh bench)" >&2
        exit 1
    fi
done

python3 bench/gen_history.py --revisions "$N" --seed "$SEED" --out "$OUT"
VERSIONS=$OUT/migrations/versions

cargo build --release --quiet -p retort-cli
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
RETORT=$TARGET_DIR/release/retort

# Time nothing that does not do the work: ruff must find the files clean, and
# retort must list every revision of the history.
"$RUFF" check --select E9 --no-cache --quiet "$VERSIONS"
if ! "$RETORT" history --dir "$VERSIONS" >"$OUT/retort-history.txt" 2>"$OUT/retort-history.err"; then
    echo "bench: '$RETORT history --dir $VERSIONS' failed; no figures." >&2
    echo "bench: (does retort implement 'history --dir' yet?) its stderr:" >&2
    cat "$OUT/retort-history.err" >&2
    exit 1
fi
missing=0
for file in "$VERSIONS"/*.py; do
    rev=$(basename "$file")
    grep -q -- "${rev%%_*}" "$OUT/retort-history.txt" || missing=$((missing + 1))
done
if ((missing > 0)); then
    echo "bench: 'retort history' printed no line for $missing of $N revisions" \
        "(see $OUT/retort-history.txt); no figures." >&2
    exit 1
fi

hyperfine --shell=none --warmup 2 --runs "$RUNS" \
    --export-json "$OUT/results.json" --export-markdown "$OUT/results.md" \
    --command-name "ruff check --select E9 (all cores)" \
    "$RUFF check --select E9 --no-cache --quiet $VERSIONS" \
    --command-name "ruff check --select E9 (1 thread)" \
    "env RAYON_NUM_THREADS=1 $RUFF check --select E9 --no-cache --quiet $VERSIONS" \
    --command-name "retort history" \
    "$RETORT history --dir $VERSIONS" >"$OUT/hyperfine.log"

echo
echo "$N revision files, seed $SEED, $(nproc) cores, $RUNS runs each ($(date -u +%F)):"
echo
cat "$OUT/results.md"
python3 - "$OUT/results.json" <<'EOF'
import json
import sys

results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
retort = results["retort history"]
for name, mean in results.items():
    if name != "retort history":
        print(f"retort history / {name}: {retort / mean:.2f}x (quality bar: <= 2x)")
EOF
