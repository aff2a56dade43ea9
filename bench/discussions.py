"""Bench of the discussion pages (issue 3, "Speed"): how many requests per second the topic list
and a 50-post topic page serve, anonymous and logged in, as a share of what a minimal Django
view returning a page of the same size serves under the same server.

    .venv/bin/python bench/discussions.py                  # full size, SQLite
    .venv/bin/python bench/discussions.py --scale 0.05     # a quick look
    .venv/bin/python bench/discussions.py --database-url postgres://postgres@127.0.0.1:5432/benchdisc

1. Fill a fresh database (its own CERCLE_DATA_DIR, bench/.data/sqlite/ by default) with one public
   community: 5,000 members, 100,000 topics, 1,000,000 posts at --scale 1, drawn from one
   seeded random generator (same seed, same data; dates are relative to the day of the fill).
   Rows are written in bulk (executemany on SQLite, COPY on PostgreSQL), every denormalised
   counter set as the actions would have set it. A database filled with the same parameters is
   reused (--refill to start again).
2. Serve it with `cercle serve` (gunicorn) under bench.settings: the project's settings and
   URLs plus /bench/ceiling/<size>/, the ceiling view (see bench/urls.py).
3. For each page, fetch it once to learn its size, then measure it with wrk on loopback, and
   right after, the ceiling at the same size; print the table.

See bench/README.md for what is and is not generated, and how to read the figures.
"""

import argparse
import html
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from http.cookiejar import CookieJar
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
SLUG = "bench"
PASSWORD = "bench-password-2026"  # noqa: S105 - every generated account has it
BENCH_MEMBER = 10  # the index of the member the logged-in pages are read as (a plain member)
BENCH_UID = BENCH_MEMBER + 1  # their user id
TARGETS = {"topic list": 0.15, "topic page": 0.10}

FIRST = (  # noqa: SIM905 - word lists read better as words
    "Camille Claire Louis Léa Hugo Inès Paul Jeanne Arthur Chloé Jules Alice Nathan Manon "
    "Gabriel Sarah Lucas Emma Adam Louise Raphaël Zoé Théo Lina Noé Rose Sacha Anna Tom Iris"
).split()
LAST = (  # noqa: SIM905
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier "
    "Dupont Lambert Bonnet François Martinez Legrand"
).split()
ORGANISATIONS = (
    "Région Occitanie",
    "CHU de Nantes",
    "Ville de Lyon",
    "Agence de l'eau",
    "Cabinet Ellipse",
    "",
    "",
    "Université de Lille",
    "ADEME",
    "Collectif Tiers-Lieux",
)
SUBJECTS = (
    "le compostage collectif",
    "les réunions d'équipe",
    "l'accueil des nouveaux",
    "le budget participatif",
    "la mobilité douce",
    "les marchés publics",
    "la formation continue",
    "la gestion des bénévoles",
    "les données ouvertes",
    "le télétravail",
    "la sobriété numérique",
    "les ateliers de quartier",
)
OPENERS = (
    "Comment organisez-vous",
    "Retour d'expérience sur",
    "Une question sur",
    "Qui a déjà travaillé sur",
    "Idée : mutualiser",
    "Débat : faut-il repenser",
    "Ressources pour",
    "Bilan de l'année sur",
)
SENTENCES = (
    "Chez nous, nous avons commencé petit, avec une équipe de trois personnes motivées.",
    "Le plus difficile a été de convaincre la direction que le jeu en valait la chandelle.",
    "Avez-vous un modèle de convention à partager ?",
    "Je rejoins ce qui a été dit plus haut : la régularité compte plus que l'ambition.",
    "Nous avons mesuré une baisse nette des délais après six mois.",
    "Attention aux coûts cachés, surtout la maintenance la deuxième année.",
    "Un atelier d'une demi-journée a suffi pour lancer la dynamique.",
    "Je peux vous mettre en relation avec la personne qui a piloté le projet.",
    "Le retour des usagers a été très positif, avec quelques réserves sur les horaires.",
    "Nous documentons tout dans un wiki partagé, mis à jour chaque mois.",
    "Merci pour ce partage, c'est exactement ce que je cherchais.",
    "La question du financement reste entière pour les petites structures.",
    "On a testé trois outils différents avant de trouver le bon.",
    "Il faut prévoir un temps de formation, sinon l'outil n'est pas adopté.",
    "Je propose qu'on en parle à la prochaine rencontre régionale.",
    "Les chiffres de l'an dernier sont dans le rapport annuel, page 12.",
)
TAGS = (  # noqa: SIM905
    "climat eau énergie mobilité santé numérique formation emploi logement culture sport "
    "jeunesse seniors alimentation déchets biodiversité agriculture tourisme commerce "
    "industrie recherche éducation solidarité handicap sécurité justice transport "
    "urbanisme patrimoine international"
).split()
KINDS = (
    ["discussion"] * 60 + ["question"] * 20 + ["idea"] * 8 + ["debate"] * 7 + ["announcement"] * 5
)
SIDES = ("for", "against", "neutral")
REACTIONS = ("like", "thanks", "useful")


