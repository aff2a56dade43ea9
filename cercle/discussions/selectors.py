"""Reads for the discussion pages, each with what its page shows joined or prefetched, so that
a page runs the same number of queries whatever the number of topics, posts, reactions and
members (asserted in tests/test_queries.py).

Topic list: a page of topics with author, last poster, category and group joined (1 query),
their tags (1), the count for the paginator (1).
Topic page: the topic with its author, category, group, poll and accepted answer (1), tags (1),
a page of posts with their authors, profiles and parents' authors (1 + 1 count), their attached
files (1), the reactions counted per post and kind (1), the reader's own reactions (1), the
poll's choices with their counts and the reader's votes (2, when there is a poll), the reader's
idea vote (1, ideas), the reader's draft of a reply with its waiting files (1, or 2 when there
is one).

What is the same for every reader (the page of topics and their count, the topic, its page of
posts and their reactions' counts) is read once and shared while the database does not change
(generation.shared, one more query: the generation); each reader gets copies to mark what is
theirs. The query counts above are those of a first read (and of the tests' reads: inside a
transaction that has written, nothing is shared).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet

from cercle.communities.models import Community, Group
from cercle.discussions import generation
from cercle.discussions.generation import own_copy
from cercle.discussions.models import (
    Attachment,
    Category,
    Draft,
    IdeaVote,
    Poll,
    PollChoice,
    PollVote,
    Post,
    Reaction,
    ReactionKind,
    Topic,
)
from cercle.members.models import Tag

TOPICS_PER_PAGE = 30
POSTS_PER_PAGE = 50


# What the pages never show of the people they name (accounts and profiles are joined for a
# name, a photo, an organisation): left in the database, so that building a page of posts
# does not load every account's password hash and biography.
_ACCOUNT_UNSHOWN = ("password", "last_login", "is_superuser", "is_staff", "email", "date_joined")
_PROFILE_UNSHOWN = (
    "bio",
    "can_help_with",
    "looking_for",
    "job_title",
    "region",
    "city",
    "updated_at",
)


def _unshown(*people: str, profiles: tuple[str, ...] = ()) -> list[str]:
    return [f"{who}__{name}" for who in people for name in _ACCOUNT_UNSHOWN] + [
        f"{who}__{name}" for who in profiles for name in _PROFILE_UNSHOWN
    ]


def _tags() -> Prefetch:
    return Prefetch("tags", queryset=Tag.objects.order_by("name"))


def _attachments() -> Prefetch:
    """A post's files, in the order they were added (one query for a page of posts)."""
    return Prefetch(
        "attachments",
        queryset=Attachment.objects.only(
            "pk", "post_id", "name", "content_type", "size", "width", "height"
        ).order_by("pk"),
    )


def topics(
    community: Community,
    *,
    group: Group | None = None,
    category: Category | None = None,
    kind: str = "",
    deleted: bool = False,
) -> QuerySet[Topic]:
    """A community's topics, latest activity first (served by the `topic_list` index).

    `deleted` lists the deleted ones instead (moderators restore them from there).
    """
    qs = Topic.objects.filter(community=community, deleted_at__isnull=not deleted)
    if group is not None:
        qs = qs.filter(group=group)
    if category is not None:
        qs = qs.filter(category=category)
    if kind:
        qs = qs.filter(kind=kind)
    return (
        qs.select_related("author", "last_post_by", "category", "group")
        .defer("framing", "framing_html", *_unshown("author", "last_post_by"))
        .prefetch_related(_tags())
        .order_by("-last_post_at", "-pk")
    )


def categories(community: Community) -> QuerySet[Category]:
    return Category.objects.filter(community=community).order_by("position", "name")


def category_tabs(community: Community) -> list[Category]:
    """The categories as the topic list shows them, read once while nothing changes; copies,
    whose fragment keys are computed once (cercle.lib.fragments)."""
    shared = generation.shared(("categories", community.pk), lambda: list(categories(community)))
    return [own_copy(category) for category in shared]


