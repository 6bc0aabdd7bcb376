#!/usr/bin/env python3
"""Real Alembic's stairway on SQLite, in one Python process, for bench/roundtrip.sh.

For every revision, parents first: ``command.upgrade`` to it, ``command.downgrade``
back to its parent (``<rev>@-1``, so other branches stay), ``command.upgrade`` to it
again; a merge revision is upgraded only (``downgrade -1`` from a merge is an
"Ambiguous walk" in Alembic). The database file is removed first. Prints the wall
time of the stairway alone (after imports and config loading) in seconds.

Usage: alembic_stairway.py PROJECT_DIR
"""

from __future__ import annotations

import logging
import os
import sys
import time

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


def main() -> int:
    project = os.path.abspath(sys.argv[1])
    os.chdir(project)
    db = os.path.join(project, "bench.db")
    if os.path.exists(db):
        os.remove(db)
    cfg = Config(os.path.join(project, "alembic.ini"))
    logging.disable(logging.CRITICAL)
    script = ScriptDirectory.from_config(cfg)
    revisions = list(reversed(list(script.walk_revisions())))
    start = time.perf_counter()
    for rev in revisions:
        command.upgrade(cfg, rev.revision)
        if len(rev._versioned_down_revisions) > 1:
            continue
        command.downgrade(cfg, f"{rev.revision}@-1")
        command.upgrade(cfg, rev.revision)
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
