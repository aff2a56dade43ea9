"""The help page: what each number of the cockpit means, in plain words, with its source.
For anyone logged in: it explains numbers, it shows none."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import explain
from ..engagement import THRESHOLDS as LADDER
from ..lifecycle import THRESHOLDS as STAGE


def _hosted_groups():
    """The hosted figures by theme; the moderators' table explained with the moderation."""
    return [
        (
            title,
            (*meanings, explain.MODERATORS)
            if any(m.key == "moderation_actions_90d" for m in meanings)
            else meanings,
        )
        for title, meanings in explain.HOSTED_GROUPS
    ]


@require_GET
@login_required
def help_page(request):
    return render(
        request,
        "cockpit/help.html",
        {
            "reading": explain.READING,
            "indicator_groups": explain.INDICATOR_GROUPS,
            "hosted_groups": _hosted_groups(),
            "stages": [(key, label, line) for key, (label, line) in explain.STAGES.items()],
            "levels": [(key, label, line) for key, (label, line) in explain.LEVELS.items()],
            "places": [(key, label, line) for key, (label, line) in explain.PLACES.items()],
            "sources": explain.SOURCES,
            "stage_thresholds": STAGE,
            "ladder_thresholds": LADDER,
            "back": request.GET.get("from", ""),
        },
    )
