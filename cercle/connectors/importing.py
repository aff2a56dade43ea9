"""Bring an archive into a community: `run_import`, behind `cercle import` and (later) the
animators' upload.

What an archive becomes:

- each thread a Topic (a question when it opens with a Stack Exchange question, its accepted
  answer set; a discussion otherwise), each post a Post with its parent, each up-vote a
  "useful" Reaction, the questions' tags the topics' tags;
- each author a SourceIdentity and an account that shows their name and cannot log in until
  claimed (cercle.connectors.identities), and an active member of the community;
- each post an ImportedItem, so that running the import again adds nothing twice and a newer
  archive adds only its new posts, its replies to old threads attached to the posts already
  there; and the search index, written with the posts.

Nothing else: no notification, no activity event per post (the cockpit reads Post rows; the
activity log is for what people do in Cercle, and the run itself is recorded as an ImportRun).

All or nothing: everything happens in one transaction, and an archive that cannot be read (a
missing path, truncated XML, a file that is not what its kind says) raises `ArchiveError` and
leaves the database as it was. A message that cannot be decoded is skipped and reported.

Speed and memory: the archive is read, and its bodies rendered and stemmed, in a second process
while this one writes (cercle.connectors.pipeline, cercle.connectors.prepare). Posts are written
in batches, one bulk INSERT (or COPY) per table and batch, with their ids handed out beforehand
(cercle.connectors.ids) so that a reply's parent in the same batch needs no second pass.
Parents and threads met in earlier batches (or earlier imports) are found through ImportedItem,
one query per batch: what the importer holds grows with the number of authors, not of posts
(the readers keep a few compact columns per post, see their docstrings). On PostgreSQL, the
foreign keys are checked in bulk at the end when the database role may, and a few settings
hold for the import's transaction (cercle.connectors.postgres).
"""

from __future__ import annotations

import hashlib
import time
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import connection, reset_queries, transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.communities.models import Community, Membership, MembershipState, Role
from cercle.discussions.models import (
    Post,
    Reaction,
    ReactionKind,
    SearchDocument,
    Topic,
    TopicKind,
)
from cercle.members.models import Profile, Tag

from . import postgres
from .ids import IdAllocator
from .models import ImportedItem, ImportRun, SourceIdentity
from .pipeline import ArchiveStream
from .prepare import MAX_KEY_CHARS, Prepared, external_key
from .readers import ArchiveError, ReadReport, SkippedItem
from .registry import get_reader
from .rows import RowWriter, SearchIndexRows, sqlite_page_cache

# Accounts made by an import have an address nobody can receive mail at (RFC 2606's reserved
# .invalid domain): it keeps User.email unique without taking the person's real address, which
# stays free for the account they may already have, and is only theirs once they confirm it.
PLACEHOLDER_DOMAIN = "imported.cercle.invalid"
VOTER_NAME = "Stack Exchange voter %d"
BATCH_SIZE = 1000
# Reader codes that mean the archive is not what its kind says: the import fails as a whole.
FATAL_CODES = {
    "not-mbox": "is not an mbox file",
    "corrupt-file": "is truncated or corrupt",
}

ProgressCallback = Callable[[int, int | None], None]


@dataclass
class ImportSummary:
    """What an import did, for the command's last lines and the web page's report."""

    kind: str
    community: str
    archive: bool
    created_community: bool = False
    posts: int = 0  # new posts written
    threads: int = 0  # new topics
    replies_to_earlier_threads: int = 0  # new posts in topics that were already there
    unchanged: int = 0  # posts of the archive already imported before
    members: int = 0  # new memberships
    identities: int = 0  # new imported identities
    reactions: int = 0  # new "useful" reactions
    votes_without_post: int = 0  # up-votes on posts that are not in the archive
    seconds: float = 0.0
    read: dict[str, int] = field(default_factory=dict)  # the reader's counts
    skipped: list[SkippedItem] = field(default_factory=list)

    def as_dict(self, *, skipped: int = 1000) -> dict:
        """For JSON (ImportRun.summary): the counts, and the first `skipped` items skipped."""
        data = {k: v for k, v in self.__dict__.items() if k != "skipped"}
        data["skipped_total"] = len(self.skipped)
        data["skipped"] = [
            {"file": s.file, "position": s.position, "code": s.code, "reason": s.reason}
            for s in self.skipped[:skipped]
        ]
        return data


