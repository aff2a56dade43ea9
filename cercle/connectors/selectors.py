"""Reads for the animators' page of imported people."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from cercle.communities.models import Community
from cercle.discussions.models import Post

from .models import IdentityMerge, ImportJob, SourceIdentity


def identities_of(community: Community, *, q: str = "") -> QuerySet[SourceIdentity]:
    """The community's imported identities with the account that stands for each and their
    number of posts there: one query per page, whatever the number of identities."""
    posts = (
        Post.objects.filter(community=community, author=OuterRef("user"))
        .order_by()
        .values("author")
        .annotate(n=Count("pk"))
        .values("n")
    )
    identities = SourceIdentity.objects.filter(community=community)
    for word in q.split()[:5]:
        identities = identities.filter(
            Q(name__icontains=word) | Q(key__icontains=word) | Q(email__icontains=word)
        )
    return (
        identities.select_related("user")
        .annotate(post_count=Coalesce(Subquery(posts[:1]), Value(0), output_field=IntegerField()))
        .order_by("name", "pk")
    )


def merges_of(community: Community) -> QuerySet[IdentityMerge]:
    return IdentityMerge.objects.filter(community=community).select_related(
        "from_user", "into_user", "by"
    )


def import_jobs_of(community: Community) -> QuerySet[ImportJob]:
    """The community's web imports, newest first, with who started each."""
    return ImportJob.objects.filter(community=community).select_related("started_by")
