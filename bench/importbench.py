"""What bench/import_mbox.py and bench/import_stackexchange.py share: a fresh database of each
kind, and the import run in a child process whose peak memory (ru_maxrss) is its own.

For each measure: the parent makes an empty database (a temporary SQLite file, or a PostgreSQL
database of its own that it drops afterwards) and migrates it in a separate process; then a
child process sets Django up and runs `run_import` (what `cercle import` runs, without the
progress bar), and prints its figures as JSON: seconds, what was written, and its ru_maxrss.
Only the import is timed; Django's start is not.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


@contextmanager
def database(kind: str, label: str):
    """The environment of a fresh, migrated database of this kind."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "cercle.project.settings"
    data = Path(tempfile.mkdtemp(prefix=f"cercle-bench-{label}-"))
    env["CERCLE_DATA_DIR"] = str(data)
    name = f"cercle_bench_{label}_{os.getpid()}"
    try:
        if kind == "postgresql":
            _psql(f'DROP DATABASE IF EXISTS "{name}"')
            _psql(f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = f"{POSTGRES}/{name}"
        subprocess.run(
            [PYTHON, "-m", "cercle", "migrate", "--verbosity", "0"], env=env, cwd=REPO, check=True
        )
        yield env
    finally:
        if kind == "postgresql":
            _psql(f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(data, ignore_errors=True)


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def measure(kind: str, sources: list[Path], env: dict, *, read_only: bool = False) -> dict:
    """Run one import (or only the reading) in a child process; its figures."""
    command = [PYTHON, __file__, "child", kind, *map(str, sources)]
    if read_only:
        command.append("--read-only")
    done = subprocess.run(command, env=env, cwd=REPO, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child(kind: str, sources: list[str], read_only: bool) -> None:
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from cercle.accounts.models import User
    from cercle.connectors.readers import ReadReport
    from cercle.connectors.registry import get_reader

    def cpu_now() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    started, cpu_before = time.perf_counter(), cpu_now()
    if read_only:
        reader = get_reader(kind)
        report = ReadReport()
        posts = sum(1 for _post in reader.posts([Path(s) for s in sources], report))
        votes = sum(1 for _vote in reader.votes([Path(s) for s in sources]))
        figures = {"posts": posts, "votes": votes, "rows": report.counts.get("rows", 0)}
    else:
        from cercle.connectors.importing import run_import

        animator = User.objects.create_user("bench@example.org", None, name="Bench")
        started, cpu_before = time.perf_counter(), cpu_now()
        summary = run_import(kind, sources, community="bench", create=True, animator=animator)
        figures = {
            "posts": summary.posts,
            "threads": summary.threads,
            "members": summary.members,
            "reactions": summary.reactions,
            "read": summary.read,
        }
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # The import reads the archive in a child process of its own (connectors/pipeline.py):
    # its CPU and peak memory are counted too.
    reader = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    figures.update(
        seconds=round(seconds, 2),
        cpu_seconds=round(cpu, 2),
        maxrss_mb=round(usage.ru_maxrss / 1024, 1),
        reader_cpu_seconds=round(reader.ru_utime + reader.ru_stime, 2),
        reader_maxrss_mb=round(reader.ru_maxrss / 1024, 1),
    )
    print(json.dumps(figures))


def report_line(label: str, figures: dict, units: list[tuple[str, int]]) -> str:
    """Rates by the wall clock, and by the CPU time of the importing processes, the writer
    and its reader (what the machine's other work does not change; on PostgreSQL the server's
    work is not in it); the peak memory of each."""
    wall = figures["seconds"]
    cpu = figures["cpu_seconds"] + figures.get("reader_cpu_seconds", 0)
    rates = ", ".join(
        f"{count / wall:,.0f} {unit}/s ({count / cpu:,.0f} per CPU second)" for unit, count in units
    )
    memory = f"peak memory {figures['maxrss_mb']} MB"
    if figures.get("reader_maxrss_mb"):
        memory += f" (reader {figures['reader_maxrss_mb']} MB)"
    return f"{label:<24} {wall:>7.1f} s  {rates}  {memory}"


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "child":
    arguments = sys.argv[2:]
    read_only = "--read-only" in arguments
    arguments = [a for a in arguments if a != "--read-only"]
    _child(arguments[0], arguments[1:], read_only)
