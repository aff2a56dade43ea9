"""What the archive readers produce: one `ArchivePost` per post, and a `ReadReport`.

The readers reduce every archive to the posts of the activity model (docs/indicators.md, "The
activity model"). They do no database work: the importer turns these records into rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

PostKind = Literal["message", "question", "answer", "comment"]


class ArchiveError(Exception):
    """An archive that cannot be read at all: missing, truncated or malformed.

    The message names the file (and the line, when there is one) so that the animator who
    uploaded it knows what to fix.
    """


@dataclass(slots=True)
class ArchivePost:
    """One post of an imported archive.

    `source_id` is unique in the archive: the Message-ID for mail (without its angle brackets),
    the Stack Exchange post Id for questions and answers (Ids are unique across post types in a
    dump, and Votes.xml refers to posts by it) and "c<Id>" for comments. `thread_id` is the
    `source_id` of the thread's opening post (its own for an opening post); `parent_id` is None
    only for opening posts. `created_at` is an aware UTC datetime.

    `body_format` says what the body is when the post's kind does not: "html" (Discourse's
    cooked HTML, the Stack Exchange API's body), "markdown" (the API's body_markdown); "" when
    the reader's kind says it (plain text for mail and CSV, the dump's HTML for Stack Exchange
    questions and answers).
    """

    source_id: str
    thread_id: str
    parent_id: str | None
    author_key: str
    author_name: str
    created_at: datetime
    kind: PostKind
    title: str = ""
    body: str = ""
    author_email: str = ""
    tags: list[str] = field(default_factory=list)
    accepted_answer_id: str | None = None
    score: int = 0
    body_format: str = ""

    @property
    def is_opening(self) -> bool:
        return self.parent_id is None


@dataclass(slots=True, frozen=True)
class SkippedItem:
    """Something of the archive that is not a post, and why.

    `code` is stable for programs ("no-date", "duplicate", "undecodable", "other-post-type"...);
    `reason` says it to a person. `position` is "line N" in a file, or "Id N" for XML rows.
    """

    file: str
    position: str
    code: str
    reason: str


@dataclass(slots=True)
class ReadReport:
    """What a reader saw: counts, skipped items, and notes on posts kept despite an oddity.

    `counts` holds at least "posts", "threads" and one entry per kind yielded ("message",
    "question", "answer", "comment"), and one entry per skip code. `authors` is the set of
    distinct author keys of the posts yielded.
    """

    files: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    skipped: list[SkippedItem] = field(default_factory=list)
    notes: list[SkippedItem] = field(default_factory=list)
    authors: set[str] = field(default_factory=set)

    def skip(self, file: str, position: str, code: str, reason: str) -> None:
        self.skipped.append(SkippedItem(file, position, code, reason))
        self.counts["skipped"] += 1
        self.counts[code] += 1

    def note(self, file: str, position: str, code: str, reason: str) -> None:
        self.notes.append(SkippedItem(file, position, code, reason))
        self.counts[code] += 1

    def count_post(self, post: ArchivePost) -> None:
        self.counts["posts"] += 1
        self.counts[post.kind] += 1
        if post.parent_id is None:
            self.counts["threads"] += 1
        self.authors.add(post.author_key)

    @property
    def posts(self) -> int:
        return self.counts["posts"]

    @property
    def threads(self) -> int:
        return self.counts["threads"]

    def summary(self) -> dict[str, int]:
        """The counts with the number of distinct authors, for a log line or a JSON report."""
        return {**dict(sorted(self.counts.items())), "authors": len(self.authors)}
