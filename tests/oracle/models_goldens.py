"""Driver for models_goldens.sh: runs real Alembic on each model fixture.

Each case directory holds `models.py` and `versions/`. Lines at the top of models.py of
the form `# oracle: key=value` set options:
  compare_server_default=True        context.configure(compare_server_default=True)
  plugins=checkconstraint_byname      autogenerate_plugins += alembic.ext.checkconstraint_byname
  target=Base.metadata                the expression env.py passes as target_metadata
  render_as_batch=True                context.configure(render_as_batch=True)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "fixtures" / "models"
BIN = Path(sys.executable).parent
REV_ID = "ffffffffffff"

ENV_PY = '''\
import os
import sys
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

sys.path.insert(0, {case_dir!r})
import models  # noqa: E402

target_metadata = {target}


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {{}}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_server_default={compare_server_default},
            render_as_batch={render_as_batch},
            {plugins}
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
'''

DUMP = r'''
import json, sys
from sqlalchemy import Column
sys.path.insert(0, sys.argv[1])
import models
md = eval(sys.argv[2], vars(models))
out = []
for t in md.sorted_tables:
    out.append({
        "name": t.name,
        "schema": t.schema,
        "comment": t.comment,
        "columns": [
            {
                "name": c.name,
                "type": repr(c.type),
                "nullable": c.nullable,
                "primary_key": c.primary_key,
                "server_default": (repr(c.server_default.arg) if c.server_default is not None and hasattr(c.server_default, "arg") else None),
                "comment": c.comment,
            }
            for c in t.columns
        ],
        "constraints": sorted(
            [
                {
                    "kind": type(k).__name__,
                    "name": (str(k.name) if k.name is not None else None),
                    "columns": [c.name for c in k.columns] if hasattr(k, "columns") else [],
                }
                for k in t.constraints
            ],
            key=lambda k: (k["kind"], k["name"] or "", k["columns"]),
        ),
        "indexes": sorted(
            [
                {
                    "name": (str(i.name) if i.name is not None else None),
                    "columns": [e.name if isinstance(e, Column) else "<expression>" for e in i.expressions],
                    "unique": bool(i.unique),
                }
                for i in t.indexes
            ],
            key=lambda i: i["name"] or "",
        ),
    })
print(json.dumps({"naming_convention": {str(k if isinstance(k, str) else k.__name__): v for k, v in md.naming_convention.items()}, "tables": out}, indent=1, sort_keys=True))
'''


def options(models_py: Path) -> dict:
    opts = {}
    for line in models_py.read_text().splitlines():
        m = re.match(r"#\s*oracle:\s*(\w+)\s*=\s*(.+)$", line)
        if m:
            opts[m.group(1)] = m.group(2).strip()
    return opts


def default_target(models_py: Path) -> str:
    text = models_py.read_text()
    if "SQLModel" in text:
        return "models.SQLModel.metadata"
    if re.search(r"^class Base\b", text, re.M) or re.search(r"^Base\s*=", text, re.M):
        return "models.Base.metadata"
    return "models.metadata"


def run(cmd, cwd):
    env = dict(os.environ, PYTHONHASHSEED="0", PATH=f"{BIN}:{os.environ['PATH']}")
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def normalize(text: str, tmp: str) -> str:
    text = text.replace(tmp, "<scratch>")
    text = re.sub(r"\S*/site-packages/", "<site-packages>/", text)
    return re.sub(r"0x[0-9a-f]{6,}", "0x...", text)


def one(case: Path) -> None:
    models_py = case / "models.py"
    opts = options(models_py)
    target = opts.get("target", default_target(models_py))
    if not target.startswith("models."):
        target = "models." + target
    plugins = ""
    if "plugins" in opts:
        names = ", ".join(
            repr("alembic.ext." + p.strip()) for p in opts["plugins"].split(",")
        )
        plugins = f'autogenerate_plugins=["alembic.autogenerate.*", {names}],'
    expected = case / "expected"
    expected.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "proj"
        proj.mkdir()
        code, out, err = run([str(BIN / "alembic"), "init", "-t", "generic", "migrations"], proj)
        assert code == 0, err
        ini = (proj / "alembic.ini").read_text()
        ini = re.sub(r"^sqlalchemy.url = .*$", f"sqlalchemy.url = sqlite:///{tmp}/db.sqlite", ini, flags=re.M)
        (proj / "alembic.ini").write_text(ini)
        (proj / "migrations" / "env.py").write_text(
            ENV_PY.format(
                case_dir=str(case),
                target=target,
                compare_server_default=opts.get("compare_server_default", "False"),
                render_as_batch=opts.get("render_as_batch", "False"),
                plugins=plugins,
            )
        )
        versions = proj / "migrations" / "versions"
        for f in sorted((case / "versions").glob("*.py")) if (case / "versions").exists() else []:
            shutil.copy(f, versions / f.name)
        code, out, err = run([str(BIN / "alembic"), "upgrade", "head"], proj)
        assert code == 0, f"{case.name}: upgrade head failed:\n{err}"
        code, out, err = run([str(BIN / "alembic"), "check"], proj)
        (expected / "check.txt").write_text(normalize(err + out, tmp) + f"[exit code: {code}]\n")
        code, out, err = run(
            [str(BIN / "alembic"), "revision", "--autogenerate", "-m", "autogen", "--rev-id", REV_ID],
            proj,
        )
        (expected / "revision.txt").write_text(normalize(err + out, tmp) + f"[exit code: {code}]\n")
        generated = list(versions.glob(f"{REV_ID}_*.py"))
        if generated:
            text = generated[0].read_text()
            text = re.sub(r"^Create Date: .*$", "Create Date: <date>", text, flags=re.M)
            (expected / "revision.py").write_text(text)
            # Round trip: the generated revision applied, nothing is left to detect.
            code, out, err = run([str(BIN / "alembic"), "upgrade", "head"], proj)
            if code == 0:
                code, out, err = run([str(BIN / "alembic"), "check"], proj)
                (expected / "check_after.txt").write_text(normalize(err + out, tmp) + f"[exit code: {code}]\n")
            else:
                last = [l for l in err.splitlines() if l.strip()][-3:]
                (expected / "check_after.txt").write_text(
                    "upgrade with the generated revision failed:\n"
                    + normalize("\n".join(last), tmp)
                    + f"\n[exit code: {code}]\n"
                )
        code, out, err = run(
            [str(BIN / "python"), "-c", DUMP, str(case), target[len("models."):]], tmp
        )
        assert code == 0, f"{case.name}: metadata dump failed:\n{err}"
        (expected / "metadata.json").write_text(out)
    print(f"{case.name}: ok")


def main() -> None:
    wanted = sys.argv[1:]
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        if wanted and case.name not in wanted:
            continue
        one(case)


if __name__ == "__main__":
    main()
