"""Reads for the library's pages, each with what its page shows joined or prefetched, so that a
page runs the same number of queries whatever the number of resources, comments or versions
(asserted in tests/test_queries.py).

List: a page of resources with who shared them (1 query), their tags (1), and the paginator's
count (1); the tags offered as filters (1). Detail: the resource with its sharer (1), its tags
(1), its comments with their authors (1). Wiki: the pages with their last editor (1); a page
(1); its history with authors (1 + count).
"""

from django.db.models import Count, F, Q, QuerySet

from cercle.communities.models import Community
from cercle.members.models import Tag
from cercle.resources.models import Resource, ResourceComment, WikiPage, WikiRevision

PAGE_SIZE = 20
HISTORY_PAGE_SIZE = 50


def resources_of(
    community: Community, *, tag: str = "", kind: str = "", query: str = ""
) -> QuerySet[Resource]:
    """The library, featured resources first (the latest featured first), then the latest
    shared."""
    qs = (
        Resource.objects.filter(community=community, deleted_at__isnull=True)
        .select_related("shared_by")
        .prefetch_related("tags")
        .order_by(F("featured_at").desc(nulls_last=True), "-created_at", "-pk")
    )
    if tag:
        qs = qs.filter(tags__slug=tag)
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(description__icontains=query))
    return qs


def library_tags(community: Community, limit: int = 30) -> QuerySet[Tag]:
    """The tags used in the library, the most used first."""
    return (
        Tag.objects.filter(
            resources_tagged__community=community, resources_tagged__deleted_at__isnull=True
        )
        .annotate(uses=Count("resources_tagged"))
        .order_by("-uses", "name")[:limit]
    )


def resource(resource_id: int) -> Resource | None:
    return (
        Resource.objects.select_related("shared_by", "community", "featured_by")
        .prefetch_related("tags")
        .filter(pk=resource_id)
        .first()
    )


def comments_of(resource: Resource) -> QuerySet[ResourceComment]:
    return (
        ResourceComment.objects.filter(resource=resource, deleted_at__isnull=True)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def wiki_pages(community: Community) -> QuerySet[WikiPage]:
    return (
        WikiPage.objects.filter(community=community, deleted_at__isnull=True)
        .select_related("updated_by")
        .order_by("title")
    )


def wiki_page(community: Community, slug: str) -> WikiPage | None:
    return (
        WikiPage.objects.select_related("community", "updated_by")
        .filter(community=community, slug=slug)
        .first()
    )


def history(page: WikiPage) -> QuerySet[WikiRevision]:
    return (
        WikiRevision.objects.filter(page=page)
        .select_related("author")
        .defer("body", "body_html")
        .order_by("-number")
    )


def revision(page: WikiPage, number: int) -> WikiRevision | None:
    return WikiRevision.objects.select_related("author").filter(page=page, number=number).first()