def _shared_page(key: tuple, queryset: Callable[[], QuerySet], per_page: int, page_number) -> Page:
    """A page of `queryset()`, its rows and count read once for every reader while the
    database does not change; each reader gets their own copies of the rows."""

    def build() -> Page:
        page = Paginator(queryset(), per_page).get_page(page_number)
        page.object_list = list(page.object_list)
        return page

    shared = generation.shared((*key, str(page_number)), build)
    return Page([own_copy(row) for row in shared.object_list], shared.number, shared.paginator)


def topic_list_page(
    community: Community,
    *,
    group: Group | None = None,
    category: Category | None = None,
    kind: str = "",
    deleted: bool = False,
    page_number=None,
) -> Page:
    """A page of `topics(...)`: 1 query and the tags, and the count of the topics (over a
    large community, a count is what costs most), read once while nothing changes."""
    key = (
        "topics",
        community.pk,
        group.pk if group else None,
        category.pk if category else None,
        kind,
        deleted,
    )
    return _shared_page(
        key,
        lambda: topics(community, group=group, category=category, kind=kind, deleted=deleted),
        TOPICS_PER_PAGE,
        page_number,
    )


def topic_for_page(community: Community, topic_id: int) -> Topic | None:
    """The topic with what its page shows of it, read once while nothing changes."""
    found = generation.shared(
        ("topic", community.pk, topic_id),
        lambda: (
            Topic.objects.filter(community=community, pk=topic_id)
            .select_related(
                "author", "category", "group", "poll", "accepted_answer__author", "closed_by"
            )
            .defer(*_unshown("author", "accepted_answer__author", "closed_by"))
            .prefetch_related(_tags())
            .first()
        ),
    )
    return None if found is None else own_copy(found)


def posts_of(topic: Topic) -> QuerySet[Post]:
    """Every post of the topic, deleted ones included (shown as "message deleted")."""
    return (
        Post.objects.filter(topic=topic)
        .select_related("author__profile", "parent__author", "deleted_by")
        # Of the parent, the page shows only who wrote it: not its text. Of a post, its
        # Markdown source is for the edit form only.
        .defer(
            "body",
            "parent__body",
            "parent__body_html",
            *_unshown("author", "parent__author", "deleted_by", profiles=("author__profile",)),
        )
        .prefetch_related(_attachments())
        .order_by("created_at", "pk")
    )


def post_page_number(post: Post) -> int:
    """The page of its topic where a post is shown."""
    before = Post.objects.filter(topic_id=post.topic_id, created_at__lt=post.created_at).count()
    same_time = Post.objects.filter(
        topic_id=post.topic_id, created_at=post.created_at, pk__lt=post.pk
    ).count()
    return (before + same_time) // POSTS_PER_PAGE + 1


@dataclass
class ReactionSummary:
    """The reactions to one post, as its reaction bar shows them."""

    counts: dict[str, int] = field(default_factory=dict)
    mine: set[str] = field(default_factory=set)

    def __fragment_key__(self) -> tuple:
        return (tuple(sorted(self.counts.items())), tuple(sorted(self.mine)))

    def items(self) -> list[tuple[str, str, int, bool]]:
        return [
            (kind.value, kind.label, self.counts.get(kind.value, 0), kind.value in self.mine)
            for kind in ReactionKind
        ]


