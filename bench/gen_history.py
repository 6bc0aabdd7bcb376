#!/usr/bin/env python3
"""Generate a seeded, realistic Alembic project with an N-revision history.

The history is mostly linear, with a few branches that are merged back, and
every revision's downgrade undoes its upgrade. Files follow the templates of
three Alembic generations (untyped, typed as in 1.13, typed with docstrings as
in 1.16+), in that order through the history, as a project that upgraded
Alembic over the years would have them.

The schema evolves coherently: columns are added to tables that exist, indexes
on columns that exist, and operations SQLite cannot do in place (ALTER COLUMN,
constraints, dropping a column) go through ``op.batch_alter_table``, so the
whole history upgrades and downgrades on SQLite under real Alembic. On a branch
a revision alters only what was created on that branch, so any order Alembic
picks for the branches works.

Output (``--out``, default ``bench/out/history-N``)::

    alembic.ini
    migrations/env.py
    migrations/script.py.mako
    migrations/versions/<rev>_<slug>.py   (N files)

Same seed and N, same bytes. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

NOUNS = """account address audit_log invoice invoice_line order order_item product
category tag review payment refund shipment warehouse stock supplier customer
employee department project task comment attachment notification session token
role permission team membership plan subscription coupon discount cart wishlist
region country currency tax_rate price_list event webhook api_key report
dashboard widget setting feature_flag export import_job message thread""".split()

COLUMN_WORDS = """name title email status kind code label description note slug
amount total quantity price rank priority score external_id reference source
url phone locale timezone color version checksum owner_email approved_by
archived_reason region_code""".split()

# (rendered type, SQLite-reflected type for existing_type=, sample literal)
TYPES = [
    ("sa.String(length={n})", "sa.VARCHAR(length={n})", "'n/a'"),
    ("sa.Text()", "sa.TEXT()", "''"),
    ("sa.Integer()", "sa.INTEGER()", "0"),
    ("sa.BigInteger()", "sa.BIGINT()", "0"),
    ("sa.Boolean()", "sa.BOOLEAN()", "false"),
    ("sa.DateTime()", "sa.DATETIME()", "CURRENT_TIMESTAMP"),
    ("sa.Date()", "sa.DATE()", "CURRENT_DATE"),
    ("sa.Numeric(precision=10, scale=2)", "sa.NUMERIC(precision=10, scale=2)", "0"),
]
STRING_LENGTHS = [20, 32, 50, 64, 100, 120, 255]


@dataclass
class Column:
    name: str
    type_index: int
    length: int
    nullable: bool
    indexed: bool = False
    unique: bool = False
    foreign: bool = False
    checked: bool = False
    # The branch that created it (0: before any open branch).
    branch: int = 0

    def rendered_type(self) -> str:
        return TYPES[self.type_index][0].format(n=self.length)

    def existing_type(self) -> str:
        return TYPES[self.type_index][1].format(n=self.length)

    def literal(self) -> str:
        return TYPES[self.type_index][2]

    def is_string(self) -> bool:
        return self.type_index == 0

    def droppable(self) -> bool:
        return not (self.indexed or self.unique or self.foreign or self.checked)


@dataclass
class Table:
    name: str
    columns: dict[str, Column] = field(default_factory=dict)
    # The branch that created it (0: before any open branch).
    branch: int = 0


@dataclass
class Revision:
    rev: str
    parents: list[str]
    message: str
    upgrade: list[str]
    downgrade: list[str]
    branch_label: str | None = None


class History:
    def __init__(self, seed: int, count: int) -> None:
        self.rng = random.Random(seed)
        self.count = count
        self.tables: dict[str, Table] = {}
        self.used_revs: set[str] = set()
        self.noun_uses: dict[str, int] = {}
        self.branch_counter = 0
        # The branch of the revision being written; 0 while there is one head.
        self.branch = 0

    def visible(self, thing: Table | Column) -> bool:
        """Whether the revision being written sees `thing` whatever the order
        Alembic runs the open branches in."""
        return thing.branch in (0, self.branch)

    def visible_tables(self) -> list[Table]:
        return [t for t in self.tables.values() if self.visible(t)]

    def alterable_tables(self) -> list[Table]:
        """Tables the revision may alter or drop from: on a branch only its
        own, so that two branches never change the same thing."""
        return [t for t in self.tables.values() if self.branch == 0 or t.branch == self.branch]

    # -- names -----------------------------------------------------------

    def new_rev(self) -> str:
        while True:
            rev = f"{self.rng.getrandbits(48):012x}"
            if rev not in self.used_revs:
                self.used_revs.add(rev)
                return rev

    def new_table_name(self) -> str:
        noun = self.rng.choice(NOUNS)
        uses = self.noun_uses.get(noun, 0)
        self.noun_uses[noun] = uses + 1
        return noun if uses == 0 else f"{noun}_{uses + 1}"

    def new_column_name(self, table: Table) -> str:
        for _ in range(50):
            name = self.rng.choice(COLUMN_WORDS)
            if name not in table.columns:
                return name
        suffix = 2
        while f"{name}_{suffix}" in table.columns:
            suffix += 1
        return f"{name}_{suffix}"

    def new_column(self, table: Table, nullable: bool | None = None) -> Column:
        return Column(
            name=self.new_column_name(table),
            type_index=self.rng.randrange(len(TYPES)),
            length=self.rng.choice(STRING_LENGTHS),
            nullable=self.rng.random() < 0.7 if nullable is None else nullable,
            branch=self.branch,
        )

    # -- operations: each returns (message, upgrade lines, downgrade lines) --

    def op_create_table(self) -> tuple[str, list[str], list[str]]:
        table = Table(self.new_table_name(), branch=self.branch)
        table.columns["id"] = Column("id", 2, 0, nullable=False, branch=self.branch)
        lines = [f"    op.create_table('{table.name}',"]
        lines.append("    sa.Column('id', sa.Integer(), nullable=False),")
        constraints = [f"    sa.PrimaryKeyConstraint('id', name=op.f('pk_{table.name}')),"]
        references = self.visible_tables()
        if references and self.rng.random() < 0.6:
            target = self.rng.choice(references)
            fk = Column(f"{target.name}_id", 2, 0, nullable=self.rng.random() < 0.3,
                        foreign=True, branch=self.branch)
            table.columns[fk.name] = fk
            lines.append(f"    sa.Column('{fk.name}', sa.Integer(), nullable={fk.nullable}),")
            constraints.append(
                f"    sa.ForeignKeyConstraint(['{fk.name}'], ['{target.name}.id'], "
                f"name=op.f('fk_{table.name}_{fk.name}_{target.name}')),"
            )
        for _ in range(self.rng.randint(2, 6)):
            column = self.new_column(table)
            table.columns[column.name] = column
            extra = ""
            if not column.nullable and self.rng.random() < 0.5:
                extra = f", server_default=sa.text({column.literal()!r})"
            lines.append(
                f"    sa.Column('{column.name}', {column.rendered_type()}{extra}, "
                f"nullable={column.nullable}),"
            )
        if self.rng.random() < 0.4:
            column = self.rng.choice([c for c in table.columns.values() if c.name != "id"])
            column.unique = True
            constraints.append(
                f"    sa.UniqueConstraint('{column.name}', name=op.f('uq_{table.name}_{column.name}')),"
            )
        if self.rng.random() < 0.2:
            number = self.new_column(table, nullable=False)
            number.type_index = 2
            number.checked = True
            table.columns[number.name] = number
            lines.append(f"    sa.Column('{number.name}', sa.Integer(), nullable=False),")
            constraints.append(
                f"    sa.CheckConstraint('{number.name} >= 0', "
                f"name=op.f('ck_{table.name}_{number.name}_positive')),"
            )
        lines.extend(constraints)
        lines.append("    )")
        downgrade = []
        indexable = [c for c in table.columns.values() if c.name != "id" and not c.unique]
        if indexable and self.rng.random() < 0.7:
            column = self.rng.choice(indexable)
            column.indexed = True
            index = f"ix_{table.name}_{column.name}"
            lines.append(
                f"    op.create_index(op.f('{index}'), '{table.name}', ['{column.name}'], unique=False)"
            )
            downgrade.append(f"    op.drop_index(op.f('{index}'), table_name='{table.name}')")
        downgrade.append(f"    op.drop_table('{table.name}')")
        self.tables[table.name] = table
        return f"create {table.name} table", lines, downgrade

    def op_add_column(self, table: Table) -> tuple[str, list[str], list[str]]:
        column = self.new_column(table, nullable=True)
        table.columns[column.name] = column
        up = [
            f"    op.add_column('{table.name}', sa.Column('{column.name}', "
            f"{column.rendered_type()}, nullable=True))"
        ]
        down = [f"    with op.batch_alter_table('{table.name}', schema=None) as batch_op:",
                f"        batch_op.drop_column('{column.name}')"]
        return f"add {column.name} to {table.name}", up, down

    def op_create_index(self, table: Table) -> tuple[str, list[str], list[str]] | None:
        candidates = [c for c in table.columns.values()
                      if c.name != "id" and not c.indexed and not c.unique and self.visible(c)]
        if not candidates:
            return None
        column = self.rng.choice(candidates)
        column.indexed = True
        index = f"ix_{table.name}_{column.name}"
        up = [f"    op.create_index(op.f('{index}'), '{table.name}', ['{column.name}'], unique=False)"]
        down = [f"    op.drop_index(op.f('{index}'), table_name='{table.name}')"]
        return f"index {table.name} {column.name}", up, down

    def op_alter_column(self, table: Table) -> tuple[str, list[str], list[str]] | None:
        candidates = [c for c in table.columns.values() if c.name != "id" and c.droppable()]
        if not candidates:
            return None
        column = self.rng.choice(candidates)
        head = [f"    with op.batch_alter_table('{table.name}', schema=None) as batch_op:"]
        if column.is_string() and self.rng.random() < 0.6:
            old_type, old_length = column.existing_type(), column.length
            longer = [n for n in STRING_LENGTHS if n > old_length] or [old_length + 100]
            column.length = self.rng.choice(longer)
            up = head + [
                f"        batch_op.alter_column('{column.name}',",
                f"               existing_type={old_type},",
                f"               type_={column.rendered_type()},",
                f"               existing_nullable={column.nullable})",
            ]
            down = head + [
                f"        batch_op.alter_column('{column.name}',",
                f"               existing_type={column.rendered_type()},",
                f"               type_=sa.String(length={old_length}),",
                f"               existing_nullable={column.nullable})",
            ]
            return f"widen {table.name} {column.name}", up, down
        was = column.nullable
        column.nullable = not was
        alter = [
            f"        batch_op.alter_column('{column.name}',",
            f"               existing_type={column.existing_type()},",
        ]
        up = head + alter + [f"               nullable={column.nullable})"]
        down = head + alter + [f"               nullable={was})"]
        prefix = []
        if not column.nullable:
            prefix = [f"    op.execute(\"UPDATE {table.name} SET {column.name} = "
                      f"{column.literal()} WHERE {column.name} IS NULL\")"]
        verb = "require" if not column.nullable else "relax"
        return f"{verb} {table.name} {column.name}", prefix + up, down

    def op_unique(self, table: Table) -> tuple[str, list[str], list[str]] | None:
        candidates = [c for c in table.columns.values()
                      if c.name != "id" and not c.unique and not c.indexed and not c.foreign]
        if not candidates:
            return None
        column = self.rng.choice(candidates)
        column.unique = True
        name = f"uq_{table.name}_{column.name}"
        head = [f"    with op.batch_alter_table('{table.name}', schema=None) as batch_op:"]
        up = head + [f"        batch_op.create_unique_constraint(batch_op.f('{name}'), ['{column.name}'])"]
        down = head + [f"        batch_op.drop_constraint(batch_op.f('{name}'), type_='unique')"]
        return f"unique {table.name} {column.name}", up, down

    def op_drop_column(self, table: Table) -> tuple[str, list[str], list[str]] | None:
        candidates = [c for c in table.columns.values()
                      if c.name != "id" and c.droppable() and c.nullable]
        if not candidates:
            return None
        column = self.rng.choice(candidates)
        del table.columns[column.name]
        head = [f"    with op.batch_alter_table('{table.name}', schema=None) as batch_op:"]
        up = head + [f"        batch_op.drop_column('{column.name}')"]
        down = head + [
            f"        batch_op.add_column(sa.Column('{column.name}', "
            f"{column.rendered_type()}, nullable=True))"
        ]
        return f"drop {table.name} {column.name}", up, down

    def op_batch_add_indexed(self, table: Table) -> tuple[str, list[str], list[str]]:
        column = self.new_column(table, nullable=True)
        column.indexed = True
        table.columns[column.name] = column
        index = f"ix_{table.name}_{column.name}"
        head = [f"    with op.batch_alter_table('{table.name}', schema=None) as batch_op:"]
        up = head + [
            f"        batch_op.add_column(sa.Column('{column.name}', "
            f"{column.rendered_type()}, nullable=True))",
            f"        batch_op.create_index(batch_op.f('{index}'), ['{column.name}'], unique=False)",
        ]
        down = head + [
            f"        batch_op.drop_index(batch_op.f('{index}'))",
            f"        batch_op.drop_column('{column.name}')",
        ]
        return f"add indexed {column.name} to {table.name}", up, down

    def op_data(self, table: Table) -> tuple[str, list[str], list[str]] | None:
        strings = [c for c in table.columns.values() if c.is_string()]
        if not strings:
            return None
        column = self.rng.choice(strings)
        value = self.rng.choice(["legacy", "unknown", "migrated", "default"])
        up = [f"    op.execute(\"UPDATE {table.name} SET {column.name} = '{value}' "
              f"WHERE {column.name} = ''\")"]
        down = [f"    op.execute(\"UPDATE {table.name} SET {column.name} = '' "
                f"WHERE {column.name} = '{value}'\")"]
        return f"backfill {table.name} {column.name}", up, down

    def revision_body(self) -> tuple[str, list[str], list[str]]:
        """One to three operations; the downgrade undoes them in reverse order."""
        messages: list[str] = []
        upgrade: list[str] = []
        downgrade: list[str] = []
        for _ in range(self.rng.choice([1, 1, 1, 2, 2, 3])):
            # Tables shared by open branches only grow: new columns and
            # indexes have names no other branch uses, so branches commute.
            alterable = self.alterable_tables()
            growable = self.visible_tables()
            roll = self.rng.random()
            step = None
            if not growable or roll < 0.18:
                step = self.op_create_table()
            elif roll < 0.40:
                step = self.op_add_column(self.rng.choice(growable))
            elif roll < 0.52:
                step = self.op_create_index(self.rng.choice(growable))
            elif roll < 0.62:
                step = self.op_batch_add_indexed(self.rng.choice(growable))
            elif alterable and roll < 0.77:
                step = self.op_alter_column(self.rng.choice(alterable))
            elif alterable and roll < 0.84:
                step = self.op_unique(self.rng.choice(alterable))
            elif alterable and roll < 0.90:
                step = self.op_drop_column(self.rng.choice(alterable))
            elif alterable:
                step = self.op_data(self.rng.choice(alterable))
            if step is None:
                step = self.op_add_column(self.rng.choice(growable))
            message, up, down = step
            messages.append(message)
            upgrade.extend(up)
            downgrade = down + downgrade
        return ", ".join(messages), upgrade, downgrade

    # -- the graph -------------------------------------------------------

    def generate(self) -> list[Revision]:
        revisions: list[Revision] = []
        # The tip of each open branch -> its branch number (0: the only head).
        heads: dict[str, int] = {}
        # After a fork, the second child of the fork point comes next.
        sibling_of: tuple[str, int] | None = None
        for index in range(self.count):
            remaining = self.count - index
            rev = self.new_rev()
            roll = self.rng.random()
            label = None
            if sibling_of is not None:
                parent, self.branch = sibling_of
                sibling_of = None
                parents = [parent]
            elif len(heads) > 1 and (roll < 0.12 or remaining == 1):
                parents = sorted(heads, key=lambda h: heads[h])
                heads = {rev: 0}
                self.branch = 0
                for table in self.tables.values():
                    table.branch = 0
                    for column in table.columns.values():
                        column.branch = 0
                revisions.append(Revision(rev, parents, "merge heads", ["    pass"], ["    pass"]))
                continue
            elif len(heads) == 1 and roll < 0.015 and remaining > 8:
                (parent,) = heads
                heads = {}
                parents = [parent]
                self.branch = self.branch_counter + 1
                sibling_of = (parent, self.branch_counter + 2)
                self.branch_counter += 2
                if self.rng.random() < 0.3:
                    label = f"feature_{self.branch}"
            else:
                parent = self.rng.choice(sorted(heads)) if heads else None
                self.branch = heads.pop(parent) if parent else 0
                parents = [parent] if parent else []
            heads[rev] = self.branch
            message, upgrade, downgrade = self.revision_body()
            revisions.append(Revision(rev, parents, message, upgrade, downgrade, label))
        return revisions


# -- rendering ----------------------------------------------------------------

def slug(message: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")
    # Alembic's default truncate_slug_length is 40, cut at a word boundary.
    if len(text) > 40:
        text = text[:40].rsplit("_", 1)[0]
    return text


def python_value(parents: list[str]) -> str:
    if not parents:
        return "None"
    if len(parents) == 1:
        return repr(parents[0])
    return "(" + ", ".join(repr(p) for p in parents) + ")"


def render(revision: Revision, generation: int, created: dt.datetime) -> str:
    """generation 0: untyped; 1: typed (Alembic 1.13); 2: typed + docstrings (1.16+)."""
    revises = ", ".join(revision.parents)
    out = [f'"""{revision.message}', "", f"Revision ID: {revision.rev}",
           f"Revises: {revises}", f"Create Date: {created.isoformat(sep=' ')}", "", '"""']
    if generation == 0:
        out += ["from alembic import op", "import sqlalchemy as sa", "", "",
                "# revision identifiers, used by Alembic.",
                f"revision = {revision.rev!r}",
                f"down_revision = {python_value(revision.parents)}",
                f"branch_labels = {revision.branch_label!r}",
                "depends_on = None", "", ""]
        up_def, down_def = "def upgrade():", "def downgrade():"
    else:
        down_type = ("Union[str, None]" if generation == 1
                     else "Union[str, Sequence[str], None]")
        if len(revision.parents) > 1:
            down_type = "Union[str, Sequence[str], None]"
        out += ["from typing import Sequence, Union", "", "from alembic import op",
                "import sqlalchemy as sa", "", "",
                "# revision identifiers, used by Alembic.",
                f"revision: str = {revision.rev!r}",
                f"down_revision: {down_type} = {python_value(revision.parents)}",
                f"branch_labels: Union[str, Sequence[str], None] = {revision.branch_label!r}",
                "depends_on: Union[str, Sequence[str], None] = None", "", ""]
        up_def, down_def = "def upgrade() -> None:", "def downgrade() -> None:"
    for definition, docstring, body in ((up_def, "Upgrade schema.", revision.upgrade),
                                        (down_def, "Downgrade schema.", revision.downgrade)):
        out.append(definition)
        if generation == 2:
            out.append(f'    """{docstring}"""')
        merge = body == ["    pass"]
        if not merge:
            out.append("    # ### commands auto generated by Alembic - please adjust! ###")
        out += body
        if not merge:
            out.append("    # ### end Alembic commands ###")
        out += ["", ""]
    return "\n".join(out[:-2]) + "\n"