# --- Setting up --------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100k topics, 1M posts")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument(
        "--data-dir",
        default="",
        help="CERCLE_DATA_DIR of the bench (default: bench/.data/<sqlite, or the database name>)",
    )
    parser.add_argument("--refill", action="store_true", help="fill again even if filled")
    parser.add_argument("--fill-only", action="store_true")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2 cores)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per URL")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of wrk before each")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=1, help="measure each page N times")
    parser.add_argument(
        "--cold", action="store_true", help="keep nothing between requests (no memo, no cache)"
    )
    parser.add_argument("--only", default="", help="measure only pages whose name has this")
    return parser.parse_args()


def configure(args) -> Path:
    """The environment of this process and of the server: bench settings, own data dir."""
    name = urllib.parse.urlparse(args.database_url).path.strip("/") or "sqlite"
    data_dir = Path(args.data_dir or BENCH / ".data" / name).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["CERCLE_DATA_DIR"] = str(data_dir)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in [str(REPO), os.environ.get("PYTHONPATH", "")] if p
    )
    os.environ.setdefault("DJANGO_DEBUG", "0")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    return data_dir


def fill_params(args) -> dict:
    return {
        "scale": args.scale,
        "seed": args.seed,
        "database": args.database_url or "sqlite",
        "format": 1,
    }


def recreate_database(args, data_dir: Path) -> None:
    """An empty database: a new SQLite file, or the PostgreSQL database dropped and created."""
    if not args.database_url:
        for name in ("cercle.sqlite3", "cercle.sqlite3-wal", "cercle.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)
        return
    import psycopg

    url = urllib.parse.urlparse(args.database_url)
    name = url.path.lstrip("/")
    if not re.fullmatch(r"\w+", name):
        sys.exit(f"Unexpected database name: {name!r}")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- Filling -----------------------------------------------------------------------------------


class Loader:
    """Bulk inserts of rows given as tuples of the listed fields' attnames; every other
    concrete field gets its default. executemany on SQLite, COPY on PostgreSQL."""

    BATCH = 20_000

    def __init__(self, connection) -> None:
        self.connection = connection
        self.vendor = connection.vendor
        connection.ensure_connection()

    def when(self, moment: datetime | None):
        """A UTC datetime as the database wants it in a raw insert."""
        if moment is None:
            return None
        return str(moment) if self.vendor == "sqlite" else moment.replace(tzinfo=UTC)

    def insert(self, model, fields: list[str], rows) -> int:
        meta = model._meta
        by_attname = {f.attname: f for f in meta.concrete_fields}
        columns = [by_attname[name].column for name in fields]
        extra = [f for f in meta.concrete_fields if f.attname not in fields and not f.primary_key]
        defaults = tuple(f.get_db_prep_save(f.get_default(), self.connection) for f in extra)
        columns += [f.column for f in extra]
        table = self.connection.ops.quote_name(meta.db_table)
        names = ", ".join(self.connection.ops.quote_name(c) for c in columns)
        count = 0
        raw = self.connection.connection
        if self.vendor == "postgresql":
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row + defaults if defaults else row)
                    count += 1
            return count
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - model names
        cursor = raw.cursor()
        batch = []
        for row in rows:
            batch.append(row + defaults if defaults else row)
            if len(batch) >= self.BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
        cursor.close()
        return count


