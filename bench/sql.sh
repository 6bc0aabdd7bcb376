#!/usr/bin/env bash
# Times offline SQL: real Alembic's `upgrade head --sql` against Retort's rendering of
# the same generated history (2,000 revisions by default), per dialect, with hyperfine.
#
#   bench/sql.sh                       N=2000, seed 7, sqlite postgresql mysql
#   N=500 RUNS=3 DIALECTS=sqlite bench/sql.sh
#
# Needs hyperfine and the oracle venv (alembic 1.20.1 + SQLAlchemy 2.1.9): ORACLE_VENV,
# else tests/oracle/.venv. The histories come from tests/oracle/sql_random.py (the
# generator of the differential test), written to bench/out/sql-<dialect>-N/.
# Retort runs as `retort --dir <project> upgrade head --sql` (read, parse, graph, render).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-2000}
SEED=${SEED:-7}
RUNS=${RUNS:-5}
DIALECTS=${DIALECTS:-sqlite postgresql mysql}
VENV=${ORACLE_VENV:-tests/oracle/.venv}
ALEMBIC=$(cd "$VENV" && pwd)/bin/alembic

command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing" >&2; exit 1; }
[ -x "$ALEMBIC" ] || { echo "bench: no alembic in $VENV (set ORACLE_VENV)" >&2; exit 1; }

cargo build --release --quiet -p retort-cli
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
RETORT=$TARGET_DIR/release/retort

for dialect in $DIALECTS; do
    out=bench/out/sql-$dialect-$N
    python3 tests/oracle/sql_random.py --bench "$out" --dialect "$dialect" --seeds "$SEED" --revisions "$N"
    project=$(cd "$out" && pwd)
    # Both must do the whole job: every revision's `-- Running` line, no failure.
    (cd "$project" && "$ALEMBIC" upgrade head --sql >"$project.alembic.sql" 2>"$project.alembic.err") ||
        { echo "bench: alembic failed on $project (see $project.alembic.err)" >&2; exit 1; }
    "$RETORT" --dir "$project" upgrade head --sql >"$project.retort.sql" 2>"$project.retort.err"
    for f in alembic retort; do
        n=$(grep -c '^-- Running upgrade' "$project.$f.sql" || true)
        if [ "$n" != "$N" ]; then
            echo "bench: $f rendered $n of $N revisions ($project.$f.err)" >&2
            exit 1
        fi
    done
    if cmp -s "$project.alembic.sql" "$project.retort.sql"; then same=identical; else same=different; fi
    echo "== $dialect: $N revisions, outputs $same (set-ordered statements may differ)"
    hyperfine --warmup 1 --runs "$RUNS" --export-markdown "$project.md" \
        -n alembic "cd '$project' && '$ALEMBIC' upgrade head --sql >/dev/null 2>&1" \
        -n retort "'$RETORT' --dir '$project' upgrade head --sql >/dev/null 2>&1"
done
