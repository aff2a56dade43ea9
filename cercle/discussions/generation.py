"""How many times the database has changed: the key under which pages shared by all visitors
are kept (cercle.discussions.visitors), so that a kept page is never older than the data.

Every SQL statement Cercle runs goes through `detect_writes` (installed on each database
connection by DiscussionsConfig.ready). A statement that writes (INSERT, UPDATE, DELETE, or
anything that is not plainly a read) counts the database as changed, unless it writes only to
a table that no shared page shows (IGNORED: sessions, drafts, read marks, notifications, the
activity log...): forgetting a table there costs only kept pages, never shows a stale one.

A change is counted twice:
- in this process at once (`local`), so that this process never serves a page kept before a
  write it made, committed or not (the tests run inside transactions that never commit);
- in the database, on the `discussions_generation` row, once the transaction commits (or at
  once outside a transaction): every other process then sees it at its next read. Counting
  after the commit, in its own short statement, holds no lock while the writer's transaction
  runs.

ORM saves, bulk operations (`update()`, `bulk_create()`) and raw SQL through Django's
connections are all seen; a write made outside Cercle (psql, another program) is not: after
one, restart Cercle or run `cercle shell -c "from cercle.discussions import generation;
generation.bump()"`.
"""

import copy
import logging
import re
import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model

from cercle.lib.fragments import SHARED_ORIGINAL, Memo

logger = logging.getLogger(__name__)
T = TypeVar("T")
M = TypeVar("M", bound=Model)

TABLE = "discussions_generation"
# Tables whose rows no shared page (the topic list, a topic page as visitors see them) shows.
IGNORED = frozenset(
    {
        TABLE,
        "django_migrations",
        "django_session",
        "accounts_loginsession",
        "activity_activityevent",
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
        "django_tasks_database_dbtaskresult",
        "discussions_draft",
        "discussions_searchdocument",
        "discussions_searchdocument_fts",
        "notifications_communityreadmark",
        "notifications_follow",
        "notifications_notification",
        "notifications_notificationpreference",
        "notifications_topicreadstate",
    }
)
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "PRAGMA", "SHOW")
_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?([\w.]+)",
    re.IGNORECASE,
)

local = 0  # changes seen by this process


def written_table(sql: str) -> str | None:
    """The table a statement writes to; "" when it may write but it is not known where; None
    for a read."""
    head = sql.lstrip()[:9].upper()
    if head.startswith(_READS):
        return None
    found = _WRITE.match(sql)
    return found.group(1).lower() if found else ""


_unmigrated: set[str] = set()  # databases without the table yet (until the next migrate)


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    if using in _unmigrated:
        return
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(f'UPDATE "{TABLE}" SET "value" = "value" + 1 WHERE "id" = 1')  # noqa: S608
    except DatabaseError:  # not migrated yet: nothing is kept before it is
        logger.debug("No generation to count on in %s yet", using)
        _unmigrated.add(using)


