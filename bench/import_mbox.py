"""Import throughput of a generated mailing list archive: messages/s and peak memory.

    .venv/bin/python bench/import_mbox.py [--messages 200000] [--small 20000]
                                          [--databases sqlite,postgresql] [--work DIR]

Generates (once, kept in --work) a deterministic pipermail-style archive of monthly mbox
files: threads of a few replies with In-Reply-To and References, some joined by subject only,
quoted lines, encoded names, 4,000 senders, a vocabulary of 8,000 words. Then imports it into
an empty database of each kind (see bench/importbench.py), at both sizes so that memory can be
compared, and prints messages/s and the importing process's peak memory. The target is 3,000
messages/s with memory flat in the size of the archive.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections import deque
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

from importbench import database, measure, report_line

SEED = 20161
VERSION = 1
SYLLABLES = [consonant + vowel for consonant in "bdfglmnprstv" for vowel in "aeiou"]
FIRST = ["Anne", "Jo", "Sam", "Léa", "Chloé", "Marc", "Ravi", "Yuki", "Olu", "Ines", "Björn", "Zoé"]
LAST = ["Martin", "Bernard", "Dubois", "Müller", "Garcia", "Nguyen", "Okafor", "Petit", "Rossi"]


def vocabulary(rng: random.Random, size: int = 8000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def generate(folder: Path, count: int) -> Path:
    """The archive of `count` messages in `folder` (kept: made again only if missing)."""
    done = folder / f".complete-{VERSION}"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    words = vocabulary(rng)
    weights = [1 / (rank + 10) for rank in range(len(words))]  # Zipf-like: a few words are common
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    people = [
        (
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            f"user{n}@{rng.choice(['example.org', 'lab.example', 'mail.example.net'])}",
        )
        for n in range(4000)
    ]

    def sentence(n: int) -> str:
        return " ".join(rng.choices(words, cum_weights=cumulative, k=n))

    recent: deque[tuple[str, str, str, str]] = deque(maxlen=3000)  # id, subject, refs, line
    moment = datetime(2015, 1, 1, tzinfo=UTC)
    files: dict[str, object] = {}
    for n in range(count):
        moment += timedelta(seconds=rng.expovariate(1 / 150))
        name, address = people[int(len(people) * rng.random() ** 3)]  # a few write most
        message_id = f"{n}.{rng.getrandbits(32):08x}@{address.split('@')[1]}"
        headers = []
        if recent and rng.random() < 0.7:
            parent_id, subject, references, line = recent[
                -1 - int(rng.expovariate(1 / 60)) % len(recent)
            ]
            subject = subject if subject.startswith("Re: ") else f"Re: {subject}"
            references = f"{references} <{parent_id}>".strip()[-800:]
            if rng.random() < 0.9:  # some clients drop the headers: the subject rule joins them
                headers += [f"In-Reply-To: <{parent_id}>", f"References: {references}"]
            quoted = f"> {line}\n>\n"
        else:
            subject = f"[List] {sentence(rng.randint(3, 8)).capitalize()}"
            references, quoted = "", ""
        paragraphs = [
            "\n".join(sentence(rng.randint(8, 14)) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 3))
        ]
        body = quoted + "\n\n".join(paragraphs)
        shown = Header(name, "utf-8").encode() if not name.isascii() else name
        local, domain = address.split("@")
        text = (
            f"From {local} at {domain}  {moment:%a %b %d %H:%M:%S %Y}\n"
            f"From: {local} at {domain} ({shown})\n"
            f"Date: {format_datetime(moment)}\n"
            f"Subject: {subject}\n"
            + "".join(h + "\n" for h in headers)
            + f"Message-ID: <{message_id}>\n\n{body}\n\n"
        )
        month = f"{moment:%Y-%m-%B}.txt"
        if month not in files:
            for stream in files.values():
                stream.close()
            files = {month: (folder / month).open("w", encoding="utf-8")}
        files[month].write(text)
        recent.append((message_id, subject, references, paragraphs[0].split("\n")[0]))
    for stream in files.values():
        stream.close()
    done.touch()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir(), "cercle-bench"))
    options = parser.parse_args()
    for size in (options.small, options.messages):
        archive = generate(options.work / f"mbox-{size}", size)
        with database("sqlite", "read") as env:
            figures = measure("mbox", [archive], env, read_only=True)
        print(report_line(f"read only, {size:,}", figures, [("messages", figures["posts"])]))
        for kind in options.databases.split(","):
            with database(kind, "mbox") as env:
                figures = measure("mbox", [archive], env)
            print(report_line(f"{kind}, {size:,}", figures, [("messages", figures["posts"])]))
            print(f"    {figures}")


if __name__ == "__main__":
    main()
