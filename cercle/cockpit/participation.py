"""A member's own place on the engagement ladder, read live (for their participation page).

The figures are those of cercle.cockpit.engagement (the twelve months before now), read for
one person with three small queries, so that a member who just wrote sees it counted; the
level and what the next one asks come from the engine itself (`level_of`, `next_level`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q
from django.utils import timezone

from cercle.activity.models import ActivityEvent, Verb
from cercle.discussions.models import Post, Reaction, ReactionKind, Topic

from .engagement import MemberStats, level_of, next_level
from .models import AnimatorAction, AnimatorActionKind
from .table import shift_months


@dataclass
class Participation:
    stats: MemberStats
    level: str
    next: dict[str, Any] | None
    thanks_received: int
    since: datetime


def participation_of(community, user, *, now: datetime | None = None) -> Participation:
    now = now or timezone.now()
    slices = [shift_months(now, -k) for k in range(12, -1, -1)]
    start = slices[0]
    # The member's own posts, through the author index: the community is tested row by row
    # (`community_id + 0`), or SQLite, without statistics, would scan the community's year.
    own = Post.objects.alias(
        in_community=ExpressionWrapper(F("community_id") + 0, output_field=IntegerField())
    ).filter(author=user, in_community=community.pk, deleted_at__isnull=True)
    posts = own.filter(
        created_at__gt=start, created_at__lte=now, topic__deleted_at__isnull=True
    ).values_list("created_at", "parent_id", "parent__author_id", "parent__deleted_at")
    stats = MemberStats()
    months = set()
    for created_at, parent_id, parent_author, parent_deleted in posts:
        stats.posts += 1
        if parent_id is None:
            stats.threads += 1
        elif parent_author != user.pk and parent_author is not None and parent_deleted is None:
            stats.replies_to_others += 1
        months.add(bisect_right(slices, created_at))
    stats.months = len(months)
    stats.accepted = Topic.objects.filter(
        accepted_answer__in=own.filter(created_at__gt=start).values("pk"),
        deleted_at__isnull=True,
    ).count()
    stats.visit_days = ActivityEvent.objects.filter(
        community=community,
        actor=user,
        verb=Verb.VISITED,
        created_at__gt=start,
        created_at__lte=now,
    ).count()
    thanks = Reaction.objects.filter(
        post__in=own.values("pk"), kind=ReactionKind.THANKS, created_at__gt=start
    ).aggregate(n=Count("id"))["n"]
    return Participation(
        stats=stats,
        level=level_of(stats),
        next=next_level(stats),
        thanks_received=thanks,
        since=start,
    )


def received(community, user, *, limit: int = 20) -> list[AnimatorAction]:
    """What the animators sent this member: thanks, introductions, messages, requests for
    help, latest first (one query)."""
    return list(
        AnimatorAction.objects.filter(community=community)
        .filter(Q(member=user) | Q(other_member=user))
        .exclude(kind=AnimatorActionKind.SET_ASIDE)
        .select_related("actor", "member", "other_member", "topic")
        .order_by("-created_at", "-pk")[:limit]
    )
