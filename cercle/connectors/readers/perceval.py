"""Streaming reader of GrimoireLab perceval output: mail, Discourse and Stack Exchange items.

perceval (https://github.com/chaoss/grimoirelab-perceval) writes one JSON item per fetched
object: `{"backend_name": "MBox", "category": "message", "origin": ..., "uuid": ...,
"updated_on": ..., "data": {...}}`. With `--json-line` each item is one line; without it (the
default) each item is an indented JSON object that starts with a line "{" and ends with a line
"}". Both are read, even mixed, from plain or gzip-compressed files. Cercle reads the files; it
does not need perceval installed.

Items read (backend names in any case; an item without `category`, as very old perceval wrote,
takes its backend's only category):

- Mail, category "message" of the MBox, Pipermail, HyperKitty, Groupsio and Gmane backends and
  "article" of NNTP: `data` holds the message's headers as perceval decoded them ("Message-ID",
  "Date", "From", "Subject", "In-Reply-To", "References", any case), "unixfrom" (the mbox
  separator without "From ") and "body" ({"plain": ..., "html": ...}). They are threaded exactly
  as read_mbox threads messages (docs/indicators.md, shared code in mail.py): parent by
  In-Reply-To then References, else the subject rule; a message's time is its Date header, else
  its unixfrom date; duplicate Message-IDs count once (the first met). Source ids are the
  Message-IDs, as read_mbox gives them: the same message read either way is the same post.
- Discourse, category "topic": `data` is the topic (/t/ID.json) with `post_stream.posts`. Posts
  are taken in `post_number` order; the first one kept opens the thread (normally post 1); a
  post's parent is the post it replies to (`reply_to_post_number`), else the opening post.
  Small actions and moderator actions ("closed this topic", post_type 2 and 3) are not
  conversation and are skipped; whispers (post_type 4), hidden and deleted posts too, as are
  private-message and deleted topics. Source ids "d<post id>", authors "discourse:<user id>".
  The topic's tags go on its opening post, with the accepted answer of Discourse Solved. The
  post's HTML (`cooked`) is its body (body_format "html"); its likes are its score.
- Stack Exchange, category "question": `data` is the API's question with its `answers` and
  `comments` (an answer's comments in its own `comments`). The rules of read_stackexchange apply
  and its ids too ("<post id>", "c<comment id>", authors "se:<user id>"): a question opens a
  thread, an answer's parent is its question, a comment's parent is the post it is on.
  `creation_date` is in epoch seconds. Texts are the API's HTML `body`, else its
  `body_markdown` (whose entities are decoded).

Anything else (GitHub issues, git commits, Slack messages...) is skipped and reported, one entry
per kind and file. Discourse and Stack Exchange ids are only unique within one site: the items of
a second Discourse (or Stack Exchange) origin in the same reading are skipped and reported, as
they belong in another community. An item read again (a topic or question fetched twice, as
incremental perceval runs do) adds only its posts not met before.

Errors: a line (or indented item) that is not JSON, JSON that is not a perceval item, and a
truncated or corrupt compressed file raise `ArchiveError` naming the file and the line. An item
of a known kind that lacks what it needs (no post list, no id) is skipped and reported, and the
reading goes on; so are posts with no readable date.

Order: Discourse and Stack Exchange posts are yielded as their items are read (within an item,
parents first); mail messages are threaded once every file has been read, and yielded last in
(created_at, order met) order. Memory: one item is held at a time; mail messages are kept as
read_mbox keeps them (columns in a temporary database, texts spooled to a temporary file); for
the other kinds, the ids of the posts already yielded and one opening-post id per topic.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .files import StrPath, expand_paths, open_binary
from .mail import (
    AT,
    MailThreader,
    Undecodable,
    asctime_seconds,
    date_seconds,
    decode_words,
    first_id,
    html_text,
    parse_from,
    synthetic_id,
)
from .mail import text as undeclared_text
from .mbox import SEPARATOR
from .records import ArchiveError, ArchivePost, PostKind, ReadReport
from .stackexchange import DELETED_USER

__all__ = ["read_perceval", "read_perceval_tags", "read_perceval_upvotes"]

SUFFIXES = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz")
MAIL_BACKENDS = {
    "mbox": "message",
    "pipermail": "message",
    "hyperkitty": "message",
    "groupsio": "message",
    "gmane": "message",
    "nntp": "article",
}
DISCOURSE = "discourse"
STACKEXCHANGE = "stackexchange"
_CATEGORY = {DISCOURSE: "topic", STACKEXCHANGE: "question", **MAIL_BACKENDS}

# Discourse post types: 1 regular, 2 moderator action, 3 small action, 4 whisper.
_REGULAR, _WHISPER = 1, 4
_LIKE = 2  # the action id of a like in `actions_summary`
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_perceval(
    paths: StrPath | Iterable[StrPath], *, report: ReadReport | None = None
) -> Iterator[ArchivePost]:
    """Yield the posts of perceval output files and folders of them (see the module's doc).

    `paths` is a file, a folder (its *.json, *.jsonl, *.ndjson files, plain or .gz, read
    recursively in name order) or a list of them, read in the order given. Files are
    decompressed when they start with gzip's magic bytes, whatever their name. Pass a
    `ReadReport` to get the counts and the skipped items with reasons.

    A missing path raises `ArchiveError` at once; the files are read when iteration starts.
    """
    files = expand_paths(paths, SUFFIXES)
    reader = _Reader(files, report if report is not None else ReadReport())
    return (post for post, _ in reader.posts(mail=True))


def read_perceval_upvotes(paths: StrPath | Iterable[StrPath]) -> Iterator[tuple[str, datetime]]:
    """(post source_id, date) of each up-vote of the Stack Exchange and Discourse posts.

    Like `read_stackexchange_upvotes`: one pair per vote. perceval items carry counts, not votes:
    a Stack Exchange question or answer has `up_vote_count` up-votes, a Discourse post its likes.
    Their dates are not known: each is dated at its post's creation, the earliest it can be.
    Only the posts `read_perceval` yields get votes, counted from the first version met.
    """
    reader = _Reader(expand_paths(paths, SUFFIXES), ReadReport())
    return (
        (post.source_id, post.created_at)
        for post, votes in reader.posts(mail=False)
        for _ in range(votes)
    )


def read_perceval_tags(paths: StrPath | Iterable[StrPath]) -> Iterator[str]:
    """The distinct tag names of the Stack Exchange questions and Discourse topics, in the order
    met (perceval has no list of a site's tags: these are the tags in use)."""
    reader = _Reader(expand_paths(paths, SUFFIXES), ReadReport())
    return _distinct(tag for post, _ in reader.posts(mail=False) for tag in post.tags)


def _distinct(tags: Iterator[str]) -> Iterator[str]:
    seen: set[str] = set()
    for tag in tags:
        if tag not in seen:
            seen.add(tag)
            yield tag


# Reading the items -------------------------------------------------------------------------------


def _items(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, decoded JSON) of each item of a file, streamed.

    An item is a line holding a whole JSON value, or an indented object from a line "{" to a
    line "}" (perceval's default output). Blank lines are ignored.
    """
    label = str(path)
    number = 0
    block: list[bytes] | None = None
    start = 0
    try:
        with open_binary(path) as stream:
            for number, raw in enumerate(stream, start=1):
                line = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
                if block is not None:
                    block.append(line)
                    if line[:1] == b"}" and not line.strip(b"} \t\r\n"):
                        yield start, _loads(label, start, b"".join(block))
                        block = None
                elif line.strip() == b"{":
                    block, start = [line], number
                elif line.strip():
                    yield number, _loads(label, number, line.rstrip(b"\r\n"))
    except (OSError, EOFError, zlib.error) as error:
        raise ArchiveError(
            f"{label}: truncated or corrupt compressed data after line {number} ({error})"
        ) from None
    if block is not None:
        raise ArchiveError(f"{label}: the item starting at line {start} is truncated")


def _loads(label: str, line: int, data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError
        if isinstance(error, json.JSONDecodeError):
            where = f"line {line + error.lineno - 1}, column {error.colno}"
            what = error.msg
        else:
            where, what = f"line {line}", "not UTF-8"
        raise ArchiveError(f"{label}: {where} is not valid JSON ({what})") from None


@dataclass(slots=True)
class _Unsupported:
    line: int
    count: int = 0


class _Reader:
    def __init__(self, files: list[Path], report: ReadReport) -> None:
        self.files = files
        self.report = report
        self.seen: set[str] = set()  # ids of the Discourse and Stack Exchange posts yielded
        self.passed: set[str] = set()  # ids of the Discourse posts skipped (and reported)
        self.topics: dict[int, str] = {}  # Discourse topic id -> its opening post's source id
        self.site: dict[str, str] = {}  # backend -> the origin of its first item
        self.threader: MailThreader | None = None

    def posts(self, *, mail: bool) -> Iterator[tuple[ArchivePost, int]]:
        """(post, up-votes) of every post; without `mail`, mail items are passed over."""
        with tempfile.TemporaryFile(prefix="cercle-perceval-") as spool:
            if mail:
                self.threader = MailThreader(self.report, spool)
            try:
                for path in self.files:
                    yield from self._file(path)
                if self.threader is not None:
                    for post in self.threader.posts():
                        yield post, 0
            finally:
                if self.threader is not None:  # remove its database on an error too
                    self.threader.close()

    def _file(self, path: Path) -> Iterator[tuple[ArchivePost, int]]:
        report = self.report
        label = str(path)
        report.files.append(label)
        unsupported: dict[tuple[str, str], _Unsupported] = {}
        for line, item in _items(path):
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("backend_name"), str)
                or not isinstance(item.get("data"), dict)
            ):
                raise ArchiveError(
                    f"{label}: line {line} is not a perceval item (no backend_name and data)"
                )
            report.counts["items"] += 1
            backend = item["backend_name"].lower()
            category = item.get("category") or _CATEGORY.get(backend, "")
            data = item["data"]
            position = f"line {line}"
            if MAIL_BACKENDS.get(backend) == category:
                self._mail(label, position, data)
            elif (backend, category) in {(DISCOURSE, "topic"), (STACKEXCHANGE, "question")}:
                origin = str(item.get("origin", ""))
                site = self.site.setdefault(backend, origin)
                if site != origin:
                    reason = (
                        f"{item['backend_name']} item of {origin!r}, a second site after "
                        f"{site!r}: import each site into its own community"
                    )
                    report.skip(label, position, "other-site", reason)
                elif backend == DISCOURSE:
                    yield from self._discourse(label, position, data)
                else:
                    yield from self._stackexchange(label, position, data)
            else:
                entry = unsupported.setdefault((item["backend_name"], category), _Unsupported(line))
                entry.count += 1
        for (backend, category), entry in unsupported.items():
            reason = (
                f"{entry.count} {backend} item(s) of category {category!r} (first at line "
                f"{entry.line}): not a kind Cercle reads (mail, discourse, stackexchange)"
            )
            _skip_many(report, label, f"line {entry.line}", "unsupported-item", reason, entry.count)

    # Mail ----------------------------------------------------------------------------------------

    def _mail(self, label: str, position: str, data: dict[str, Any]) -> None:
        report = self.report
        threader = self.threader
        if threader is None:  # mail is not wanted
            return
        report.counts["messages"] += 1
        repaired: list[str] = []
        headers: dict[str, str] = {}
        for name, value in data.items():
            if name not in {"body", "unixfrom"} and isinstance(value, str):
                headers.setdefault(name.lower(), _clean(value, repaired))
        unixfrom = data.get("unixfrom")
        separator = b""
        if isinstance(unixfrom, str):
            separator = b"From " + _clean(unixfrom, repaired).encode("utf-8", "replace")
        try:
            subject = " ".join(decode_words(headers.get("subject", ""), repaired).split())
            author_email, author_name = parse_from(headers.get("from", ""), repaired)
        except Undecodable as error:
            report.skip(label, position, "undecodable", f"unknown charset {error}")
            return
        body = _mail_body(data.get("body"), repaired)

        date_header = headers.get("date", "")
        seconds = date_seconds(date_header) if date_header else None
        match = SEPARATOR.match(separator)
        if seconds is None:
            seconds = asctime_seconds(match["date"].decode()) if match else None
            if seconds is None:
                reason = "no readable Date header and no readable unixfrom date"
                report.skip(label, position, "no-date", reason)
                return
            if date_header:
                reason = f"unreadable Date header {date_header!r}: unixfrom date used"
                report.note(label, position, "date-from-separator", reason)
            else:
                report.note(label, position, "date-from-separator", "no Date header")

        message_id = first_id(headers.get("message-id", ""))
        if not message_id:
            message_id = synthetic_id(
                separator, date_header, headers.get("from", ""), headers.get("subject", "")
            )
            report.note(label, position, "synthetic-id", f"no Message-ID: {message_id} given")
        if threader.is_known(message_id):
            reason = f"duplicate Message-ID <{message_id}>: the first met is kept"
            report.skip(label, position, "duplicate", reason)
            return

        if "@" not in author_email:  # no From header, or no address in it
            sender = AT.sub("@", match["sender"].decode("utf-8", "replace")) if match else ""
            author_email = sender if "@" in sender or not author_email else author_email
        for what in repaired:
            report.note(label, position, "repaired-text", what)
        threader.add(
            message_id,
            seconds,
            author_email,
            author_name,
            subject,
            body,
            headers.get("in-reply-to", ""),
            headers.get("references", ""),
        )

    # Discourse -----------------------------------------------------------------------------------

    def _discourse(
        self, label: str, position: str, topic: dict[str, Any]
    ) -> Iterator[tuple[ArchivePost, int]]:
        report = self.report
        topic_id = topic.get("id")
        stream = topic.get("post_stream")
        posts = stream.get("posts") if isinstance(stream, dict) else None
        if not isinstance(topic_id, int) or not isinstance(posts, list):
            reason = "Discourse topic without an id or a post_stream.posts list"
            report.skip(label, position, "malformed-item", reason)
            return
        position = f"{position}, topic {topic_id}"
        if topic.get("archetype") == "private_message":
            report.skip(label, position, "private", "private message topic")
            return
        if topic.get("deleted_at"):
            report.skip(label, position, "deleted", "deleted topic")
            return
        title = topic.get("title") or html.unescape(str(topic.get("fancy_title") or ""))
        tags = [name for tag in topic.get("tags") or [] if (name := _tag_name(tag))]
        accepted = topic.get("accepted_answer")
        accepted_number = accepted.get("post_number") if isinstance(accepted, dict) else None

        kept: list[tuple[dict[str, Any], datetime]] = []
        source_of: dict[int, str] = {}  # post_number -> source id, of the posts kept
        again = 0
        for post in sorted(
            (p for p in posts if isinstance(p, dict)), key=lambda p: _int(p.get("post_number"))
        ):
            if not isinstance(post.get("id"), int):
                report.skip(label, position, "malformed-item", "Discourse post without an id")
                continue
            source_id = f"d{post['id']}"
            number = _int(post.get("post_number"))
            if source_id in self.seen or source_id in self.passed:  # an earlier version's
                again += 1
                if source_id in self.seen:
                    source_of[number] = source_id
            elif (moment := self._discourse_post_ok(label, position, post)) is not None:
                kept.append((post, moment))
                source_of[number] = source_id
                if post.get("accepted_answer") is True and accepted_number is None:
                    accepted_number = number
            else:
                self.passed.add(source_id)
        opening = self.topics.get(topic_id)
        if opening is None and kept:
            opening = self.topics[topic_id] = f"d{kept[0][0]['id']}"
        for post, moment in kept:
            source_id = f"d{post['id']}"
            number = _int(post.get("post_number"))
            parent_id: str | None = None
            if source_id != opening:
                reply_to = post.get("reply_to_post_number")
                parent_id = opening
                if isinstance(reply_to, int) and reply_to != number:
                    replied = source_of.get(reply_to)
                    if replied is not None and reply_to < number:
                        parent_id = replied
                    else:
                        reason = (
                            f"post {number} replies to post {reply_to}, which is not kept: "
                            "its parent is the opening post"
                        )
                        report.note(label, f"{position}, post {post['id']}", "parent-gone", reason)
            user_id = post.get("user_id")
            username = post.get("username") or ""
            if user_id is not None:
                author_key = f"discourse:{user_id}"
            elif username:
                author_key = f"name:{username}"
            else:
                author_key = DELETED_USER
            author_name = post.get("name") or post.get("display_username") or username
            likes = _likes(post)
            is_opening = parent_id is None
            answer = source_of.get(accepted_number) if isinstance(accepted_number, int) else None
            item = ArchivePost(
                source_id=source_id,
                thread_id=opening or source_id,
                parent_id=parent_id,
                author_key=author_key,
                author_name=author_name or "deleted user",
                created_at=moment,
                kind="message",
                title=title if is_opening else "",
                body=str(post.get("cooked") or ""),
                body_format="html",
                tags=tags if is_opening else [],
                accepted_answer_id=answer if is_opening else None,
                score=likes,
            )
            self.seen.add(source_id)
            report.count_post(item)
            yield item, likes
        if again:
            reason = f"{again} post(s) of topic {topic_id} already read: the first met is kept"
            _skip_many(report, label, position, "duplicate", reason, again)

    def _discourse_post_ok(
        self, label: str, position: str, post: dict[str, Any]
    ) -> datetime | None:
        """The post's date if it is a conversation post to keep, else None (and reported)."""
        report = self.report
        where = f"{position}, post {post['id']}"
        post_type = post.get("post_type", _REGULAR)
        if post_type == _WHISPER or post.get("hidden"):
            report.skip(label, where, "hidden", "whisper or hidden post")
            return None
        if post_type != _REGULAR:
            action = post.get("action_code") or "moderator action"
            reason = f"post_type {post_type} ({action}) is not a conversation post"
            report.skip(label, where, "other-post-type", reason)
            return None
        if post.get("deleted_at") or post.get("user_deleted"):
            report.skip(label, where, "deleted", "deleted post")
            return None
        moment = _iso_date(post.get("created_at"))
        if moment is None:
            reason = f"no readable created_at ({post.get('created_at')!r})"
            report.skip(label, where, "no-date", reason)
        return moment

    # Stack Exchange ------------------------------------------------------------------------------

    def _stackexchange(
        self, label: str, position: str, question: dict[str, Any]
    ) -> Iterator[tuple[ArchivePost, int]]:
        report = self.report
        question_id = question.get("question_id")
        if not isinstance(question_id, int):
            reason = "Stack Exchange question without a question_id"
            report.skip(label, position, "malformed-item", reason)
            return
        qid = str(question_id)
        position = f"{position}, question {qid}"
        answers = [a for a in question.get("answers") or [] if isinstance(a, dict)]
        comments = [c for c in question.get("comments") or [] if isinstance(c, dict)]
        for answer in answers:
            comments.extend(c for c in answer.get("comments") or [] if isinstance(c, dict))
        accepted = question.get("accepted_answer_id")
        if accepted is None:
            accepted = next((a.get("answer_id") for a in answers if a.get("is_accepted")), None)

        ready: list[tuple[ArchivePost, int]] = []
        post = self._se_post(label, position, question, qid, qid, "question")
        if post is not None:
            post.title = html.unescape(str(question.get("title") or ""))
            post.tags = [str(tag) for tag in question.get("tags") or []]
            post.accepted_answer_id = str(accepted) if accepted is not None else None
            ready.append((post, _int(question.get("up_vote_count"))))
        elif qid not in self.seen:
            if answers or comments:
                reason = f"the answers and comments of question {qid}, which is not kept"
                _skip_many(report, label, position, "orphan", reason, len(answers) + len(comments))
            return
        kept = {qid}
        for answer in sorted(answers, key=lambda a: _int(a.get("creation_date"))):
            answer_id = answer.get("answer_id")
            if not isinstance(answer_id, int):
                report.skip(label, position, "malformed-item", "answer without an answer_id")
                continue
            aid = str(answer_id)
            post = self._se_post(label, position, answer, aid, qid, "answer", parent=qid)
            if post is not None:
                kept.add(aid)
                ready.append((post, _int(answer.get("up_vote_count"))))
            elif aid in self.seen:
                kept.add(aid)
        for comment in sorted(comments, key=lambda c: _int(c.get("creation_date"))):
            comment_id = comment.get("comment_id")
            if not isinstance(comment_id, int):
                report.skip(label, position, "malformed-item", "comment without a comment_id")
                continue
            cid = f"c{comment_id}"
            on = str(comment.get("post_id", ""))
            if on not in kept:
                reason = f"comment on post {on!r}, which is not a question or answer kept"
                report.skip(label, f"{position}, post {cid}", "orphan", reason)
                continue
            post = self._se_post(label, position, comment, cid, qid, "comment", parent=on)
            if post is not None:
                ready.append((post, 0))

        again = 0
        for post, votes in ready:
            if post.source_id in self.seen:
                again += 1
                continue
            self.seen.add(post.source_id)
            report.count_post(post)
            yield post, votes
        if again:
            reason = f"{again} post(s) of question {qid} already read: the first met is kept"
            _skip_many(report, label, position, "duplicate", reason, again)

    def _se_post(
        self,
        label: str,
        position: str,
        row: dict[str, Any],
        source_id: str,
        thread_id: str,
        kind: PostKind,
        *,
        parent: str | None = None,
    ) -> ArchivePost | None:
        created = row.get("creation_date")
        moment = None
        if isinstance(created, int | float) and not isinstance(created, bool):
            try:
                moment = datetime.fromtimestamp(created, UTC)
            except (ValueError, OverflowError, OSError):
                moment = None
        if moment is None:
            reason = f"no readable creation_date ({created!r})"
            self.report.skip(label, f"{position}, post {source_id}", "no-date", reason)
            return None
        owner = row.get("owner")
        owner = owner if isinstance(owner, dict) else {}
        user_id = owner.get("user_id")
        name = html.unescape(str(owner.get("display_name") or ""))
        if user_id is not None:
            author_key, author_name = f"se:{user_id}", name or f"user{user_id}"
        elif name:
            author_key, author_name = f"name:{name}", name
        else:
            author_key, author_name = DELETED_USER, "deleted user"
        body = row.get("body")
        body_format = "html"
        if not isinstance(body, str):
            markdown = row.get("body_markdown")
            body = html.unescape(markdown) if isinstance(markdown, str) else ""
            body_format = "markdown" if isinstance(markdown, str) else ""
        return ArchivePost(
            source_id=source_id,
            thread_id=thread_id,
            parent_id=parent,
            author_key=author_key,
            author_name=author_name,
            created_at=moment,
            kind=kind,
            body=body,
            score=_int(row.get("score")),
            body_format=body_format,
        )


# Helpers -----------------------------------------------------------------------------------------


def _skip_many(
    report: ReadReport, file: str, position: str, code: str, reason: str, n: int
) -> None:
    """One entry in the report for `n` things skipped for the same reason; all are counted."""
    report.skip(file, position, code, reason)
    report.counts["skipped"] += n - 1
    report.counts[code] += n - 1


def _clean(value: str, repaired: list[str]) -> str:
    """perceval decodes with `surrogateescape`: bytes it could not decode come as lone
    surrogates. They are read back as read_mbox reads undeclared 8-bit text (UTF-8, else
    Windows-1252, else Latin-1); other lone surrogates are replaced, and the repair noted."""
    if not _SURROGATE.search(value):
        return value
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        repaired.append("invalid characters replaced")
        return _SURROGATE.sub("\ufffd", value)
    return undeclared_text(raw)


def _mail_body(body: Any, repaired: list[str]) -> str:
    """The plain text of a perceval mail body: its "plain" part, else its "html" as text."""
    if isinstance(body, str):
        return _clean(body, repaired).rstrip()
    if not isinstance(body, dict):
        return ""
    if isinstance(plain := body.get("plain"), str):
        return _clean(plain, repaired).rstrip()
    if isinstance(rich := body.get("html"), str):
        return html_text(_clean(rich, repaired))
    return ""


def _tag_name(tag: Any) -> str:
    """Discourse writes tags as names, or (3.x) as objects with a name."""
    if isinstance(tag, dict):
        tag = tag.get("name")
    return tag if isinstance(tag, str) else ""


def _likes(post: dict[str, Any]) -> int:
    for action in post.get("actions_summary") or []:
        if isinstance(action, dict) and action.get("id") == _LIKE:
            return _int(action.get("count"))
    return _int(post.get("like_count"))


def _iso_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
