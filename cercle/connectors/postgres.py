"""What an import does differently on PostgreSQL: faster, with the same guarantees.

An import is one transaction, so one server process does all of its database work: on
PostgreSQL that process is what limits an import (Cercle's writing process mostly waits for it).
Measured on 500,000 Stack Exchange posts (1.2 million rows, PostgreSQL 15 as Debian installs
it), what took its time besides writing the rows and their indexes:

- the foreign-key checks: Django declares its foreign keys DEFERRABLE INITIALLY DEFERRED, so
  PostgreSQL queues one check per reference of every row written (about eleven per post) and
  runs them at COMMIT, each a small query of its own: 36 s of 145. `ReferenceChecks` does them
  in bulk at the end, one pass per foreign key, when the database role may (see its
  docstring): about 7 s;
- the topics' counters, set by one correlated subquery per topic and column: one pass over the
  posts instead (`set_topic_counters`);
- pglz compression of the long texts, and parallel workers competing for the cores the import
  already uses (`tune_transaction`).

The search index (GIN) takes a third of the server's time, and the tsvector of each document
another sixth; neither is changed here (computing the vector in Python cost more than it saved;
building it without word positions would make the ranking worse). `flush_search_index` merges
the index's pending list before the commit, so that searches do not read it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.db.utils import DatabaseError
from django.utils.translation import gettext as _

from cercle.discussions.models import Post, Topic

from .models import ImportedItem
from .readers import ArchiveError

logger = logging.getLogger(__name__)

SEARCH_INDEX = "discussions_searchdocument_stems_vector"


def tune_transaction() -> None:
    """Settings for the import's transaction only (SET LOCAL: they end with it)."""
    with connection.cursor() as cursor:
        # The search index's pending list holds the new documents' words until it is merged
        # into the index: merged every 64 MB rather than every 4 MB, in memory (work_mem);
        # flush_search_index merges what is left before the commit. (Larger only postpones the
        # merge to the end, and every search of every community reads the whole list.)
        cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        # The import keeps the machine's cores busy (its reading process, this one, the
        # server's): parallel workers for its queries would only compete with them.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        # Bodies and texts longer than 2 kB are compressed: lz4 does it several times faster
        # than PostgreSQL's default pglz (only where the server was built with it; the values
        # read back the same either way).
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
        if row and row[0]:
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")


def set_topic_counters(run_id: int) -> None:
    """The opening post, the number of live posts and the latest live post of every topic the
    run wrote into, from one pass over their posts grouped by topic: the same values as
    `_Writer._set_topic_counters`, whose subqueries run once per topic and column (measured on
    125,000 topics: 4.4 s instead of 7.6 s)."""
    topic, post, item = (
        connection.ops.quote_name(model._meta.db_table) for model in (Topic, Post, ImportedItem)
    )
    latest = "ORDER BY p.created_at DESC, p.id DESC) FILTER (WHERE p.deleted_at IS NULL))[1]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {topic} t SET opening_post_id = s.opening, post_count = s.live,"  # noqa: S608
            " last_post_at = s.last_at, last_post_by_id = s.last_by"
            " FROM (SELECT p.topic_id,"
            "  (array_agg(p.id ORDER BY p.created_at, p.id)"
            "   FILTER (WHERE p.parent_id IS NULL))[1] AS opening,"
            "  count(*) FILTER (WHERE p.deleted_at IS NULL) AS live,"
            f"  (array_agg(p.created_at {latest} AS last_at,"
            f"  (array_agg(p.author_id {latest} AS last_by"
            f" FROM {post} p"
            f" WHERE p.topic_id IN (SELECT topic_id FROM {item} WHERE run_id = %s)"
            " GROUP BY p.topic_id) s"
            " WHERE t.id = s.topic_id",
            [run_id],
        )


