"""Reader of Cercle's plain CSV format: one row per post (docs/import-csv.md for users).

Header (names in any case and order, all nine required; other columns are ignored and noted):
`source_id,thread,parent,author_id,author_name,email,created_at,title,body`. UTF-8 with or
without a byte order mark, RFC 4180 quoting (fields with commas, quotes or new lines between
double quotes, a quote written twice), fields separated by commas, or by semicolons or tabs
(detected from the header line: the French Excel writes semicolons). Plain or gzip-compressed.

The rules (docs/indicators.md, "The activity model"):

- `source_id` names the post, unique across the files read.
- `thread` names its thread; the rows of a thread share it. Empty on a reply: the reply is in its
  parent's thread. Empty on a row with no parent: the row opens a thread of its own, named by its
  source_id.
- `parent` is the source_id of the post it answers, in the same thread; empty means "the
  thread's opening post". The opening post of a thread is its earliest row with an empty parent
  (by created_at, then file order); it has no parent.
- `created_at` is ISO 8601 ("2024-03-01T09:30:00+01:00", "2024-03-01 09:30", "2024-03-01");
  without a zone it is UTC.
- The author is "csv:<author_id>", or without an author_id the lower-cased email (as mail
  archives name authors). `author_name` is shown; empty, the author_id or the email's user part.
- `title` is the thread's title, on its opening post; `body` the text (may be empty).

What is fatal and what is skipped: a missing file, a header without one of the nine columns
(the message names the missing and the unknown ones), a file with no header, and quoting the CSV
parser cannot follow raise `ArchiveError` naming the file (and line). A row is skipped and
reported with its line, the rest going on, when it has the wrong number of fields, no source_id,
a source_id already met (the first row is kept), no readable created_at, no author_id and no
valid email, a parent that is no row of the files, a parent in another thread, or a parent
skipped itself (its answers follow it out, the report naming the parent's line); rows whose
parents loop back to them are skipped too. Kept with a note: an opening post with no title (its
body's first line becomes the title), an email without "@" (dropped), text that is not UTF-8
(read as Windows-1252, as Excel writes on Windows; one note per file).

Order: the posts are yielded parents first, in created_at order where that allows it: a post
comes at its own date, or just after its parent when the parent is dated later (a reply dated
before the post it answers, after a clock error). Memory: the rows are spooled to a temporary
SQLite database on disk and sorted there; the reader holds one row at a time, whatever the
size of the files, and whether or not they are sorted.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
import re
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .files import StrPath, expand_paths, open_binary
from .mail import text as undeclared_text
from .records import ArchiveError, ArchivePost, ReadReport

__all__ = ["CSV_COLUMNS", "read_csv"]

CSV_COLUMNS = (
    "source_id",
    "thread",
    "parent",
    "author_id",
    "author_name",
    "email",
    "created_at",
    "title",
    "body",
)
SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz")
TITLE_LENGTH = 120
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SURROGATE = re.compile("[\udc80-\udcff]")
_FIELD_LIMIT = 64 * 1024 * 1024  # csv's default (128 KiB) is too small for long bodies
_BATCH = 2000
_INSERT = (
    "INSERT INTO post (file, line, sid, thread, parent, ok, ts, author_key, author_name, email,"
    " title, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)

_SCHEMA = """
CREATE TABLE post (
    seq INTEGER PRIMARY KEY,     -- order met
    file INTEGER NOT NULL,
    line INTEGER NOT NULL,
    sid TEXT NOT NULL,
    thread TEXT NOT NULL,
    parent TEXT NOT NULL,
    ok INTEGER NOT NULL,         -- 0: skipped (kept only so that its answers can say so)
    ts INTEGER,                  -- microseconds since the epoch, UTC
    author_key TEXT, author_name TEXT, email TEXT, title TEXT, body TEXT,
    eparent TEXT                 -- parent, or the thread's opening post for an empty parent
);
"""


def read_csv(
    paths: StrPath | Iterable[StrPath], *, report: ReadReport | None = None
) -> Iterator[ArchivePost]:
    """Yield the posts of CSV files in Cercle's plain format, parents first (see the module).

    `paths` is a file, a folder (its *.csv and *.tsv files, plain or .gz, read recursively in
    name order) or a list of them, read in the order given, as one archive: ids are unique
    across the files and a thread may span several. Pass a `ReadReport` to get the counts and
    the skipped rows with reasons.

    A missing path raises `ArchiveError` at once; the files are read when iteration starts.
    """
    files = expand_paths(paths, SUFFIXES)
    return _Reader(files, report if report is not None else ReadReport()).posts()


class _Reader:
    def __init__(self, files: list[Path], report: ReadReport) -> None:
        self.files = files
        self.report = report
        self.labels = [str(path) for path in files]

    def posts(self) -> Iterator[ArchivePost]:
        db = sqlite3.connect("")  # a private temporary database on disk, deleted on close
        try:
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;"
                + _SCHEMA
            )
            previous = csv.field_size_limit()
            csv.field_size_limit(max(previous, _FIELD_LIMIT))
            try:
                for index, path in enumerate(self.files):
                    self._scan(db, index, path)
            finally:
                csv.field_size_limit(previous)
            self._drop_duplicates(db)
            db.commit()
            yield from self._ordered(db)
        finally:
            db.close()

    # First pass: check each row, spool it --------------------------------------------------------

    def _scan(self, db: sqlite3.Connection, index: int, path: Path) -> None:
        report = self.report
        label = self.labels[index]
        report.files.append(label)
        not_utf8: list[int] = []
        with open_binary(path) as raw:
            stream = io.TextIOWrapper(
                raw, encoding="utf-8-sig", errors="surrogateescape", newline=""
            )
            try:
                first = stream.readline()
            except (OSError, EOFError, zlib.error) as error:
                raise ArchiveError(f"{label}: cannot be read ({error})") from None
            if not first.strip():
                raise ArchiveError(f"{label}: empty file, no header line")
            delimiter = max([",", ";", "\t"], key=first.count)
            rows = csv.reader(itertools.chain([first], stream), delimiter=delimiter, strict=True)
            end = 0  # the last line of the last row read
            try:
                header = [_repair(name).strip().lower() for name in next(rows)]
                columns = _columns(label, header)
                if extra := [name for name in header if name not in CSV_COLUMNS]:
                    reason = f"column(s) {', '.join(map(repr, extra))} ignored"
                    report.note(label, "line 1", "extra-columns", reason)
                end = rows.line_num
                pick = operator.itemgetter(*(columns[name] for name in CSV_COLUMNS))
                batch: list[tuple] = []
                for row in rows:
                    line, end = end + 1, rows.line_num
                    if not row or row == [""]:
                        continue
                    report.counts["rows"] += 1
                    if len(row) != len(header):
                        reason = f"{len(row)} field(s) where the header has {len(header)}"
                        report.skip(label, f"line {line}", "malformed-row", reason)
                        continue
                    if _SURROGATE.search("".join(row)):
                        row = [_repair(value) for value in row]
                        not_utf8.append(line)
                    if (record := self._row(index, label, line, pick(row))) is not None:
                        batch.append(record)
                        if len(batch) >= _BATCH:
                            db.executemany(_INSERT, batch)
                            batch = []
                db.executemany(_INSERT, batch)
            except csv.Error as error:
                raise ArchiveError(
                    f"{label}: line {end + 1}: {error} (check the quotes of the row that "
                    "starts there: a field with quotes must be quoted whole, and its quotes "
                    'doubled, "like ""this""")'
                ) from None
            except (OSError, EOFError, zlib.error) as error:
                reason = f"truncated or corrupt compressed data after line {rows.line_num}"
                raise ArchiveError(f"{label}: {reason} ({error})") from None
        if not_utf8:
            reason = (
                f"{len(not_utf8)} row(s) not in UTF-8 (first at line {not_utf8[0]}): "
                "read as Windows-1252"
            )
            report.note(label, f"line {not_utf8[0]}", "repaired-text", reason)

    def _row(self, index: int, label: str, line: int, cells: tuple[str, ...]) -> tuple | None:
        """The row to spool, checked; None for a row left out (and reported)."""
        report = self.report
        position = f"line {line}"
        sid, thread, parent, author_id, author_name, email, created_at, title, body = cells
        source_id = sid.strip()
        if not source_id:
            report.skip(label, position, "no-id", "no source_id")
            return None
        thread = thread.strip()
        parent = parent.strip()
        if not thread and not parent:
            thread = source_id
        moment = _date(created_at)
        author_id = author_id.strip()
        email = email.strip()
        if email and "@" not in email:
            report.note(label, position, "bad-email", f"{email!r} is not an email: left out")
            email = ""
        ok = False
        if moment is None:
            reason = (
                f"created_at {created_at!r} is not an ISO 8601 date (2024-03-01T09:30:00+01:00)"
            )
            report.skip(label, position, "bad-date", reason)
        elif not author_id and not email:
            report.skip(label, position, "no-author", "no author_id and no email")
        else:
            ok = True
        return (
            index,
            line,
            source_id,
            thread,
            parent,
            ok,
            _micros(moment) if moment else None,
            f"csv:{author_id}" if author_id else email.lower(),
            " ".join(author_name.split()) or author_id or email.partition("@")[0],
            email,
            " ".join(title.split()),
            body.replace("\r\n", "\n").strip("\n"),
        )

    def _drop_duplicates(self, db: sqlite3.Connection) -> None:
        """The rows whose source_id an earlier row has are left out, and reported."""
        db.execute("CREATE INDEX post_sid ON post (sid, seq)")
        duplicates = db.execute(
            """
            SELECT p.seq, p.file, p.line, p.sid, f.file, f.line
            FROM (SELECT sid, min(seq) AS first FROM post GROUP BY sid HAVING count(*) > 1) d
            JOIN post p ON p.sid = d.sid AND p.seq != d.first
            JOIN post f ON f.seq = d.first
            ORDER BY p.seq
            """
        ).fetchall()  # duplicates are few: they are held to be deleted
        for _seq, file, line, sid, first_file, first_line in duplicates:
            where = f"line {first_line}" + (
                f" of {self.labels[first_file]}" if first_file != file else ""
            )
            reason = f"source_id {sid!r} already on {where}: the first row is kept"
            self.report.skip(self.labels[file], f"line {line}", "duplicate", reason)
        db.executemany("DELETE FROM post WHERE seq = ?", [(d[0],) for d in duplicates])

    # Second pass: thread and order in the database -----------------------------------------------

    def _ordered(self, db: sqlite3.Connection) -> Iterator[ArchivePost]:
        report = self.report
        # The opening post of each thread: its earliest row with an empty parent.
        db.executescript(
            """
            CREATE TEMP TABLE opening AS
                SELECT thread, seq, sid FROM (
                    SELECT thread, seq, sid,
                           row_number() OVER (PARTITION BY thread ORDER BY ts, seq) AS rank
                    FROM post WHERE ok AND parent = ''
                ) WHERE rank = 1;
            CREATE UNIQUE INDEX temp.opening_thread ON opening (thread);
            UPDATE post SET eparent = CASE
                WHEN parent != '' THEN parent
                ELSE (SELECT o.sid FROM opening o
                      WHERE o.thread = post.thread AND o.seq != post.seq)
            END WHERE ok;
            CREATE INDEX post_eparent ON post (eparent);
            CREATE TEMP TABLE reached AS
                WITH RECURSIVE tree (seq, sid, thread, root, eff, depth) AS (
                    SELECT p.seq, p.sid, p.thread, p.sid, p.ts, 0
                    FROM opening o JOIN post p ON p.seq = o.seq
                    UNION ALL
                    SELECT c.seq, c.sid, t.thread, t.root, max(c.ts, t.eff), t.depth + 1
                    FROM tree t JOIN post c ON c.eparent = t.sid
                    WHERE c.ok AND (c.thread = t.thread OR c.thread = '')
                )
                SELECT seq, thread, root, eff, depth FROM tree;
            CREATE UNIQUE INDEX temp.reached_seq ON reached (seq);
            """
        )
        self._report_unreached(db)
        rows = db.execute(
            """
            SELECT p.sid, r.root, r.thread, p.eparent, p.author_key, p.author_name, p.email,
                   p.ts, p.title, p.body, p.file, p.line, r.depth
            FROM reached r JOIN post p ON p.seq = r.seq
            ORDER BY r.eff, r.depth, p.ts, p.seq
            """
        )
        for row in rows:
            (
                sid,
                root,
                thread,
                parent,
                author_key,
                name,
                email,
                ts,
                title,
                body,
                file,
                line,
                depth,
            ) = row
            if depth == 0 and not title:
                title = _title_from(body) or thread
                reason = f"opening post without a title: {title!r} used"
                report.note(self.labels[file], f"line {line}", "no-title", reason)
            post = ArchivePost(
                source_id=sid,
                thread_id=root,
                parent_id=parent if depth else None,
                author_key=author_key,
                author_name=name,
                author_email=email,
                created_at=_EPOCH + timedelta(microseconds=ts),
                kind="message",
                title=title,
                body=body,
            )
            report.count_post(post)
            yield post

    def _report_unreached(self, db: sqlite3.Connection) -> None:
        """Skip and report the rows kept so far that no thread reaches, saying why."""
        report = self.report
        unreached = db.execute(
            "SELECT seq, file, line, thread, parent FROM post"
            " WHERE ok AND seq NOT IN (SELECT seq FROM reached) ORDER BY seq"
        )
        for seq, file, line, thread, parent in unreached:
            found = db.execute(
                "SELECT p.file, p.line, r.thread FROM post p"
                " LEFT JOIN reached r ON r.seq = p.seq WHERE p.sid = ?",
                (parent,),
            ).fetchone()
            if found is None:
                code, reason = "orphan", f"parent {parent!r} is not a source_id of the file(s)"
            else:
                p_file, p_line, p_reached_thread = found
                where = f"line {p_line}" + (f" of {self.labels[p_file]}" if p_file != file else "")
                if p_reached_thread is not None:
                    code = "thread-mismatch"
                    reason = (
                        f"thread {thread!r}, but its parent {parent!r} ({where}) is in thread "
                        f"{p_reached_thread!r}"
                    )
                elif self._loops(db, seq, parent):
                    code, reason = "orphan", f"its parents loop back to it (through {parent!r})"
                else:
                    code = "orphan"
                    reason = f"its parent {parent!r} ({where}) is skipped"
            report.skip(self.labels[file], f"line {line}", code, reason)

    @staticmethod
    def _loops(db: sqlite3.Connection, seq: int, parent: str) -> bool:
        seen: set[str] = set()
        while parent and parent not in seen:
            seen.add(parent)
            found = db.execute("SELECT seq, parent FROM post WHERE sid = ?", (parent,)).fetchone()
            if found is None:
                return False
            if found[0] == seq:
                return True
            parent = found[1]
        return False