def placeholder_email(seed: str) -> str:
    digest = hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{digest[:32]}@{PLACEHOLDER_DOMAIN}"


def run_import(
    kind: str,
    sources: Sequence[str | Path],
    *,
    community: Community | str,
    create: bool = False,
    archive: bool = False,
    animator: User | None = None,
    name: str = "",
    source: str = "",
    started_by: User | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportSummary:
    """Import `sources` (files and folders of an archive of this `kind`) into `community`.

    `community` is a Community or a slug; with `create`, a missing community is created with
    `animator` as its animator (and `name`, else one made from the slug). `archive` makes the
    community a read-only archive. `source` scopes the archive's ids (default: the kind).
    `progress(done, total)` is called as posts are written (`total` is None when unknown).
    Raises ArchiveError, and changes nothing, when the archive cannot be imported.
    """
    started = time.monotonic()
    reader = get_reader(kind)
    paths = [Path(s) for s in sources]
    if not paths:
        raise ArchiveError(_("Give at least one file or folder to import."))
    source = source or kind
    report = ReadReport()
    with sqlite_page_cache(settings.IMPORT_SQLITE_CACHE_MB), transaction.atomic():
        community, created = _community(community, create=create, animator=animator, name=name)
        # One import at a time into a community (a second one waits for the first).
        community = Community.objects.select_for_update().get(pk=community.pk)
        if archive and not community.is_archive:
            community.is_archive = True
            community.save(update_fields=["is_archive"])
        run = ImportRun.objects.create(
            community=community,
            kind=kind,
            source=source,
            paths=[str(p) for p in paths],
            archive=community.is_archive,
            started_by=started_by,
        )
        summary = ImportSummary(
            kind=kind,
            community=community.slug,
            archive=community.is_archive,
            created_community=created,
        )
        writer = _Writer(community, run, report, summary, progress)
        with ArchiveStream(reader, paths, report, batch_size=batch_size) as stream:
            writer.write_posts(stream.posts())
            writer.write_votes(stream.votes())
        writer.finish()
        summary.read = report.summary()
        summary.skipped = list(report.skipped)
        summary.seconds = round(time.monotonic() - started, 3)
        run.finished_at = timezone.now()
        run.summary = summary.as_dict()
        run.save(update_fields=["finished_at", "summary"])
    return summary


def _community(
    community: Community | str, *, create: bool, animator: User | None, name: str
) -> tuple[Community, bool]:
    if isinstance(community, Community):
        return community, False
    found = Community.objects.filter(slug=community).first()
    if found is not None:
        return found, False
    if not create:
        raise ArchiveError(
            _("There is no community %(slug)r: create it first, or add --create.")
            % {"slug": community}
        )
    if animator is None:
        raise ArchiveError(_("A new community needs an animator."))
    try:
        validate_slug(community)
    except ValidationError:
        raise ArchiveError(
            _("%(slug)r cannot be a community's address: use letters, digits and hyphens.")
            % {"slug": community}
        ) from None
    from cercle.communities.actions.create import create_community

    created = create_community(
        creator=animator,
        name=name or community.replace("-", " ").replace("_", " ").strip().capitalize(),
        slug=community,
        purpose=_("Brought into Cercle with its history."),
        charter=_(
            "This community was brought into Cercle from its archive. Its animators will "
            "write its charter."
        ),
    )
    return created, True


class _Writer:
    def __init__(
        self,
        community: Community,
        run: ImportRun,
        report: ReadReport,
        summary: ImportSummary,
        progress: ProgressCallback | None,
    ) -> None:
        self.community = community
        self.run = run
        self.source = run.source
        self.report = report
        self.summary = summary
        self.progress = progress
        self.topic_ids = IdAllocator(Topic)
        self.post_ids = IdAllocator(Post)
        self.document_ids = IdAllocator(SearchDocument)
        self.user_ids = IdAllocator(User)
        self.search_index = SearchIndexRows()
        if connection.vendor == "postgresql":
            postgres.tune_transaction()
        self.checks = None  # set below, on PostgreSQL
        self.users: dict[str, int] = {}  # author key -> the account standing for them
        self.tags: dict[str, int] = {}  # tag slug -> id
        self.accept_later: dict[str, int] = {}  # accepted answer's key -> its topic
        self.voters: list[int] = []  # voters[k] stands for the (k+1)th up-vote of a post
        self.read = 0
        self.items_written = self.items_analyzed = 0  # see _keep_statistics
        self.accepted_earlier: set[int] = set()  # topics of earlier imports given an answer
        self.now = timezone.now()
        self.rows = {
            "topics": RowWriter(
                Topic,
                [
                    *("id", "community", "kind", "title", "author", "created_at"),
                    *("post_count", "last_post_at", "last_post_by"),
                ],
            ),
            "posts": RowWriter(
                Post,
                [
                    *("id", "topic", "community", "author", "parent", "body", "body_html"),
                    "created_at",
                ],
            ),
            "documents": RowWriter(
                SearchDocument, ["id", "post", "community", "topic", "deleted", "text", "stems"]
            ),
            "items": RowWriter(
                ImportedItem, ["community", "source", "external_id", "post", "topic", "run"]
            ),
            "tags": RowWriter(Topic.tags.through, ["topic", "tag"]),
            "users": RowWriter(
                User, ["id", "email", "name", "password", "imported_at", "date_joined"]
            ),
            "profiles": RowWriter(Profile, ["user"]),
            "identities": RowWriter(
                SourceIdentity,
                [
                    *("community", "source", "key", "name", "email", "user"),
                    *("original_user", "created_at"),
                ],
            ),
            "memberships": RowWriter(
                Membership, ["community", "user", "role", "state", "created_at", "joined_at"]
            ),
            # Up-votes on this run's posts cannot be there already; on earlier posts they may.
            "reactions": RowWriter(Reaction, ["post", "user", "kind", "created_at"]),
            "reactions_again": RowWriter(
                Reaction, ["post", "user", "kind", "created_at"], ignore_conflicts=True
            ),
        }
        if connection.vendor == "postgresql":
            written: dict = {Tag: set()}
            for writer in self.rows.values():
                written.setdefault(writer.model, set()).update(writer.fields)
            # finish() and _set_accepted() update these.
            written[Topic] |= {"opening_post", "last_post_by", "accepted_answer"}
            self.checks = postgres.ReferenceChecks(written, looked_up={User, Tag})
            self.checks.begin()
        quote = connection.ops.quote_name
        self.imported_sql = (
            f"SELECT external_id, post_id, topic_id, run_id "  # noqa: S608 (model names)
            f"FROM {quote(ImportedItem._meta.db_table)} "
            "WHERE community_id = %%s AND source = %%s AND external_id %s"
        )
        table = quote(Topic._meta.db_table)
        column = quote(Topic._meta.get_field("accepted_answer").column)
        # Filled by _write_accepted with as many cases and ids as topics (names from the model).
        self.accept_sql = (
            f"UPDATE {table} SET {column} = CASE id %(cases)s END "  # noqa: S608
            "WHERE id IN (%(ids)s)"
        )

    # Posts ----------------------------------------------------------------------------------

    def write_posts(self, batches: Iterable[list[Prepared]]) -> None:
        for batch in batches:
            self._write_batch(batch)
        self._check_fatal()
        if not self.read:
            raise ArchiveError(
                _("No post found in %(files)s.")
                % {"files": ", ".join(self.report.files) or _("the archive")}
            )

    def _check_fatal(self) -> None:
        for item in self.report.skipped:
            if item.code in FATAL_CODES:
                raise ArchiveError(f"{item.file}: {FATAL_CODES[item.code]} ({item.reason})")

    def _progress(self) -> None:
        if self.progress is None:
            return
        counts = self.report.counts
        # The mbox reader counts every message before it yields the first one.
        total = counts["separators"] - counts["skipped"] if counts["separators"] else None
        self.progress(self.read, total)

    def _write_batch(self, batch: list[Prepared]) -> None:
        if not batch:
            return
        self._check_fatal()  # the mbox reader has read every file before its first post
        self.read += len(batch)
        community_id = self.community.pk
        wanted = set()
        for post in batch:
            wanted.add(post.key)
            wanted.add(post.thread_key)
            if post.parent_key is not None:
                wanted.add(post.parent_key)
        known: dict[str, tuple[int, int]] = {}
        earlier_topics: set[int] = set()  # topics of earlier imports
        for key, post_id, topic_id, run_id in self._imported(wanted):
            known[key] = (post_id, topic_id)
            if run_id != self.run.pk:
                earlier_topics.add(topic_id)
        new: list[Prepared] = []
        for post in batch:
            if post.key in known:
                self.summary.unchanged += 1
                if post.accepted_answer_key:
                    self._accept(known[post.key][1], post.accepted_answer_key, known)
            else:
                new.append(post)
        self._identities(new)

        post_ids = iter(self.post_ids.take(len(new)))
        document_ids = iter(self.document_ids.take(len(new)))
        topic_ids = iter(self.topic_ids.take(sum(1 for p in new if p.parent_key is None)))
        local: dict[str, tuple[int, int]] = {}
        topics, posts, documents, items, tag_links, accepted = [], [], [], [], [], []
        index = []
        new_topics: set[int] = set()
        run_id, source = self.run.pk, self.source
        for post in new:
            key = post.key
            post_id = next(post_ids)
            author_id = self.users[post.author_key]
            created_at = post.created_at
            if post.parent_key is None:
                topic_id = next(topic_ids)
                parent_id = None
                kind = TopicKind.QUESTION if post.kind == "question" else TopicKind.DISCUSSION
                # The opening post is set by finish(): a topic written with it would be a
                # pending foreign key until its post is written, and SQLite scans the tables
                # that refer to a table for every row inserted into it while one is pending.
                topics.append(
                    (
                        topic_id,
                        community_id,
                        kind,
                        post.title,
                        author_id,
                        created_at,
                        1,
                        created_at,
                        author_id,
                    )
                )
                new_topics.add(topic_id)
                tag_links += self._tag_links(topic_id, post.tags)
                if post.accepted_answer_key:
                    self.accept_later[post.accepted_answer_key] = topic_id
            else:
                parent_key, thread_key = post.parent_key, post.thread_key
                parent = local.get(parent_key) or known.get(parent_key)
                if parent is None:  # not in the archive: the thread's opening post, as the rule
                    parent = local.get(thread_key) or known.get(thread_key)
                if parent is None:
                    self.report.skip(
                        "",
                        f"id {post.source_id}",
                        "orphan",
                        f"answers {parent_key}, which is neither in the archive nor imported",
                    )
                    continue
                parent_id, topic_id = parent
                if topic_id in earlier_topics:
                    self.summary.replies_to_earlier_threads += 1
            local[key] = (post_id, topic_id)
            if (topic_of_answer := self.accept_later.pop(key, None)) is not None:
                if topic_of_answer in earlier_topics:
                    self._set_accepted(topic_of_answer, post_id)
                else:  # written after the posts, for the same reason as the opening post
                    accepted.append((post_id, topic_of_answer))
            posts.append(
                (
                    *(post_id, topic_id, community_id, author_id, parent_id),
                    *(post.body, post.body_html, created_at),
                )
            )
            document_id = next(document_ids)
            documents.append(
                (document_id, post_id, community_id, topic_id, False, post.text, post.stems)
            )
            index.append((document_id, post.stems))
            items.append((community_id, source, key, post_id, topic_id, run_id))
        self.rows["topics"].insert(topics)
        self.rows["posts"].insert(posts)
        self.rows["documents"].insert(documents)
        self.search_index.insert(index)
        self.rows["items"].insert(items)
        self._keep_statistics(len(items))
        self.rows["tags"].insert(tag_links)
        self._write_accepted(accepted)
        self.summary.posts += len(posts)
        self.summary.threads += len(new_topics)
        if settings.DEBUG:
            reset_queries()  # DEBUG keeps every query: a long import would fill the memory
        self._progress()

    def _keep_statistics(self, written: int) -> None:
        """PostgreSQL: ANALYZE the archive ids' table whenever this run has doubled what it
        wrote there since the last time (a handful of times per import, a few tens of
        milliseconds each).

        `_imported` looks keys up by `external_id = ANY(...)`. Until the planner knows that
        this community's rows fill the table, it estimates them at a few and filters them one
        by one through the index instead of looking each key up: every batch then reads all the
        posts written before it (measured on 500,000 Stack Exchange posts: a fifth of the
        server's time). Autovacuum cannot help, it does not see an open transaction's rows;
        ANALYZE in the transaction does."""
        if connection.vendor != "postgresql":
            return
        self.items_written += written
        if self.items_written >= max(2 * self.items_analyzed, 10_000):
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(ImportedItem._meta.db_table)}")
            self.items_analyzed = self.items_written

    def _imported(self, keys: set[str]) -> list[tuple[str, int, int, int]]:
        """(key, post, topic, run) of the posts of these keys imported so far. In SQL rather
        than through the ORM, whose handling of each of a thousand values was a sixth of the
        writing process's time."""
        if not keys:
            return []
        parameters: list = [self.community.pk, self.source]
        if connection.vendor == "postgresql":
            among = "= ANY(%s)"
            parameters.append(list(keys))
        else:
            among = f"IN ({', '.join(['%s'] * len(keys))})"
            parameters += keys
        with connection.cursor() as cursor:
            cursor.execute(self.imported_sql % among, parameters)
            return cursor.fetchall()

    def _write_accepted(self, accepted: list[tuple[int, int]]) -> None:
        """(answer, topic): one UPDATE per hundred topics (PostgreSQL runs an executemany row
        by row)."""
        for start in range(0, len(accepted), 100):
            chunk = accepted[start : start + 100]
            cases = " ".join(["WHEN %s THEN %s"] * len(chunk))
            ids = ", ".join(["%s"] * len(chunk))
            parameters = [value for answer, topic in chunk for value in (topic, answer)]
            parameters += [topic for _answer, topic in chunk]
            with connection.cursor() as cursor:
                cursor.execute(self.accept_sql % {"cases": cases, "ids": ids}, parameters)

    def _accept(self, topic_id: int, answer_key: str, known: dict[str, tuple[int, int]]) -> None:
        """A question imported before whose accepted answer may be new (a newer dump)."""
        answer = known.get(answer_key)
        if answer is None:
            answer = (
                ImportedItem.objects.filter(
                    community_id=self.community.pk, source=self.source, external_id=answer_key
                )
                .values_list("post_id", "topic_id")
                .first()
            )
        if answer is None:
            self.accept_later[answer_key] = topic_id
        else:
            self._set_accepted(topic_id, answer[0])

    def _set_accepted(self, topic_id: int, answer_id: int) -> None:
        """The accepted answer of a topic of an earlier import."""
        # An accepted answer chosen in Cercle since the last import stays.
        Topic.objects.filter(pk=topic_id, accepted_answer__isnull=True).update(
            accepted_answer_id=answer_id
        )
        self.accepted_earlier.add(topic_id)

    def _tag_links(
        self, topic_id: int, wanted: tuple[tuple[str, str], ...]
    ) -> list[tuple[int, int]]:
        """(slug, name) of a topic's tags: its links, the tags missing created."""
        missing = {slug: name for slug, name in wanted if slug not in self.tags}
        if missing:
            Tag.objects.bulk_create(
                [Tag(slug=slug, name=name) for slug, name in missing.items()],
                ignore_conflicts=True,
            )
            self.tags.update(Tag.objects.filter(slug__in=missing).values_list("slug", "pk"))
        return [(topic_id, self.tags[slug]) for slug, _name in wanted]

    # People ---------------------------------------------------------------------------------

    def _identities(self, posts: list[Prepared]) -> None:
        """Give every author of these posts an account and a membership, once."""
        firsts: dict[str, Prepared] = {}
        for post in posts:
            if post.author_key not in self.users and post.author_key not in firsts:
                firsts[post.author_key] = post
        if not firsts:
            return
        community = self.community
        keys = {author_key: author_key[:MAX_KEY_CHARS] for author_key in firsts}
        existing = dict(
            SourceIdentity.objects.filter(
                community=community, source=self.source, key__in=keys.values()
            ).values_list("key", "user_id")
        )
        missing: dict[str, tuple[Prepared, str, str]] = {}
        for author_key, post in firsts.items():
            if keys[author_key] in existing:
                self.users[author_key] = existing[keys[author_key]]
                continue
            address = _address(post.author_email or post.author_key)
            # One account per address across communities; without one, per community.
            seed = (
                f"mail:{address}" if address else f"{community.pk}:{self.source}:{keys[author_key]}"
            )
            missing[author_key] = (post, address, placeholder_email(seed))
        if not missing:
            return
        emails = {email for _post, _address, email in missing.values()}
        accounts = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
        creating = {
            email: (post, address)
            for post, address, email in missing.values()
            if email not in accounts
        }
        self._create_users(
            [
                (email, _display_name(post, address), post.created_at)
                for email, (post, address) in creating.items()
            ],
            accounts,
        )
        identities = []
        joined: dict[int, datetime] = {}
        for author_key, (post, address, email) in missing.items():
            user_id = accounts[email]
            self.users[author_key] = user_id
            name = _display_name(post, address)
            key = keys[author_key]
            identities.append(
                (community.pk, self.source, key, name, address, user_id, user_id, self.now)
            )
            joined[user_id] = min(post.created_at, joined.get(user_id, post.created_at))
        self.rows["identities"].insert(identities)
        already = set(
            Membership.objects.filter(community=community, user_id__in=joined).values_list(
                "user_id", flat=True
            )
        )
        memberships = [
            (community.pk, user_id, Role.MEMBER, MembershipState.ACTIVE, at, at)
            for user_id, at in joined.items()
            if user_id not in already
        ]
        self.rows["memberships"].insert(memberships)
        self.summary.identities += len(identities)
        self.summary.members += len(memberships)

    def _create_users(
        self, people: list[tuple[str, str, datetime | None]], accounts: dict[str, int]
    ) -> None:
        """Accounts (email, name, joined) made by the import, with their profile (every
        account has one); their ids go into `accounts`."""
        ids = self.user_ids.take(len(people))
        unusable = make_password(None)  # no password logs in with this: a claim sets one
        self.rows["users"].insert(
            (user_id, email, name, unusable, self.now, joined or self.now)
            for user_id, (email, name, joined) in zip(ids, people, strict=True)
        )
        self.rows["profiles"].insert((user_id,) for user_id in ids)
        accounts.update(
            (email, user_id) for user_id, (email, _n, _j) in zip(ids, people, strict=True)
        )

    # Votes ----------------------------------------------------------------------------------

    def write_votes(self, batches: Iterable[list[tuple[str, datetime]]]) -> None:
        """Up-votes become "useful" reactions. Dumps do not say who voted: the k-th up-vote of
        a post is given by the k-th anonymous voter, so each post keeps its count, and a second
        run (or a newer dump, whose votes come in the same order) adds only the new ones."""
        self.vote_counts = array("I")  # per numeric post id: the up-votes met so far
        self.vote_counts_other: dict[str, int] = {}
        for batch in batches:
            self._write_votes(batch)

    def _slot(self, source_id: str) -> int:
        if source_id.isdigit() and len(source_id) < 10:
            index = int(source_id)
            counts = self.vote_counts
            if index >= len(counts):
                grow = max(index + 1, 2 * len(counts), 1024) - len(counts)
                counts.frombytes(bytes(counts.itemsize * grow))
            counts[index] += 1
            return counts[index]
        count = self.vote_counts_other.get(source_id, 0) + 1
        self.vote_counts_other[source_id] = count
        return count

    def _write_votes(self, batch: list[tuple[str, datetime]]) -> None:
        if not batch:
            return
        posts = {
            key: (post_id, run_id == self.run.pk)
            for key, post_id, _topic_id, run_id in self._imported(
                {external_key(post) for post, _at in batch}
            )
        }
        reactions, again = [], []
        for source_id, at in batch:
            post_id, new = posts.get(external_key(source_id), (None, False))
            if post_id is None:
                self.summary.votes_without_post += 1
                continue
            user_id = self._voter(self._slot(source_id))
            (reactions if new else again).append((post_id, user_id, ReactionKind.USEFUL, at))
        self.summary.reactions += self.rows["reactions"].insert(reactions)
        self.summary.reactions += self.rows["reactions_again"].insert(again)

    def _voter(self, rank: int) -> int:
        if rank > len(self.voters):
            wanted = {
                f"voter-{k}@{PLACEHOLDER_DOMAIN}": k
                for k in range(len(self.voters) + 1, max(rank, 2 * len(self.voters)) + 1)
            }
            found = dict(User.objects.filter(email__in=wanted).values_list("email", "pk"))
            self._create_users(
                [
                    (email, VOTER_NAME % k, None)
                    for email, k in wanted.items()
                    if email not in found
                ],
                found,
            )
            self.voters += [found[email] for email in sorted(wanted, key=wanted.__getitem__)]
        return self.voters[rank - 1]

    # The end --------------------------------------------------------------------------------

    def finish(self) -> None:
        """Set the opening post and the counters of every topic this run wrote into."""
        self.search_index.close()
        if connection.vendor == "postgresql":
            # Statistics of what this transaction wrote: without them the planner takes the
            # freshly filled tables for empty and scans them once per topic below (seconds
            # instead of milliseconds for 20,000 posts).
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE discussions_post, discussions_topic, connectors_importeditem"
                )
        if connection.vendor == "postgresql":
            postgres.set_topic_counters(self.run.pk)
        else:
            self._set_topic_counters()
        if self.checks is not None:
            # The topics updated: this run's, earlier ones it added posts to, and earlier ones
            # whose accepted answer (imported before too) it set.
            self.checks.also(
                Topic,
                f"c.id IN (SELECT topic_id FROM {ImportedItem._meta.db_table}"  # noqa: S608
                " WHERE run_id = %s) OR c.id = ANY(%s)",
                [self.run.pk, sorted(self.accepted_earlier)],
            )
            self.checks.verify()
            postgres.flush_search_index()

    def _set_topic_counters(self) -> None:
        """One correlated subquery per column and topic (postgres.set_topic_counters does the
        same in one pass over the posts)."""
        live = Post.objects.filter(topic=OuterRef("pk"), deleted_at__isnull=True)
        latest = live.order_by("-created_at", "-pk")
        opening = Post.objects.filter(topic=OuterRef("pk"), parent__isnull=True)
        Topic.objects.filter(
            pk__in=ImportedItem.objects.filter(run=self.run).values("topic_id")
        ).update(
            opening_post=Subquery(opening.order_by("created_at", "pk").values("pk")[:1]),
            post_count=Subquery(
                live.order_by().values("topic").annotate(n=Count("pk")).values("n")[:1]
            ),
            last_post_at=Subquery(latest.values("created_at")[:1]),
            last_post_by=Subquery(latest.values("author_id")[:1]),
        )


def _address(value: str) -> str:
    """A lower-cased email address, or "" when the value is not one."""
    value = value.strip().lower()
    if "@" not in value or len(value) > 254:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _display_name(post: Prepared, address: str) -> str:
    """The author's name; for a mail address without a name, its local part (the whole
    address is not shown: archives obfuscate it for a reason)."""
    name = " ".join(post.author_name.split())
    if not name and address:
        name = address.split("@", 1)[0]
    return (name or post.author_key)[:150]
