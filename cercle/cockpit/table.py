"""The posts of a community as a compact table: the one input of every cockpit computation.

Every community, hosted or imported, reduces to posts (docs/indicators.md, "The activity
model"): `id`, `thread`, `author`, `created_at`, `parent`. A `PostTable` holds them as parallel
arrays of machine integers, sorted by (created_at, order given), with threads and authors
numbered densely. A million posts take a few tens of megabytes, and "the posts as of T" is a
prefix of the table, found by bisection.

Identities are opaque: a post id, a thread or an author may be any hashable value (user ids for
a hosted community, Message-IDs and addresses for an archive). `None` is a valid author: every
post whose author is unknown (a deleted account) belongs to one shared author, as the Stack
Exchange reader's "deleted user" does.

Ties: two posts of the same instant keep the order in which they were given. The database reader
(cercle.cockpit.rollups) gives them in (created_at, id) order; the archive readers in their
documented order. An author's "first post" is the first in that total order.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

__all__ = [
    "DAY",
    "EPOCH",
    "HOUR",
    "NO_PARENT",
    "NO_REPLY",
    "PARENT_MISSING",
    "PostRecord",
    "PostTable",
    "end_of_day",
    "from_micros",
    "months_between",
    "shift_months",
    "to_micros",
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HOUR = 3_600_000_000  # microseconds
DAY = 24 * HOUR
NO_PARENT = -1  # an opening post
PARENT_MISSING = -2  # a reply whose parent is not in the table (deleted, or not given)
NO_REPLY = 2**62  # first_post_reply_delay of an author whose first post got no reply


class PostRecord(NamedTuple):
    """One post, as the cockpit sees it. `created_at` is an aware datetime."""

    id: Hashable
    thread: Hashable
    author: Hashable
    created_at: datetime
    parent: Hashable | None


def to_micros(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime (exact: no float on the way)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the cockpit needs aware (UTC) datetimes")
    return (moment - EPOCH) // timedelta(microseconds=1)


def from_micros(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


def end_of_day(day: date) -> int:
    """The instant just after `day` ends, UTC, in microseconds: a post exists as of the end of
    `day` exactly when its time is before this (docs/indicators.md: T is the end of the day)."""
    return to_micros(datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC))


def shift_months(moment: datetime, months: int) -> datetime:
    """`moment` moved by whole months, its day clipped to the month's length (31 March - 1
    month = 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def months_between(first: int, end: int) -> list[tuple[str, int, int]]:
    """The calendar months (UTC) from the one holding instant `first` to the one holding the
    instant just before `end`: (label "YYYY-MM", start, stop) with stop clipped to `end`."""
    if first >= end:
        return []
    start = from_micros(first)
    moment = datetime(start.year, start.month, 1, tzinfo=UTC)
    months = []
    while (begin := to_micros(moment)) < end:
        following = shift_months(moment, 1)
        months.append(
            (f"{moment.year:04d}-{moment.month:02d}", begin, min(to_micros(following), end))
        )
        moment = following
    return months


