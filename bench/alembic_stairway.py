#!/usr/bin/env python3
"""Real Alembic's stairway on SQLite, in one Python process, for bench/roundtrip.sh.

For every revision, parents first: ``command.upgrade`` to it, ``command.downgrade``
back to its parent (``<rev>@-1``, so other branches stay), ``command.upgrade`` to it
again; a merge revision is upgraded only (``downgrade -1`` from a merge is an
"Ambiguous walk" in Alembic). Each project gets a fresh SQLite file in DB_DIR (the
``sqlalchemy.url`` of its ``alembic.ini`` is replaced by it). Only the stairway is
timed, not the imports or the config loading.

Usage: alembic_stairway.py [--db-dir DB_DIR] PROJECT_DIR...

Prints one JSON object per project and line: ``{"project", "ok", "seconds",
"cpu_seconds", "revisions", "error"}`` (wall and CPU time of the stairway); ``ok`` is false (and ``error`` says why) when Alembic
cannot run the whole stairway of that project on SQLite. Exit code 0 when every
project ran, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


def stairway(project: str, db: str) -> dict:
    result = {
        "project": project,
        "ok": False,
        "seconds": None,
        "cpu_seconds": None,
        "revisions": 0,
        "error": None,
    }
    if os.path.exists(db):
        os.remove(db)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        cfg = Config(os.path.join(project, "alembic.ini"))
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db}")
        script = ScriptDirectory.from_config(cfg)
        revisions = list(reversed(list(script.walk_revisions())))
        result["revisions"] = len(revisions)
        start, start_cpu = time.perf_counter(), time.process_time()
        for rev in revisions:
            command.upgrade(cfg, rev.revision)
            if len(rev._versioned_down_revisions) > 1:
                continue
            command.downgrade(cfg, f"{rev.revision}@-1")
            command.upgrade(cfg, rev.revision)
        result["seconds"] = round(time.perf_counter() - start, 6)
        result["cpu_seconds"] = round(time.process_time() - start_cpu, 6)
        result["ok"] = True
    except BaseException as e:  # noqa: BLE001 - Alembic raises SystemExit, CommandError, DB errors
        result["error"] = f"{type(e).__name__}: {e}".splitlines()[0][:300]
    finally:
        os.chdir(cwd)
        if os.path.exists(db):
            os.remove(db)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-dir", default=None, help="where the SQLite files go (tmpfs is best)")
    parser.add_argument("projects", nargs="+")
    args = parser.parse_args()
    db_dir = args.db_dir or tempfile.gettempdir()
    logging.disable(logging.CRITICAL)
    all_ok = True
    for i, project in enumerate(args.projects):
        project = os.path.abspath(project)
        result = stairway(project, os.path.join(db_dir, f"retort-stairway-{os.getpid()}-{i}.db"))
        all_ok = all_ok and result["ok"]
        print(json.dumps(result), flush=True)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
