"""Full-text search over the posts a reader may see, in French and in English.

How it works, the same on PostgreSQL and on SQLite:

- Every post has one SearchDocument (written by `index_post`, which the actions call when they
  create, edit or restore a post; `unindex_post` when they delete one). Its `stems` column is
  the post's words, and for an opening post its topic's title too, each reduced to its stems.
- Stemming is done here, in Python, with the Snowball stemmers (the `snowballstemmer`
  package), for the documents and for the queries alike. The databases only match stems that
  are already made: PostgreSQL through a tsvector generated from `stems` with the 'simple'
  configuration (lower-casing, no stemming, no stop words) under a GIN index; SQLite through an
  FTS5 table over `stems` (see migration 0002). Had each database stemmed, they would disagree:
  FTS5's only stemmer (porter) is English, and PostgreSQL's 'french' dictionary is not the one
  SQLite would use. This way both find the same posts; only the ranking is each one's own
  (ts_rank, bm25), so the order of results may differ slightly between them.
- Each word is reduced to its French stem and its English stem, from the word as written and
  from the word without accents ("marchés" gives "march" and "marche"). Why both languages
  rather than the post's: communities are French first but quote English material, and
  guessing the language of a two-line reply goes wrong too often; a word stemmed both ways
  costs one more token in the index, and a query word matches if any of its stems does. Case
  and accents are folded after stemming (the French stemmer needs the accents), and the
  stemmer also runs on the folded word, so that "reunion" finds "réunions".
- A query is split into words the same way. Its words are ANDed, each one being the OR of its
  stems: "commune rurale" finds "les communes rurales". The query reaches the database as
  quoted stems only (letters and digits): FTS5's syntax (NEAR, *, quotes, AND/OR/NOT, -) and
  tsquery's (&, |, !, :*) typed by the reader are separators like any punctuation.
- Snippets and highlighting are made here, from the plain text of the post, and so are the
  same on both databases.

Who may see what is decided by the caller: `search()` takes the ids of the communities the
reader may read (see `readable_community_ids` and the views), and never returns a deleted post,
nor a post of a deleted topic.
"""

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import snowballstemmer
from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cercle.communities.models import Membership, MembershipState
from cercle.discussions.models import Post, SearchDocument

RESULTS_PER_PAGE = 20
# Longer queries are cut: a search is a few words, not a paragraph.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
# Longer "words" (a pasted hash, a URL's path) are neither indexed nor searched: PostgreSQL
# would refuse lexemes over 2047 bytes anyway, and dropping them on both sides keeps the two
# databases in agreement.
MAX_WORD_CHARS = 60
SNIPPET_CHARS = 240

# Letters and digits; everything else, the underscore included, separates words.
_WORD = re.compile(r"[^\W_]+")
# Ligatures that Unicode does not decompose: "cœur" is found by "coeur".
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})

# Dropped from queries (never from the index), unless the query is only made of them: "la
# commune rurale" finds "les communes rurales", whose text has no "la".
_STOP_WORDS_TEXT = (
    "a au aux c ce ces d dans de des du en et l la le les n ou par pour qu que qui s sur t un une"
    " an and are as at be by for from in is it of on or the to with"
)
_QUERY_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_french = snowballstemmer.stemmer("french")
_english = snowballstemmer.stemmer("english")
# The Snowball stemmer objects keep state while they work: one thread at a time.
_stemmer_lock = threading.Lock()