ALEMBIC_INI = """\
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
path_separator = os
sqlalchemy.url = sqlite:///%(here)s/bench.db

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = WARNING
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
"""

ENV_PY = '''\
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = None


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

SCRIPT_MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--revisions", type=int, default=2000,
                        help="number of revision files (default: 2000)")
    parser.add_argument("--seed", type=int, default=20261101, help="random seed")
    parser.add_argument("--out", type=Path, help="output folder (default: bench/out/history-N)")
    args = parser.parse_args()
    if args.revisions < 1:
        parser.error("--revisions must be at least 1")
    out = args.out or Path(__file__).resolve().parent / "out" / f"history-{args.revisions}"

    revisions = History(args.seed, args.revisions).generate()

    versions = out / "migrations" / "versions"
    if versions.exists():
        shutil.rmtree(versions)
    versions.mkdir(parents=True)
    (out / "alembic.ini").write_text(ALEMBIC_INI)
    (out / "migrations" / "env.py").write_text(ENV_PY)
    (out / "migrations" / "script.py.mako").write_text(SCRIPT_MAKO)

    created = dt.datetime(2019, 3, 4, 9, 30, 0, 118_000)
    rng = random.Random(args.seed ^ 0x5EED)
    merges = 0
    for index, revision in enumerate(revisions):
        position = index / len(revisions)
        generation = 0 if position < 0.4 else 1 if position < 0.75 else 2
        created += dt.timedelta(hours=rng.randint(1, 36), seconds=rng.randint(0, 3599),
                                microseconds=rng.randint(0, 999_999))
        merges += len(revision.parents) > 1
        path = versions / f"{revision.rev}_{slug(revision.message)}.py"
        path.write_text(render(revision, generation, created))
    print(f"{len(revisions)} revisions ({merges} merges) in {versions}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
