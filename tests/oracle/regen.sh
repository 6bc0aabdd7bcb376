#!/usr/bin/env bash
# Regenerates tests/goldens/ from real Alembic over tests/fixtures/projects/.
#
#   tests/oracle/regen.sh              # every project
#   tests/oracle/regen.sh linear merge # only these
#
# Creates tests/oracle/.venv (alembic + SQLAlchemy, pinned in scripts/setup.sh) when it
# is missing or holds other versions. ORACLE_SEEDS (default 6) sets how many PYTHONHASHSEED values
# each command runs under; see run_oracle.py for why.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"

# The venv (pinned alembic + SQLAlchemy) is made by the project's one installer.
"$root/scripts/setup.sh" oracle

exec "$venv/bin/python" "$here/run_oracle.py" \
    --venv "$venv" \
    --projects "$root/tests/fixtures/projects" \
    --goldens "$root/tests/goldens" \
    "$@"
