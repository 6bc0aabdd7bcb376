#!/usr/bin/env bash
# Stairway benchmark: `retort roundtrip` against real Alembic's stairway on SQLite, on
# the generated history (bench/gen_history.py, seeded) and on every fixture project of
# tests/fixtures/projects/ that Alembic can run on SQLite; then the same stairway in
# headless Chromium (bench/engine-web built to wasm, driven by bench/roundtrip_web.mjs).
#
#   bench/roundtrip.sh            N=200 revisions
#   N=500 WEB=0 bench/roundtrip.sh
#
# Alembic runs in one Python process (bench/alembic_stairway.py: command.upgrade /
# command.downgrade / command.upgrade per revision, only the loop timed) from the
# oracle venv (ORACLE_VENV, else tests/oracle/.venv: alembic 1.20.1, SQLAlchemy 2.1.9;
# `scripts/setup.sh oracle` makes it), each project's SQLite file on tmpfs (/dev/shm)
# when there is one. Retort is timed as whole processes (`retort --dir P roundtrip
# --dialect sqlite`: reading, parsing, graph, stairway, comparisons), best of 3, wall
# and CPU (user + sys); on a shared machine the CPU ratio is the steadier one.
# WEB=0 skips the browser; RUNS sets its timed runs (3).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-${1:-200}}
WEB=${WEB:-1}
OUT=bench/out
HISTORY=$OUT/history-$N
VENV=${ORACLE_VENV:-tests/oracle/.venv}
PYTHON=$VENV/bin/python
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
# Rows per table for the fixture projects: the default of `retort roundtrip`.
FIXTURE_ROWS=3

[ -x "$PYTHON" ] && "$PYTHON" -c 'import alembic' 2>/dev/null ||
    { echo "bench/roundtrip.sh: no alembic in $VENV (scripts/setup.sh oracle, or set ORACLE_VENV)" >&2; exit 1; }

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average at start: $(load)"

mkdir -p "$OUT"
python3 bench/gen_history.py -n "$N" --out "$HISTORY" >/dev/null
cargo build --quiet --release -p retort-cli
RETORT=$CARGO_TARGET_DIR/release/retort

