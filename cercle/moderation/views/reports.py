"""Members report a message, a topic or a member."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.communities.decorators import community_view
from cercle.communities.models import Membership, MembershipState
from cercle.discussions import permissions as discussion_perms
from cercle.discussions.models import Post, Topic
from cercle.discussions.views.posts import post_url
from cercle.lib.errors import Refused
from cercle.moderation.actions import reports as actions
from cercle.moderation.forms import ReportForm


def _report_page(request, access, *, what: str, target, back: str, **kwargs):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report(
                community=access.community,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                **kwargs,
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The moderators will look at it; your name stays between you "
                    "and them."
                ),
            )
            return redirect(back)
    return render(
        request,
        "moderation/report_form.html",
        {
            "access": access,
            "community": access.community,
            "form": form,
            "what": what,
            "target": target,
            "back": back,
        },
    )


@community_view(members_only=True)
def report_post(request, access, post_id: int):
    post = get_object_or_404(
        Post.objects.select_related("topic", "author"),
        pk=post_id,
        community=access.community,
        deleted_at__isnull=True,
    )
    discussion_perms.check_can_read(access, post.topic)
    return _report_page(
        request,
        access,
        what="post",
        target=post,
        back=post_url(access.community.slug, post),
        post=post,
    )


@community_view(members_only=True)
def report_topic(request, access, topic_id: int):
    topic = get_object_or_404(
        Topic.objects.select_related("author"), pk=topic_id, community=access.community
    )
    discussion_perms.check_can_read(access, topic)
    if topic.deleted_at is not None:
        raise Http404(_("This topic was deleted."))
    return _report_page(
        request, access, what="topic", target=topic, back=topic.get_absolute_url(), topic=topic
    )


@community_view(members_only=True)
def report_member(request, access, user_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        community=access.community,
        user_id=user_id,
        state=MembershipState.ACTIVE,
    )
    member: User = membership.user
    return _report_page(
        request,
        access,
        what="member",
        target=member,
        back=reverse("members:profile", args=[access.community.slug, member.pk]),
        member=member,
    )
