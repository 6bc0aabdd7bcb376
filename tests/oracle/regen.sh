#!/usr/bin/env bash
# Regenerates tests/goldens/ from real Alembic over tests/fixtures/projects/.
#
#   tests/oracle/regen.sh              # every project
#   tests/oracle/regen.sh linear merge # only these
#
# Creates tests/oracle/.venv (alembic + SQLAlchemy pinned below) when it is missing or
# holds other versions. ORACLE_SEEDS (default 6) sets how many PYTHONHASHSEED values
# each command runs under; see run_oracle.py for why.
set -euo pipefail

ALEMBIC_VERSION=1.20.1
SQLALCHEMY_VERSION=2.1.9

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi

if ! "$venv/bin/python" - "$ALEMBIC_VERSION" "$SQLALCHEMY_VERSION" <<'PY'
import sys
from importlib import metadata
try:
    ok = (metadata.version("alembic"), metadata.version("sqlalchemy")) == (sys.argv[1], sys.argv[2])
except metadata.PackageNotFoundError:
    ok = False
sys.exit(0 if ok else 1)
PY
then
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "alembic==$ALEMBIC_VERSION" "sqlalchemy==$SQLALCHEMY_VERSION"
fi

exec "$venv/bin/python" "$here/run_oracle.py" \
    --venv "$venv" \
    --projects "$root/tests/fixtures/projects" \
    --goldens "$root/tests/goldens" \
    "$@"
