"""Streaming reader of a Stack Exchange data dump folder (Posts.xml, Comments.xml, Users.xml...).

The rules are those of docs/indicators.md, "The activity model":

- Only questions (PostTypeId 1) and answers (2) of Posts.xml count, and the comments on them;
  other post types (tag wikis, ...) are skipped and reported.
- A question opens a thread; an answer's parent is its question; a comment's parent is the post
  it is attached to, and it belongs to that post's thread.
- An author is "se:<user id>"; a post with no user id belongs to "name:<display name>", or to the
  one shared "deleted-user" when it has no display name either. Names come from Users.xml when
  the folder has it.
- CreationDate carries no zone: it is UTC.

Source ids: a post's Stack Exchange Id as it is (Ids are unique across the post types of a dump,
and Votes.xml and Comments.xml name posts by it), "c<Id>" for a comment.

Order: posts in the order of Posts.xml (Id order in real dumps); an answer met before its question
(after a merge) is held back until the question comes, and is skipped and reported if it never
does. Then the comments in the order of Comments.xml.

The XML is read with `iterparse`, each row dropped once read: memory does not grow with the
bodies. What is kept per post (its thread, for the comments that come after all the posts) is
8 bytes in an array indexed by the post's id. Truncated or malformed XML raises `ArchiveError`
naming the file and the line.
"""

from __future__ import annotations

import os
import re

# Expat resolves no external entities and (2.4.1+) limits entity expansion: safe on dumps.
import xml.etree.ElementTree as ET
from array import array
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from .records import ArchiveError, ArchivePost, ReadReport

__all__ = [
    "DELETED_USER",
    "parse_tags",
    "read_stackexchange",
    "read_stackexchange_tags",
    "read_stackexchange_upvotes",
]

StrPath = str | os.PathLike[str]

DELETED_USER = "deleted-user"
QUESTION = "1"
ANSWER = "2"
UP_VOTE = "2"
_POST_TYPES = {
    "3": "orphaned tag wiki",
    "4": "tag wiki excerpt",
    "5": "tag wiki",
    "6": "moderator nomination",
    "7": "wiki placeholder",
    "8": "privilege wiki",
}
_ANGLE_TAGS = re.compile(r"<([^<>]+)>")


def read_stackexchange(
    folder: StrPath, *, report: ReadReport | None = None
) -> Iterator[ArchivePost]:
    """Yield the questions, answers and comments of a Stack Exchange dump folder.

    A missing folder or Posts.xml raises `ArchiveError` at once. Pass a `ReadReport` to get the
    counts and the skipped rows with reasons.
    """
    folder = Path(folder)
    posts = _required(folder, "Posts.xml")
    reader = _Reader(
        folder, report if report is not None else ReadReport(), posts, _find(folder, "Users.xml")
    )
    return reader.posts(_find(folder, "Comments.xml"))


def read_stackexchange_upvotes(folder: StrPath) -> Iterator[tuple[str, datetime]]:
    """(post source_id, date) of each up-vote (VoteTypeId 2) of Votes.xml; nothing without it.

    Dumps give a vote's day only: the time is midnight UTC.
    """
    path = _find(Path(folder), "Votes.xml")
    if path is None:
        return iter(())
    return _upvotes(path)


def read_stackexchange_tags(folder: StrPath) -> Iterator[str]:
    """The tag names of Tags.xml, in file order; nothing without it."""
    path = _find(Path(folder), "Tags.xml")
    if path is None:
        return iter(())
    return (name for row in _rows(path) if (name := row.get("TagName")))


def parse_tags(value: str) -> list[str]:
    """Tags written "<a><b>" (older dumps) or "|a|b|" (newer ones)."""
    if "<" in value:
        return _ANGLE_TAGS.findall(value)
    return [tag for tag in value.split("|") if tag]


# Reading ---------------------------------------------------------------------------------------


