"""The moderators' decision pages: one for a message, one for a topic, one for a member. Each
shows the forms of the decisions that apply; a refused decision keeps what was typed.

Every object is fetched inside the community of the URL (a guessed id from elsewhere is a
404), and so is the report a decision answers."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cercle.communities.decorators import community_view
from cercle.communities.models import Membership
from cercle.discussions.models import Post, Topic
from cercle.discussions.views.posts import post_url
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation import selectors
from cercle.moderation.actions import content, people, topics
from cercle.moderation.actions.exclude import exclude
from cercle.moderation.actions.suspend import suspend
from cercle.moderation.forms import (
    DecisionForm,
    EditPostForm,
    MergeForm,
    MoveForm,
    TimedDecisionForm,
)
from cercle.moderation.models import ActionKind, Report


def _report(request, access, verb: str | None = None) -> Report | None:
    """The report this decision answers (?report=, or the form's hidden field), in this
    community only."""
    raw = request.POST.get(f"{verb}-report") if verb else request.GET.get("report")
    if not raw or not str(raw).isdigit():
        return None
    return get_object_or_404(Report, pk=int(raw), community=access.community)


def _forms(specs: dict, request, initial: dict) -> tuple[dict, str | None]:
    """Unbound forms for every verb, the posted one bound; and the verb posted."""
    verb = request.POST.get("verb") if request.method == "POST" else None
    if verb is not None and verb not in specs:
        raise Http404(_("Unknown decision."))
    forms = {}
    for name, (form_class, kwargs) in specs.items():
        data = request.POST if name == verb else None
        forms[name] = form_class(data, prefix=name, initial=initial.get(name, {}), **kwargs)
    return forms, verb


def _run(request, form, run) -> bool:
    try:
        run(form.cleaned_data)
    except Refused as refusal:
        form.add_error(None, refusal.message)
        return False
    return True


def _done(request, access, report: Report | None, fallback: str):
    messages.success(request, _("The decision is recorded and the person concerned is told."))
    if report is not None:
        return redirect("moderation:queue", access.community.slug)
    return redirect(fallback)


def _common(data: dict, report: Report | None) -> dict:
    return {"reason": data["reason"], "message": data["message"], "report": report}


@community_view(min_role=perms.MODERATE)
def post_decide(request, access, post_id: int):
    community = access.community
    post = get_object_or_404(
        Post.objects.select_related("topic", "author"), pk=post_id, community=community
    )
    report = _report(request, access)
    report_initial = {"report": report.pk} if report else {}
    forms, verb = _forms(
        {"hide": (DecisionForm, {}), "edit": (EditPostForm, {})},
        request,
        {"hide": report_initial, "edit": {**report_initial, "body": post.body}},
    )
    if verb is not None and forms[verb].is_valid():
        report = _report(request, access, verb)
        form = forms[verb]
        runs = {
            "hide": lambda d: content.hide_post(post=post, by=request.user, **_common(d, report)),
            "edit": lambda d: content.edit_post(
                post=post, by=request.user, body=d["body"], **_common(d, report)
            ),
        }
        if _run(request, form, runs[verb]):
            return _done(request, access, report, post_url(community.slug, post))
    return render(
        request,
        "moderation/decide_post.html",
        {
            "access": access,
            "community": community,
            "post": post,
            "report": report,
            "forms": forms,
            "history": selectors.history_of(community, post.author),
        },
    )


@community_view(min_role=perms.MODERATE)
def topic_decide(request, access, topic_id: int):
    community = access.community
    topic = get_object_or_404(
        Topic.objects.select_related("author", "category"), pk=topic_id, community=community
    )
    topic.community = community
    report = _report(request, access)
    report_initial = {"report": report.pk} if report else {}
    forms, verb = _forms(
        {
            "close": (DecisionForm, {}),
            "reopen": (DecisionForm, {}),
            "move": (MoveForm, {"community": community}),
            "merge": (MergeForm, {}),
        },
        request,
        {
            "close": report_initial,
            "move": {**report_initial, "category": topic.category_id},
            "merge": report_initial,
        },
    )
    if verb is not None and forms[verb].is_valid():
        report = _report(request, access, verb)

        def merge(d):
            into = Topic.objects.filter(pk=d["into"], community=community).first()
            if into is None:
                raise Refused(_("There is no topic with this number in this community."))
            topics.merge_topics(topic=topic, into=into, by=request.user, **_common(d, report))

        runs = {
            "close": lambda d: topics.close_topic(
                topic=topic, by=request.user, **_common(d, report)
            ),
            "reopen": lambda d: topics.reopen_topic(
                topic=topic, by=request.user, reason=d["reason"], message=d["message"]
            ),
            "move": lambda d: topics.move_topic(
                topic=topic, category=d["category"], by=request.user, **_common(d, report)
            ),
            "merge": merge,
        }
        if _run(request, forms[verb], runs[verb]):
            fallback = topic.get_absolute_url()
            if verb == "merge":
                into_id = forms[verb].cleaned_data["into"]
                fallback = reverse("discussions:topic", args=[community.slug, into_id])
            return _done(request, access, report, fallback)
    return render(
        request,
        "moderation/decide_topic.html",
        {
            "access": access,
            "community": community,
            "topic": topic,
            "report": report,
            "forms": forms,
            "history": selectors.history_of(community, topic.author),
        },
    )


PERSON_VERBS = {
    "warn": (ActionKind.WARN, DecisionForm),
    "silence": (ActionKind.SILENCE, TimedDecisionForm),
    "suspend": (ActionKind.SUSPEND, TimedDecisionForm),
    "exclude": (ActionKind.EXCLUDE, DecisionForm),
}


@community_view(min_role=perms.MODERATE)
def member_decide(request, access, user_id: int):
    community = access.community
    membership = get_object_or_404(
        Membership.objects.select_related("user", "standing"), community=community, user_id=user_id
    )
    member = membership.user
    report = _report(request, access)
    report_initial = {"report": report.pk} if report else {}
    allowed = {
        verb: spec
        for verb, spec in PERSON_VERBS.items()
        if access.has_role(perms.PERSON_ACTION_ROLES[spec[0]])
    }
    forms, verb = _forms(
        {verb: (form_class, {}) for verb, (_kind, form_class) in allowed.items()},
        request,
        dict.fromkeys(allowed, report_initial),
    )
    if verb is not None and forms[verb].is_valid():
        report = _report(request, access, verb)
        base = {"community": community, "member": member, "by": request.user}
        runs = {
            "warn": lambda d: people.warn(**base, **_common(d, report)),
            "silence": lambda d: people.silence(**base, days=d["days"], **_common(d, report)),
            "suspend": lambda d: suspend(**base, days=d["days"], **_common(d, report)),
            "exclude": lambda d: exclude(**base, **_common(d, report)),
        }
        if _run(request, forms[verb], runs[verb]):
            back = reverse("moderation:member", args=[community.slug, member.pk])
            return _done(request, access, report, back)
    try:
        standing = membership.standing
    except Membership.standing.RelatedObjectDoesNotExist:
        standing = None
    return render(
        request,
        "moderation/decide_member.html",
        {
            "access": access,
            "community": community,
            "member": member,
            "membership": membership,
            "standing": standing,
            "report": report,
            "forms": forms,
            "history": selectors.history_of(community, member),
            "reported_by_them": selectors.reporter_history(community, member),
        },
    )
