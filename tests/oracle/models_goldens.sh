#!/usr/bin/env bash
# Regenerates the model-check goldens from real Alembic.
#
# For every fixture under tests/fixtures/models/<case>/ (models.py + versions/*.py),
# this builds a throwaway Alembic project on SQLite, runs `alembic upgrade head`,
# `alembic check` and `alembic revision --autogenerate`, and writes what they print
# to tests/fixtures/models/<case>/expected/. It also dumps SQLAlchemy's own view of the
# models' MetaData (metadata.json) for the front-end tests.
#
# The interpreter is a venv of its own, created from PyPI on first use:
#   alembic==1.20.1 sqlalchemy==2.1.9 sqlmodel==0.0.50
#
# Usage: tests/oracle/models_goldens.sh [case ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/alembic" ] || ! "$venv/bin/python" -c 'import sqlmodel' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        alembic==1.20.1 sqlalchemy==2.1.9 sqlmodel==0.0.50
fi
exec "$venv/bin/python" "$here/models_goldens.py" "$@"
