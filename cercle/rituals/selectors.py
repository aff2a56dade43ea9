"""Reads for the rituals' pages, and the introduction thread newcomers are invited to."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from cercle.communities.models import Community
from cercle.discussions.models import Topic
from cercle.rituals.models import Ritual, RitualRun

RECENT_RUNS = 3


def rituals_of(community: Community) -> list[Ritual]:
    """The community's rituals, each with its latest runs (`recent_runs`) and their topics:
    two queries whatever their number."""
    latest = RitualRun.objects.filter(ritual=OuterRef("ritual")).order_by("-due_at")
    runs = (
        RitualRun.objects.filter(pk__in=Subquery(latest.values("pk")[:RECENT_RUNS]))
        .select_related("topic")
        .order_by("-due_at")
    )
    return list(
        Ritual.objects.filter(community=community)
        .select_related("category", "author")
        .prefetch_related(Prefetch("runs", queryset=runs, to_attr="recent_runs"))
    )


def introduction_topics(community: Community | int) -> QuerySet[Topic]:
    """Topics opened by the community's introduction rituals, latest first."""
    return Topic.objects.filter(
        community=community,
        deleted_at__isnull=True,
        ritual_runs__ritual__for_introductions=True,
    ).order_by("-created_at", "-pk")


def current_introduction_topic(community: Community | int) -> Topic | None:
    return introduction_topics(community).select_related("community").first()
