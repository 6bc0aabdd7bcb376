"""Run real Alembic over the fixture projects and write the goldens.

Invoked by regen.sh with the oracle venv's interpreter. For every project under
tests/fixtures/projects/<name>/, each line of its commands.txt is one `alembic`
argument list (split like a shell would; `#` starts a comment line). The command
runs with the project directory as the working directory and standard input closed;
its standard output, standard error and exit code are written to
tests/goldens/<name>/<stem>.stdout, .stderr and .exit, where <stem> is the command
with every character outside [A-Za-z0-9._@+-] replaced by `_`.

Normalisations (the only ones): Alembic prints resolved absolute paths (`Path:`
lines, warnings, tracebacks); the project's directory becomes `<project>` and the
venv's directory `<venv>`.

Alembic's output is not always deterministic: some of what it prints iterates
Python sets (a branch point's children, a revision's branch labels, the revisions
an unmerge re-inserts, the order in which labelled revisions are checked), whose
order changes with PYTHONHASHSEED and object addresses. So:
- the golden (`<stem>.stdout` ...) is a fresh `alembic` process with
  PYTHONHASHSEED=0: exactly what a user would see;
- the same command then runs under seeds 1..N (N = --seeds, default 24) in a fork
  server (one interpreter per seed that has imported Alembic, forking a child per
  command, so it costs milliseconds), and every outcome different from the golden
  is kept as `<stem>.altK.{stdout,stderr,exit}`. Tracebacks there are cut to start
  at the `alembic` script, as a fresh process prints them.
A port is faithful when its output equals the golden or one of the alternatives.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def sanitize(command: str) -> str:
    """The golden file stem for a command line (Retort's tests use the same rule)."""
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


def base_env(seed: int) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = str(seed)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("ALEMBIC_CONFIG", None)
    return env


def run_fresh(alembic: Path, project: Path, command: str) -> tuple[str, str, str]:
    proc = subprocess.run(
        [str(alembic), *shlex.split(command)],
        cwd=project,
        env=base_env(0),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    return proc.stdout, proc.stderr, f"{proc.returncode}\n"


def fork_server(script: str) -> int:
    """Reads [[project, command], ...] as JSON on stdin; answers [[out, err, code], ...]."""
    import runpy
    import traceback

    import alembic.config  # noqa: F401  (imported once, before forking)
    del alembic

    jobs = json.load(sys.stdin)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        out_path, err_path = os.path.join(tmp, "out"), os.path.join(tmp, "err")
        for project, command in jobs:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    devnull = os.open(os.devnull, os.O_RDONLY)
                    os.dup2(devnull, 0)
                    os.dup2(os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
                    os.dup2(os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
                    os.chdir(project)
                    sys.argv = [script, *shlex.split(command)]
                    try:
                        runpy.run_path(script, run_name="__main__")
                        code = 0
                    except SystemExit as exc:
                        if exc.code is None:
                            code = 0
                        elif isinstance(exc.code, int):
                            code = exc.code & 0xFF
                        else:
                            print(exc.code, file=sys.stderr)
                            code = 1
                    except BaseException as exc:  # noqa: BLE001 - print it as Python would
                        tb = exc.__traceback__
                        while tb is not None and tb.tb_frame.f_code.co_filename != script:
                            tb = tb.tb_next
                        traceback.print_exception(type(exc), exc, tb)
                        code = 1
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            _, status = os.waitpid(pid, 0)
            with open(out_path) as f:
                out = f.read()
            with open(err_path) as f:
                err = f.read()
            results.append([out, err, f"{os.waitstatus_to_exitcode(status)}\n"])
    json.dump(results, sys.stdout)
    return 0


def run_seed(alembic: Path, seed: int, jobs: list[tuple[Path, str]]) -> list[tuple[str, str, str]]:
    proc = subprocess.run(
        [sys.executable, __file__, "--fork-server", str(alembic)],
        input=json.dumps([[str(p), c] for p, c in jobs]),
        env=base_env(seed),
        capture_output=True,
        text=True,
        check=True,
    )
    return [tuple(r) for r in json.loads(proc.stdout)]


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--fork-server":
        return fork_server(sys.argv[2])

    parser = argparse.ArgumentParser()
    parser.add_argument("--venv", type=Path, required=True)
    parser.add_argument("--projects", type=Path, required=True)
    parser.add_argument("--goldens", type=Path, required=True)
    parser.add_argument("--seeds", type=int, default=int(os.environ.get("ORACLE_SEEDS", "24")))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("only", nargs="*", help="project names (default: all)")
    args = parser.parse_args()

    venv = args.venv.absolute()
    alembic = venv / "bin" / "alembic"
    projects = sorted(p.absolute() for p in args.projects.iterdir() if (p / "commands.txt").is_file())
    if args.only:
        projects = [p for p in projects if p.name in args.only]

    jobs: list[tuple[Path, str]] = []
    for project in projects:
        commands = [
            line.strip()
            for line in (project / "commands.txt").read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        stems = [sanitize(c) for c in commands]
        if len(set(stems)) != len(stems):
            print(f"{project.name}: two commands sanitize to the same file name", file=sys.stderr)
            return 1
        jobs.extend((project, c) for c in commands)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        fresh = [pool.submit(run_fresh, alembic, p, c) for p, c in jobs]
        seeded = [pool.submit(run_seed, alembic, seed, jobs) for seed in range(1, args.seeds)]
        outcomes = [[f.result()] for f in fresh]
        for future in seeded:
            for i, outcome in enumerate(future.result()):
                if outcome not in outcomes[i]:
                    outcomes[i].append(outcome)

    written = set()
    for (project, command), seen in zip(jobs, outcomes):
        out = args.goldens / project.name
        if project.name not in written:
            if out.exists():
                shutil.rmtree(out)
            out.mkdir(parents=True)
            written.add(project.name)
        stem = sanitize(command)
        for n, (stdout, stderr, code) in enumerate(seen):
            suffix = "" if n == 0 else f".alt{n}"
            (out / f"{stem}{suffix}.stdout").write_text(normalize(stdout, project, venv))
            (out / f"{stem}{suffix}.stderr").write_text(normalize(stderr, project, venv))
            (out / f"{stem}{suffix}.exit").write_text(code)
    for name in sorted(written):
        print(f"{name}: {sum(1 for p, _ in jobs if p.name == name)} commands")
    return 0


if __name__ == "__main__":
    sys.exit(main())
