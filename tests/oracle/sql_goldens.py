"""Offline SQL goldens from real Alembic, for retort-sql's byte-for-byte tests.

    python tests/oracle/sql_goldens.py [--venv VENV] [topic ...]

Every topic under tests/fixtures/sql/<topic>/ holds revision files (versions/*.py) and
optionally commands.txt (extra `alembic` argument lists, one per line). For each
dialect (postgresql, sqlite, mysql) the script writes a fixture project
tests/fixtures/projects/sql_<topic>_<dialect>/ in the layout of the graph oracle
(alembic.ini with `sqlalchemy.url = <dialect>://`, migrations/env.py from Alembic's
generic template, the revision files, commands.txt), runs each command with the venv's
`alembic` in the project directory, and writes tests/goldens/sql_<topic>_<dialect>/
<sanitized>.{stdout,stderr,exit} exactly as tests/oracle/run_oracle.py does (same
sanitising and path normalisation), so either script can regenerate these projects.

Default commands: `upgrade head --sql` and `downgrade head:base --sql`. A topic may
narrow its dialects (dialects.txt), add `context.configure(...)` keyword arguments
(configure.txt, one per line) and, with same_as.txt naming another topic, take that
topic's goldens instead of running Alembic: batch_catalog holds batch_copy's ops without
`copy_from=`, which Alembic cannot render offline and Retort renders from its catalog,
so its expected output is what Alembic prints given the equivalent `copy_from`.

The venv is --venv, else $ORACLE_VENV, else tests/oracle/.venv; it must hold
alembic 1.20.1 and SQLAlchemy 2.1.9 (regen.sh creates tests/oracle/.venv).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIALECTS = ("postgresql", "sqlite", "mysql")
DEFAULT_COMMANDS = ("upgrade head --sql", "downgrade head:base --sql")

ALEMBIC_INI = """\
# A fixture project for retort-sql's offline SQL oracle (tests/oracle/sql_goldens.py).
[alembic]
script_location = migrations
prepend_sys_path = .
path_separator = os
sqlalchemy.url = {url}

[post_write_hooks]

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
level = INFO
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

from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = None


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={{"paramstyle": "named"}},{configure}
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


def sanitize(command: str) -> str:
    """The golden file stem for a command line (as tests/oracle/run_oracle.py)."""
    keep = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@+")
    return "".join(c if c in keep else "_" for c in command.strip())


def normalize(text: str, project: Path, venv: Path) -> str:
    for path, placeholder in (
        (str(project.resolve()), "<project>"),
        (str(project), "<project>"),
        (str(venv.resolve()), "<venv>"),
        (str(venv), "<venv>"),
    ):
        text = text.replace(path, placeholder)
    return text


def find_venv(arg: str | None) -> Path:
    for candidate in (arg, os.environ.get("ORACLE_VENV"), str(ROOT / "tests/oracle/.venv")):
        if candidate and (Path(candidate) / "bin" / "alembic").exists():
            return Path(candidate)
    sys.exit("no oracle venv: pass --venv or set ORACLE_VENV (alembic 1.20.1, SQLAlchemy 2.1.9)")


def commands_for(topic_dir: Path) -> list[str]:
    commands = list(DEFAULT_COMMANDS)
    extra = topic_dir / "commands.txt"
    if extra.is_file():
        for line in extra.read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("!"):
                # `!upgrade head --sql`: drop a default command
                commands = [c for c in commands if c != line[1:].strip()]
            elif line not in commands:
                commands.append(line)
    return commands


def project_name(topic_dir: Path, dialect: str) -> str:
    """`sql_<topic>_<dialect>`, or `sql_<topic>` when the topic is named for its dialect."""
    if topic_dir.name.endswith(f"_{dialect}"):
        return f"sql_{topic_dir.name}"
    return f"sql_{topic_dir.name}_{dialect}"


def write_project(topic_dir: Path, dialect: str) -> Path:
    project = ROOT / "tests/fixtures/projects" / project_name(topic_dir, dialect)
    if project.exists():
        shutil.rmtree(project)
    versions = project / "migrations" / "versions"
    versions.mkdir(parents=True)
    (project / "alembic.ini").write_text(ALEMBIC_INI.format(url=f"{dialect}://"))
    configure = topic_dir / "configure.txt"
    extra = ""
    if configure.is_file():
        # extra `context.configure(...)` keyword arguments, one per line
        extra = "".join(f"\n        {line.strip()}," for line in configure.read_text().splitlines() if line.strip())
    (project / "migrations" / "env.py").write_text(ENV_PY.replace("{{", "{").replace("}}", "}").replace("{configure}", extra))
    for f in sorted((topic_dir / "versions").glob("*.py")):
        shutil.copy(f, versions / f.name)
    (project / "commands.txt").write_text("\n".join(commands_for(topic_dir)) + "\n")
    return project


def run(alembic: Path, venv: Path, project: Path, command: str):
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("ALEMBIC_CONFIG", None)
    proc = subprocess.run(
        [str(alembic), *shlex.split(command)],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    return (
        normalize(proc.stdout, project, venv),
        normalize(proc.stderr, project, venv),
        f"{proc.returncode}\n",
    )


def generate(topic: Path, alembic: Path, venv: Path) -> None:
    """Writes the projects and goldens of one topic directory."""
    dialects = DIALECTS
    only = topic / "dialects.txt"
    if only.is_file():
        dialects = tuple(only.read_text().split())
    for dialect in dialects:
        project = write_project(topic, dialect)
        out = ROOT / "tests/goldens" / project.name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        commands = commands_for(topic)
        same_as = topic / "same_as.txt"
        if same_as.is_file():
            source = ROOT / "tests/goldens" / f"sql_{same_as.read_text().strip()}_{dialect}"
            for command in commands:
                for ext in ("stdout", "stderr", "exit"):
                    name = f"{sanitize(command)}.{ext}"
                    shutil.copy(source / name, out / name)
            print(f"{project.name}: {len(commands)} commands (goldens of {source.name})")
            continue
        for command in commands:
            stdout, stderr, code = run(alembic, venv, project, command)
            stem = sanitize(command)
            (out / f"{stem}.stdout").write_text(stdout)
            (out / f"{stem}.stderr").write_text(stderr)
            (out / f"{stem}.exit").write_text(code)
        print(f"{project.name}: {len(commands)} commands")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--venv")
    parser.add_argument("topics", nargs="*", help="topic names (default: all)")
    args = parser.parse_args()
    venv = find_venv(args.venv)
    alembic = venv / "bin" / "alembic"
    topics = sorted(p for p in (ROOT / "tests/fixtures/sql").iterdir() if (p / "versions").is_dir())
    if args.topics:
        topics = [t for t in topics if t.name in args.topics]
    # topics that reuse another's goldens come last
    topics.sort(key=lambda t: (t / "same_as.txt").is_file())
    for topic in topics:
        generate(topic, alembic, venv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
