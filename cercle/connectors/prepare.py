"""What an archive's post becomes before it is written: its keys, its bodies, its search stems.

Everything here is a pure function of the post (no database), so that it can run in the process
that reads the archive while another one writes (cercle.connectors.pipeline). `Prepared` holds
what the importer writes, in a plain tuple, which crosses between processes at little cost.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime
from typing import NamedTuple

from django.utils.translation import gettext as _

from cercle.discussions.search import _WORD, MAX_WORD_CHARS, plain_text, word_stems
from cercle.lib.markdown import render_markdown
from cercle.members.models import tag_slug

from .bodies import html_body, text_html, text_search_text
from .readers import ArchivePost

MAX_KEY_CHARS = 255
TITLE_CHARS = 200
TAG_CHARS = 60


def external_key(source_id: str) -> str:
    """The archive's id as ImportedItem stores it (very long Message-IDs are hashed)."""
    if len(source_id) <= MAX_KEY_CHARS:
        return source_id
    return "sha256:" + hashlib.sha256(source_id.encode("utf-8", "surrogatepass")).hexdigest()


class Prepared(NamedTuple):
    """One post as the importer writes it."""

    key: str  # external_key of its source_id
    source_id: str
    thread_key: str
    parent_key: str | None  # None for a thread's opening post
    author_key: str
    author_name: str
    author_email: str
    created_at: datetime
    kind: str
    title: str  # the topic's title, for an opening post; "" otherwise
    body: str
    body_html: str
    text: str  # plain text, for search snippets
    stems: str  # title and text stemmed, for the search index
    tags: tuple[tuple[str, str], ...]  # (slug, name) of the topic's tags
    accepted_answer_key: str | None


class Preparer:
    """Turns ArchivePosts into Prepared posts, keeping what an archive repeats (word stems, tag
    slugs) for the run."""

    def __init__(self, html_kinds: frozenset[str]) -> None:
        self.html_kinds = html_kinds
        self.stems = Stems()
        self.slugs: dict[str, str] = {}

    def __call__(self, post: ArchivePost) -> Prepared:
        body, body_html, text = self.bodies(post)
        title, tags = "", ()
        if post.parent_id is None:
            title = " ".join(post.title.split())[:TITLE_CHARS] or _("(no subject)")
            tags = self.tags(post.tags)
        return Prepared(
            external_key(post.source_id),
            post.source_id,
            external_key(post.thread_id),
            None if post.parent_id is None else external_key(post.parent_id),
            post.author_key,
            post.author_name,
            post.author_email,
            post.created_at,
            post.kind,
            title,
            body,
            body_html,
            text,
            self.stems(f"{title} {text}" if title else text),
            tags,
            None if post.accepted_answer_id is None else external_key(post.accepted_answer_id),
        )

    def bodies(self, post: ArchivePost) -> tuple[str, str, str]:
        """A post's body_format says what its body is; "" leaves it to the reader's kind."""
        body_format = post.body_format or ("html" if post.kind in self.html_kinds else "text")
        if body_format == "html":
            return html_body(post.body)
        body = post.body.strip()
        if body_format == "markdown":
            body_html = render_markdown(body)
            return body, body_html, plain_text(body_html)
        return body, text_html(body), text_search_text(body)

    def tags(self, names: list[str]) -> tuple[tuple[str, str], ...]:
        wanted: dict[str, str] = {}
        for raw in names:
            name = " ".join(raw.split())[:TAG_CHARS]
            slug = self.slugs.get(name)
            if slug is None:
                if len(self.slugs) >= Stems.LIMIT:
                    self.slugs.clear()
                slug = self.slugs[name] = tag_slug(name)
            if slug:
                wanted.setdefault(slug, name)
        return tuple(wanted.items())


class Stems(dict):
    """`search.stems_of`, with the stems of each word kept for the run (an archive repeats
    its vocabulary: stemming each word once, and joining the kept stems in C with `map`, is
    most of the indexing time saved). Words too long to index map to a marker, taken out
    again in the rare text that has one."""

    LIMIT = 200_000
    TOO_LONG = "\x00"

    def __missing__(self, word: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        if len(word) > MAX_WORD_CHARS:
            stems = self.TOO_LONG
        else:
            stems = " ".join(word_stems(word.casefold()))
        self[word] = stems
        return stems

    def __call__(self, text: str) -> str:
        stems = " ".join(map(self.__getitem__, _WORD.findall(unicodedata.normalize("NFKC", text))))
        if self.TOO_LONG in stems:
            stems = " ".join(part for part in stems.split(" ") if part != self.TOO_LONG)
        return stems
