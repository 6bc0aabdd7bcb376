#!/usr/bin/env bash
# Stairway benchmark: `retort roundtrip` against real Alembic's stairway on SQLite over
# the same generated history (bench/gen_history.py, seeded).
#
#   bench/roundtrip.sh [N]        N revisions (default 200)
#
# Alembic runs in one Python process (bench/alembic_stairway.py: command.upgrade /
# command.downgrade / command.upgrade per revision) from a venv this script creates
# from PyPI (alembic 1.20.1, SQLAlchemy 2.1.9) under bench/out/venv. Its SQLite file
# lives on tmpfs (/dev/shm) when there is one, so that fsync does not count against it.
# Both sides are timed in wall-clock and CPU (user + sys) seconds; on a shared machine
# the CPU ratio is the steadier one.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-200}"
OUT="bench/out"
HISTORY="$OUT/history-$N"
VENV="$OUT/venv"
GEN="bench/gen_history.py"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"

if [[ ! -f "$GEN" ]]; then
    echo "bench/roundtrip.sh: $GEN is missing (it comes with the benchmark harness branch)" >&2
    exit 2
fi

mkdir -p "$OUT"
if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check 'alembic==1.20.1' 'SQLAlchemy==2.1.9'
fi

python3 "$GEN" -n "$N" --out "$HISTORY" >/dev/null
HISTORY="$(pwd)/$HISTORY"
cargo build --quiet --release -p retort-cli
RETORT="$CARGO_TARGET_DIR/release/retort"

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

read -r r0_wall r0_cpu < <(best "$RETORT" --dir "$HISTORY" roundtrip --dialect sqlite --rows 0)
read -r r1_wall r1_cpu < <(best "$RETORT" --dir "$HISTORY" roundtrip --dialect sqlite --rows 1)
"$RETORT" --dir "$HISTORY" roundtrip --dialect sqlite --rows 1 | tail -n 1

ALEMBIC_DIR="$HISTORY"
if [[ -d /dev/shm && -w /dev/shm ]]; then
    ALEMBIC_DIR="/dev/shm/retort-bench-history-$N"
    rm -rf "$ALEMBIC_DIR"
    cp -r "$HISTORY" "$ALEMBIC_DIR"
fi
read -r a_wall a_cpu < <(measure "$VENV/bin/python" bench/alembic_stairway.py "$ALEMBIC_DIR")
if [[ "$ALEMBIC_DIR" == /dev/shm/* ]]; then
    rm -rf "$ALEMBIC_DIR"
fi

ratio() { echo "scale=0; $1 / $2" | bc -l; }
printf '%s revisions\n' "$N"
printf 'alembic stairway (SQLite):        wall %8.3f s   cpu %8.3f s\n' "$a_wall" "$a_cpu"
printf 'retort roundtrip --rows 0:        wall %8.3f s   cpu %8.3f s   (%sx wall, %sx cpu)\n' \
    "$r0_wall" "$r0_cpu" "$(ratio "$a_wall" "$r0_wall")" "$(ratio "$a_cpu" "$r0_cpu")"
printf 'retort roundtrip --rows 1:        wall %8.3f s   cpu %8.3f s   (%sx wall, %sx cpu)\n' \
    "$r1_wall" "$r1_cpu" "$(ratio "$a_wall" "$r1_wall")" "$(ratio "$a_cpu" "$r1_cpu")"