class Filler:
    """One community with its members, categories, groups, tags, topics, posts, reactions,
    revisions and idea votes, as the actions would have left them."""

    def __init__(self, scale: float, seed: int, loader: Loader) -> None:
        self.rng = random.Random(seed)
        self.load = loader
        self.members = max(60, round(5_000 * scale))
        self.topics = max(100, round(100_000 * scale))
        self.posts = max(self.topics * 2 + 50, round(1_000_000 * scale))
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        self.anchor = today.replace(tzinfo=None)  # naive UTC: what the raw inserts store
        self.start = self.anchor - timedelta(days=3 * 365)
        self.counts: dict[str, int] = {}

    def at(self, seconds: float) -> datetime:
        return self.start + timedelta(seconds=int(seconds))

    def run(self) -> dict:
        from django.db import transaction

        with transaction.atomic():
            self.people()
            self.community_rows()
            self.discussions()
        return self.counts

    # People -------------------------------------------------------------------------------

    def people(self) -> None:
        from allauth.account.models import EmailAddress
        from django.contrib.auth.hashers import make_password

        from cercle.accounts.models import User
        from cercle.members.models import Profile

        rng, when = self.rng, self.load.when
        password = make_password(PASSWORD)  # hashed once: the same for every account
        span = (self.anchor - self.start).total_seconds()
        self.joined = {}
        users, emails, profiles = [], [], []
        for i in range(self.members):
            uid = i + 1
            # The bench member and the animation team are there from the start.
            joined = self.at(0 if i <= BENCH_MEMBER else rng.random() * span * 0.9)
            self.joined[uid] = joined
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            email = f"member{i}@bench.example"
            users.append((uid, email, name, password, True, False, False, when(joined), ""))
            emails.append((uid, email, True, True))
            profiles.append((uid, rng.choice(ORGANISATIONS), when(joined)))
        self.counts["users"] = self.load.insert(
            User,
            [
                "id",
                "email",
                "name",
                "password",
                "is_active",
                "is_staff",
                "is_superuser",
                "date_joined",
                "language",
            ],
            users,
        )
        self.load.insert(EmailAddress, ["user_id", "email", "verified", "primary"], emails)
        self.load.insert(Profile, ["user_id", "organisation", "updated_at"], profiles)
        # Who writes: participation is unequal, the animation team and a few talkative members
        # write most (weights drawn once, picks from a weighted pool).
        self.animator, self.moderators = 1, [2, 3, 4, 5]
        pool = [1] * 400 + [2, 3, 4, 5] * 150
        for uid in range(6, self.members + 1):
            pool += [uid] * rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8, 20))
        self.writers = pool
        self.team = [1, 1, 1, 2, 3, 4, 5]  # announcements and debates: animators

    def community_rows(self) -> None:
        from cercle.communities.models import (
            Charter,
            CharterAcceptance,
            Community,
            Group,
            GroupMembership,
            Membership,
            MembershipState,
            Role,
        )
        from cercle.discussions.models import Category
        from cercle.members.models import Tag

        when = self.load.when
        created = self.start.replace(tzinfo=UTC)
        self.community = Community.objects.create(
            slug=SLUG,
            name="Banc d'essai",
            purpose="Mesurer la vitesse des discussions sur une grande communauté.",
            entry_mode="open",
            visibility="public",
            charter_version=1,
            created_at=created,
        )
        charter = Charter.objects.create(
            community=self.community,
            version=1,
            body="Bienveillance, entraide, confidentialité.",
            published_at=created,
            published_by_id=self.animator,
        )
        roles = {1: Role.ANIMATOR, **dict.fromkeys(self.moderators, Role.MODERATOR)}
        cid = self.community.pk
        self.counts["memberships"] = self.load.insert(
            Membership,
            [
                "community_id",
                "user_id",
                "role",
                "state",
                "created_at",
                "joined_at",
                "charter_version",
            ],
            (
                (
                    cid,
                    uid,
                    roles.get(uid, Role.MEMBER),
                    MembershipState.ACTIVE,
                    when(joined),
                    when(joined),
                    1,
                )
                for uid, joined in self.joined.items()
            ),
        )
        self.load.insert(
            CharterAcceptance,
            ["charter_id", "user_id", "accepted_at"],
            ((charter.pk, uid, when(joined)) for uid, joined in self.joined.items()),
        )
        self.categories = [
            Category.objects.create(community=self.community, name=name, slug=slug, position=i).pk
            for i, (name, slug) in enumerate(
                [
                    ("Entraide", "entraide"),
                    ("Retours d'expérience", "retours"),
                    ("Outils", "outils"),
                    ("Événements", "evenements"),
                    ("Veille", "veille"),
                    ("Vie de la communauté", "vie"),
                ]
            )
        ]
        groups = [
            Group.objects.create(community=self.community, slug=slug, name=name, kind=kind)
            for slug, name, kind in [
                ("lyon", "Lyon et environs", "local"),
                ("nantes", "Nantes", "local"),
                ("donnees", "Données et évaluation", "thematic"),
            ]
        ]
        self.groups = [g.pk for g in groups]
        self.load.insert(
            GroupMembership,
            ["group_id", "user_id", "role", "joined_at"],
            (
                (self.groups[uid % 3], uid, 10, when(self.joined[uid]))
                for uid in range(1, self.members + 1, 7)
            ),
        )
        self.tags = [Tag.objects.create(name=name, slug=name).pk for name in TAGS]

    # Discussions --------------------------------------------------------------------------

    def post_counts(self) -> list[int]:
        """Posts per topic (opening included), summing to self.posts; the last topic is the
        one the bench reads: exactly 50."""
        rng = self.rng
        n = self.topics - 1
        mean_extra = (self.posts - 50) / n - 1
        counts = [1 + min(int(rng.expovariate(1 / mean_extra)), 400) for _ in range(n)]
        gap = self.posts - 50 - sum(counts)
        while gap:
            i = rng.randrange(n)
            if gap > 0:
                counts[i] += 1
                gap -= 1
            elif counts[i] > 1:
                counts[i] -= 1
                gap += 1
        return [*counts, 50]

    def bodies(self) -> list[tuple[str, str]]:
        """A pool of message bodies, rendered by the real Markdown renderer."""
        from cercle.lib.markdown import render_markdown

        rng = self.rng
        pool = []
        for _ in range(400):
            paragraphs = [
                " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))
                for _ in range(rng.randint(1, 3))
            ]
            body = "\n\n".join(paragraphs)
            pool.append((body, render_markdown(body)))
        return pool

    def discussions(self) -> None:
        from cercle.discussions.models import IdeaVote, Post, PostRevision, Reaction, Topic

        rng, when = self.rng, self.load.when
        counts = self.post_counts()
        pool = self.bodies()
        writers, team, cid = self.writers, self.team, self.community.pk
        span = (self.anchor - self.start).total_seconds()
        end = span - 3600
        topics, posts, revisions, reactions, votes, topic_tags = [], [], [], [], [], []
        post_id = 0
        deleted_posts = 0
        for t, count in enumerate(counts):
            topic_id = t + 1
            last = t == len(counts) - 1
            kind = "discussion" if last else rng.choice(KINDS)
            author = (
                rng.choice(team) if kind in ("announcement", "debate") else (rng.choice(writers))
            )
            if last:
                author = 6
                begin = end - 2 * 86400
                gaps = [600 + rng.random() * 1800 for _ in range(count - 1)]
            else:
                begin = (t + rng.random()) * span / len(counts) * 0.995
                mean_gap = rng.choice((1800, 3 * 3600, 86400))
                gaps = [60 + rng.expovariate(1 / mean_gap) for _ in range(count - 1)]
            total = sum(gaps)
            if begin + total > end:  # a late topic: its replies squeezed before the end
                factor = (end - begin) / total if total else 0
                gaps = [max(1.0, g * factor) for g in gaps]
            moment = begin
            topic_deleted = not last and rng.random() < 0.004
            first_id = post_id + 1
            shown, last_shown = 0, None
            reply_ids = []
            for p in range(count):
                post_id += 1
                if p:
                    moment += gaps[p - 1]
                    who = rng.choice(writers)
                    if last and p % 9 == 4:
                        who = BENCH_UID  # the bench member wrote a few
                else:
                    who = author
                created = self.at(moment)
                parent = None
                if p:
                    parent = first_id
                    if reply_ids and rng.random() < 0.3:
                        parent = rng.choice(reply_ids)
                body, body_html = pool[rng.randrange(len(pool))]
                edited = edited_by = None
                if rng.random() < 0.03:
                    edited, edited_by = self.at(moment + 600), who
                    first_version = body + " (première version)"
                    revisions.append((post_id, 1, "", first_version, body_html, when(created), who))
                deleted = deleted_by = None
                if (p and rng.random() < 0.01) or (p == 0 and topic_deleted) or (last and p == 17):
                    deleted, deleted_by = self.at(moment + 3600), self.moderators[0]
                    deleted_posts += 1
                else:
                    shown += 1
                    last_shown = (created, who)
                    if p:
                        reply_ids.append(post_id)
                side = rng.choice(SIDES) if kind == "debate" and p else ""
                posts.append(
                    (
                        post_id,
                        topic_id,
                        cid,
                        who,
                        parent,
                        body,
                        body_html,
                        side,
                        when(created),
                        when(edited),
                        edited_by,
                        when(deleted),
                        deleted_by,
                    )
                )
                if deleted is None and (last or rng.random() < 0.15):
                    reactors = rng.sample(range(1, self.members + 1), rng.randint(1, 4))
                    reactions.extend(
                        (post_id, reactor, rng.choice(REACTIONS), when(created))
                        for reactor in reactors
                        if reactor != who
                    )
                    if last and p % 3 == 0 and who != BENCH_UID:
                        reactions.append((post_id, BENCH_UID, "thanks", when(created)))
            # Topics whose every post is deleted keep their opening post's date.
            last_at, last_by = last_shown or (self.at(begin), author)
            accepted = None
            if kind == "question" and reply_ids and rng.random() < 0.4:
                accepted = rng.choice(reply_ids)
            vote_count = 0
            if kind == "idea":
                voters = rng.sample(range(1, self.members + 1), rng.randint(0, 12))
                vote_count = len(voters)
                votes.extend((topic_id, v, when(self.at(begin))) for v in voters)
            closed = rng.random() < 0.02
            title = f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)} ({topic_id})"
            framing = "Pour ou contre ? Argumentez." if kind == "debate" else ""
            topics.append(
                (
                    topic_id,
                    cid,
                    rng.choice(self.groups) if rng.random() < 0.1 else None,
                    rng.choice(self.categories) if rng.random() < 0.8 else None,
                    kind,
                    title,
                    author,
                    when(self.at(begin)),
                    first_id,
                    shown,
                    when(last_at),
                    last_by,
                    when(self.at(end)) if closed else None,
                    self.moderators[0] if closed else None,
                    when(self.at(begin + 3600)) if topic_deleted else None,
                    self.moderators[0] if topic_deleted else None,
                    accepted,
                    rng.choice(("", "", "planned", "done", "declined")) if kind == "idea" else "",
                    vote_count,
                    framing,
                    f"<p>{html.escape(framing)}</p>" if framing else "",
                )
            )
            topic_tags.extend(
                (topic_id, tag) for tag in rng.sample(self.tags, rng.choice((0, 0, 1, 1, 2, 3)))
            )
        self.counts["topics"] = self.load.insert(
            Topic,
            [
                "id",
                "community_id",
                "group_id",
                "category_id",
                "kind",
                "title",
                "author_id",
                "created_at",
                "opening_post_id",
                "post_count",
                "last_post_at",
                "last_post_by_id",
                "closed_at",
                "closed_by_id",
                "deleted_at",
                "deleted_by_id",
                "accepted_answer_id",
                "idea_status",
                "idea_vote_count",
                "framing",
                "framing_html",
            ],
            topics,
        )
        del topics
        self.counts["posts"] = self.load.insert(
            Post,
            [
                "id",
                "topic_id",
                "community_id",
                "author_id",
                "parent_id",
                "body",
                "body_html",
                "side",
                "created_at",
                "edited_at",
                "edited_by_id",
                "deleted_at",
                "deleted_by_id",
            ],
            posts,
        )
        del posts
        self.counts["deleted posts"] = deleted_posts
        self.counts["reactions"] = self.load.insert(
            Reaction, ["post_id", "user_id", "kind", "created_at"], _unique(reactions, 3)
        )
        self.counts["revisions"] = self.load.insert(
            PostRevision,
            ["post_id", "number", "title", "body", "body_html", "written_at", "written_by_id"],
            revisions,
        )
        self.counts["idea votes"] = self.load.insert(
            IdeaVote, ["topic_id", "user_id", "created_at"], votes
        )
        self.load.insert(Topic.tags.through, ["topic_id", "tag_id"], topic_tags)
        self.counts["measured topic"] = len(counts)  # the last one: 50 posts


