"""A member's own participation: their level on the engagement ladder, what the next level
asks, and what the animators sent them (thanks, introductions, messages). Their own data
only: there is no way to ask for someone else's."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from cercle.communities.decorators import community_view

from .. import explain
from ..participation import participation_of, received


@require_GET
@community_view(members_only=True)
def participation(request, access):
    mine = participation_of(access.community, request.user)
    stats = mine.stats
    next_level = None
    if mine.next is not None:
        next_level = {
            "label": explain.LEVELS[mine.next["level"]][0],
            "missing": [
                explain.MISSING[key] % {"n": n}
                for key, n in mine.next["missing"].items()
                if key in explain.MISSING
            ],
        }
    return render(
        request,
        "cockpit/participation.html",
        {
            "access": access,
            "community": access.community,
            "level": mine.level,
            "level_label": explain.LEVELS[mine.level][0],
            "level_line": explain.LEVELS[mine.level][1],
            "next_level": next_level,
            "stats": stats,
            "thanks_received": mine.thanks_received,
            "since": mine.since,
            "ladder": [
                (key, label, line, key == mine.level)
                for key, (label, line) in explain.LEVELS.items()
            ],
            "received": received(access.community, request.user),
        },
    )
