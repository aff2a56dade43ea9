"""Reading a community's posts from the database into a compact `PostTable`, in one pass.

One query, ordered by (created_at, id), read with a server-side cursor in chunks: each row
becomes a few machine integers (no model instance, no Python object per post kept), so a
million posts take a few seconds and a few tens of megabytes. Live posts only: a deleted post,
or a post of a deleted topic, does not exist for the cockpit (docs/indicators.md).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import BigIntegerField, Func

from cercle.communities.models import Community, Group
from cercle.discussions.models import Post

from .table import PostTable

__all__ = ["LoadedPosts", "load_posts"]

CHUNK = 20_000
_MISSING = object()  # a parent that is no post: resolves to PARENT_MISSING


class EpochMicros(Func):
    """A datetime column as microseconds since the epoch, computed by the database: reading a
    million datetimes as Python objects costs more than the rest of the load."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: whole seconds, then the fraction
        # (always six digits when present; substr gives "" and so 0 when absent).
        return self.as_sql(
            compiler,
            connection,
            template=(
                "(CAST(strftime('%%%%s', %(expressions)s) AS INTEGER) * 1000000"
                " + CAST(substr(%(expressions)s, 21, 6) AS INTEGER))"
            ),
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        # EXTRACT(EPOCH ...) is an exact numeric since PostgreSQL 14.
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint",
            **extra_context,
        )

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        if "template" not in extra_context:
            raise NotImplementedError(f"EpochMicros on {connection.vendor}")
        return super().as_sql(compiler, connection, **extra_context)


@dataclass(eq=False)
class LoadedPosts:
    """The table, and the group of each thread (topic id -> group id, or None)."""

    table: PostTable
    thread_groups: dict[Hashable, int | None]

    def for_group(self, group_id: int) -> PostTable:
        """The posts of the group's topics, as a table of their own (no second query)."""
        table, groups = self.table, self.thread_groups
        wanted = [t for t, topic in enumerate(table.threads) if groups.get(topic) == group_id]
        keep = bytearray(len(table.threads))
        for t in wanted:
            keep[t] = 1

        def rows() -> Iterator[tuple[Hashable, Hashable, Hashable, int, Hashable | None]]:
            ids, threads, authors = table.ids, table.threads, table.authors
            for index, t in enumerate(table.thread):
                if keep[t]:
                    p = table.parent[index]
                    parent = None if p == -1 else _MISSING if p < 0 else ids[p]
                    yield (
                        ids[index],
                        threads[t],
                        authors[table.author[index]],
                        table.ts[index],
                        parent,
                    )

        return PostTable.from_sorted_rows(rows())


def load_posts(
    community: Community, *, group: Group | None = None, until: datetime | None = None
) -> LoadedPosts:
    """The live posts of `community` (of `group`'s topics only, if given) created before
    `until` (all if None), as a table whose ids, threads and authors are the database's
    post, topic and user ids (None for a deleted account)."""
    posts = Post.objects.filter(
        community=community, deleted_at__isnull=True, topic__deleted_at__isnull=True
    )
    if group is not None:
        posts = posts.filter(topic__group=group)
    if until is not None:
        posts = posts.filter(created_at__lt=until)
    rows = (
        posts.annotate(micros=EpochMicros("created_at"))
        .order_by("created_at", "id")
        .values_list("id", "topic_id", "author_id", "micros", "parent_id", "topic__group_id")
    )
    thread_groups: dict[Hashable, int | None] = {}
    # The compiled query on a plain (server-side, where the database has them) cursor: the
    # values are ints already, Django's per-row converters would only cost time.
    sql, params = rows.query.sql_with_params()

    def compact() -> Iterator[tuple[Hashable, Hashable, Hashable, int, Hashable | None]]:
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(CHUNK):
                for post_id, topic_id, author_id, micros, parent_id, group_id in chunk:
                    thread_groups[topic_id] = group_id
                    yield post_id, topic_id, author_id, micros, parent_id

    table = PostTable.from_sorted_rows(compact())
    return LoadedPosts(table=table, thread_groups=thread_groups)
