"""The mail rules of docs/indicators.md, shared by the readers of mail archives.

`read_mbox` reads mbox files and `read_perceval` reads perceval's mail items; both reduce a
message to the same few fields and hand them to a `MailThreader`, which threads them exactly as
docs/indicators.md says (see mbox.py for the rules and the tie rule). The header, date and text
helpers here are the ones both readers use, so that a message gives the same post either way.
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import html
import re
import struct
import unicodedata
from array import array
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
    """Threads messages by the rules of docs/indicators.md, in two passes.

    First pass: `add` each message kept, in the order met (after `is_known` has ruled out a
    duplicate Message-ID); only compact columns stay in memory, the texts go to `spool`. Second
    pass: `posts` threads them in (created_at, order met) order and yields them, parents first.
    """

    def __init__(self, report: ReadReport, spool: IO[bytes]) -> None:
        self.report = report
        self.spool = spool
        # Every Message-ID met, as the message's own id or in a reference, gets an integer key.
        self.key_of: dict[str, int] = {}
        self.keys: list[str] = []
        self.message_of_key = array("q")  # key -> message index, or -1
        self.subject_of: dict[str, int] = {}
        # One entry per message kept, in the order met.
        self.timestamp = array("q")
        self.own_key = array("q")
        self.subject = array("q")
        self.is_reply = bytearray()
        self.candidates = array("q")  # flattened candidate parents, in the order of the rule
        self.candidates_start = array("q", [0])
        self.spool_offset = array("q")
        self.spool_length = array("q")
        self.spool_size = 0

    def is_known(self, message_id: str) -> bool:
        """Whether a message with this Message-ID was already added."""
        return self.message_of_key[self._key(message_id)] >= 0

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
        key = self._key(message_id)
        index = len(self.timestamp)
        self.message_of_key[key] = index
        self.own_key.append(key)
        self.timestamp.append(seconds)
        is_reply, normalized = normalize_subject(subject)
        self.is_reply.append(is_reply)
        subject_key = self.subject_of.setdefault(normalized, len(self.subject_of))
        self.subject.append(subject_key)
        for header, value in (("in-reply-to", in_reply_to), ("references", references)):
            ids = all_ids(value)
            if header == "references":
                ids.reverse()
            self.candidates.extend(self._key(i) for i in ids if i != message_id)
        self.candidates_start.append(len(self.candidates))

        fields = [author_email.lower(), author_email, author_name, subject, body]
        encoded = [f.encode("utf-8", "surrogatepass") for f in fields]
        lengths = [len(e) for e in encoded]
        self.spool.write(_SPOOL_HEAD.pack(*lengths))
        self.spool.writelines(encoded)
        self.spool_offset.append(self.spool_size)
        self.spool_length.append(_SPOOL_HEAD.size + sum(lengths))
        self.spool_size += self.spool_length[-1]

    def _key(self, message_id: str) -> int:
        key = self.key_of.get(message_id)
        if key is None:
            key = self.key_of[message_id] = len(self.keys)
            self.keys.append(message_id)
            self.message_of_key.append(-1)
        return key

    # Second pass: thread in (created_at, order met) order, read the texts back.

    def posts(self) -> Iterator[ArchivePost]:
        """The messages added, threaded, in (created_at, order met) order."""
        self.key_of, self.subject_of = {}, {}  # only the first pass needs them
        count = len(self.timestamp)
        timestamp = self.timestamp
        order = sorted(range(count), key=timestamp.__getitem__)  # stable: ties keep order met
        rank = array("q", bytes(8 * count))
        for position, index in enumerate(order):
            rank[index] = position
        root = array("q", bytes(8 * count))
        window = int(SUBJECT_WINDOW.total_seconds())
        latest: dict[int, tuple[int, int]] = {}  # subject key -> (timestamp, thread root)
        candidates, start, message_of_key = (
            self.candidates,
            self.candidates_start,
            self.message_of_key,
        )
        keys, own_key = self.keys, self.own_key
        spool = self.spool
        spool.flush()
        report = self.report

        for index in order:
            parent = -1
            ignored_later = False
            for key in candidates[start[index] : start[index + 1]]:
                other = message_of_key[key]
                if other < 0:
                    continue
                if rank[other] < rank[index]:
                    parent = other
                    break
                ignored_later = True
            if ignored_later:
                report.counts["ignored-later-references"] += 1
            subject = self.subject[index]
            if parent >= 0:
                root[index] = root[parent]
            elif self.is_reply[index] and (
                (hit := latest.get(subject)) is not None and timestamp[index] - hit[0] <= window
            ):
                parent = root[index] = hit[1]
                report.counts["joined-by-subject"] += 1
            else:
                root[index] = index
            latest[subject] = (timestamp[index], root[index])

            spool.seek(self.spool_offset[index])
            record = spool.read(self.spool_length[index])
            lengths = _SPOOL_HEAD.unpack_from(record)
            texts = []
            at = _SPOOL_HEAD.size
            for length in lengths:
                texts.append(record[at : at + length].decode("utf-8", "surrogatepass"))
                at += length
            author_key, author_email, author_name, title, body = texts
            post = ArchivePost(
                source_id=keys[own_key[index]],
                thread_id=keys[own_key[root[index]]],
                parent_id=keys[own_key[parent]] if parent >= 0 else None,
                author_key=author_key,
                author_name=author_name,
                author_email=author_email,
                created_at=_EPOCH + timedelta(seconds=timestamp[index]),
                kind="message",
                title=title,
                body=body,
            )
            report.count_post(post)
            yield post


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
