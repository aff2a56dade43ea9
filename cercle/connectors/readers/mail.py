"""The mail rules of docs/indicators.md, shared by the readers of mail archives.

`read_mbox` reads mbox files and `read_perceval` reads perceval's mail items; both reduce a
message to the same few fields and hand them to a `MailThreader`, which threads them exactly as
docs/indicators.md says (see mbox.py for the rules and the tie rule). The header, date and text
helpers here are the ones both readers use, so that a message gives the same post either way.
"""

from __future__ import annotations

import calendar
import codecs
import contextlib
import hashlib
import html
import os
import re
import sqlite3
import struct
import tempfile
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.errors import HeaderParseError
from email.header import decode_header
from email.utils import parseaddr, parsedate_tz
from typing import IO

from .records import ArchivePost, ReadReport

__all__ = [
    "AT",
    "SUBJECT_WINDOW",
    "MailThreader",
    "Undecodable",
    "all_ids",
    "asctime_seconds",
    "date_seconds",
    "decode",
    "decode_words",
    "first_id",
    "html_text",
    "normalize_subject",
    "parse_date_header",
    "parse_from",
    "synthetic_id",
    "text",
]

SUBJECT_WINDOW = timedelta(days=30)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        start=1,
    )
}
_TAG = re.compile(r"\[[^\[\]]*\]")
_REPLY_PREFIX = re.compile(r"(?:re|aw|sv|antw|réf|fwd|tr)\s*:\s*", re.IGNORECASE)
_MSGID = re.compile(r"<([^<>]*)>")
_PIPERMAIL_FROM = re.compile(r"\s*([^\s()<>\"]+) at ([^\s()<>\"]+)\s*(?:\((.*)\))?\s*\Z", re.S)
AT = re.compile(r"\s+at\s+")
_ISO_DATE = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?"
    r"\s*(?:Z|UTC|GMT)?\s*(?:([+-])(\d{2}):?(\d{2}))?\s*(?:\(.*\))?\s*\Z",
    re.IGNORECASE,
)
_HTML_DROP = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.S)
_HTML_BREAK = re.compile(r"<(?:br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SPOOL_HEAD = struct.Struct("<5I")
_SEEN_BITS = 1 << 23


def normalize_subject(subject: str) -> tuple[bool, str]:
    """(has a reply prefix, normalized subject) as the subject rule defines them.

    `[list]` tags are removed everywhere, then the leading reply prefixes (Re:, AW:, Sv:, Antw:,
    Réf:, Fwd:, Tr:, any case, "Re :" tolerated, repeated); spaces are folded and the rest
    lower-cased.
    """
    text = _TAG.sub(" ", unicodedata.normalize("NFC", subject)).strip()
    is_reply = False
    while match := _REPLY_PREFIX.match(text):
        is_reply = True
        text = text[match.end() :]
    return is_reply, " ".join(text.split()).lower()


def parse_date_header(value: str) -> datetime | None:
    """The UTC instant of a Date header, or None when it cannot be read.

    RFC 5322 dates and their common deviations (two-digit years, missing seconds, zone comments)
    go through the standard parser; a missing zone or -0000 means UTC. ISO 8601 dates, which a
    few clients write, are read too. Impossible values (31 February, hour 25, a zone beyond a
    day) give None.
    """
    seconds = date_seconds(value)
    return None if seconds is None else _EPOCH + timedelta(seconds=seconds)


def synthetic_id(separator: bytes, date: str, sender: str, subject: str) -> str:
    """The stable Message-ID given to a message that has none, hashed from what it has."""
    digest = hashlib.sha256(
        b"\0".join(
            [
                separator.rstrip(b"\r\n"),
                date.encode("utf-8", "surrogatepass"),
                sender.encode("utf-8", "surrogatepass"),
                subject.encode("utf-8", "surrogatepass"),
            ]
        )
    ).hexdigest()
    return f"synthetic.{digest[:32]}@cercle.invalid"


# Threading ---------------------------------------------------------------------------------------


class MailThreader:
    """Threads messages by the rules of docs/indicators.md, in two passes, in flat memory.

    First pass: `add` each message kept, in the order met (after `is_known` has ruled out a
    duplicate Message-ID). The texts go to `spool`; the rest (Message-ID, date, normalized
    subject, candidate parents) goes to a temporary SQLite database on disk, written in batches
    of `BATCH` messages. Second pass: `posts` threads them in (created_at, order met) order and
    yields them, parents first.

    Memory is flat in the number of messages: what is kept per message or per Message-ID, and
    the latest message of each subject, lives in the database, whose page cache is bounded
    (`_PRAGMAS`); SQLite sorts by (created_at, order met) with its own bounded sorter, spilling to
    temporary files. Only the batch being written (or, in the second pass, the thread roots and
    latest messages not yet written) is held in Python, with a fixed 1 MB filter of the ids
    added. Keeping all this in dicts and arrays instead cost about 300 bytes a message: the
    reading peaked at 63 MB for 20,000 messages and 121 MB for 200,000; it now peaks at about
    71 MB for both (57 MB of which is the process before reading), for about 1.3 times the time.

    The database file is made with `tempfile` where the spool is and, as the spool, unlinked at
    once where the system allows it; else `close` removes it. `posts` calls `close` once
    exhausted or closed; the readers also close the threader (as a context manager, or in a
    `finally`), so that an error in the first pass drops it too.
    """

    BATCH = 4096
    _PRAGMAS = (
        "PRAGMA journal_mode = OFF",  # the file is thrown away: nothing to roll back or recover
        "PRAGMA synchronous = OFF",
        "PRAGMA locking_mode = EXCLUSIVE",  # one connection: keep the cache between statements
        "PRAGMA temp_store = FILE",  # the temporary tables of the second pass too
        "PRAGMA cache_size = -4096",  # 4 MB of pages, and at most as much for the sorter
    )
    _SCHEMA = (
        # One row per message kept; idx is the order met. Ids and subjects are stored as UTF-8
        # bytes with surrogates passed, as the spool stores texts, since a JSON item may hold
        # lone surrogates that sqlite3 refuses as text.
        "CREATE TABLE messages (idx INTEGER PRIMARY KEY, message_id BLOB NOT NULL UNIQUE,"
        " ts INTEGER NOT NULL, subject BLOB NOT NULL, is_reply INTEGER NOT NULL,"
        " spool_offset INTEGER NOT NULL, spool_length INTEGER NOT NULL)",
        # The candidate parents of each message, pos giving the order of the rule.
        "CREATE TABLE candidates (idx INTEGER NOT NULL, pos INTEGER NOT NULL,"
        " message_id BLOB NOT NULL)",
        # Second pass: the thread root of each message threaded, and the latest message of each
        # normalized subject (its date and thread root), for the subject rule.
        "CREATE TABLE roots (idx INTEGER PRIMARY KEY, root BLOB NOT NULL)",
        "CREATE TABLE latest (subject BLOB PRIMARY KEY, ts INTEGER NOT NULL,"
        " root BLOB NOT NULL) WITHOUT ROWID",
    )
    # The reference parents, computed for all messages at once before the second pass: a
    # candidate counts if it names a message kept that ranks earlier in (created_at, order met);
    # the parent is the first that counts, and a later-ranked candidate met before it (or at all
    # when none counts) is an ignored later reference.
    _LINKS = (
        "CREATE TEMP TABLE links AS SELECT c.idx AS idx, c.pos AS pos, o.idx AS other,"
        " (o.ts, o.idx) < (m.ts, m.idx) AS earlier"
        " FROM candidates c JOIN messages o ON o.message_id = c.message_id"
        " JOIN messages m ON m.idx = c.idx",
        # A bare column with MIN() takes its value from the row holding the minimum.
        "CREATE TEMP TABLE parents (idx INTEGER PRIMARY KEY, pos INTEGER, other INTEGER)",
        "INSERT INTO parents SELECT idx, MIN(pos), other FROM links WHERE earlier GROUP BY idx",
        "CREATE TEMP TABLE ignored (idx INTEGER PRIMARY KEY)",
        "INSERT INTO ignored SELECT DISTINCT l.idx FROM links l"
        " LEFT JOIN parents p ON p.idx = l.idx"
        " WHERE NOT l.earlier AND (p.pos IS NULL OR l.pos < p.pos)",
        "DROP TABLE links",
    )
    _ORDERED = (
        "SELECT m.idx, m.message_id, m.ts, m.subject, m.is_reply, m.spool_offset,"
        " m.spool_length, p.other, o.message_id, i.idx IS NOT NULL"
        " FROM messages m LEFT JOIN parents p ON p.idx = m.idx"
        " LEFT JOIN messages o ON o.idx = p.other LEFT JOIN ignored i ON i.idx = m.idx"
        " ORDER BY m.ts, m.idx"
    )

    def __init__(self, report: ReadReport, spool: IO[bytes]) -> None:
        self.report = report
        self.spool = spool
        self.spool_size = 0
        self.count = 0  # messages added
        fd, self.database = tempfile.mkstemp(prefix="cercle-thread-", suffix=".sqlite3")
        os.close(fd)
        self._closed = False
        try:
            self.db = sqlite3.connect(self.database, isolation_level=None)
            for statement in (*self._PRAGMAS, *self._SCHEMA):
                self.db.execute(statement)
            # One transaction for the whole life of the file: it is never committed, only
            # thrown away, and pages spill to the file when the cache is full.
            self.db.execute("BEGIN")
        except BaseException:
            self.close()
            raise
        # Unlinked at once where the system allows it, as the spool is: then nothing is left
        # behind even when the process is killed (an import left early kills its reader). With
        # no journal, SQLite never opens the file by its name again.
        with contextlib.suppress(OSError):
            os.unlink(self.database)
        # The batch not yet written: is_known looks here before asking the database.
        self._pending: set[str] = set()
        # One bit per hash of the Message-IDs added, in a fixed 1 MB: most ids are new, and a
        # clear bit proves it without a query (a query per message slowed the reading by ~10%).
        # A set bit may be a collision, so the database has the last word.
        self._seen = bytearray(_SEEN_BITS // 8)
        self._messages: list[tuple[int, bytes, int, bytes, bool, int, int]] = []
        self._candidates: list[tuple[int, int, bytes]] = []

    def __enter__(self) -> MailThreader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the database and remove its file; the threader cannot be used afterwards."""
        if self._closed:
            return
        self._closed = True
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.database)

    def is_known(self, message_id: str) -> bool:
        """Whether a message with this Message-ID was already added."""
        bit = hash(message_id) % _SEEN_BITS
        if not self._seen[bit >> 3] & (1 << (bit & 7)):
            return False
        if message_id in self._pending:
            return True
        row = self.db.execute(
            "SELECT 1 FROM messages WHERE message_id = ?", (_blob(message_id),)
        ).fetchone()
        return row is not None

    def add(
        self,
        message_id: str,
        seconds: int,
        author_email: str,
        author_name: str,
        subject: str,
        body: str,
        in_reply_to: str,
        references: str,
    ) -> None:
        """Keep a message: its id, time (seconds since the epoch, UTC), author, texts, and the
        raw In-Reply-To and References header values."""
        index = self.count
        self.count += 1
        is_reply, normalized = normalize_subject(subject)
        ids = all_ids(in_reply_to)
        ids.extend(reversed(all_ids(references)))
        self._candidates.extend(
            (index, pos, _blob(i)) for pos, i in enumerate(i for i in ids if i != message_id)
        )

        fields = [author_email.lower(), author_email, author_name, subject, body]
        encoded = [f.encode("utf-8", "surrogatepass") for f in fields]
        lengths = [len(e) for e in encoded]
        self.spool.write(_SPOOL_HEAD.pack(*lengths))
        self.spool.writelines(encoded)
        length = _SPOOL_HEAD.size + sum(lengths)
        self._messages.append(
            (
                index,
                _blob(message_id),
                seconds,
                _blob(normalized),
                is_reply,
                self.spool_size,
                length,
            )
        )
        self.spool_size += length
        self._pending.add(message_id)
        bit = hash(message_id) % _SEEN_BITS
        self._seen[bit >> 3] |= 1 << (bit & 7)
        if len(self._messages) >= self.BATCH:
            self._write_batch()

    def _write_batch(self) -> None:
        # executemany per batch: a statement per message made the first pass far slower.
        self.db.executemany("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?)", self._messages)
        self.db.executemany("INSERT INTO candidates VALUES (?, ?, ?)", self._candidates)
        self._messages.clear()
        self._candidates.clear()
        self._pending.clear()

    # Second pass: thread in (created_at, order met) order, read the texts back.

    def posts(self) -> Iterator[ArchivePost]:
        """The messages added, threaded, in (created_at, order met) order.

        The database is dropped when the iteration ends, or stops early.
        """
        try:
            yield from self._posts()
        finally:
            self.close()

    def _posts(self) -> Iterator[ArchivePost]:
        db = self.db
        self._write_batch()
        for statement in self._LINKS:
            db.execute(statement)
        window = int(SUBJECT_WINDOW.total_seconds())
        spool = self.spool
        spool.flush()
        report = self.report
        # Roots and latest messages not yet written; looked up here first.
        roots: dict[int, bytes] = {}
        latest: dict[bytes, tuple[int, bytes]] = {}

        def root_of(index: int) -> bytes:
            if (root := roots.get(index)) is not None:
                return root
            return db.execute("SELECT root FROM roots WHERE idx = ?", (index,)).fetchone()[0]

        def latest_of(subject: bytes) -> tuple[int, bytes] | None:
            if (hit := latest.get(subject)) is not None:
                return hit
            return db.execute(
                "SELECT ts, root FROM latest WHERE subject = ?", (subject,)
            ).fetchone()

        for (
            index,
            message_id,
            seconds,
            subject,
            is_reply,
            offset,
            length,
            parent,
            parent_id,
            ignored_later,
        ) in db.execute(self._ORDERED):
            if ignored_later:
                report.counts["ignored-later-references"] += 1
            if parent is not None:
                root = root_of(parent)
            elif (
                is_reply and (hit := latest_of(subject)) is not None and seconds - hit[0] <= window
            ):
                parent_id = root = hit[1]
                report.counts["joined-by-subject"] += 1
            else:
                root = message_id
            roots[index] = root
            latest[subject] = (seconds, root)
            if len(roots) >= self.BATCH:
                db.executemany("INSERT INTO roots VALUES (?, ?)", roots.items())
                db.executemany(
                    "INSERT OR REPLACE INTO latest VALUES (?, ?, ?)",
                    ((s, t, r) for s, (t, r) in latest.items()),
                )
                roots.clear()
                latest.clear()

            spool.seek(offset)
            record = spool.read(length)
            lengths = _SPOOL_HEAD.unpack_from(record)
            texts = []
            at = _SPOOL_HEAD.size
            for size in lengths:
                texts.append(record[at : at + size].decode("utf-8", "surrogatepass"))
                at += size
            author_key, author_email, author_name, title, body = texts
            post = ArchivePost(
                source_id=_text(message_id),
                thread_id=_text(root),
                parent_id=_text(parent_id) if parent_id is not None else None,
                author_key=author_key,
                author_name=author_name,
                author_email=author_email,
                created_at=_EPOCH + timedelta(seconds=seconds),
                kind="message",
                title=title,
                body=body,
            )
            report.count_post(post)
            yield post


def _blob(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


def _text(value: bytes) -> str:
    return value.decode("utf-8", "surrogatepass")


# Headers -----------------------------------------------------------------------------------------


class Undecodable(Exception):
    """A text in a charset Python does not know."""


def text(raw: bytes) -> str:
    """Undeclared 8-bit text: UTF-8 if it is, else Windows-1252, else Latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def decode(raw: bytes, charset: str | None, repaired: list[str]) -> str:
    """Text in a declared charset; an unknown charset makes the message undecodable.

    Bytes that are not valid in the declared charset are tried as UTF-8 (a common mislabel),
    else replaced, and the repair is noted.
    """
    if not charset or charset.lower() in {"unknown-8bit", "x-unknown-8bit"}:
        return text(raw)
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        raise Undecodable(repr(charset)) from None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        repaired.append(f"bytes invalid in {charset} replaced")
        return raw.decode(codec, "replace")


def decode_words(value: str, repaired: list[str]) -> str:
    """A header with its RFC 2047 encoded words decoded."""
    if "=?" not in value:
        return value
    try:
        chunks = decode_header(value)
    except (HeaderParseError, ValueError):
        repaired.append(f"malformed encoded words kept as they are: {value!r}")
        return value
    out = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
        elif charset is None:
            out.append(chunk.decode("raw-unicode-escape"))
        else:
            out.append(decode(chunk, charset, repaired))
    return "".join(out)


def parse_from(value: str, repaired: list[str]) -> tuple[str, str]:
    """(address, display name) of a From header; pipermail writes "user at domain (Name)"."""
    if match := _PIPERMAIL_FROM.match(value):
        address = f"{match[1]}@{match[2]}"
        name = match[3] or ""
    else:
        name, address = parseaddr(value)
        address = AT.sub("@", address.strip())
    name = " ".join(decode_words(name, repaired).split())
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1]
    return address, name


def first_id(value: str) -> str:
    if match := _MSGID.search(value):
        return match[1].strip()
    tokens = value.split()
    return tokens[0] if tokens else ""


def all_ids(value: str) -> list[str]:
    ids = [i.strip() for i in _MSGID.findall(value)]
    if not ids and "@" in value:
        ids = [t for t in value.split() if "@" in t]
    return [i for i in ids if i]


# Dates -------------------------------------------------------------------------------------------


def _seconds(year: int, month: int, day: int, hour: int, minute: int, second: int) -> int | None:
    try:
        datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 (validates the fields)
    except (ValueError, OverflowError):
        return None
    return calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))


