"""Streaming reader of mbox archives, Mailman/pipermail monthly text archives included.

The rules are those of docs/indicators.md, "The activity model":

- A message starts at a separator line: "From " + sender + an asctime date
  ("From jo at example.org  Sun Jan  9 00:09:48 2011"). The sender is one token, or pipermail's
  "user at domain". Any other line, "From my log:" included, is body text: pipermail does not
  escape those lines.
- A message's time is its Date header (no zone or -0000 means UTC), else its separator's date
  (read as UTC); a message with neither is skipped and reported. A Date header that cannot be
  read (or names an impossible day) counts as missing, and the fallback is noted in the report.
- Duplicate Message-IDs count once: the first met, files in name order. A message without a
  Message-ID gets a stable synthetic one, hashed from its separator, Date, From and Subject.
- Encoded headers (RFC 2047) are decoded, folded ones unfolded. A message whose subject, sender
  name or text is in a charset Python does not know is undecodable: skipped and reported, and the
  reading goes on. Bytes invalid in a known charset are replaced, and the repair noted.
- The author is the From address, lower-cased ("user at domain" written "user@domain"), else
  the separator's sender.
- A message's parent is the first of In-Reply-To, then References from last to first, that names
  a message of the archive dated no later than itself. Otherwise a message whose subject carries
  a reply prefix joins the thread of the most recent message with the same normalized subject if
  that message is at most 30 days older, with the thread's opening post as parent; otherwise it
  opens a thread.

Tie rule: the archive's messages are totally ordered by (created_at, order met), where "order
met" is the position in the reading (paths in the order given, a folder's files in name order,
messages in file order, duplicates and skipped messages left out). "Dated no later than itself"
and "most recent" are read in that order: of two messages dated the same second, only the one met
first can be the other's parent, or the "most recent" message of the subject rule. A parent
therefore always comes before its child: there is no cycle, even when two messages of the same
second name each other, and the posts are yielded in that same order, parents first.

Memory: a first pass reads the files as a stream and keeps a few compact columns per message
(date, ids as integers, subject key, reference list) while the decoded texts go to a temporary
spool file; the second pass threads the messages in date order and reads each text back from the
spool. Memory grows with the number of messages (about 300 bytes each, mostly the distinct
Message-IDs), never with the size of their bodies; only the message being read is held whole.
"""

from __future__ import annotations

import calendar
import codecs
import gzip
import hashlib
import html
import io
import os
import re
import struct
import tempfile
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.errors import HeaderParseError
from email.header import decode_header
from email.message import Message
from email.policy import compat32
from email.utils import parseaddr, parsedate_tz
from pathlib import Path
from typing import IO

from .records import ArchiveError, ArchivePost, ReadReport

__all__ = ["normalize_subject", "parse_date_header", "read_mbox"]

StrPath = str | os.PathLike[str]

SUBJECT_WINDOW = timedelta(days=30)

_DAY = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# An asctime date, as mbox writers put it: seconds and a trailing numeric zone are tolerated
# because some writers drop or add them.
SEPARATOR = re.compile(
    rb"From (?P<sender>\S+(?: at \S+)?) +"
    rb"(?P<date>" + _DAY + rb" +" + _MONTH + rb" +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})? +\d{4})"
    rb"(?: +[+-]\d{4})?[ \t]*\r?\n?\Z"
)
_MONTHS = {m: i for i, m in enumerate(_MONTH[3:-1].decode().split("|"), start=1)}

_TAG = re.compile(r"\[[^\[\]]*\]")
_REPLY_PREFIX = re.compile(r"(?:re|aw|sv|antw|réf|fwd|tr)\s*:\s*", re.IGNORECASE)
_MSGID = re.compile(r"<([^<>]*)>")
_PIPERMAIL_FROM = re.compile(r"\s*([^\s()<>\"]+) at ([^\s()<>\"]+)\s*(?:\((.*)\))?\s*\Z", re.S)
_AT = re.compile(r"\s+at\s+")
_CHARSET = re.compile(r"charset\s*=\s*\"?([^\";\s]+)", re.IGNORECASE)
_ISO_DATE = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?"
    r"\s*(?:Z|UTC|GMT)?\s*(?:([+-])(\d{2}):?(\d{2}))?\s*(?:\(.*\))?\s*\Z",
    re.IGNORECASE,
)
_HTML_DROP = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.S)
_HTML_BREAK = re.compile(r"<(?:br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")