class _IdMap:
    """post id -> post id, for the ids met in a dump: 8 bytes per id up to the largest (an
    array indexed by the id, as dumps number their posts 1, 2, 3...) rather than ~150 in a dict
    of strings, so that a dump of millions of posts is read in tens of megabytes. Ids that are
    not small numbers go to a dict."""

    LARGEST = 1 << 31

    def __init__(self) -> None:
        self.values = array("q")
        self.others: dict[str, str] = {}

    @staticmethod
    def _index(key: str) -> int | None:
        if key.isdigit() and key.isascii() and (number := int(key)) < _IdMap.LARGEST:
            return number if key == str(number) else None  # "007" is not 7
        return None

    def set(self, key: str, value: str) -> None:
        index, target = self._index(key), self._index(value)
        if index is None or target is None:
            self.others[key] = value
            return
        values = self.values
        if index >= len(values):
            grow = max(index + 1, 2 * len(values), 1024) - len(values)
            values.frombytes(bytes(values.itemsize * grow))
        values[index] = target + 1  # 0: not met

    def get(self, key: str) -> str | None:
        index = self._index(key)
        if index is None:
            return self.others.get(key)
        if index < len(self.values) and (target := self.values[index]):
            return str(target - 1)
        return self.others.get(key)

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None


def _find(folder: Path, name: str) -> Path | None:
    """The file `name` of the folder, its case ignored (some dumps write posts.xml)."""
    exact = folder / name
    if exact.is_file():
        return exact
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name.lower() == name.lower() and entry.is_file():
                return entry
    return None


def _required(folder: Path, name: str) -> Path:
    if not folder.is_dir():
        raise ArchiveError(f"{folder}: no such folder")
    path = _find(folder, name)
    if path is None:
        raise ArchiveError(f"{folder}: no {name} in this folder")
    return path


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """The attributes of each <row> of a dump file, streamed; each row is dropped once read."""
    try:
        with path.open("rb") as stream:
            context = ET.iterparse(stream, events=("start", "end"))  # noqa: S314 (see the import)
            _, root = next(context)
            for event, element in context:
                if event == "end" and element.tag == "row":
                    yield element.attrib
                    root.clear()
    except ET.ParseError as error:
        line, column = error.position
        what = str(error).rsplit(": line ", 1)[0]  # expat's words, without the position again
        raise ArchiveError(
            f"{path}: malformed or truncated XML at line {line}, column {column} ({what})"
        ) from None
    except StopIteration:
        raise ArchiveError(f"{path}: empty file") from None
    except OSError as error:
        raise ArchiveError(f"{path}: cannot be read ({error.strerror})") from error


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _upvotes(path: Path) -> Iterator[tuple[str, datetime]]:
    for row in _rows(path):
        if row.get("VoteTypeId") == UP_VOTE and (post := row.get("PostId")):
            moment = _date(row.get("CreationDate"))
            if moment is not None:
                yield post, moment


