"""What moderators and animators decide on a topic, and members' votes: accepted answers,
idea votes and status, polls, closing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities.decorators import community_view
from cercle.discussions import actions
from cercle.discussions import permissions as perms
from cercle.discussions.forms import IdeaStatusForm
from cercle.discussions.models import Poll, Post, Topic
from cercle.discussions.views.posts import post_url
from cercle.lib.errors import Refused


def _get_topic(access, topic_id: int) -> Topic:
    topic = get_object_or_404(Topic, pk=topic_id, community=access.community)
    topic.community = access.community
    perms.check_can_read(access, topic)
    return topic


def _done(request, refusal: Refused | None, success: str) -> None:
    if refusal is None:
        messages.success(request, success)
    else:
        messages.error(request, refusal.message)


@require_POST
@community_view(members_only=True)
def accept(request, access, topic_id: int, post_id: int):
    topic = _get_topic(access, topic_id)
    post = get_object_or_404(Post, pk=post_id, topic=topic)
    try:
        actions.accept_answer(topic=topic, post=post, by=request.user)
    except Refused as refusal:
        _done(request, refusal, "")
    else:
        _done(request, None, _("This answer is marked as the accepted one."))
    return redirect(post_url(access.community.slug, post))


@require_POST
@community_view(members_only=True)
def idea_vote(request, access, topic_id: int):
    topic = _get_topic(access, topic_id)
    try:
        actions.vote_idea(topic=topic, user=request.user)
    except Refused as refusal:
        _done(request, refusal, "")
    else:
        _done(request, None, _("Your vote is counted."))
    return redirect(topic.get_absolute_url())


@require_POST
@community_view(min_role=perms.ANIMATE)
def idea_status(request, access, topic_id: int):
    topic = _get_topic(access, topic_id)
    form = IdeaStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(_("Unknown status."))
        actions.set_idea_status(topic=topic, by=request.user, status=form.cleaned_data["status"])
    except Refused as refusal:
        _done(request, refusal, "")
    else:
        _done(request, None, _("The idea's status is updated."))
    return redirect(topic.get_absolute_url())


@require_POST
@community_view(members_only=True)
def poll_vote(request, access, topic_id: int):
    topic = _get_topic(access, topic_id)
    poll = Poll.objects.filter(topic=topic).first()
    if poll is None:
        raise Http404(_("This topic has no poll."))
    choice_ids = [int(v) for v in request.POST.getlist("choice") if v.isdigit()]
    try:
        actions.vote_poll(poll=poll, user=request.user, choice_ids=choice_ids)
    except Refused as refusal:
        _done(request, refusal, "")
    else:
        _done(request, None, _("Your answer is counted."))
    return redirect(f"{topic.get_absolute_url()}#poll")


@require_POST
@community_view(min_role=perms.MODERATE)
def close(request, access, topic_id: int):
    topic = _get_topic(access, topic_id)
    try:
        if request.POST.get("reopen"):
            actions.reopen_topic(topic=topic, by=request.user)
            success = _("The topic is open again.")
        else:
            actions.close_topic(topic=topic, by=request.user)
            success = _("The topic is closed: it takes no more replies.")
    except Refused as refusal:
        _done(request, refusal, "")
    else:
        _done(request, None, success)
    return redirect(topic.get_absolute_url())
