"""Primary keys handed out before the rows are written.

The importer writes a batch of posts whose parents may be in the same batch, and topics whose
opening post is written after them: knowing every id in advance lets it write each table with
one bulk INSERT per batch, with no second pass to fill in parents (foreign keys are checked at
commit on both databases: Django declares them DEFERRABLE INITIALLY DEFERRED; on PostgreSQL the
import may check them itself, in bulk, just before: cercle.connectors.postgres).

PostgreSQL hands the ids out from the table's own sequence, so concurrent writers never collide.
SQLite has no sequence to draw from: the importer holds the database's write lock for its whole
transaction (it writes its run first), so nobody else inserts meanwhile and the ids after the
highest one ever given (sqlite_sequence, which AUTOINCREMENT tables keep) are free.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Max, Model


class IdAllocator:
    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.column = model._meta.pk.column
        self.next: int | None = None
        self.sequence: str | None = None  # PostgreSQL: the table's sequence, found once

    def take(self, count: int) -> list[int]:
        if count <= 0:
            return []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if self.sequence is None:
                    # Once: in the SELECT below it would be looked up again for every id.
                    cursor.execute(
                        "SELECT pg_get_serial_sequence(%s, %s)", [self.table, self.column]
                    )
                    (self.sequence,) = cursor.fetchone()
                cursor.execute(
                    "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                    [self.sequence, count],
                )
                return [row[0] for row in cursor.fetchall()]
        if self.next is None:
            self.next = self._highest() + 1
        first = self.next
        self.next += count
        return list(range(first, first + count))

    def _highest(self) -> int:
        highest = self.model._base_manager.aggregate(highest=Max("pk"))["highest"] or 0
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
        return highest