def _unique(rows, width: int):
    """Rows whose first `width` values were not seen before (unique constraints)."""
    seen = set()
    for row in rows:
        key = row[:width]
        if key not in seen:
            seen.add(key)
            yield row


def fill(args, data_dir: Path) -> int:
    """Fill the bench's database, unless filled earlier with the same parameters; the id of
    the 50-post topic."""
    marker = data_dir / "filled.json"
    params = fill_params(args)
    if not args.refill and marker.exists():
        earlier = json.loads(marker.read_text())
        if earlier["params"] == params:
            print(f"Reusing the database filled earlier ({params}); --refill to start again.")
            _django_setup()
            _migrate()
            return earlier["counts"]["measured topic"]
    marker.unlink(missing_ok=True)
    recreate_database(args, data_dir)
    _django_setup()
    started = time.monotonic()
    _migrate()
    from django.core.management.color import no_style
    from django.db import DatabaseError, connection, transaction

    from cercle.accounts.models import User
    from cercle.discussions.models import Post, Topic

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-400000")
        else:
            # The rows are consistent by construction: no foreign key triggers to run on each
            # of them (a superuser's setting; without it, they run, and the fill is slower).
            try:
                with transaction.atomic():
                    cursor.execute("SET session_replication_role = replica")
            except DatabaseError:
                print("Foreign keys checked on each row (not a superuser): slower.")
    migrated = time.monotonic()
    filler = Filler(args.scale, args.seed, Loader(connection))
    counts = filler.run()
    filled = time.monotonic()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(no_style(), [User, Topic, Post]):
                cursor.execute(sql)
            # Statistics for the query planner, as autovacuum would gather them soon after.
            # (SQLite gathers none unless told: the bench leaves it as an install would be.)
            cursor.execute("ANALYZE")
    done = time.monotonic()
    print(
        f"Filled in {done - started:.0f} s (migrate {migrated - started:.0f} s, rows "
        f"{filled - migrated:.0f} s, analyze {done - filled:.0f} s): "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items() if what != "measured topic")
    )
    marker.write_text(json.dumps({"params": params, "counts": counts}))
    return counts["measured topic"]