class _Reader:
    def __init__(self, folder: Path, report: ReadReport, posts: Path, users: Path | None) -> None:
        self.folder = folder
        self.report = report
        self.posts_path = posts
        self.users_path = users
        self.names: dict[str, str] = {}

    def _author(self, user_id: str | None, display_name: str | None) -> tuple[str, str]:
        if user_id:
            return f"se:{user_id}", self.names.get(user_id) or display_name or f"user{user_id}"
        if display_name:
            return f"name:{display_name}", display_name
        return DELETED_USER, "deleted user"

    def posts(self, comments: Path | None) -> Iterator[ArchivePost]:
        report = self.report
        if self.users_path is not None:
            report.files.append(str(self.users_path))
            self.names = {
                user_id: name
                for row in _rows(self.users_path)
                if (user_id := row.get("Id")) and (name := row.get("DisplayName"))
            }
        label = str(self.posts_path)
        report.files.append(label)
        questions = _IdMap()  # question id -> 1
        waiting: dict[str, list[ArchivePost]] = {}
        # The thread of every post, for the comments; kept only when there are comments.
        thread_of = _IdMap() if comments is not None else None

        for row in _rows(self.posts_path):
            report.counts["rows"] += 1
            post = self._post(row, label)
            if post is None:
                continue
            if post.kind == "question":
                if post.source_id in questions:
                    report.skip(label, f"Id {post.source_id}", "duplicate", "duplicate post Id")
                    continue
                questions.set(post.source_id, post.source_id)
                ready = [post, *waiting.pop(post.source_id, [])]
            elif post.thread_id in questions:
                ready = [post]
            else:
                waiting.setdefault(post.thread_id, []).append(post)
                continue
            for item in ready:
                if thread_of is not None:
                    thread_of.set(item.source_id, item.thread_id)
                report.count_post(item)
                yield item

        for question_id, answers in waiting.items():
            for answer in answers:
                reason = f"answer to post {question_id}, which is not a question of the archive"
                report.skip(label, f"Id {answer.source_id}", "orphan", reason)

        if comments is not None and thread_of is not None:
            yield from self._comments(comments, thread_of)

    def _post(self, row: dict[str, str], label: str) -> ArchivePost | None:
        report = self.report
        post_id = row.get("Id")
        post_type = row.get("PostTypeId")
        if not post_id:
            report.skip(label, f"row {report.counts['rows']}", "malformed-row", "no Id")
            return None
        position = f"Id {post_id}"
        if post_type not in {QUESTION, ANSWER}:
            kind = _POST_TYPES.get(post_type or "", "unknown type")
            reason = f"PostTypeId {post_type} ({kind}) is not a question or an answer"
            report.skip(label, position, "other-post-type", reason)
            return None
        created_at = _date(row.get("CreationDate"))
        if created_at is None:
            reason = f"no readable CreationDate ({row.get('CreationDate')!r})"
            report.skip(label, position, "no-date", reason)
            return None
        author_key, author_name = self._author(row.get("OwnerUserId"), row.get("OwnerDisplayName"))
        if post_type == QUESTION:
            return ArchivePost(
                source_id=post_id,
                thread_id=post_id,
                parent_id=None,
                author_key=author_key,
                author_name=author_name,
                created_at=created_at,
                kind="question",
                title=row.get("Title", ""),
                body=row.get("Body", ""),
                tags=parse_tags(row.get("Tags", "")),
                accepted_answer_id=row.get("AcceptedAnswerId") or None,
                score=_int(row.get("Score")),
            )
        question_id = row.get("ParentId")
        if not question_id:
            report.skip(label, position, "orphan", "answer without ParentId")
            return None
        return ArchivePost(
            source_id=post_id,
            thread_id=question_id,
            parent_id=question_id,
            author_key=author_key,
            author_name=author_name,
            created_at=created_at,
            kind="answer",
            body=row.get("Body", ""),
            score=_int(row.get("Score")),
        )

    def _comments(self, path: Path, thread_of: _IdMap) -> Iterator[ArchivePost]:
        report = self.report
        label = str(path)
        report.files.append(label)
        for row in _rows(path):
            report.counts["comment-rows"] += 1
            comment_id = row.get("Id")
            if not comment_id:
                position = f"row {report.counts['comment-rows']}"
                report.skip(label, position, "malformed-row", "no Id")
                continue
            position = f"Id {comment_id}"
            post_id = row.get("PostId", "")
            thread_id = thread_of.get(post_id)
            if thread_id is None:
                reason = f"comment on post {post_id!r}, which is not a question or answer kept"
                report.skip(label, position, "orphan", reason)
                continue
            created_at = _date(row.get("CreationDate"))
            if created_at is None:
                reason = f"no readable CreationDate ({row.get('CreationDate')!r})"
                report.skip(label, position, "no-date", reason)
                continue
            author_key, author_name = self._author(row.get("UserId"), row.get("UserDisplayName"))
            post = ArchivePost(
                source_id=f"c{comment_id}",
                thread_id=thread_id,
                parent_id=post_id,
                author_key=author_key,
                author_name=author_name,
                created_at=created_at,
                kind="comment",
                body=row.get("Text", ""),
                score=_int(row.get("Score")),
            )
            report.count_post(post)
            yield post
