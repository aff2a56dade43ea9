"""Drafts: autosaved from the composers with htmx, listed under "My drafts", thrown away.

A member's drafts are theirs alone: every view fetches them through the member's own drafts
(`selectors.draft_of`), so another person's draft does not exist for them (404), and every
write is a POST under Django's CSRF protection.
"""

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities.decorators import community_view
from cercle.discussions import actions, selectors
from cercle.discussions import permissions as perms
from cercle.discussions.forms import ReplyForm, TopicForm, draft_data
from cercle.discussions.models import Topic
from cercle.lib.errors import Refused


def _autosave(request, access, *, topic: Topic | None, fields: tuple[str, ...]):
    """Save the text and fields (never files: those come with a submission) and answer with
    the composer's draft status."""
    error = ""
    draft = None
    try:
        opened = datetime.fromtimestamp(float(request.POST.get("composer_opened", "")), tz=UTC)
    except (ValueError, OverflowError, OSError):
        opened = None
    try:
        draft = actions.save_draft(
            user=request.user,
            community=access.community,
            topic=topic,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            data=draft_data(request.POST, fields),
            unless_published_since=opened,
        ).draft
    except Refused as refusal:
        error = refusal.message
    return render(
        request,
        "discussions/_draft_status.html",
        {"draft": draft, "error": error, "saved": not error},
    )


@require_POST
@community_view(members_only=True, skip_charter=True)
def autosave_reply(request, access, topic_id: int):
    topic = get_object_or_404(Topic, community=access.community, pk=topic_id)
    perms.check_can_read(access, topic)
    return _autosave(request, access, topic=topic, fields=ReplyForm.DRAFT_FIELDS)


@require_POST
@community_view(members_only=True, skip_charter=True)
def autosave_topic(request, access):
    return _autosave(request, access, topic=None, fields=TopicForm.DRAFT_FIELDS)


@login_required
def my_drafts(request):
    """Everything the member has started writing and not published, latest first."""
    return render(request, "discussions/drafts.html", {"drafts": selectors.drafts_of(request.user)})


@require_POST
@login_required
def discard(request, draft_id: int):
    draft = selectors.draft_of(request.user, draft_id)
    if draft is None:
        raise Http404(_("There is no such draft."))
    actions.discard_draft(draft=draft, by=request.user)
    messages.success(request, _("The draft is thrown away."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("discussions:drafts")