# Helpers -----------------------------------------------------------------------------------------


def _columns(label: str, header: list[str]) -> dict[str, int]:
    """Where each of the nine columns is; a missing one is fatal, naming what is wrong."""
    missing = [name for name in CSV_COLUMNS if name not in header]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    doubled = sorted({name for name in header if header.count(name) > 1 and name in CSV_COLUMNS})
    if missing or doubled:
        parts = []
        if missing:
            parts.append(f"missing column(s): {', '.join(missing)}")
        if doubled:
            parts.append(f"column(s) named twice: {', '.join(doubled)}")
        if unknown:
            parts.append(f"unknown column(s): {', '.join(repr(n) for n in unknown)}")
        raise ArchiveError(
            f"{label}: line 1: {'; '.join(parts)}. The header must be: {','.join(CSV_COLUMNS)}"
        )
    return {name: header.index(name) for name in CSV_COLUMNS}


def _repair(value: str) -> str:
    """Bytes that were not UTF-8 (kept as surrogates) read as Windows-1252, as Excel writes."""
    if not _SURROGATE.search(value):
        return value
    return undeclared_text(value.encode("utf-8", "surrogateescape"))


def _date(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


def _micros(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def _title_from(body: str) -> str:
    line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    if len(line) > TITLE_LENGTH:
        line = line[: TITLE_LENGTH - 1].rstrip() + "…"
    return line
