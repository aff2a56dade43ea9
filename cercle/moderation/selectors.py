"""Reads for the moderation pages, each with what its page shows joined, so that a page runs
the same number of queries whatever the number of reports, decisions and messages."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from cercle.accounts.models import User
from cercle.communities.models import Community, Membership
from cercle.discussions.models import Post
from cercle.moderation.models import (
    ModerationAction,
    PendingPost,
    PendingState,
    Report,
    ReportOutcome,
)
from cercle.moderation.permissions import QueueScope

HISTORY_ROWS = 10
CONTEXT_POSTS = 2  # messages shown before and after a reported one


def reports(
    community: Community, scope: QueueScope, *, handled: bool = False, group_id: int | None = None
) -> QuerySet[Report]:
    """The queue: open reports, oldest first; or the handled ones, latest first."""
    qs = Report.objects.filter(community=community, handled_at__isnull=not handled)
    if not scope.everything:
        qs = qs.filter(group_id__in=scope.group_ids)
    if group_id is not None:
        qs = qs.filter(group_id=group_id)
    return qs.select_related(
        "post", "topic", "reported_user", "reporter", "group", "handled_by"
    ).order_by("-handled_at" if handled else "created_at", "pk")


def pending_posts(community: Community, *, group_id: int | None = None) -> QuerySet[PendingPost]:
    qs = PendingPost.objects.filter(community=community, state=PendingState.WAITING)
    if group_id is not None:
        qs = qs.filter(group_id=group_id)
    return qs.select_related("author", "topic", "category", "group").order_by("created_at", "pk")


def context_of(report: Report) -> list[Post]:
    """The reported message with its neighbours in the topic; or the topic's first messages."""
    if report.topic_id is None:
        return []
    # A reported message follows its topic if it was merged into another.
    topic_id = report.post.topic_id if report.post_id else report.topic_id
    posts = Post.objects.filter(topic_id=topic_id).select_related("author")
    if report.post_id is None:
        return list(posts.order_by("created_at", "pk")[: 2 * CONTEXT_POSTS + 1])
    post = report.post
    before = list(
        posts.filter(created_at__lt=post.created_at).order_by("-created_at", "-pk")[:CONTEXT_POSTS]
    )
    after = list(
        posts.filter(created_at__gt=post.created_at).order_by("created_at", "pk")[:CONTEXT_POSTS]
    )
    return [*reversed(before), post, *after]


@dataclass
class History:
    """What a person's past says: reports about them or by them, decisions about them."""

    counts: dict[str, int]
    reports: list[Report]
    actions: list[ModerationAction]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def outcomes(self) -> list[tuple[str, int]]:
        """(label, count) of each outcome that happened: "action taken 2, dismissed 1"."""
        return [(o.label, self.counts[o.value]) for o in ReportOutcome if self.counts.get(o.value)]


def _counts(qs: QuerySet[Report]) -> dict[str, int]:
    rows = qs.values_list("outcome").annotate(n=Count("pk")).order_by()
    return {**dict.fromkeys(ReportOutcome.values, 0), **dict(rows)}


def history_of(community: Community, user: User | None) -> History:
    """The reported person's: reports about them, and the decisions taken about them."""
    if user is None:
        return History(counts={}, reports=[], actions=[])
    about = Report.objects.filter(community=community, reported_user=user)
    return History(
        counts=_counts(about),
        reports=list(about.select_related("reporter").order_by("-created_at")[:HISTORY_ROWS]),
        actions=list(
            ModerationAction.objects.filter(community=community, target_user=user)
            .select_related("by", "topic")
            .order_by("-created_at")[:HISTORY_ROWS]
        ),
    )


def reporter_history(community: Community, user: User | None) -> History:
    """The reporter's: the reports they made and what came of them."""
    if user is None:
        return History(counts={}, reports=[], actions=[])
    made = Report.objects.filter(community=community, reporter=user)
    return History(
        counts=_counts(made),
        reports=list(made.select_related("reported_user").order_by("-created_at")[:HISTORY_ROWS]),
        actions=[],
    )


def decisions(community: Community) -> QuerySet[ModerationAction]:
    """Every decision, latest first, with what the moderators' list shows."""
    return (
        ModerationAction.objects.filter(community=community)
        .select_related("by", "target_user", "topic", "other_topic", "reversed_by")
        .order_by("-created_at", "-pk")
    )


def public_log(community: Community) -> QuerySet[ModerationAction]:
    """The log members read: what was done, to what topic, when, why, whether reversed.
    Only the public fields are loaded: never the private message, the reporter, the data
    kept for reversal, nor (for decisions about a person) who it was."""
    return (
        ModerationAction.objects.filter(community=community)
        .select_related("topic", "other_topic")
        .only(
            "kind",
            "reason",
            "created_at",
            "ends_at",
            "reversed_at",
            "reversal_reason",
            "community_id",
            "topic__id",
            "topic__title",
            "topic__deleted_at",
            "other_topic__id",
            "other_topic__title",
            "other_topic__deleted_at",
        )
        .order_by("-created_at", "-pk")
    )


def decisions_about(membership: Membership) -> QuerySet[ModerationAction]:
    return (
        ModerationAction.objects.filter(
            community_id=membership.community_id, target_user_id=membership.user_id
        )
        .select_related("topic")
        .order_by("-created_at", "-pk")
    )


def my_pending(membership: Membership, *, topic_id: int | None = None, new_topics: bool = False):
    """The member's own messages awaiting approval (in one topic, or their new topics)."""
    qs = PendingPost.objects.filter(
        community_id=membership.community_id,
        author_id=membership.user_id,
        state=PendingState.WAITING,
    )
    if topic_id is not None:
        qs = qs.filter(topic_id=topic_id)
    elif new_topics:
        qs = qs.filter(topic__isnull=True)
    return qs.select_related("topic", "category").order_by("created_at", "pk")
