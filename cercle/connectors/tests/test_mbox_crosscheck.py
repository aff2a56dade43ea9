"""The streaming mbox reader agrees with a naive, brute-force reading of the same rules."""

import gzip
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from .crosscheck import assert_same

SUBJECTS = ["Build broken", "Homestead conf", "Release notes", "Ellis won't start", ""]
PREFIXES = ["", "", "", "Re: ", "RE: ", "Re : ", "AW: ", "Sv: ", "Antw: ", "R\u00e9f: ", "Fwd: "]
PREFIXES += ["Tr: ", "Re: Re: ", "Fw: ", "Re: Fwd: "]
TAGS = ["", "[Clearwater] ", "[Project Clearwater] "]


def random_archive(folder, seed):
    """Messages with ties, skewed clocks, long gaps, duplicates and references of every kind."""
    rng = random.Random(seed)
    start = datetime(2015, 7, 1, tzinfo=UTC)
    ids = [f"m{seed}.{i}@example.org" for i in range(240)]
    files: dict[str, list[str]] = {}
    for i, message_id in enumerate(ids):
        # Whole hours over 200 days: many messages share a second, gaps exceed 30 days.
        date = start + timedelta(hours=rng.randrange(0, 24 * 200, 7))
        known = ids[: i + 5]  # earlier ids, a few later ones, and some unknown ones
        refs = [rng.choice(known) if rng.random() < 0.8 else f"gone{i}@x" for _ in range(3)]
        headers = [
            f"From: user{rng.randrange(20)} at Example.org (User)",
            f"Date: {format_datetime(date)}" if rng.random() < 0.9 else "Date: 31/31/2015",
            f"Subject: {rng.choice(TAGS)}{rng.choice(PREFIXES)}{rng.choice(TAGS)}"
            f"{rng.choice(SUBJECTS).upper() if rng.random() < 0.2 else rng.choice(SUBJECTS)}",
            f"Message-ID: <{message_id}>",
        ]
        if rng.random() < 0.5:
            headers.append(f"In-Reply-To: <{refs[0]}>")
        if rng.random() < 0.6:
            headers.append("References: " + "\n ".join(f"<{r}>" for r in refs[rng.randrange(3) :]))
        separator = f"From user at example.org  {date.strftime('%a %b %e %H:%M:%S %Y')}"
        text = "\n".join([separator, *headers]) + "\n\nFrom my log:\nhello\n\n"
        name = f"{rng.choice(['2015-August', '2015-July', 'old/2015-June'])}.txt"
        files.setdefault(name, []).append(text)
        if rng.random() < 0.05:  # the same message archived twice
            files.setdefault("2015-December.txt", []).append(text)
    for name, texts in files.items():
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        data = "".join(rng.sample(texts, len(texts))).encode()
        path.write_bytes(gzip.compress(data) if "August" in name else data)


@pytest.mark.parametrize("seed", range(12))
def test_random_archives_agree_with_the_naive_reading(tmp_path, seed):
    random_archive(tmp_path, seed)
    report = assert_same(tmp_path)
    # The archives exercise every branch of the rules.
    assert report.counts["joined-by-subject"] > 0
    assert report.counts["ignored-later-references"] > 0
    assert report.counts["date-from-separator"] > 0
    assert report.posts - report.threads - report.counts["joined-by-subject"] > 0
