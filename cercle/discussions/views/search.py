"""Searching discussions: in one community, or across all the communities one is a member of.

Who may read what is decided before searching: a community's page goes through
`community_view(content=True)` (public communities for anyone, others for their active
members, hidden ones 404 for outsiders); "all my communities" searches those where the person
is an active member. The search itself never returns a deleted post (cercle.discussions.search).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cercle.communities.decorators import community_view
from cercle.discussions import search


def _render(request, community_ids: list[int], context: dict):
    query = search.parse_query(request.GET.get("q", ""))
    page = search.results_page(community_ids, query, request.GET.get("page")) if query else None
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "discussions/search.html",
        {
            **context,
            "q": query.text,
            "searched": bool(query),
            "page": page,
            "query": params.urlencode(),
        },
    )


@community_view(content=True)
def community_search(request, access):
    return _render(
        request, [access.community.pk], {"access": access, "community": access.community}
    )


@login_required
def search_everywhere(request):
    return _render(request, search.readable_community_ids(request.user), {"community": None})
