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

Memory: a first pass reads the files as a stream and writes a few columns per message (date,
ids, normalized subject, reference list) to a temporary SQLite database while the decoded texts
go to a temporary spool file; the second pass threads the messages in date order and reads each
text back from the spool (see `MailThreader`). Memory is flat: it grows neither with the number
of messages nor with the size of their bodies; only the message being read is held whole.
"""

from __future__ import annotations

import re
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from pathlib import Path

from .files import StrPath, expand_paths, open_binary
from .mail import (
    AT,
    SUBJECT_WINDOW,
    MailThreader,
    Undecodable,
    asctime_seconds,
    date_seconds,
    decode,
    decode_words,
    first_id,
    html_text,
    normalize_subject,
    parse_date_header,
    parse_from,
    synthetic_id,
)
from .mail import text as undeclared_text
from .records import ArchivePost, ReadReport

__all__ = ["SEPARATOR", "SUBJECT_WINDOW", "normalize_subject", "parse_date_header", "read_mbox"]

_DAY = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# An asctime date, as mbox writers put it: seconds and a trailing numeric zone are tolerated
# because some writers drop or add them.
SEPARATOR = re.compile(
    rb"From (?P<sender>\S+(?: at \S+)?) +"
    rb"(?P<date>" + _DAY + rb" +" + _MONTH + rb" +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})? +\d{4})"
    rb"(?: +[+-]\d{4})?[ \t]*\r?\n?\Z"
)
_CHARSET = re.compile(r"charset\s*=\s*\"?([^\";\s]+)", re.IGNORECASE)

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


def read_mbox(
    paths: StrPath | Iterable[StrPath], *, report: ReadReport | None = None
) -> Iterator[ArchivePost]:
    """Yield the posts of mbox files and folders of them, sorted by (created_at, order met).

    `paths` is a file, a folder (read recursively, files in name order, hidden ones left out) or
    a list of them, read in the order given. Files may be gzip-compressed (detected by their
    first bytes). Pass a `ReadReport` to get the counts and the skipped messages with reasons.

    A missing path raises `ArchiveError` at once; the files are read when iteration starts.
    """
    files = expand_paths(paths)
    return _MboxReader(files, report if report is not None else ReadReport()).posts()


# Reading ---------------------------------------------------------------------------------------


class _MboxReader:
    def __init__(self, files: list[Path], report: ReadReport) -> None:
        self.files = files
        self.report = report
        self.threader: MailThreader

    # First pass: scan the files, hand each message to the threader (which spools the texts);
    # second pass: the threader threads them in date order.

    def posts(self) -> Iterator[ArchivePost]:
        with (
            tempfile.TemporaryFile(prefix="cercle-mbox-") as spool,
            MailThreader(self.report, spool) as self.threader,
        ):
            for path in self.files:
                self._scan_file(path)
            yield from self.threader.posts()

    def _scan_file(self, path: Path) -> None:
        label = str(path)
        self.report.files.append(label)
        lines: list[bytes] | None = None
        start = 0
        separator = b""
        preamble = 0
        line_number = 0
        with open_binary(path) as stream:
            try:
                for line_number, line in enumerate(stream, start=1):
                    if line.startswith(b"From ") and SEPARATOR.match(line):
                        if lines is not None:
                            self._take(label, start, separator, lines)
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
            self._take(label, start, separator, lines)
        if preamble and not start:
            self.report.skip(label, "line 1", "not-mbox", "no mbox message separator found")
        elif preamble:
            self.report.skip(
                label,
                "line 1",
                "preamble",
                f"{preamble} non-blank lines before the first message separator ignored",
            )

    def _take(self, label: str, line: int, separator: bytes, lines: list[bytes]) -> None:
        report = self.report
        position = f"line {line}"
        report.counts["separators"] += 1
        headers, body_start = _split_headers(lines)
        repaired: list[str] = []
        try:
            subject = " ".join(decode_words(headers.get("subject", ""), repaired).split())
            author_email, author_name = parse_from(headers.get("from", ""), repaired)
            # The blank line before the next separator belongs to the mbox format.
            body = _body_text(headers, lines, body_start, repaired).rstrip()
        except Undecodable as error:
            report.skip(label, position, "undecodable", f"unknown charset {error}")
            return

        date_header = headers.get("date", "")
        seconds = date_seconds(date_header) if date_header else None
        if seconds is None:
            match = SEPARATOR.match(separator)
            seconds = asctime_seconds(match["date"].decode()) if match else None
            if seconds is None:
                reason = "no readable Date header and no readable separator date"
                report.skip(label, position, "no-date", reason)
                return
            if date_header:
                reason = f"unreadable Date header {date_header!r}: separator date used"
                report.note(label, position, "date-from-separator", reason)
            else:
                report.note(label, position, "date-from-separator", "no Date header")

        message_id = first_id(headers.get("message-id", ""))
        if not message_id:
            message_id = synthetic_id(
                separator, date_header, headers.get("from", ""), headers.get("subject", "")
            )
            report.note(label, position, "synthetic-id", f"no Message-ID: {message_id} given")
        if self.threader.is_known(message_id):
            reason = f"duplicate Message-ID <{message_id}>: the first met is kept"
            report.skip(label, position, "duplicate", reason)
            return

        if "@" not in author_email:  # no From header, or no address in it
            match = SEPARATOR.match(separator)
            sender = AT.sub("@", match["sender"].decode("latin-1")) if match else ""
            author_email = sender if "@" in sender or not author_email else author_email
        for what in repaired:
            report.note(label, position, "repaired-text", what)

        self.threader.add(
            message_id,
            seconds,
            author_email,
            author_name,
            subject,
            body,
            headers.get("in-reply-to", ""),
            headers.get("references", ""),
        )


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
        name.decode(): undeclared_text(
            b"".join(value).replace(b"\r", b"").replace(b"\n", b"")
        ).strip()
        for name, value in found.items()
    }
    return headers, body


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
        return decode(b"".join(lines[body_start:]), match[1] if match else None, repaired)
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
    text = decode(raw, chosen.get_content_charset(), repaired)
    return text if chosen is plain else html_text(text)