def flush_search_index() -> None:
    """Merge the search index's pending list into the index, in bulk, before the commit.

    A search reads the whole pending list: left full, it would make every search slow until
    autovacuum merges it. Only the index's owner may ask for it (the role that ran the
    migrations, normally); another role leaves it to autovacuum.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [SEARCH_INDEX])
    except DatabaseError:
        logger.warning("the search index's pending list is left to autovacuum", exc_info=True)


class ReferenceChecks:
    """Foreign keys checked once per key at the end of the import, instead of once per row at
    COMMIT.

    When allowed, the import's transaction runs with `session_replication_role = replica`
    (what `pg_restore --disable-triggers` does): PostgreSQL then queues no foreign-key check
    for the rows written. `verify`, just before the commit, does what those checks would have
    done, with two queries per foreign key of each table the import writes, over the rows
    written since `begin`:

    1. the rows referenced that this transaction did not write itself get the lock that each
       check takes (FOR KEY SHARE): nobody can delete them, nor change their key, until the
       commit;
    2. then no reference may point at a missing row; otherwise the import fails (ArchiveError)
       and nothing is written. It would take a bug of the importer, or an account or post
       deleted while the import ran (running it again then imports the archive).

    Used only when `settings.IMPORT_BULK_REFERENCE_CHECKS` is true (the default), when no table
    the import writes has a trigger of its own (replica mode would skip it), and when the
    database role may set the parameter: a superuser, or, on PostgreSQL 15 and later, a role
    given `GRANT SET ON PARAMETER session_replication_role TO <role>`. Otherwise PostgreSQL
    checks every row as usual: slower, as safe.
    """

    def __init__(
        self, written: dict[type[Model], set[str]], *, looked_up: set[type[Model]]
    ) -> None:
        """`written`: the tables the import writes, each with the fields it sets (the others
        keep their default). `looked_up`: those tables whose rows it may also find by value
        (accounts by address, tags by name), which somebody else may have written after
        `begin`."""
        self.written = written
        self.models = list(written)
        self.looked_up = looked_up
        self.active = False
        self.since: dict[str, int] = {}  # table -> its largest primary key at `begin`
        self.scopes: dict[type[Model], tuple[str, list]] = {}

    def begin(self) -> bool:
        """Stop PostgreSQL's own checks for this transaction, if allowed; whether it did."""
        if not settings.IMPORT_BULK_REFERENCE_CHECKS:
            return False
        tables = [model._meta.db_table for model in self.models]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"
                " AND tgrelid = ANY(%s::regclass[])",
                [tables],
            )
            if cursor.fetchone()[0]:
                return False
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            (self.role_before,) = cursor.fetchone()
        try:
            # In a savepoint: a refusal must not end the import's transaction.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            return False
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in self.models:
                meta = model._meta
                cursor.execute(
                    f"SELECT COALESCE(MAX({quote(meta.pk.column)}), 0)"  # noqa: S608
                    f" FROM {quote(meta.db_table)}"
                )
                self.since[meta.db_table] = cursor.fetchone()[0]
        self.active = True
        return True

    def also(self, model: type[Model], condition: str, parameters: list) -> None:
        """Check too the rows of `model` that match `condition` (SQL on the table's alias `c`):
        rows written before `begin` that the import updates."""
        self.scopes[model] = (condition, parameters)

    def verify(self) -> None:
        """Check what the import wrote, then give PostgreSQL its own checks back (for what the
        transaction may do after the import, when it is part of a larger one). A failure rolls
        the import back, and with it the setting."""
        if not self.active:
            return
        self._check()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('session_replication_role', %s, true)", [self.role_before]
            )
        self.active = False

    def _check(self) -> None:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in self.models:
                meta = model._meta
                scope = f"c.{quote(meta.pk.column)} > %s"
                parameters = [self.since[meta.db_table]]
                if model in self.scopes:
                    condition, more = self.scopes[model]
                    scope = f"({scope} OR {condition})"
                    parameters += more
                for field in meta.concrete_fields:
                    if not field.is_relation or not getattr(field, "db_constraint", False):
                        continue
                    if field.name not in self.written[model]:
                        continue  # left to its default, NULL: nothing to check
                    self._check_key(cursor, meta.db_table, field, scope, parameters)

    def _check_key(self, cursor, table: str, field, scope: str, parameters: list) -> None:
        quote = connection.ops.quote_name
        column = quote(field.column)
        related = field.related_model
        target = quote(related._meta.db_table)
        key = quote(field.target_field.column)
        if related in self.models and related not in self.looked_up:
            # Those written after `begin` are this import's own: nobody else sees them (the
            # community's lock keeps a second import into it waiting).
            others = f"t.{quote(related._meta.pk.column)} <= %s"
            lock_parameters = [self.since[related._meta.db_table], *parameters]
        else:
            others, lock_parameters = "t.xmin <> pg_current_xact_id()::xid", parameters
        cursor.execute(
            f"SELECT 1 FROM {target} t WHERE {others} AND t.{key} IN"  # noqa: S608 (model names)
            f" (SELECT c.{column} FROM {quote(table)} c WHERE {scope}) FOR KEY SHARE OF t",
            lock_parameters,
        )
        cursor.execute(
            f"SELECT c.{column} FROM {quote(table)} c WHERE {scope}"  # noqa: S608
            f" AND c.{column} IS NOT NULL AND NOT EXISTS"
            f" (SELECT 1 FROM {target} t WHERE t.{key} = c.{column}) LIMIT 1",
            parameters,
        )
        missing = cursor.fetchone()
        if missing is not None:
            raise ArchiveError(
                _(
                    "The import refers to a row that is no longer there (%(table)s.%(column)s = "
                    "%(value)s): an account or a post may have been deleted while it ran. "
                    "Nothing was imported; run it again."
                )
                % {"table": table, "column": field.column, "value": missing[0]}
            )
