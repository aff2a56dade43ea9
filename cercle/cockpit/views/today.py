"""Today's to-do list, the animator's home, and its one-click actions.

The actions are small POST forms; with htmx, the item is replaced in place by a line saying
what was done, without it the page comes back without the item. Each checks that the
animator may act on these members and this topic before calling cercle.cockpit.reach_out.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cercle.accounts.models import User
from cercle.communities.decorators import community_view
from cercle.discussions.models import Topic
from cercle.lib.errors import Refused

from .. import reach_out, todo
from ..permissions import (
    check_can_see_cockpit,
    check_members_in_scope,
    check_topic_in_scope,
    choose_group,
)


class ReachOutForm(forms.Form):
    member = forms.IntegerField(required=False)
    other = forms.IntegerField(required=False)
    topic = forms.IntegerField(required=False)
    item = forms.ChoiceField(choices=[(k, k) for k in todo.ITEM_KINDS], required=False)
    message = forms.CharField(
        label=_lazy("Your message"),
        required=False,
        max_length=reach_out.MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _scope_and_group(request, access, data):
    scope = check_can_see_cockpit(access)
    slug = data.get("group", "")
    group = choose_group(access, scope, slug) if slug else None
    return scope, group


def _back(access, group) -> str:
    url = reverse("cockpit:today", args=[access.community.slug])
    return f"{url}?{urlencode({'group': group.slug})}" if group is not None else url


@require_GET
@community_view(members_only=True)
def today(request, access):
    scope, group = _scope_and_group(request, access, request.GET)
    sections = todo.build(access, scope, group=group)
    return render(
        request,
        "cockpit/today.html",
        {
            "access": access,
            "community": access.community,
            "scope": scope,
            "group": group,
            "sections": sections,
            "page": "today",
            "cockpit_query": f"?{urlencode({'group': group.slug})}" if group else "",
            "question_days": todo.QUESTION_DAYS,
            "silent_days": todo.SILENT_DAYS,
        },
    )


def _people(access, scope, ids: list[int]) -> list[User]:
    """The members of these ids in this community, in the reader's groups; 404 if one is not
    in the community."""
    wanted = [i for i in ids if i is not None]
    people = {
        user.pk: user
        for user in User.objects.filter(
            pk__in=wanted, memberships__community=access.community
        ).distinct()
    }
    if len(people) != len(set(wanted)):
        raise Http404(_("This person is not a member of the community."))
    check_members_in_scope(access, scope, wanted)
    return [people[i] for i in wanted]


def _topic(access, scope, topic_id: int | None) -> Topic:
    topic = Topic.objects.filter(
        pk=topic_id, community=access.community, deleted_at__isnull=True
    ).first()
    if topic_id is None or topic is None:
        raise Http404(_("This topic is no longer there."))
    check_topic_in_scope(scope, topic)
    return topic


def _answer(request, access, group, done: str, error: str = ""):
    """After an action: with htmx, the line that replaces the item; else back to the list."""
    if request.htmx:
        return render(request, "cockpit/_done.html", {"done": done, "error": error}, status=200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(_back(access, group))


def _form(request) -> ReachOutForm:
    form = ReachOutForm(request.POST)
    if not form.is_valid():
        raise Refused(" ".join(str(e) for errors in form.errors.values() for e in errors))
    return form


def _required(form: ReachOutForm, name: str) -> int:
    value = form.cleaned_data[name]
    if value is None:
        raise Refused(_("Choose a member."))
    return value


@require_POST
@community_view(members_only=True)
def thank(request, access):
    scope, group = _scope_and_group(request, access, request.POST)
    try:
        form = _form(request)
        (member,) = _people(access, scope, [_required(form, "member")])
        reach_out.thank(
            community=access.community,
            by=request.user,
            member=member,
            message=form.cleaned_data["message"],
            group=group,
        )
    except Refused as refusal:
        return _answer(request, access, group, "", refusal.message)
    return _answer(request, access, group, _("Thanks sent to %(name)s.") % {"name": member.name})


@require_POST
@community_view(members_only=True)
def introduce(request, access):
    scope, group = _scope_and_group(request, access, request.POST)
    try:
        form = _form(request)
        ids = [form.cleaned_data["member"], form.cleaned_data["other"]]
        if None in ids:
            raise Refused(_("Choose the two members to introduce."))
        member, other = _people(access, scope, ids)
        reach_out.introduce(
            community=access.community,
            by=request.user,
            member=member,
            other=other,
            message=form.cleaned_data["message"],
            group=group,
        )
    except Refused as refusal:
        return _answer(request, access, group, "", refusal.message)
    return _answer(
        request,
        access,
        group,
        _("%(first)s and %(second)s are introduced to each other.")
        % {"first": member.name, "second": other.name},
    )


@require_POST
@community_view(members_only=True)
def ask(request, access):
    scope, group = _scope_and_group(request, access, request.POST)
    try:
        form = _form(request)
        topic = _topic(access, scope, form.cleaned_data["topic"])
        (member,) = _people(access, scope, [_required(form, "member")])
        reach_out.ask_for_help(
            community=access.community,
            by=request.user,
            member=member,
            topic=topic,
            message=form.cleaned_data["message"],
            group=group,
        )
    except Refused as refusal:
        return _answer(request, access, group, "", refusal.message)
    return _answer(
        request,
        access,
        group,
        _("%(name)s is asked to help with “%(title)s”.")
        % {"name": member.name, "title": topic.title},
    )


@require_POST
@community_view(members_only=True)
def set_aside(request, access):
    scope, group = _scope_and_group(request, access, request.POST)
    try:
        form = _form(request)
        item = form.cleaned_data["item"]
        if not item:
            raise Refused(_("There is nothing to set aside."))
        topic = (
            _topic(access, scope, form.cleaned_data["topic"])
            if form.cleaned_data["topic"] is not None
            else None
        )
        ids = [form.cleaned_data["member"], form.cleaned_data["other"]]
        people = _people(access, scope, [i for i in ids if i is not None])
        reach_out.set_aside(
            community=access.community,
            by=request.user,
            item=item,
            member=people[0] if people else None,
            other=people[1] if len(people) > 1 else None,
            topic=topic,
            group=group,
        )
    except Refused as refusal:
        return _answer(request, access, group, "", refusal.message)
    return _answer(request, access, group, _("Set aside for now."))


def default_message(access, member: User) -> str:
    """The editable template of a personal message to a member who went quiet."""
    return _(
        "Hello %(name)s,\n\n"
        "We have not read you in %(community)s for a while, and your messages are missed. "
        "Is everything all right? If something kept you away, or if the community could do "
        "better for you, I would be glad to hear about it.\n\n"
        "See you soon, I hope,\n"
        "%(animator)s"
    ) % {
        "name": member.get_short_name(),
        "community": access.community.name,
        "animator": access.user.name,
    }


@require_http_methods(["GET", "POST"])
@community_view(members_only=True)
def write(request, access):
    """A personal message to a member (a regular who went quiet), from an editable template."""
    data = request.POST if request.method == "POST" else request.GET
    scope, group = _scope_and_group(request, access, data)
    try:
        member_id = int(data.get("member", ""))
    except ValueError:
        raise Http404(_("Choose the member to write to.")) from None
    (member,) = _people(access, scope, [member_id])
    if member.pk == request.user.pk:
        raise PermissionDenied(_("This is for other members, not for yourself."))
    form = ReachOutForm(
        request.POST or None,
        initial={"member": member.pk, "message": default_message(access, member)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            reach_out.write_to(
                community=access.community,
                by=request.user,
                member=member,
                message=form.cleaned_data["message"],
                group=group,
            )
        except Refused as refusal:
            form.add_error("message", refusal.message)
        else:
            messages.success(
                request, _("Your message to %(name)s is sent.") % {"name": member.name}
            )
            return redirect(_back(access, group))
    return render(
        request,
        "cockpit/write.html",
        {
            "access": access,
            "community": access.community,
            "member": member,
            "group": group,
            "form": form,
            "page": "today",
            "cockpit_query": f"?{urlencode({'group': group.slug})}" if group else "",
        },
    )