_WANTED_HEADERS = frozenset(
    {
        b"from",
        b"date",
        b"subject",
        b"message-id",
        b"in-reply-to",
        b"references",
        b"content-type",
        b"content-transfer-encoding",
    }
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SPOOL_HEAD = struct.Struct("<5I")


def read_mbox(
    paths: StrPath | Iterable[StrPath], *, report: ReadReport | None = None
) -> Iterator[ArchivePost]:
    """Yield the posts of mbox files and folders of them, sorted by (created_at, order met).

    `paths` is a file, a folder (read recursively, files in name order, hidden ones left out) or
    a list of them, read in the order given. Files may be gzip-compressed (detected by their
    first bytes). Pass a `ReadReport` to get the counts and the skipped messages with reasons.

    A missing path raises `ArchiveError` at once; the files are read when iteration starts.
    """
    files = _expand(paths)
    return _MboxReader(files, report if report is not None else ReadReport()).posts()


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
    seconds = _date_seconds(value)
    return None if seconds is None else _EPOCH + timedelta(seconds=seconds)


# Reading ---------------------------------------------------------------------------------------


def _expand(paths: StrPath | Iterable[StrPath]) -> list[Path]:
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for folder, dirnames, filenames in os.walk(path):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                found.extend(Path(folder, f) for f in filenames if not f.startswith("."))
            files.extend(sorted(found, key=lambda f: f.relative_to(path).parts))
        elif path.is_file():
            files.append(path)
        else:
            raise ArchiveError(f"{path}: no such file or folder")
    return files


def _open(path: Path) -> io.BufferedIOBase:
    """The file's bytes, decompressed when it starts with gzip's magic bytes."""
    try:
        with path.open("rb") as probe:
            compressed = probe.read(2) == b"\x1f\x8b"
        return gzip.open(path, "rb") if compressed else path.open("rb")
    except OSError as error:
        raise ArchiveError(f"{path}: cannot be read ({error.strerror})") from error


class _Undecodable(Exception):
    pass


class _MboxReader:
    def __init__(self, files: list[Path], report: ReadReport) -> None:
        self.files = files
        self.report = report
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

    # First pass: scan the files, keep compact metadata, spool the texts.

    def posts(self) -> Iterator[ArchivePost]:
        with tempfile.TemporaryFile(prefix="cercle-mbox-") as spool:
            for path in self.files:
                self._scan_file(path, spool)
            yield from self._thread(spool)

    def _scan_file(self, path: Path, spool: IO[bytes]) -> None:
        label = str(path)
        self.report.files.append(label)
        lines: list[bytes] | None = None
        start = 0
        separator = b""
        preamble = 0
        line_number = 0
        with _open(path) as stream:
            try:
                for line_number, line in enumerate(stream, start=1):
                    if line.startswith(b"From ") and SEPARATOR.match(line):
                        if lines is not None:
                            self._take(label, start, separator, lines, spool)
                        lines, start, separator = [], line_number, line
                    elif lines is not None:
                        lines.append(line)
                    elif line.strip():
                        preamble += 1
            except (OSError, EOFError, zlib.error) as error:
                at = f" (the message of line {start} is incomplete and left out)" if lines else ""
                self.report.skip(label, f"line {line_number + 1}", "corrupt-file", f"{error}{at}")
                lines = None
        if lines is not None:
            self._take(label, start, separator, lines, spool)
        if preamble and not start:
            self.report.skip(label, "line 1", "not-mbox", "no mbox message separator found")
        elif preamble:
            self.report.skip(
                label,
                "line 1",
                "preamble",
                f"{preamble} non-blank lines before the first message separator ignored",
            )

    def _take(
        self, label: str, line: int, separator: bytes, lines: list[bytes], spool: IO[bytes]
    ) -> None:
        report = self.report
        position = f"line {line}"
        report.counts["separators"] += 1
        headers, body_start = _split_headers(lines)
        repaired: list[str] = []
        try:
            subject = " ".join(_decode_words(headers.get("subject", ""), repaired).split())
            author_email, author_name = _parse_from(headers.get("from", ""), repaired)
            # The blank line before the next separator belongs to the mbox format.
            body = _body_text(headers, lines, body_start, repaired).rstrip()
        except _Undecodable as error:
            report.skip(label, position, "undecodable", f"unknown charset {error}")
            return

        date_header = headers.get("date", "")
        seconds = _date_seconds(date_header) if date_header else None
        if seconds is None:
            match = SEPARATOR.match(separator)
            seconds = _asctime_seconds(match["date"].decode()) if match else None
            if seconds is None:
                reason = "no readable Date header and no readable separator date"
                report.skip(label, position, "no-date", reason)
                return
            if date_header:
                reason = f"unreadable Date header {date_header!r}: separator date used"
                report.note(label, position, "date-from-separator", reason)
            else:
                report.note(label, position, "date-from-separator", "no Date header")

        message_id = _first_id(headers.get("message-id", ""))
        if not message_id:
            digest = hashlib.sha256(
                b"\0".join(
                    [
                        separator.rstrip(b"\r\n"),
                        date_header.encode("utf-8", "surrogatepass"),
                        headers.get("from", "").encode("utf-8", "surrogatepass"),
                        headers.get("subject", "").encode("utf-8", "surrogatepass"),
                    ]
                )
            ).hexdigest()
            message_id = f"synthetic.{digest[:32]}@cercle.invalid"
            report.note(label, position, "synthetic-id", f"no Message-ID: {message_id} given")
        key = self._key(message_id)
        if self.message_of_key[key] >= 0:
            reason = f"duplicate Message-ID <{message_id}>: the first met is kept"
            report.skip(label, position, "duplicate", reason)
            return

        if "@" not in author_email:  # no From header, or no address in it
            match = SEPARATOR.match(separator)
            sender = _AT.sub("@", match["sender"].decode("latin-1")) if match else ""
            author_email = sender if "@" in sender or not author_email else author_email
        for what in repaired:
            report.note(label, position, "repaired-text", what)

        index = len(self.timestamp)
        self.message_of_key[key] = index
        self.own_key.append(key)
        self.timestamp.append(seconds)
        is_reply, normalized = normalize_subject(subject)
        self.is_reply.append(is_reply)
        subject_key = self.subject_of.setdefault(normalized, len(self.subject_of))
        self.subject.append(subject_key)
        for header in ("in-reply-to", "references"):
            ids = _all_ids(headers.get(header, ""))
            if header == "references":
                ids.reverse()
            self.candidates.extend(self._key(i) for i in ids if i != message_id)
        self.candidates_start.append(len(self.candidates))

        fields = [author_email.lower(), author_email, author_name, subject, body]
        encoded = [f.encode("utf-8", "surrogatepass") for f in fields]
        lengths = [len(e) for e in encoded]
        spool.write(_SPOOL_HEAD.pack(*lengths))
        spool.writelines(encoded)
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

    def _thread(self, spool: IO[bytes]) -> Iterator[ArchivePost]:
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


def _split_headers(lines: list[bytes]) -> tuple[dict[str, str], int]:
    """The wanted headers (first occurrence, unfolded) and the index where the body starts.

    The headers end at the first blank line, or at the first line that is neither a header nor
    a continuation (then that line starts the body).
    """
    found: dict[bytes, list[bytes]] = {}
    parts: list[bytes] | None = None  # the wanted header being read, None for the others
    body = len(lines)
    for index, line in enumerate(lines):
        if len(line) <= 2 and not line.strip(b"\r\n"):
            body = index + 1
            break
        if line[:1] in b" \t":
            if not index:
                body = 0
                break
            if parts is not None:
                parts.append(line)
            continue
        colon = line.find(b":")
        field = line[:colon].rstrip()
        if colon <= 0 or not field or b" " in field or b"\t" in field:
            body = index
            break
        name = field.lower()
        if name in _WANTED_HEADERS and name not in found:
            parts = found[name] = [line[colon + 1 :]]
        else:
            parts = None
    headers = {
        name.decode(): _text(b"".join(value).replace(b"\r", b"").replace(b"\n", b"")).strip()
        for name, value in found.items()
    }
    return headers, body


def _text(raw: bytes) -> str:
    """Undeclared 8-bit text: UTF-8 if it is, else Windows-1252, else Latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _decode(raw: bytes, charset: str | None, repaired: list[str]) -> str:
    """Text in a declared charset; an unknown charset makes the message undecodable.

    Bytes that are not valid in the declared charset are tried as UTF-8 (a common mislabel),
    else replaced, and the repair is noted.
    """
    if not charset or charset.lower() in {"unknown-8bit", "x-unknown-8bit"}:
        return _text(raw)
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        raise _Undecodable(repr(charset)) from None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        repaired.append(f"bytes invalid in {charset} replaced")
        return raw.decode(codec, "replace")


def _decode_words(value: str, repaired: list[str]) -> str:
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
            out.append(_decode(chunk, charset, repaired))
    return "".join(out)


def _parse_from(value: str, repaired: list[str]) -> tuple[str, str]:
    """(address, display name) of a From header; pipermail writes "user at domain (Name)"."""
    if match := _PIPERMAIL_FROM.match(value):
        address = f"{match[1]}@{match[2]}"
        name = match[3] or ""
    else:
        name, address = parseaddr(value)
        address = _AT.sub("@", address.strip())
    name = " ".join(_decode_words(name, repaired).split())
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1]
    return address, name


def _first_id(value: str) -> str:
    if match := _MSGID.search(value):
        return match[1].strip()
    tokens = value.split()
    return tokens[0] if tokens else ""


def _all_ids(value: str) -> list[str]:
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


def _date_seconds(value: str) -> int | None:
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


def _asctime_seconds(value: str) -> int | None:
    """Seconds since the epoch of a separator's asctime date, read as UTC."""
    _, month, day, clock, year = value.split()
    hour, minute, *rest = (int(part) for part in clock.split(":"))
    second = rest[0] if rest else 0
    return _seconds(int(year), _MONTHS[month], int(day), hour, minute, second)


# Bodies ------------------------------------------------------------------------------------------


def _body_text(
    headers: dict[str, str], lines: list[bytes], body_start: int, repaired: list[str]
) -> str:
    """The plain text of a message: its body, or its first text part when it is MIME."""
    content_type = headers.get("content-type", "").lower()
    encoding = headers.get("content-transfer-encoding", "").strip().lower()
    if (not content_type or content_type.startswith("text/plain")) and encoding not in {
        "base64",
        "quoted-printable",
    }:
        match = _CHARSET.search(content_type)
        return _decode(b"".join(lines[body_start:]), match[1] if match else None, repaired)
    message = message_from_bytes(b"".join(lines), policy=compat32)
    plain: Message | None = None
    rich: Message | None = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = part
        elif kind == "text/html" and rich is None:
            rich = part
    chosen = plain or rich
    if chosen is None:
        return ""
    payload = chosen.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    text = _decode(raw, chosen.get_content_charset(), repaired)
    return text if chosen is plain else _html_text(text)


def _html_text(markup: str) -> str:
    text = _HTML_BREAK.sub("\n", _HTML_DROP.sub("", markup))
    text = html.unescape(_HTML_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