def _fold(word: str) -> str:
    """Lower case, without accents nor ligatures."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def word_stems(word: str) -> tuple[str, ...]:
    """The stems under which a word (already case-folded) is indexed and searched."""
    word = word.translate(_LIGATURES)
    plain = _fold(word)
    with _stemmer_lock:
        stems = {
            _french.stemWord(word),
            _english.stemWord(word),
            _french.stemWord(plain),
            _english.stemWord(plain),
        }
    return tuple(sorted({_fold(stem) for stem in stems} - {""}))


def _words(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """The words of a text (NFKC-normalised), case-folded, with where they are."""
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) <= MAX_WORD_CHARS:
            yield match, word.casefold()


def stems_of(text: str) -> str:
    """What the full-text index holds for a text: the stems of its words, in order."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(" ".join(word_stems(word)) for _match, word in _words(text))


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """A post's sanitised HTML as plain text on one line: what readers read, without the
    Markdown's signs nor the links' addresses."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join(unicodedata.normalize("NFKC", "".join(extractor.parts)).split())


# --- Writing the index ----------------------------------------------------------------------


def _document_fields(post: Post) -> dict:
    text = plain_text(post.body_html)
    # The title is indexed with the opening post only: a topic's replies are not all found by
    # a word of its title, and a new title needs only the opening post indexed again.
    title = post.topic.title if post.parent_id is None else ""
    return {
        "community_id": post.community_id,
        "topic_id": post.topic_id,
        "deleted": post.deleted_at is not None,
        "text": text,
        "stems": stems_of(f"{title} {text}"),
    }


def index_post(post: Post) -> None:
    """Index a post as it now is (new, edited or restored). `post.topic` must be loaded."""
    SearchDocument.objects.update_or_create(post_id=post.pk, defaults=_document_fields(post))


def unindex_post(post: Post) -> None:
    """A deleted post is no longer found (restoring it indexes it again)."""
    SearchDocument.objects.filter(post_id=post.pk).update(deleted=True)


def reindex_all(*, batch_size: int = 500) -> int:
    """Index every post again (`cercle reindex_search`); returns how many. Batches are
    written one transaction each, so a large import does not lock the database for long."""
    indexed = 0
    last_pk = 0
    while True:
        batch = list(
            Post.objects.filter(pk__gt=last_pk)
            .select_related("topic")
            .only(
                "topic__title",
                "community_id",
                "parent_id",
                "body_html",
                "deleted_at",
            )
            .order_by("pk")[:batch_size]
        )
        if not batch:
            break
        SearchDocument.objects.bulk_create(
            [SearchDocument(post_id=post.pk, **_document_fields(post)) for post in batch],
            update_conflicts=True,
            unique_fields=["post"],
            update_fields=["community", "topic", "deleted", "text", "stems"],
        )
        indexed += len(batch)
        last_pk = batch[-1].pk
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Rebuild the FTS5 table from the documents too, in case it drifted from them (see
            # the caution in migration 0002).
            cursor.execute(
                "INSERT INTO discussions_searchdocument_fts (discussions_searchdocument_fts)"
                " VALUES ('rebuild')"
            )
        elif connection.vendor == "postgresql":
            # Fresh statistics: without them, after a large import and before autovacuum
            # comes, the planner joins the topics row by row (seconds instead of milliseconds
            # on 20,000 posts).
            cursor.execute("ANALYZE discussions_searchdocument, discussions_topic")
    return indexed


# --- Queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A reader's query: for each of its words, the stems that match it."""

    text: str
    terms: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(stem for term in self.terms for stem in term)


def parse_query(text: str) -> Query:
    """The reader's words, whatever they typed: any character that is not a letter or a digit
    separates words, so that no query syntax reaches the database."""
    text = " ".join(unicodedata.normalize("NFKC", text or "").split())[:MAX_QUERY_CHARS]
    words = list(dict.fromkeys(word for _match, word in _words(text)))
    meaningful = [word for word in words if _fold(word) not in _QUERY_STOP_WORDS]
    terms = [word_stems(word) for word in (meaningful or words)[:MAX_QUERY_WORDS]]
    return Query(text=text, terms=tuple(term for term in terms if term))


def _fts5_match(query: Query) -> str:
    def quoted(stem: str) -> str:
        return '"' + stem.replace('"', '""') + '"'

    return " AND ".join(
        "(" + " OR ".join(quoted(stem) for stem in term) + ")" for term in query.terms
    )


def _tsquery(query: Query) -> str:
    def quoted(stem: str) -> str:
        return "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"

    return " & ".join("(" + " | ".join(quoted(stem) for stem in term) + ")" for term in query.terms)


def _from_where(community_ids: list[int], query: Query) -> tuple[str, list]:
    """The FROM and WHERE of a search, for this database, and their parameters."""
    in_communities = ", ".join(["%s"] * len(community_ids))
    visible = f"NOT d.deleted AND t.deleted_at IS NULL AND d.community_id IN ({in_communities})"
    if connection.vendor == "postgresql":
        sql = (
            " FROM discussions_searchdocument d"
            " CROSS JOIN to_tsquery('simple', %s) q"
            " JOIN discussions_topic t ON t.id = d.topic_id"
            f" WHERE d.stems_vector @@ q AND {visible}"
        )
        return sql, [_tsquery(query), *community_ids]
    sql = (
        " FROM discussions_searchdocument_fts"
        " JOIN discussions_searchdocument d ON d.id = discussions_searchdocument_fts.rowid"
        " JOIN discussions_topic t ON t.id = d.topic_id"
        f" WHERE discussions_searchdocument_fts MATCH %s AND {visible}"
    )
    return sql, [_fts5_match(query), *community_ids]


@dataclass
class Hit:
    post_id: int
    topic_id: int
    rank: float
    snippet: SafeString
    post: Post | None = None  # set by results_page
    title: SafeString | None = None  # the topic's title, highlighted; set by results_page


