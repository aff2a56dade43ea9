"""A deliberately naive reading of an mbox archive, to cross-check the streaming reader.

It loads everything in memory, parses with the standard library's `email.policy.default`, and
threads by brute force, straight from the words of docs/indicators.md ("The activity model")
and the reader's documented tie rule (same second: the message met first comes first). It shares
no code with `cercle.connectors.readers.mbox`.
"""

import gzip
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from pathlib import Path

from cercle.connectors.readers import ReadReport, read_mbox

SEPARATOR = re.compile(
    r"From (\S+|\S+ at \S+) +(Mon|Tue|Wed|Thu|Fri|Sat|Sun) +"
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d+ +\d+:\d+(:\d+)? +\d{4}( [+-]\d{4})?$"
)
PREFIXES = ("re", "aw", "sv", "antw", "r\u00e9f", "fwd", "tr")


@dataclass
class Naive:
    id: str
    date: datetime
    author: str
    subject: str
    candidates: list[str]
    parent: "Naive | None" = None

    def root(self) -> "Naive":
        post = self
        while post.parent is not None:
            post = post.parent
        return post


def strip_subject(subject: str) -> tuple[bool, str]:
    while True:
        start = subject.find("[")
        end = subject.find("]", start)
        if start < 0 or end < 0:
            break
        subject = subject[:start] + " " + subject[end + 1 :]
    subject = subject.strip()
    reply = False
    changed = True
    while changed:
        changed = False
        for prefix in PREFIXES:
            if subject.lower().startswith(prefix):
                rest = subject[len(prefix) :].lstrip()
                if rest.startswith(":"):
                    subject = rest[1:].strip()
                    reply = changed = True
    return reply, " ".join(subject.lower().split())


def naive_read(root: Path) -> list[Naive]:
    files = sorted(
        p for p in root.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.parts)
    )
    messages: list[Naive] = []
    seen: set[str] = set()
    for path in files:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        chunks: list[list[str]] = []
        for line in data.decode("latin-1").splitlines(keepends=True):
            if SEPARATOR.match(line.rstrip("\r\n")):
                chunks.append([line])
            elif chunks:
                chunks[-1].append(line)
        for chunk in chunks:
            message = message_from_bytes(
                "".join(chunk[1:]).encode("latin-1"), policy=policy.default
            )
            date = None
            if message["Date"]:
                try:
                    date = parsedate_to_datetime(str(message["Date"]))
                except (ValueError, TypeError):
                    date = None
            if date is None:
                when = " ".join(SEPARATOR.match(chunk[0].rstrip("\r\n"))[0].split()[-5:])
                date = datetime.strptime(when, "%a %b %d %H:%M:%S %Y")  # noqa: DTZ007
            if date.tzinfo is None:
                date = date.replace(tzinfo=UTC)
            raw = {k.lower(): v for k, v in message.raw_items()}
            message_id = str(raw.get("message-id", "")).strip().strip("<>").strip()
            if message_id in seen:
                continue
            seen.add(message_id)
            author = raw.get("from", "").lower()
            if match := re.search(r"<([^>]+)>", author):
                author = match[1]
            elif match := re.match(r"\s*(\S+) at (\S+)", author):
                author = f"{match[1]}@{match[2]}"
            else:
                author = author.split()[0]
            in_reply_to = re.findall(r"<([^>]*)>", raw.get("in-reply-to", ""))
            references = re.findall(r"<([^>]*)>", raw.get("references", ""))
            messages.append(
                Naive(
                    id=message_id,
                    date=date.astimezone(UTC),
                    author=author.replace(" at ", "@"),
                    subject=str(message["Subject"] or ""),
                    candidates=in_reply_to + references[::-1],
                )
            )
    ordered = sorted(messages, key=lambda m: m.date)  # stable: ties keep the order met
    earlier: dict[str, Naive] = {}  # the messages before this one in (date, order met)
    for index, message in enumerate(ordered):
        for candidate in message.candidates:
            if candidate in earlier:
                message.parent = earlier[candidate]
                break
        if message.parent is None:
            reply, subject = strip_subject(message.subject)
            if reply:
                same = [m for m in ordered[:index] if strip_subject(m.subject)[1] == subject]
                if same and message.date - same[-1].date <= timedelta(days=30):
                    message.parent = same[-1].root()
        earlier[message.id] = message
    return ordered


def assert_same(folder: Path) -> ReadReport:
    """Read `folder` both ways and assert that every post is the same."""
    report = ReadReport()
    fast = list(read_mbox(folder, report=report))
    naive = naive_read(folder)
    assert [p.source_id for p in fast] == [m.id for m in naive]
    for post, message in zip(fast, naive, strict=True):
        assert post.created_at == message.date, post.source_id
        assert post.author_key == message.author, post.source_id
        assert post.parent_id == (message.parent.id if message.parent else None), post.source_id
        assert post.thread_id == message.root().id, post.source_id
    return report