def date_seconds(value: str) -> int | None:
    """Seconds since the epoch of a Date header (see `parse_date_header`), or None."""
    try:
        parsed = parsedate_tz(value)
    except (ValueError, IndexError, TypeError):
        parsed = None
    if parsed is not None:
        year, month, day, hour, minute, second = parsed[:6]
        offset = parsed[9] or 0
        seconds = _seconds(year, month, day, hour, minute, second)
    elif match := _ISO_DATE.match(value):
        year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
        seconds = _seconds(year, month, day, hour, minute, int(match[6] or 0))
        offset = 0
        if match[7]:
            offset = (int(match[8]) * 3600 + int(match[9]) * 60) * (-1 if match[7] == "-" else 1)
    else:
        return None
    if seconds is None or abs(offset) >= 86400:
        return None
    seconds -= offset
    try:
        _EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        return None
    return seconds


def asctime_seconds(value: str) -> int | None:
    """Seconds since the epoch of a separator's asctime date, read as UTC."""
    _, month, day, clock, year = value.split()
    hour, minute, *rest = (int(part) for part in clock.split(":"))
    second = rest[0] if rest else 0
    return _seconds(int(year), _MONTHS[month], int(day), hour, minute, second)


# Bodies ------------------------------------------------------------------------------------------


def html_text(markup: str) -> str:
    """The text of an HTML body: tags dropped, breaks kept as new lines, entities decoded."""
    plain = _HTML_BREAK.sub("\n", _HTML_DROP.sub("", markup))
    plain = html.unescape(_HTML_TAG.sub("", plain))
    return "\n".join(line.strip() for line in plain.splitlines() if line.strip())