# seconds (wall, cpu = user + sys) of a command, its output discarded
measure() {
    local out
    out=$(mktemp)
    { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>"$out" || true
    awk '{ printf "%s %s\n", $1, $2 + $3 }' "$out"
    rm -f "$out"
}

best() { # best of 3 runs: "wall cpu"
    local best_w=999999 best_c=999999 w c
    for _ in 1 2 3; do
        read -r w c < <(measure "$@")
        if (($(echo "$w < $best_w" | bc -l))); then best_w=$w; fi
        if (($(echo "$c < $best_c" | bc -l))); then best_c=$c; fi
    done
    echo "$best_w $best_c"
}

ratio() { echo "scale=0; $1 / $2" | bc -l; }

# Copies of the projects on tmpfs: Alembic writes its SQLite file and Python its
# bytecode caches next to them, never into the repository.
SCRATCH=$(mktemp -d "$( [[ -d /dev/shm && -w /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/retort-roundtrip.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
cp -r "$HISTORY" "$SCRATCH/history"
mkdir -p "$SCRATCH/fixtures"
for ini in tests/fixtures/projects/*/alembic.ini; do
    cp -r "$(dirname "$ini")" "$SCRATCH/fixtures/"
done

echo "real Alembic's stairway on SQLite: the generated history and $(ls "$SCRATCH/fixtures" | wc -l) fixture projects ..."
"$PYTHON" bench/alembic_stairway.py --db-dir "$SCRATCH" "$SCRATCH/history" "$SCRATCH"/fixtures/* \
    >"$OUT/alembic-stairway.jsonl" 2>"$OUT/alembic-stairway.err" || true

# Alembic's figures: the history's, and the sum over the fixture projects it ran.
read -r a_wall a_cpu a_ok < <("$PYTHON" - "$OUT/alembic-stairway.jsonl" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
h = rows[0]
print(h["seconds"] or 0, h["cpu_seconds"] or 0, int(h["ok"]))
EOF
)
if [[ $a_ok != 1 ]]; then
    echo "bench/roundtrip.sh: Alembic could not run the generated history ($OUT/alembic-stairway.jsonl); no figures." >&2
    exit 1
fi
mapfile -t FIXTURES < <("$PYTHON" - "$OUT/alembic-stairway.jsonl" <<'EOF'
import json, sys
for line in list(open(sys.argv[1]))[1:]:
    r = json.loads(line)
    if r["ok"] and r["revisions"] > 0:
        print(r["project"])
EOF
)
read -r f_wall f_cpu f_revs < <("$PYTHON" - "$OUT/alembic-stairway.jsonl" <<'EOF'
import json, sys
rows = [json.loads(l) for l in list(open(sys.argv[1]))[1:]]
ok = [r for r in rows if r["ok"] and r["revisions"] > 0]
print(round(sum(r["seconds"] for r in ok), 3), round(sum(r["cpu_seconds"] for r in ok), 3), sum(r["revisions"] for r in ok))
EOF
)

# Retort: the generated history (0 and 1 sample rows), every fixture project.
echo "retort roundtrip ..."
read -r r0_wall r0_cpu < <(best "$RETORT" --dir "$SCRATCH/history" roundtrip --dialect sqlite --rows 0)
read -r r1_wall r1_cpu < <(best "$RETORT" --dir "$SCRATCH/history" roundtrip --dialect sqlite --rows 1)
history_outcome=$("$RETORT" --dir "$SCRATCH/history" roundtrip --dialect sqlite --rows 1 | tail -n 1 || true)

run_fixtures() {
    local p
    for p in "${FIXTURES[@]}"; do
        "$RETORT" --dir "$p" roundtrip --dialect sqlite --rows "$FIXTURE_ROWS" >/dev/null 2>&1 || true
    done
}
read -r rf_wall rf_cpu < <(best run_fixtures)
# What starting a process costs, as many times: most of the fixtures' figure.
run_starts() {
    local p
    for p in "${FIXTURES[@]}"; do "$RETORT" --version >/dev/null; done
}
read -r rs_wall rs_cpu < <(best run_starts)

echo
echo "== $(date -u +%F), $(git rev-parse --short HEAD), $(nproc) cores; load average now: $(load)"
echo
echo "Generated history: $N revisions (retort --rows 1: $history_outcome)"
printf '  alembic stairway (SQLite):   wall %8.3f s   cpu %8.3f s\n' "$a_wall" "$a_cpu"
printf '  retort roundtrip --rows 0:   wall %8.3f s   cpu %8.3f s   (%sx wall, %sx cpu)\n' \
    "$r0_wall" "$r0_cpu" "$(ratio "$a_wall" "$r0_wall")" "$(ratio "$a_cpu" "$r0_cpu")"
printf '  retort roundtrip --rows 1:   wall %8.3f s   cpu %8.3f s   (%sx wall, %sx cpu)\n' \
    "$r1_wall" "$r1_cpu" "$(ratio "$a_wall" "$r1_wall")" "$(ratio "$a_cpu" "$r1_cpu")"
echo
echo "Fixture projects Alembic runs on SQLite: ${#FIXTURES[@]} projects, $f_revs revisions"
printf '  alembic stairway (SQLite):   wall %8.3f s   cpu %8.3f s   (sum over the projects)\n' "$f_wall" "$f_cpu"
printf '  retort roundtrip --rows %s:   wall %8.3f s   cpu %8.3f s   (%sx wall, %sx cpu; one process per project)\n' \
    "$FIXTURE_ROWS" "$rf_wall" "$rf_cpu" "$(ratio "$f_wall" "$rf_wall")" "$(ratio "$f_cpu" "$rf_cpu")"
printf '  of which starting retort:    wall %8.3f s   cpu %8.3f s   (retort --version, as many times)\n' "$rs_wall" "$rs_cpu"
for p in "${FIXTURES[@]}"; do
    printf '    %-28s %s\n' "$(basename "$p")" \
        "$("$RETORT" --dir "$p" roundtrip --dialect sqlite --rows "$FIXTURE_ROWS" 2>&1 | tail -n 1 || true)"
done

if [[ $WEB == 1 ]]; then
    echo
    echo "the same stairway in headless Chromium (wasm, as the app ships it: wasm-release, wasm-opt -Oz) ..."
    cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown -p retort-bench-web
    wasm-bindgen --target web --no-typescript --out-dir "$OUT/engine-web" \
        "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/retort_bench_web.wasm"
    wasm-opt -Oz "$OUT/engine-web/retort_bench_web_bg.wasm" -o "$OUT/engine-web/retort_bench_web_bg.wasm"
    web=$(node bench/roundtrip_web.mjs "$SCRATCH/history" sqlite 1)
    read -r w_first w_best w_median < <(node -e '
        const r = JSON.parse(process.argv[1]);
        console.log((r.first_ms / 1000).toFixed(3), (r.best_ms / 1000).toFixed(3), (r.median_ms / 1000).toFixed(3));
    ' "$web")
    printf '  chromium, --rows 1:          first %7.3f s   best %7.3f s   median %7.3f s   (%sx wall, best; %sx first)\n' \
        "$w_first" "$w_best" "$w_median" "$(ratio "$a_wall" "$w_best")" "$(ratio "$a_wall" "$w_first")"
    echo "  $web"
fi
echo
echo "load average at the end: $(load)"
