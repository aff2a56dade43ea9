"""Import throughput of a generated Stack Exchange dump: rows/s and peak memory.

    .venv/bin/python bench/import_stackexchange.py [--posts 500000] [--small 50000]
                                                   [--databases sqlite,postgresql] [--work DIR]

Generates (once, kept in --work) a deterministic dump folder in the format of the Stack
Exchange data dumps: Posts.xml (a quarter questions with their tags and, for half of them, an
accepted answer; the rest answers; a few tag wikis, which are skipped), Users.xml, Comments.xml
(0.3 per post) and Votes.xml (one up-vote per post on average, and some down-votes, which are
not imported). Then imports it into an empty database of each kind (see bench/importbench.py),
at both sizes, and prints rows/s (rows of the dump's files read: posts, comments, votes,
users), posts/s and the importing process's peak memory. The target is 10,000 rows/s with
memory flat in the size of the dump.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from array import array
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import quoteattr

from importbench import database, measure, report_line

SEED = 20170
VERSION = 1
SYLLABLES = [consonant + vowel for consonant in "bdfghklmnprstvz" for vowel in "aeiou"]


def words(rng: random.Random, count: int) -> list[str]:
    found = set()
    while len(found) < count:
        found.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(found)


def generate(folder: Path, posts: int) -> tuple[Path, dict[str, int]]:
    """The dump of `posts` posts in `folder` (kept: made again only if missing), and the
    number of rows of each file."""
    done = folder / f".complete-{VERSION}"
    users = max(posts // 20, 100)
    rows = {"posts": posts, "users": users}
    if done.exists():
        rows.update(eval(done.read_text()))  # noqa: S307 (our own counts, written below)
        return folder, rows
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    vocabulary = words(rng, 8000)
    tags = words(rng, 400)
    weights = []
    total = 0.0
    for rank in range(len(vocabulary)):
        total += 1 / (rank + 10)
        weights.append(total)

    def text(n: int) -> str:
        return " ".join(rng.choices(vocabulary, cum_weights=weights, k=n))

    # The structure first (a few integers per post), then the files.
    kind = bytearray(posts + 1)  # 1 question, 2 answer, 5 tag wiki
    parent = array("i", bytes(4 * (posts + 1)))
    accepted = array("i", bytes(4 * (posts + 1)))
    open_questions: list[int] = []
    for post_id in range(1, posts + 1):
        if post_id % 997 == 0:
            kind[post_id] = 5
        elif not open_questions or rng.random() < 0.25:
            kind[post_id] = 1
            open_questions.append(post_id)
            del open_questions[:-400]
        else:
            kind[post_id] = 2
            question = open_questions[-1 - int(rng.expovariate(1 / 50)) % len(open_questions)]
            parent[post_id] = question
            if not accepted[question] and rng.random() < 0.5:
                accepted[question] = post_id
    start = datetime(2012, 1, 1, tzinfo=UTC)

    def when(n: int) -> str:
        return (start + timedelta(seconds=n * 97)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]

    def owner() -> str:
        if rng.random() < 0.01:
            return f'OwnerDisplayName="user{rng.randint(1, 10**6)}"'
        return f'OwnerUserId="{int(users * rng.random() ** 2) + 1}"'

    with (folder / "Users.xml").open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<users>\n')
        for user_id in range(1, users + 1):
            name = quoteattr(f"{text(1).capitalize()} {text(1).capitalize()}")
            out.write(f'  <row Id="{user_id}" DisplayName={name} />\n')
        out.write("</users>\n")
    with (folder / "Posts.xml").open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<posts>\n')
        for post_id in range(1, posts + 1):
            paragraphs = "".join(
                f"<p>{text(rng.randint(10, 40))}</p>\n" for _ in range(rng.randint(1, 3))
            )
            if rng.random() < 0.2:
                paragraphs += f"<pre><code>{text(6)}</code></pre>\n"
            body = quoteattr(paragraphs)
            if kind[post_id] == 1:
                chosen = "".join(f"&lt;{t}&gt;" for t in rng.sample(tags, rng.randint(1, 4)))
                accept = f' AcceptedAnswerId="{accepted[post_id]}"' if accepted[post_id] else ""
                title = quoteattr(text(rng.randint(4, 10)).capitalize() + "?")
                out.write(
                    f'  <row Id="{post_id}" PostTypeId="1"{accept} '
                    f'CreationDate="{when(post_id)}" Score="{rng.randint(-1, 20)}" Body={body} '
                    f'{owner()} Title={title} Tags="{chosen}" />\n'
                )
            elif kind[post_id] == 2:
                out.write(
                    f'  <row Id="{post_id}" PostTypeId="2" ParentId="{parent[post_id]}" '
                    f'CreationDate="{when(post_id)}" Score="{rng.randint(-1, 20)}" Body={body} '
                    f"{owner()} />\n"
                )
            else:
                out.write(
                    f'  <row Id="{post_id}" PostTypeId="5" CreationDate="{when(post_id)}" '
                    f"Body={body} />\n"
                )
        out.write("</posts>\n")
    comments = 0
    with (folder / "Comments.xml").open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<comments>\n')
        for n in range(posts * 3 // 10):
            post_id = max(1, int(posts * n / (posts * 3 // 10)) - rng.randint(0, 50))
            if kind[post_id] == 5:
                continue
            comments += 1
            user = int(users * rng.random() ** 2) + 1
            out.write(
                f'  <row Id="{n + 1}" PostId="{post_id}" Score="0" '
                f"Text={quoteattr(text(rng.randint(5, 25)))} "
                f'CreationDate="{when(post_id + 3)}" UserId="{user}" />\n'
            )
        out.write("</comments>\n")
    votes = 0
    with (folder / "Votes.xml").open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<votes>\n')
        for n in range(posts * 11 // 10):
            post_id = max(1, int(posts * n / (posts * 11 // 10)) - int(rng.expovariate(1 / 30)))
            vote_type = 3 if rng.random() < 0.1 else 2
            votes += 1
            day = when(post_id + 900)[:10]
            out.write(
                f'  <row Id="{n + 1}" PostId="{post_id}" VoteTypeId="{vote_type}" '
                f'CreationDate="{day}T00:00:00.000" />\n'
            )
        out.write("</votes>\n")
    counts = {"comments": comments, "votes": votes}
    done.write_text(repr(counts))
    rows.update(counts)
    return folder, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=500_000)
    parser.add_argument("--small", type=int, default=50_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir(), "cercle-bench"))
    options = parser.parse_args()
    for size in (options.small, options.posts):
        dump, rows = generate(options.work / f"stackexchange-{size}", size)
        total = sum(rows.values())
        print(f"dump of {size:,} posts: {rows} ({total:,} rows)")
        for kind in options.databases.split(","):
            with database(kind, "se") as env:
                figures = measure("stackexchange", [dump], env)
            units = [("rows", total), ("posts", figures["posts"])]
            print(report_line(f"{kind}, {size:,}", figures, units))
            print(f"    {figures}")


if __name__ == "__main__":
    main()
