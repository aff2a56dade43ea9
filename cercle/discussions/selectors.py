"""Reads for the discussion pages, each with what its page shows joined or prefetched, so that
a page runs the same number of queries whatever the number of topics, posts, reactions and
members (asserted in tests/test_queries.py).

Topic list: a page of topics with author, last poster, category and group joined (1 query),
their tags (1), the count for the paginator (1).
Topic page: the topic with its author, category, group, poll and accepted answer (1), tags (1),
a page of posts with their authors, profiles and parents' authors (1 + 1 count), the reactions
counted per post and kind (1), the reader's own reactions (1), the poll's choices with their
counts and the reader's votes (2, when there is a poll), the reader's idea vote (1, ideas).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet

from cercle.communities.models import Community, Group
from cercle.discussions.models import (
    Category,
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


def _tags() -> Prefetch:
    return Prefetch("tags", queryset=Tag.objects.order_by("name"))


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
        .prefetch_related(_tags())
        .order_by("-last_post_at", "-pk")
    )


def categories(community: Community) -> QuerySet[Category]:
    return Category.objects.filter(community=community).order_by("position", "name")


def topic_for_page(community: Community, topic_id: int) -> Topic | None:
    return (
        Topic.objects.filter(community=community, pk=topic_id)
        .select_related(
            "author", "category", "group", "poll", "accepted_answer__author", "closed_by"
        )
        .prefetch_related(_tags())
        .first()
    )


def posts_of(topic: Topic) -> QuerySet[Post]:
    """Every post of the topic, deleted ones included (shown as "message deleted")."""
    return (
        Post.objects.filter(topic=topic)
        .select_related("author__profile", "parent__author", "deleted_by")
        # Of the parent, the page shows only who wrote it: not its text.
        .defer("parent__body", "parent__body_html")
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

    def items(self) -> list[tuple[str, str, int, bool]]:
        return [
            (kind.value, kind.label, self.counts.get(kind.value, 0), kind.value in self.mine)
            for kind in ReactionKind
        ]


def reactions_for(posts: list[Post], user) -> dict[int, ReactionSummary]:
    """Counts per post and kind (one grouped query), and the reader's own (one query)."""
    ids = [post.pk for post in posts]
    summaries: dict[int, ReactionSummary] = defaultdict(ReactionSummary)
    if not ids:
        return summaries
    rows = (
        Reaction.objects.filter(post_id__in=ids)
        .values_list("post_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for post_id, kind, n in rows:
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
    page = Paginator(posts_of(topic), POSTS_PER_PAGE).get_page(page_number)
    posts = list(page.object_list)
    page.object_list = posts
    return page, reactions_for(posts, user)


def revisions_of(post: Post):
    return post.revisions.select_related("written_by").order_by("-number")
