"""Bench of the cockpit (issue 5, "Speed and scale"): a full recompute of the 1,000,000-post
community of bench/discussions.py, and what a cockpit page costs (reading its snapshot).

    .venv/bin/python bench/cockpit.py                  # full size, SQLite
    .venv/bin/python bench/cockpit.py --scale 0.05     # a quick look
    .venv/bin/python bench/cockpit.py --database-url postgres://postgres@127.0.0.1:5432/benchdisc

1. The database is bench/discussions.py's (same folder, same parameters): filled by it if it is
   not there yet (one community, 5,000 members, 100,000 topics, 1,000,000 posts at --scale 1),
   reused otherwise.
2. A full recompute, as the background task runs it: the community's posts read once, then
   the report of the community and of each of its groups computed and stored. Timed as a whole,
   with the load and each report apart, and the peak memory of the process.
3. The page's read: the latest snapshot of the community, its JSON decoded, timed over
   --reads reads (median and worst).

Targets (issue 5): a full recompute under 2 minutes, a page under 1 second.
"""

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH.parent) not in sys.path:
    sys.path.insert(0, str(BENCH.parent))

from bench import discussions  # noqa: E402 - needs the repository on sys.path first

RECOMPUTE_TARGET = 120.0
PAGE_TARGET = 1.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100k topics, 1M posts")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument(
        "--data-dir",
        default=str(BENCH / ".data"),
        help="CERCLE_DATA_DIR (default: bench/discussions.py's, to share its database)",
    )
    parser.add_argument("--refill", action="store_true", help="fill again even if filled")
    parser.add_argument("--reads", type=int, default=20, help="snapshot reads to time")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    data_dir = discussions.configure(args)
    discussions.fill(args, data_dir)

    from cercle.cockpit import actions
    from cercle.cockpit.report import build_report
    from cercle.cockpit.rollups import load_posts
    from cercle.cockpit.selectors import latest_snapshot
    from cercle.cockpit.table import end_of_day, from_micros
    from cercle.communities.models import Community, Group

    community = Community.objects.get(slug=discussions.SLUG)
    as_of = actions.today()
    groups = Group.objects.filter(community=community).count()

    # The parts, apart: the load, then one report.
    started = time.monotonic()
    loaded = load_posts(community, until=from_micros(end_of_day(as_of)))
    load_seconds = time.monotonic() - started
    started = time.monotonic()
    build_report(community, as_of, loaded=loaded)
    report_seconds = time.monotonic() - started
    del loaded

    # The whole, as the task runs it.
    started = time.monotonic()
    snapshots = actions.recompute(community, as_of=as_of)
    recompute_seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    reads = []
    for _ in range(args.reads):
        started = time.monotonic()
        snapshot = latest_snapshot(community)  # one query; the JSON is decoded by then
        reads.append(time.monotonic() - started)
    size = len(json.dumps(snapshot.payload))

    posts = snapshots[0].payload["posts_total"]
    print(f"Community: {posts:,} live posts, {groups} groups, as of {as_of}")
    print(f"  load (one query, compact table)      {load_seconds:7.1f} s")
    print(f"  community report (every section)     {report_seconds:7.1f} s")
    for snapshot in snapshots:
        name = snapshot.group.slug if snapshot.group else "(community)"
        print(f"    snapshot {name:<28}{snapshot.duration_ms / 1000:7.1f} s")
    verdict = "ok" if recompute_seconds < RECOMPUTE_TARGET else "TOO SLOW"
    print(
        f"  full recompute (load + {len(snapshots)} reports)   {recompute_seconds:7.1f} s"
        f"   target < {RECOMPUTE_TARGET:.0f} s: {verdict}"
    )
    print(f"  peak memory of the process           {peak_mb:7.0f} MB")
    verdict = "ok" if max(reads) < PAGE_TARGET else "TOO SLOW"
    print(
        f"  page read (snapshot, {size / 1e6:.1f} MB of JSON)  median "
        f"{statistics.median(reads) * 1000:.0f} ms, worst {max(reads) * 1000:.0f} ms"
        f"   target < {PAGE_TARGET:.0f} s: {verdict}"
    )


if __name__ == "__main__":
    main()