def reaction_counts(ids: list[int]) -> list[tuple[int, str, int]]:
    """(post id, kind, count) for these posts: one grouped query."""
    if not ids:
        return []
    return list(
        Reaction.objects.filter(post_id__in=ids)
        .values_list("post_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )


def reactions_for(posts: list[Post], user, counts=None) -> dict[int, ReactionSummary]:
    """Counts per post and kind (one grouped query, unless given), and the reader's own (one
    query)."""
    ids = [post.pk for post in posts]
    summaries: dict[int, ReactionSummary] = defaultdict(ReactionSummary)
    if not ids:
        return summaries
    for post_id, kind, n in reaction_counts(ids) if counts is None else counts:
        summaries[post_id].counts[kind] = n
    if getattr(user, "is_authenticated", False):
        for post_id, kind in Reaction.objects.filter(post_id__in=ids, user=user).values_list(
            "post_id", "kind"
        ):
            summaries[post_id].mine.add(kind)
    return summaries


@dataclass
class PollView:
    poll: Poll
    choices: list[PollChoice]
    mine: set[int]
    total_voters: int
    closed: bool

    @property
    def has_voted(self) -> bool:
        return bool(self.mine)

    @property
    def shows_results(self) -> bool:
        """Results are shown to those who voted, and to everyone once the poll is closed."""
        return self.has_voted or self.closed


def poll_view(topic: Topic, user) -> PollView | None:
    try:
        poll = topic.poll
    except Poll.DoesNotExist:
        return None
    choices = list(
        PollChoice.objects.filter(poll=poll)
        .annotate(vote_count=Count("votes"))
        .order_by("position", "pk")
    )
    mine: set[int] = set()
    voters = 0
    if getattr(user, "is_authenticated", False):
        mine = set(
            PollVote.objects.filter(poll=poll, user=user).values_list("choice_id", flat=True)
        )
    closed = poll.is_closed()
    if mine or closed:
        voters = PollVote.objects.filter(poll=poll).values("user_id").distinct().count()
        for choice in choices:
            choice.share = round(100 * choice.vote_count / voters) if voters else 0
    return PollView(poll=poll, choices=choices, mine=mine, total_voters=voters, closed=closed)


def has_voted_idea(topic: Topic, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return IdeaVote.objects.filter(topic=topic, user=user).exists()


def topic_page(topic: Topic, *, page_number, user) -> tuple[Page, dict[int, ReactionSummary]]:
    """A page of the topic's posts and their reactions. The posts, their count and the
    reactions' counts are read once while nothing changes; the reader's own reactions
    each time."""
    page = _shared_page(("posts", topic.pk), lambda: posts_of(topic), POSTS_PER_PAGE, page_number)
    ids = tuple(post.pk for post in page.object_list)
    counts = generation.shared(("reactions", ids), lambda: reaction_counts(list(ids)))
    return page, reactions_for(page.object_list, user, counts=counts)


def revisions_of(post: Post):
    return post.revisions.select_related("written_by").order_by("-number")


# --- Attachments and drafts -----------------------------------------------------------------


def attachment_to_serve(attachment_id: int) -> Attachment | None:
    """An attachment with what deciding who may see it needs (its post and topic, or its
    draft), in one query."""
    return (
        Attachment.objects.filter(pk=attachment_id)
        .select_related("post__topic", "draft")
        .defer("post__body", "post__body_html")
        .first()
    )


def draft_in(user, community: Community, topic: Topic | None = None) -> Draft | None:
    """The member's draft of a reply in `topic`, or of a new topic in `community`, with its
    waiting files (two queries; one when there is none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Draft.objects.filter(user=user, community=community, topic=topic)
        .prefetch_related(_draft_attachments())
        .first()
    )


def _draft_attachments() -> Prefetch:
    return Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))


def drafts_of(user) -> QuerySet[Draft]:
    """Everything the member is writing, latest first, with where it goes and its files
    counted (one query)."""
    return (
        Draft.objects.filter(user=user)
        .select_related("community", "topic")
        .defer("topic__framing", "topic__framing_html")
        .annotate(file_count=Count("attachments"))
        .order_by("-updated_at", "-pk")
    )


def draft_of(user, draft_id: int) -> Draft | None:
    """One of the member's own drafts: another person's does not exist for them."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Draft.objects.filter(pk=draft_id, user=user).select_related("community").first()
