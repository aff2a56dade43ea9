"""Bench of the digests (issue 7, "Throughput"): the weekly digest of a 100,000-member
community, rendered and handed over to a local SMTP server; messages per minute.

    .venv/bin/python bench/digests.py                 # 100,000 members, SQLite
    .venv/bin/python bench/digests.py --members 10000 # a quick look
    .venv/bin/python bench/digests.py --database-url postgres://postgres@127.0.0.1:5432/benchdig

1. Fill a fresh database (its own CERCLE_DATA_DIR, bench/.data/digests/ by default) with one
   community of --members members, drawn from one seeded generator (same seed, same data;
   dates relative to the Monday of the run): profiles with skills for a third of them, follows
   of one or two categories each, a week of new topics (questions among them, some tagged),
   upcoming events of the community and of its groups, newcomers and "thanks" of the week.
   Every member's digest has something in it. Rows are written in bulk (bench/discussions.py's
   Loader). A database filled with the same parameters is reused (--refill to start again).
2. Start an SMTP server (aiosmtpd) in a subprocess on loopback, which accepts and discards
   every message, and counts them.
3. Send the weekly digest of the community exactly as `cercle send_digests` does
   (cercle.newsletters.actions.digests.send_community_digest: members read in batches, content
   gathered, deliveries claimed, messages rendered and sent over one SMTP connection per batch,
   outcomes recorded), after removing the deliveries of an earlier bench run. Timed as a whole,
   with where the time went, and the queries per batch; the server's count is checked.

Target (issue 7): >= 20,000 messages per minute of rendering and handing over to SMTP.
"""

import argparse
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.discussions import FIRST, LAST, ORGANISATIONS, Loader  # noqa: E402