@dataclass(eq=False)
class PostTable:
    """Posts sorted by (created_at, order given), as parallel arrays; see the module docstring.

    Columns, one entry per post, index = rank in time order:
    - `ts`: created_at, microseconds since the epoch (UTC);
    - `author`, `thread`: dense numbers; `authors[a]` and `threads[t]` give the identities back.
      Authors are numbered in the order of their first post, so `author_first` is increasing.
    - `parent`: the index of the parent post, `NO_PARENT` for an opening post, `PARENT_MISSING`
      for a reply whose parent is not in the table.
    - `ids[i]`: the post's own identity.
    """

    ts: array[int]
    author: array[int]
    thread: array[int]
    parent: array[int]
    ids: list[Hashable]
    authors: list[Hashable]
    threads: list[Hashable]
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    # Building -------------------------------------------------------------------------------

    @classmethod
    def from_records(
        cls, records: Iterable[PostRecord | tuple[Any, ...]], *, until: int | None = None
    ) -> PostTable:
        """A table of `records` (PostRecord or tuples in the same order of fields).

        `until` (microseconds, exclusive) leaves out the posts created at or after it: they do
        not exist yet as of that instant. Records need not be sorted.
        """
        ts = array("q")
        raw: list[tuple[Hashable, Hashable, Hashable, Hashable | None]] = []
        for post_id, thread, author, created_at, parent in records:
            micros = to_micros(created_at)
            if until is not None and micros >= until:
                continue
            ts.append(micros)
            raw.append((post_id, thread, author, parent))
        order = sorted(range(len(ts)), key=ts.__getitem__)  # stable: ties keep the order given
        builder = _Builder(len(order))
        for index in order:
            post_id, thread, author, parent = raw[index]
            builder.add(post_id, thread, author, ts[index], parent)
        return builder.table()

    @classmethod
    def from_sorted_rows(
        cls, rows: Iterable[tuple[Hashable, Hashable, Hashable, int, Hashable | None]]
    ) -> PostTable:
        """A table of rows (id, thread, author, created_at in microseconds, parent) already in
        (created_at, tie order) order: the database reader's fast path, one pass, no sort."""
        builder = _Builder(0)
        # The loop of _Builder.add, inlined with local names: a million rows go through it.
        ts, author_column, thread_column, parent_column = (
            builder.ts,
            builder.author,
            builder.thread,
            builder.parent,
        )
        ids, authors, threads = builder.ids, builder.authors, builder.threads
        author_of, thread_of, index_of = builder.author_of, builder.thread_of, builder.index_of
        pending = builder.pending
        last = -(2**63)
        for index, (post_id, thread, author, micros, parent) in enumerate(rows):
            if micros < last:
                raise ValueError("rows are not sorted by created_at")
            last = micros
            ts.append(micros)
            number = author_of.get(author)
            if number is None:
                number = author_of[author] = len(authors)
                authors.append(author)
            author_column.append(number)
            number = thread_of.get(thread)
            if number is None:
                number = thread_of[thread] = len(threads)
                threads.append(thread)
            thread_column.append(number)
            if parent is None:
                parent_column.append(NO_PARENT)
            else:
                found = index_of.get(parent)
                if found is None:
                    pending.append((index, parent))
                    found = PARENT_MISSING
                parent_column.append(found)
            index_of[post_id] = index
            ids.append(post_id)
        return builder.table()

    def __len__(self) -> int:
        return len(self.ts)

    # Lookups --------------------------------------------------------------------------------

    def count_before(self, micros: int) -> int:
        """How many posts were created before `micros`: the prefix that exists then."""
        return bisect_left(self.ts, micros)

    def _cached(self, name: str, compute: Any) -> Any:
        value = self._cache.get(name)
        if value is None:
            value = self._cache[name] = compute()
        return value

    @property
    def author_first(self) -> array[int]:
        """Index of each author's first post (increasing, by construction)."""
        return self._cached("author_first", self._author_firsts)  # type: ignore[no-any-return]

    @property
    def author_second(self) -> array[int]:
        """Index of each author's second post, or -1."""
        return self._cached("author_second", self._author_seconds)  # type: ignore[no-any-return]

    @property
    def openings(self) -> array[int]:
        """Indexes of the opening posts (no parent), increasing."""
        return self._cached(  # type: ignore[no-any-return]
            "openings", lambda: array("q", (i for i, p in enumerate(self.parent) if p == NO_PARENT))
        )

    @property
    def thread_opening(self) -> array[int]:
        """Index of each thread's opening post (its first post with no parent), or -1."""
        return self._cached("thread_opening", self._thread_openings)  # type: ignore[no-any-return]

    @property
    def thread_first_other(self) -> array[int]:
        """Index of the first post of each thread by someone other than its opener, or -1.

        Valid as of any T: posts are in time order, so when this post is after T, no post by
        someone else exists in the thread as of T.
        """
        return self._cached(  # type: ignore[no-any-return]
            "thread_first_other", self._thread_first_others
        )

    @property
    def first_post_reply_delay(self) -> array[int]:
        """For each author: the delay (microseconds) from their first post to the earliest
        child post of it by another author, or `NO_REPLY` when there is none. A child dated
        before its parent (clock anomalies) gives a negative delay."""
        return self._cached(  # type: ignore[no-any-return]
            "first_post_reply_delay", self._first_post_reply_delays
        )

    def _author_firsts(self) -> array[int]:
        first = array("q", [-1]) * len(self.authors)
        for index, author in enumerate(self.author):
            if first[author] < 0:
                first[author] = index
        return first

    def _author_seconds(self) -> array[int]:
        first = self.author_first
        second = array("q", [-1]) * len(self.authors)
        for index, author in enumerate(self.author):
            if second[author] < 0 and first[author] != index:
                second[author] = index
        return second

    def _thread_openings(self) -> array[int]:
        opening = array("q", [-1]) * len(self.threads)
        thread = self.thread
        for index in self.openings:
            if opening[thread[index]] < 0:
                opening[thread[index]] = index
        return opening

    def _thread_first_others(self) -> array[int]:
        opening = self.thread_opening
        first_other = array("q", [-1]) * len(self.threads)
        author, thread = self.author, self.thread
        for index, t in enumerate(thread):
            if first_other[t] < 0 and opening[t] >= 0 and author[index] != author[opening[t]]:
                first_other[t] = index
        return first_other

    def _first_post_reply_delays(self) -> array[int]:
        first = self.author_first
        delay = array("q", [NO_REPLY]) * len(self.authors)
        ts, author = self.ts, self.author
        for index, parent in enumerate(self.parent):
            if parent < 0:
                continue
            parent_author = author[parent]
            if first[parent_author] != parent or author[index] == parent_author:
                continue
            gap = ts[index] - ts[parent]
            if gap < delay[parent_author]:
                delay[parent_author] = gap
        return delay


