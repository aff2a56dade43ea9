"""Plain INSERTs of many rows, for the tables an import fills by the hundred thousand.

`bulk_create` builds a model instance per row and compiles every value through its field: on
an import that is most of the time spent (measured: two thirds of it on 20,000 messages). This
writes tuples with one `executemany` of a standard INSERT, the same SQL on SQLite and
PostgreSQL. The columns the importer does not give take their field's default, computed once,
so that a field added to a model later (with a default, as migrations require) needs no change
here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC
from typing import Any

from django.db import connection
from django.db.models import DateTimeField, Model

# Rows per INSERT when conflicts are skipped: 4 columns x 200 rows stay under SQLite's oldest
# limit of 999 parameters.
CONFLICT_ROWS = 200


class RowWriter:
    def __init__(
        self, model: type[Model], columns: Sequence[str], *, ignore_conflicts: bool = False
    ) -> None:
        meta = model._meta
        self.model = model
        self.fields = set(columns)
        given = [meta.get_field(name) for name in columns]
        quote = connection.ops.quote_name
        self.dates = [i for i, field in enumerate(given) if isinstance(field, DateTimeField)]
        defaults: list[tuple[str, Any]] = []
        for field in meta.concrete_fields:
            if field in given or field.primary_key:
                continue
            if field.has_db_default() and not field.has_default():
                continue  # the database fills it
            value = field.get_db_prep_save(field.get_default(), connection)
            defaults.append((field.column, value))
        names = [field.column for field in given] + [name for name, _value in defaults]
        self.constants = tuple(value for _name, value in defaults)
        table = quote(meta.db_table)
        listed = ", ".join(quote(name) for name in names)
        marks = ", ".join(["%s"] * len(names))
        self.sql = f"INSERT INTO {table} ({listed}) VALUES ({marks})"  # noqa: S608 (model names)
        self.ignore_conflicts = ignore_conflicts
        if ignore_conflicts:
            self.sql += " ON CONFLICT DO NOTHING"
            # Many rows per statement: PostgreSQL runs an executemany row by row (five times
            # slower here, measured on the reactions of a Stack Exchange dump).
            self.head = f"INSERT INTO {table} ({listed}) VALUES "  # noqa: S608 (model names)
            self.marks = f"({marks})"
        # PostgreSQL loads rows fastest with COPY (three times the INSERTs' rate, measured on
        # the posts); it cannot skip conflicts, so those tables take the INSERT.
        self.copy = None
        if connection.vendor == "postgresql" and not ignore_conflicts:
            self.copy = f"COPY {table} ({listed}) FROM STDIN"

    def insert(self, rows: Iterable[Sequence[Any]]) -> int:
        """Write these rows; how many were written (less than given when conflicts are
        skipped)."""
        adapt = _adapt_datetime()
        dates, constants = self.dates, self.constants
        prepared = []
        for row in rows:
            values = list(row)
            for index in dates:
                values[index] = adapt(values[index])
            prepared.append((*values, *constants))
        if not prepared:
            return 0
        with connection.cursor() as cursor:
            if self.ignore_conflicts:
                written = 0
                for start in range(0, len(prepared), CONFLICT_ROWS):
                    chunk = prepared[start : start + CONFLICT_ROWS]
                    values = ", ".join([self.marks] * len(chunk))
                    parameters = [value for row in chunk for value in row]
                    cursor.execute(f"{self.head}{values} ON CONFLICT DO NOTHING", parameters)
                    written += cursor.rowcount
                return written
            if self.copy is None:
                cursor.executemany(self.sql, prepared)
                return len(prepared)
            # Past Django's cursor wrapper, so its execute wrappers do not see the rows: the
            # importer's own UPDATE of the topics, in the same transaction, is seen.
            with cursor.cursor.copy(self.copy) as copy:
                for row in prepared:
                    copy.write_row(row)
            return len(prepared)


class SearchIndexRows:
    """The search index's own rows, where the database has any (SQLite's FTS5 table).

    On SQLite a trigger copies each new SearchDocument's stems into the FTS5 table
    (discussions' migration 0002). Fired row by row it costs five times what one
    `executemany` into the FTS5 table costs (measured: 1.9 s against 0.35 s for 20,000 posts),
    so during an import the trigger is dropped and the rows written here; `close` puts the
    trigger back as it was. It all happens in the import's transaction: if the import fails,
    the rollback restores the trigger too (SQLite's DDL is transactional). PostgreSQL indexes a
    generated column: nothing to do there.
    """

    TRIGGER = "discussions_searchdocument_fts_insert"
    TABLE = "discussions_searchdocument_fts"

    def __init__(self) -> None:
        self.trigger_sql = None
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE name IN (%s, %s)",
                [self.TRIGGER, self.TABLE],
            )
            found = dict(cursor.fetchall())
            if self.TRIGGER in found and self.TABLE in found:
                self.trigger_sql = found[self.TRIGGER]
                cursor.execute(f'DROP TRIGGER "{self.TRIGGER}"')

    def insert(self, rows: list[tuple[int, str]]) -> None:
        """(SearchDocument id, stems) of documents just written."""
        if self.trigger_sql is not None and rows:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f'INSERT INTO "{self.TABLE}" (rowid, stems) VALUES (%s, %s)',  # noqa: S608
                    rows,
                )

    def close(self) -> None:
        if self.trigger_sql is not None:
            with connection.cursor() as cursor:
                cursor.execute(self.trigger_sql)
            self.trigger_sql = None


@contextmanager
def sqlite_page_cache(megabytes: int) -> Iterator[None]:
    """On SQLite, for the import only, a page cache of up to `megabytes`.

    SQLite keeps 2 MB of pages by default. An import's single transaction soon outgrows it:
    its dirty pages then spill into the write-ahead log before the commit, and the indexes
    written in no particular order (authors, archive ids) are read back and written again
    and again (measured on 500,000 Stack Exchange posts, the machine busy: 225 s with the
    default, 147 s with 256 MB; quiet, 64 MB is as fast as 256 MB). The cache grows only as
    the import needs it, up to this bound, and is given back afterwards.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
            cursor.execute("PRAGMA shrink_memory")


def _adapt_datetime():
    """The database's adapter of datetimes; on SQLite, a shortcut for the UTC datetimes the
    readers give (what Django's adapter does with them: the naive UTC time as text)."""
    adapt = connection.ops.adapt_datetimefield_value
    if connection.vendor != "sqlite" or str(connection.timezone) != "UTC":
        return adapt

    def adapt_utc(value):
        if value is not None and value.tzinfo is UTC:
            return str(value.replace(tzinfo=None))
        return adapt(value)

    return adapt_utc