def on_migrated(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After `migrate` (the `post_migrate` signal): the table may be there now."""
    _unmigrated.discard(using)


_bumpers: dict[str, object] = {}


def _bumper(using: str):
    """One function per database alias, so that a transaction registers it once."""
    if using not in _bumpers:
        _bumpers[using] = lambda: bump(using)
    return _bumpers[using]


def changed(connection) -> None:
    global local  # this process's count
    local += 1
    if not connection.in_atomic_block:
        bump(connection.alias)
        return
    bumper = _bumper(connection.alias)
    if not any(entry[1] is bumper for entry in connection.run_on_commit):
        connection.on_commit(bumper)


def detect_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    table = written_table(sql)
    if table is not None and table not in IGNORED:
        changed(context["connection"])
    return result


def install(connection, **kwargs) -> None:
    """On each new database connection (the `connection_created` signal; DiscussionsConfig
    also connects on_request_started and on_request_finished)."""
    if connection.alias not in connections.settings:
        # Django's own short-lived connections (e.g. "__no_db__", which creates the test
        # database on PostgreSQL) hold no table that pages show.
        return
    if detect_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(detect_writes)


def pending(connection) -> bool:
    """Whether the connection's transaction has written and not committed yet: until it does,
    what it reads may be undone, so nothing it reads is kept, nor served from what is kept."""
    bumper = _bumpers.get(connection.alias)
    return bumper is not None and any(entry[1] is bumper for entry in connection.run_on_commit)


# Within a request, the generation is read once (until this process writes): a page is made
# from one state of the database.
_read = threading.local()


def on_request_started(**kwargs) -> None:
    _read.value, _read.in_request = None, True


def on_request_finished(**kwargs) -> None:
    _read.value, _read.in_request = None, False


def current(using: str = DEFAULT_DB_ALIAS) -> tuple[int, int] | None:
    """The generation now, in the database and in this process; None if nothing may be kept
    (the row is missing, or the current transaction has uncommitted writes)."""
    connection = connections[using]
    if pending(connection):
        return None
    seen = getattr(_read, "value", None) if getattr(_read, "in_request", False) else None
    if seen is not None and seen[1:] == (local, using):
        return seen[0], local
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT "value" FROM "{TABLE}" WHERE "id" = 1')  # noqa: S608
            row = cursor.fetchone()
    except DatabaseError:  # not migrated yet
        return None
    if row is None:  # emptied (`flush`): counted again from the next request on
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO "{TABLE}" ("id", "value") VALUES (1, 0) ON CONFLICT DO NOTHING'  # noqa: S608
            )
        return None
    _read.value = (row[0], local, using)
    return row[0], local


_shared: Memo | None = None
_personal: Memo | None = None


def forget_all(**kwargs) -> None:
    """Drop everything kept in this process: what was rendered or read under other settings
    (the `setting_changed` signal, sent when tests change them) may not hold any more."""
    from cercle.discussions import visitors
    from cercle.lib import fragments

    for memo in (_shared, _personal, visitors._pages, fragments._memo):
        if memo is not None:
            memo.clear()


def _kept(memo: Memo, key: tuple, build: Callable[[], T]) -> T:
    generation = current()
    if generation is None:
        return build()
    full = (generation, *key)
    found = memo.get(full)
    if found is None:
        found = (build(),)
        if current() == generation:  # nothing written meanwhile
            memo.put(full, found)
    return found[0]


def shared(key: tuple, build: Callable[[], T]) -> T:
    """What `build()` returns, kept in this process for as long as the database does not
    change: for reads that every reader shares (a page of topics with their authors...).
    What it returns is shared between requests: never change it, change a copy (own_copy).
    `build` must not depend on the time, nor on who reads."""
    global _shared  # one store per process, sized from the settings
    if _shared is None:
        _shared = Memo(getattr(settings, "SHARED_READS_KEPT", 2000))
    return _kept(_shared, key, build)


def personal(key: tuple, build: Callable[[], T]) -> T:
    """As `shared`, for what one reader reads of their own on every page (their membership),
    `key` naming them: kept apart, so that many readers never push out what all share."""
    global _personal  # one store per process, as large as the shared one
    if _personal is None:
        _personal = Memo(getattr(settings, "SHARED_READS_KEPT", 2000))
    return _kept(_personal, key, build)


def own_copy(instance: M) -> M:
    """A copy of a model instance kept by `shared` or `personal`, that the reader may change
    (set what is unread, their rights...) without changing it for others. Related and
    prefetched objects stay shared: read them only."""
    clone = instance.__class__.__new__(instance.__class__)
    clone.__dict__ = instance.__dict__.copy()
    clone.__dict__[SHARED_ORIGINAL] = instance.__dict__.get(SHARED_ORIGINAL, instance)
    clone._state = copy.copy(instance._state)
    clone._state.fields_cache = instance._state.fields_cache.copy()
    if "_prefetched_objects_cache" in clone.__dict__:
        clone._prefetched_objects_cache = dict(clone._prefetched_objects_cache)
    return clone