def search(
    community_ids: Iterable[int], query: Query | str, *, limit: int, offset: int = 0
) -> list[Hit]:
    """The posts of these communities that match the query, best first: one query."""
    if isinstance(query, str):
        query = parse_query(query)
    community_ids = list(community_ids)
    if not query or not community_ids or limit <= 0:
        return []
    from_where, params = _from_where(community_ids, query)
    rank = (
        "ts_rank(d.stems_vector, q)"
        if connection.vendor == "postgresql"
        else "-bm25(discussions_searchdocument_fts)"  # bm25: lower is better
    )
    sql = (
        f"SELECT d.post_id, d.topic_id, {rank} AS rank, d.text"
        f"{from_where} ORDER BY rank DESC, d.post_id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    return [
        Hit(post_id=post_id, topic_id=topic_id, rank=rank, snippet=snippet(text, query))
        for post_id, topic_id, rank, text in rows
    ]


def count(community_ids: Iterable[int], query: Query | str) -> int:
    """How many posts `search` would find: one query."""
    if isinstance(query, str):
        query = parse_query(query)
    community_ids = list(community_ids)
    if not query or not community_ids:
        return 0
    from_where, params = _from_where(community_ids, query)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*){from_where}", params)
        return cursor.fetchone()[0]


def readable_community_ids(user) -> list[int]:
    """The communities searched by "search all my communities": those where the person is an
    active member (public communities they have not joined are searched from their own
    page). One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user, state=MembershipState.ACTIVE).values_list(
            "community_id", flat=True
        )
    )


class _Results:
    """The hits as the paginator wants them: a count, then a slice (one query each)."""

    def __init__(self, community_ids: list[int], query: Query) -> None:
        self.community_ids = community_ids
        self.query = query

    def count(self) -> int:
        return count(self.community_ids, self.query)

    def __getitem__(self, page: slice) -> list[Hit]:
        return search(
            self.community_ids, self.query, limit=page.stop - page.start, offset=page.start
        )


def results_page(community_ids: Iterable[int], query: Query, page_number) -> Page:
    """A page of results, each hit with its post, topic, community and author (three queries,
    whatever the number of results)."""
    paginator = Paginator(_Results(list(community_ids), query), RESULTS_PER_PAGE)
    page = paginator.get_page(page_number)
    hits = list(page.object_list)
    posts = {
        post.pk: post
        for post in Post.objects.filter(
            pk__in=[hit.post_id for hit in hits],
            deleted_at__isnull=True,
            topic__deleted_at__isnull=True,
        )
        .select_related("topic", "community", "author")
        .defer("body", "body_html", "topic__framing", "topic__framing_html")
    }
    page.object_list = []
    for hit in hits:
        # A post deleted by a path that forgot `unindex_post` is still not shown.
        hit.post = posts.get(hit.post_id)
        if hit.post is not None:
            hit.title = highlight(hit.post.topic.title, query)
            page.object_list.append(hit)
    return page


# --- Snippets -------------------------------------------------------------------------------


def _matches(
    text: str, stems: frozenset[str], *, first_only: bool = False
) -> Iterator[tuple[int, int]]:
    """Where the words of `text` that match one of `stems` are."""
    initials = {stem[0] for stem in stems}
    for match, word in _words(text):
        # Stemming keeps a word's first letter: words that cannot match are not stemmed.
        if _fold(word[0])[:1] in initials and not stems.isdisjoint(word_stems(word)):
            yield match.span()
            if first_only:
                return


def _marked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text escaped, its matching words in <mark>."""
    parts, position = [], 0
    for start, end in spans:
        parts += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def highlight(text: str, query: Query) -> SafeString:
    """The whole text, escaped, with the words that match the query marked."""
    text = unicodedata.normalize("NFKC", text)
    return mark_safe(_marked(text, _matches(text, query.stems)))  # noqa: S308 - escaped


def snippet(text: str, query: Query) -> SafeString:
    """About SNIPPET_CHARS characters of the text around its first matching word, escaped,
    with the matching words marked."""
    first = next(_matches(text, query.stems, first_only=True), None)
    start = 0
    if first is not None and first[0] > SNIPPET_CHARS // 4:
        # Start on a word, a little before the first match.
        space = text.find(" ", first[0] - SNIPPET_CHARS // 4, first[0])
        start = space + 1 if space != -1 else first[0]
    end = start + SNIPPET_CHARS
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    else:
        end = len(text)
    window = text[start:end]
    html = _marked(window, _matches(window, query.stems))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 - escaped by _marked