class _Builder:
    """Numbers threads and authors densely and resolves parents, one post at a time."""

    def __init__(self, size: int) -> None:
        self.ts = array("q")
        self.author = array("q")
        self.thread = array("q")
        self.parent = array("q")
        self.ids: list[Hashable] = []
        self.authors: list[Hashable] = []
        self.threads: list[Hashable] = []
        self.author_of: dict[Hashable, int] = {}
        self.thread_of: dict[Hashable, int] = {}
        self.index_of: dict[Hashable, int] = {}
        # Parents named before the post they name appears (clock anomalies): resolved at the end.
        self.pending: list[tuple[int, Hashable]] = []

    def add(
        self,
        post_id: Hashable,
        thread: Hashable,
        author: Hashable,
        micros: int,
        parent: Hashable | None,
    ) -> None:
        index = len(self.ts)
        self.ts.append(micros)
        number = self.author_of.get(author)
        if number is None:
            number = self.author_of[author] = len(self.authors)
            self.authors.append(author)
        self.author.append(number)
        number = self.thread_of.get(thread)
        if number is None:
            number = self.thread_of[thread] = len(self.threads)
            self.threads.append(thread)
        self.thread.append(number)
        if parent is None:
            self.parent.append(NO_PARENT)
        else:
            found = self.index_of.get(parent)
            if found is None:
                self.pending.append((index, parent))
                found = PARENT_MISSING
            self.parent.append(found)
        self.index_of[post_id] = index
        self.ids.append(post_id)

    def table(self) -> PostTable:
        for index, parent in self.pending:
            self.parent[index] = self.index_of.get(parent, PARENT_MISSING)
        return PostTable(
            ts=self.ts,
            author=self.author,
            thread=self.thread,
            parent=self.parent,
            ids=self.ids,
            authors=self.authors,
            threads=self.threads,
        )
