"""Writes crates/retort-sql/src/dialect/reserved.rs from SQLAlchemy's identifier preparers.

Run with the oracle venv's interpreter:  python tests/oracle/gen_reserved_words.py
"""

import sys
from pathlib import Path

from sqlalchemy.sql import compiler
from sqlalchemy.dialects.postgresql import base as pg
from sqlalchemy.dialects.sqlite import base as sl
from sqlalchemy.dialects.mysql import base as my
import sqlalchemy

lists = {
    "DEFAULT": compiler.RESERVED_WORDS,
    "POSTGRESQL": pg.RESERVED_WORDS,
    "SQLITE": sl.SQLiteIdentifierPreparer.reserved_words,
    "MYSQL": my.RESERVED_WORDS_MYSQL,
}

out = [
    "//! Reserved words per dialect, generated from SQLAlchemy "
    f"{sqlalchemy.__version__} by `tests/oracle/gen_reserved_words.py`; do not edit.",
    "",
]
for name, words in lists.items():
    words = sorted(words)
    out.append(f"/// Words SQLAlchemy quotes as identifiers ({name.lower()} preparer), sorted.")
    out.append(f"pub(crate) const {name}: &[&str] = &[")
    for w in words:
        out.append(f'    "{w}",')
    out.append("];")
    out.append("")

root = Path(__file__).resolve().parents[2]
(root / "crates/retort-sql/src/dialect/reserved.rs").write_text("\n".join(out))
print("wrote", sum(len(w) for w in lists.values()), "words", file=sys.stderr)