SLUG = "digests"
TARGET = 20_000  # messages per minute
SKILLS = (
    "Marchés publics",
    "Budget",
    "Recrutement",
    "Management",
    "Communication",
    "Numérique",
    "Juridique",
    "Mobilité",
    "Énergie",
    "Formation",
)
QUESTION_TITLES = (
    "Une question sur les marchés publics",
    "Comment présenter le budget aux élus ?",
    "Recrutement d'un chef de projet : vos conseils ?",
    "Quel outil de communication interne ?",
    "Le juridique des conventions de partenariat",
    "Former les équipes au numérique",
)
SMTP_SINK = """
import asyncio, signal, sys, time
from aiosmtpd.controller import Controller

class Sink:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        Sink.count += 1
        return "250 OK"

signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
print(Sink.count, time.process_time(), flush=True)
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--connections", type=int, default=0, help="MAILING_CONNECTIONS (default: the setting's)"
    )
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument("--data-dir", default=str(BENCH / ".data" / "digests"))
    parser.add_argument("--refill", action="store_true", help="fill again even if filled")
    return parser.parse_args()


def configure(args) -> Path:
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cercle.project.settings"
    os.environ["CERCLE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_DEBUG"] = "0"  # no query log kept in memory
    os.environ["CERCLE_TASKS_BACKEND"] = "immediate"
    os.environ["SITE_URL"] = "https://cercle.example.org"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    return data_dir


def this_monday() -> datetime:
    """Monday 08:00 (Paris) of the current week: the weekly digest is due."""
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    today = datetime.now(paris).date()
    day = today - timedelta(days=today.weekday())
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=paris)


# --- Filling -----------------------------------------------------------------------------------


class Filler:
    def __init__(self, members: int, seed: int, loader: Loader, monday: datetime) -> None:
        self.rng = random.Random(seed)
        self.load = loader
        self.members = members
        self.monday = monday.astimezone(UTC).replace(tzinfo=None)  # naive UTC, as stored
        self.counts: dict[str, int] = {}

    def days_ago(self, days: float) -> datetime:
        return self.monday - timedelta(days=days)

    def run(self) -> dict:
        from django.db import transaction

        with transaction.atomic():
            self.people()
            self.community_rows()
            self.week()
        return self.counts

    def people(self) -> None:
        from cercle.accounts.models import User
        from cercle.members.models import Profile, Tag

        rng, when = self.rng, self.load.when
        users, profiles, self.joined = [], [], {}
        for uid in range(1, self.members + 1):
            # A few hundred newcomers this week; the others over three years.
            days = rng.uniform(0.2, 6.8) if rng.random() < 0.003 else rng.uniform(8, 3 * 365)
            joined = self.days_ago(days) if uid > 5 else self.days_ago(3 * 365)
            self.joined[uid] = joined
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            language = "en" if rng.random() < 0.1 else ""
            users.append(
                (uid, f"member{uid}@bench.example", name, "!", True, when(joined), language)
            )
            profiles.append((uid, rng.choice(ORGANISATIONS), when(joined)))
        self.counts["members"] = self.load.insert(
            User,
            ["id", "email", "name", "password", "is_active", "date_joined", "language"],
            users,
        )
        self.load.insert(Profile, ["user_id", "organisation", "updated_at"], profiles)
        self.tags = [t.pk for t in Tag.for_names(list(SKILLS))]
        # Profile ids are the user ids here (inserted in order, on a fresh table).
        skills = [
            (uid, tag)
            for uid in range(1, self.members + 1)
            if rng.random() < 0.35
            for tag in rng.sample(self.tags, rng.randint(1, 3))
        ]
        self.counts["skills"] = self.load.insert(
            Profile.skills.through, ["profile_id", "tag_id"], skills
        )

    def community_rows(self) -> None:
        from cercle.communities.models import Community, Group, Membership, MembershipState, Role
        from cercle.discussions.models import Category
        from cercle.notifications.models import Follow

        rng, when = self.rng, self.load.when
        self.community = Community.objects.create(
            slug=SLUG,
            name="Réseau des 100 000",
            purpose="Mesurer l'envoi des lettres d'une très grande communauté.",
            entry_mode="open",
            visibility="members",
            created_at=self.days_ago(4 * 365).replace(tzinfo=UTC),
        )
        cid = self.community.pk
        self.counts["memberships"] = self.load.insert(
            Membership,
            ["community_id", "user_id", "role", "state", "created_at", "joined_at"],
            (
                (
                    cid,
                    uid,
                    Role.ANIMATOR if uid == 1 else Role.MEMBER,
                    MembershipState.ACTIVE,
                    when(joined),
                    when(joined),
                )
                for uid, joined in self.joined.items()
            ),
        )
        self.categories = [
            Category.objects.create(community=self.community, name=name, slug=slug, position=i).pk
            for i, (name, slug) in enumerate(
                [
                    ("Entraide", "entraide"),
                    ("Retours d'expérience", "retours"),
                    ("Outils", "outils"),
                    ("Veille", "veille"),
                    ("Vie de la communauté", "vie"),
                ]
            )
        ]
        follows = [
            (uid, category, when(self.joined[uid]))
            for uid in range(1, self.members + 1)
            for category in rng.sample(self.categories, rng.choice((1, 1, 2)))
        ]
        self.counts["follows"] = self.load.insert(
            Follow, ["user_id", "category_id", "created_at"], follows
        )
        self.groups = [
            Group.objects.create(community=self.community, slug=slug, name=name, kind="local").pk
            for slug, name in (("lyon", "Lyon"), ("nantes", "Nantes"), ("lille", "Lille"))
        ]
        from cercle.communities.models import GroupMembership

        self.load.insert(
            GroupMembership,
            ["group_id", "user_id", "role", "joined_at"],
            (
                (rng.choice(self.groups), uid, 10, when(self.joined[uid]))
                for uid in range(1, self.members + 1)
                if rng.random() < 0.2
            ),
        )

    def week(self) -> None:
        from cercle.discussions.models import Post, Reaction, Topic
        from cercle.events.models import Event
        from cercle.lib.markdown import render_markdown

        rng, when = self.rng, self.load.when
        cid = self.community.pk
        topics, posts, topic_tags = [], [], []
        # 60 topics this week: discussions in the categories, and questions (a third tagged).
        for n in range(60):
            tid = pid = n + 1
            created = self.days_ago(rng.uniform(0.1, 6.9))
            author = rng.randint(2, min(self.members, 5000))
            question = n % 4 == 0
            title = (
                QUESTION_TITLES[n % len(QUESTION_TITLES)]
                if question
                else f"Retour d'expérience n°{n} : {rng.choice(SKILLS).lower()}"
            )
            topics.append(
                (
                    tid,
                    cid,
                    rng.choice(self.categories),
                    "question" if question else "discussion",
                    title,
                    author,
                    when(created),
                    pid,
                    1,
                    when(created),
                    author,
                )
            )
            body = "Bonjour à toutes et tous, qu'en pensez-vous ?"
            posts.append((pid, tid, cid, author, None, body, render_markdown(body), when(created)))
            if question and n % 3 == 0:
                topic_tags.append((tid, rng.choice(self.tags)))
        self.load.insert(
            Topic,
            [
                "id",
                "community_id",
                "category_id",
                "kind",
                "title",
                "author_id",
                "created_at",
                "opening_post_id",
                "post_count",
                "last_post_at",
                "last_post_by_id",
            ],
            topics,
        )
        self.load.insert(
            Post,
            [
                "id",
                "topic_id",
                "community_id",
                "author_id",
                "parent_id",
                "body",
                "body_html",
                "created_at",
            ],
            posts,
        )
        self.load.insert(Topic.tags.through, ["topic_id", "tag_id"], topic_tags)
        self.counts["topics this week"] = len(topics)
        # Thanks on those posts, to their authors.
        thanks = (
            [
                (rng.randint(1, tid), uid, "thanks", when(self.days_ago(rng.uniform(0.1, 6))))
                for uid in rng.sample(range(5001, self.members + 1), min(300, self.members - 5000))
            ]
            if self.members > 5000
            else []
        )
        self.load.insert(Reaction, ["post_id", "user_id", "kind", "created_at"], thanks)
        # Events: four of the community in the coming weeks, one per group.
        import uuid

        events = []
        for n in range(7):
            start = self.monday + timedelta(days=2 + 3 * n, hours=10)
            group = self.groups[n - 4] if n >= 4 else None
            events.append(
                (
                    str(uuid.UUID(int=rng.getrandbits(128))).replace("-", "")
                    if self.load.vendor == "sqlite"
                    else uuid.UUID(int=rng.getrandbits(128)),
                    cid,
                    group,
                    f"Rencontre n°{n}",
                    "Lyon, salle des fêtes",
                    "Europe/Paris",
                    when(start),
                    when(start + timedelta(hours=2)),
                    "scheduled",
                    when(self.days_ago(rng.uniform(1, 20))),
                    when(self.days_ago(rng.uniform(1, 20))),
                )
            )
        self.load.insert(
            Event,
            [
                "uid",
                "community_id",
                "group_id",
                "title",
                "address",
                "time_zone",
                "starts_at",
                "ends_at",
                "status",
                "created_at",
                "updated_at",
            ],
            events,
        )
        self.counts["events"] = len(events)


def fill(args, data_dir: Path, monday: datetime) -> None:
    marker = data_dir / "filled.json"
    params = {
        "members": args.members,
        "seed": args.seed,
        "database": args.database_url or "sqlite",
        "monday": monday.date().isoformat(),
        "format": 1,
    }
    import django

    if not args.refill and marker.exists() and json.loads(marker.read_text())["params"] == params:
        print(f"Reusing the database filled earlier ({params}); --refill to start again.")
        django.setup()
        return
    marker.unlink(missing_ok=True)
    if args.database_url:
        from bench.discussions import recreate_database

        recreate_database(args, data_dir)
    else:
        for name in ("cercle.sqlite3", "cercle.sqlite3-wal", "cercle.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)
    django.setup()
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    migrated = time.monotonic()
    counts = Filler(args.members, args.seed, Loader(connection), monday).run()
    if connection.vendor == "postgresql":
        from cercle.accounts.models import User
        from cercle.discussions.models import Post, Topic

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [User, Topic, Post]):
                cursor.execute(sql)
            cursor.execute("ANALYZE")
    print(
        f"Filled in {time.monotonic() - started:.0f} s (migrate {migrated - started:.0f} s): "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items())
    )
    marker.write_text(json.dumps({"params": params, "counts": counts}))


# --- The SMTP server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", SMTP_SINK, str(port)], stdout=subprocess.PIPE, text=True
    )
    if process.stdout.readline().strip() != "ready":
        sys.exit("The SMTP server did not start.")
    return process


def stop_sink(process: subprocess.Popen) -> tuple[int, float]:
    """How many messages the server received, and the CPU seconds it used."""
    process.send_signal(signal.SIGTERM)
    out, _err = process.communicate(timeout=30)
    count, cpu = out.strip().splitlines()[-1].split()
    return int(count), float(cpu)


# --- Measuring ---------------------------------------------------------------------------------


def _cpu() -> float:
    """CPU seconds this process used (all its threads), user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Timers:
    """Time spent in each part of the run, by wrapping the functions the run calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, owner, name: str, label: str) -> None:
        real = getattr(owner, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started
                self.calls[label] += 1

        setattr(owner, name, timed)


def measure(args, monday: datetime) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cercle.communities.models import Community
    from cercle.newsletters import content, delivery, rendering
    from cercle.newsletters.actions import digests
    from cercle.newsletters.models import DigestRun

    community = Community.objects.get(slug=SLUG)
    DigestRun.objects.filter(community=community).delete()  # an earlier bench run's
    port = free_port()
    sink = start_sink(port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    if args.connections:
        settings.MAILING_CONNECTIONS = args.connections

    timers = Timers()
    timers.wrap(digests, "_members", "read members (batch)")
    timers.wrap(content.CommunityNews, "facts", "read members' facts (batch)")
    timers.wrap(content.CommunityNews, "digest_for", "gather each digest")
    timers.wrap(digests, "claim", "claim deliveries (batch)")
    timers.wrap(rendering.DigestRenderer, "message", "render each message")
    timers.wrap(delivery, "send_batch", "MIME + SMTP (in the background)")
    timers.wrap(delivery, "record", "record outcomes (batch)")
    try:
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), _cpu()
            report = digests.send_community_digest(
                community, "weekly", at=monday, batch_size=args.batch_size
            )
            elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
    finally:
        received, server_cpu = stop_sink(sink)
    batches = max(1, timers.calls["claim deliveries (batch)"])
    return {
        "report": report,
        "elapsed": elapsed,
        "received": received,
        "server_cpu": server_cpu,
        "cpu": cpu,
        "connections": settings.MAILING_CONNECTIONS,
        "queries": len(queries.captured_queries),
        "batches": batches,
        "timers": timers,
    }


def report(args, result: dict) -> None:
    sent, elapsed = result["report"].sent, result["elapsed"]
    rate = sent / elapsed * 60 if elapsed else 0
    print()
    print(
        f"Weekly digest of {args.members:,} members: {sent:,} sent, "
        f"{result['report'].skipped:,} with nothing new, {result['report'].failed} failed; "
        f"the SMTP server received {result['received']:,}."
    )
    print(f"{elapsed:.1f} s: {rate:,.0f} messages per minute (target {TARGET:,}).")
    cpu, server = result["cpu"], result["server_cpu"]
    print(
        f"CPU: Cercle's process {cpu:.1f} s ({sent / cpu * 60:,.0f} messages per CPU-minute), "
        f"the SMTP server (aiosmtpd, one process) {server:.1f} s "
        f"({sent / server * 60:,.0f} per CPU-minute); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores."
    )
    print(f"SMTP connections per batch: {result['connections']}.")
    print(
        f"{result['queries']:,} queries in {result['batches']} batches of {args.batch_size}: "
        f"{result['queries'] / result['batches']:.1f} per batch."
    )
    print("Where the time went (sending overlaps the preparation of the next batch):")
    timers = result["timers"]
    background = "MIME + SMTP (in the background)"
    for label, seconds in sorted(timers.seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {label:34} {seconds:7.1f} s  {100 * seconds / elapsed:5.1f} %")
    main = sum(v for k, v in timers.seconds.items() if k != background)
    print(
        f"  {'(the rest of the main loop)':34} {elapsed - main:7.1f} s, waiting for SMTP included"
    )
    print("PASS" if rate >= TARGET and result["received"] == sent else "FAIL")


def main() -> None:
    args = parse_args()
    data_dir = configure(args)
    monday = this_monday()
    fill(args, data_dir, monday)
    result = measure(args, monday)
    report(args, result)


if __name__ == "__main__":
    main()