def _django_setup() -> None:
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- Measuring ---------------------------------------------------------------------------------


def wait_for_port(port: int, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("The server stopped before answering.")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    sys.exit("The server did not answer in time.")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, cookie: str = "") -> tuple[int, bytes]:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(  # noqa: S310 - the bench's own loopback URLs
        url, headers={"Cookie": cookie} if cookie else {}
    )
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def log_in(base: str) -> str:
    """Log the bench member in through the real login form; their session cookie."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/accounts/login/", timeout=30) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {
            "login": f"member{BENCH_MEMBER}@bench.example",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        }
    ).encode()
    opener.open(
        urllib.request.Request(  # noqa: S310 - the bench's own loopback URL
            f"{base}/accounts/login/", data=data, headers={"Referer": base}
        ),
        timeout=30,
    ).read()
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if session is None:
        sys.exit("Logging in failed: no session cookie.")
    return f"sessionid={session}"


def wrk(url: str, args, cookie: str = "", duration: int | None = None) -> float:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration or args.duration}s",
        "--timeout",
        "10s",
        "--latency",
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        sys.exit(f"wrk saw errors on {url}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def measure_url(url: str, args, cookie: str = "") -> float:
    wrk(url, args, cookie, duration=args.warmup)
    return wrk(url, args, cookie)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measure(args, topic_id: int) -> list[dict]:
    base = f"http://127.0.0.1:{args.port}"
    command = [
        sys.executable,
        "-m",
        "cercle",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--no-worker",
    ]
    env = dict(os.environ)
    if args.cold:
        env.update(FRAGMENT_MEMO_SIZE="0", VISITOR_PAGES_KEPT="0", SHARED_READS_KEPT="0")
    server = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)
    try:
        wait_for_port(args.port, server)
        cookie = log_in(base)
        pages = [
            ("topic list", "anonymous", f"/c/{SLUG}/discussions/", ""),
            ("topic list", "member", f"/c/{SLUG}/discussions/", cookie),
            ("topic page", "anonymous", f"/c/{SLUG}/t/{topic_id}/", ""),
            ("topic page", "member", f"/c/{SLUG}/t/{topic_id}/", cookie),
        ]
        results = []
        for page, who, path, page_cookie in pages:
            name = f"{page}, {who}"
            if args.only and args.only not in name:
                continue
            status, body = fetch(base + path, page_cookie)
            if status != 200:
                sys.exit(f"{name}: {path} answered {status}, not 200")
            if page_cookie and b'action="/accounts/logout/"' not in body:
                sys.exit(f"{name}: the page is not shown as logged in")
            size = len(body)
            ceiling = f"{base}/bench/ceiling/{size}/"
            if len(fetch(ceiling)[1]) != size:
                sys.exit("The ceiling view does not answer the expected size.")
            rounds = []
            for _ in range(args.rounds):
                # The page, then the ceiling asked the same way (same cookie), then, for a
                # member, the ceiling asked anonymously: one right after the other, so that
                # the machine's load weighs on them alike.
                before = load_average()
                measured = {"rps": measure_url(base + path, args, page_cookie)}
                measured["ceiling"] = measure_url(ceiling, args, page_cookie)
                measured["anonymous ceiling"] = (
                    measure_url(ceiling, args) if page_cookie else measured["ceiling"]
                )
                measured["load"] = f"{before} → {load_average()}"
                rounds.append(measured)
            # Noise only ever slows a run down: the best of each.
            best = {what: max(m[what] for m in rounds) for what in rounds[0]}
            best["load"] = " / ".join(m["load"] for m in rounds)
            results.append({"page": name, "kind": page, "path": path, "bytes": size, **best})
            print(
                f"  {name}: {best['rps']:.0f} req/s, ceiling {best['ceiling']:.0f} req/s"
                + "".join(
                    f" (round {i + 1}: {m['rps']:.0f} / {m['ceiling']:.0f})"
                    for i, m in enumerate(rounds)
                    if len(rounds) > 1
                ),
                flush=True,
            )
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def report(results: list[dict], args) -> None:
    header = (
        f"{'page':<24} {'bytes':>8} {'req/s':>8} {'ceiling':>8} {'share':>7}  {'target':<13}"
        f" {'anon. ceiling':>13} {'share':>6}"
    )
    print()
    print(header)
    print("-" * len(header))
    for r in results:
        share = r["rps"] / r["ceiling"]
        target = TARGETS[r["kind"]]
        verdict = "ok" if share >= target else "MISSED"
        print(
            f"{r['page']:<24} {r['bytes']:>8,} {r['rps']:>8.0f} {r['ceiling']:>8.0f} "
            f"{share:>6.1%}  >= {target:.0%} {verdict:<6} {r['anonymous ceiling']:>13.0f}"
            f" {r['rps'] / r['anonymous ceiling']:>6.1%}"
        )
    print()
    print(
        "ceiling: the bench's minimal view answering the same number of bytes, asked the same"
        " way\n(for a member, with their session cookie: the session and the account are read"
        " by the\nmiddleware); anon. ceiling: the same view asked without a cookie."
    )
    print(
        f"wrk -t{args.threads} -c{args.connections}, {args.duration} s per URL after "
        f"{args.warmup} s of warm-up, best of {args.rounds} round(s); gunicorn, "
        f"{args.workers} workers{', nothing kept (--cold)' if args.cold else ''}; "
        f"{os.cpu_count()} CPUs; load average before → after each page:"
    )
    for r in results:
        print(f"  {r['page']:<24} {r['load']}")


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk") and not args.fill_only:
        sys.exit("wrk is needed: apt-get install wrk")
    data_dir = configure(args)
    topic_id = fill(args, data_dir)
    if args.fill_only:
        return
    from django.db import connections

    connections.close_all()
    results = measure(args, topic_id)
    report(results, args)


if __name__ == "__main__":
    main()
