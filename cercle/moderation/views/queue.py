"""The review queue: reports waiting (per community, filterable by group), messages awaiting
approval, one report with its context and the people's history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities.decorators import community_view
from cercle.communities.models import Group
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation import selectors
from cercle.moderation.actions import premoderation
from cercle.moderation.actions import reports as report_actions
from cercle.moderation.forms import DecisionForm, DismissForm

REPORTS_PER_PAGE = 30


@community_view(members_only=True)
def queue(request, access):
    scope = perms.check_can_see_queue(access)
    community = access.community
    groups = list(Group.objects.filter(community=community).order_by("name"))
    if not scope.everything:
        groups = [group for group in groups if group.pk in scope.group_ids]
    group = next((g for g in groups if g.slug == request.GET.get("group")), None)
    handled = request.GET.get("handled") == "1"
    reports = selectors.reports(
        community, scope, handled=handled, group_id=group.pk if group else None
    )
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    pending = (
        list(selectors.pending_posts(community, group_id=group.pk if group else None)[:50])
        if scope.everything and not handled
        else []
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/queue.html",
        {
            "access": access,
            "community": community,
            "scope": scope,
            "page": page,
            "query": query.urlencode(),
            "groups": groups,
            "group": group,
            "handled": handled,
            "pending": pending,
            "reject_form": DecisionForm(prefix="reject"),
        },
    )


@community_view(members_only=True)
def report_detail(request, access, report_id: int):
    scope = perms.check_can_see_queue(access)
    report = perms.get_report(access, scope, report_id)
    return render(
        request,
        "moderation/report_detail.html",
        {
            "access": access,
            "community": access.community,
            "report": report,
            "context_posts": selectors.context_of(report),
            "reported_history": selectors.history_of(access.community, report.reported_user),
            "reporter_history": selectors.reporter_history(access.community, report.reporter),
            "can_decide": access.has_role(perms.MODERATE),
            "dismiss_form": DismissForm(),
        },
    )


@require_POST
@community_view(members_only=True)
def dismiss(request, access, report_id: int):
    scope = perms.check_can_see_queue(access)
    report = perms.get_report(access, scope, report_id)
    form = DismissForm(request.POST)
    try:
        report_actions.dismiss(report=report, by=request.user, note=form.data.get("note", ""))
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("moderation:report", access.community.slug, report.pk)
    messages.success(request, _("The report is dismissed."))
    return redirect("moderation:queue", access.community.slug)


@require_POST
@community_view(min_role=perms.MODERATE)
def approve(request, access, pending_id: int):
    pending = perms.get_pending(access, pending_id)
    try:
        post = premoderation.approve(pending=pending, by=request.user)
    except Refused as refusal:
        messages.error(
            request,
            _("This message cannot be published: %(why)s Refuse it instead.")
            % {"why": refusal.message},
        )
    else:
        messages.success(
            request,
            _("The message of %(name)s is published.") % {"name": post.author.name},
        )
    return redirect("moderation:queue", access.community.slug)


@require_POST
@community_view(min_role=perms.MODERATE)
def reject(request, access, pending_id: int):
    pending = perms.get_pending(access, pending_id)
    form = DecisionForm(request.POST, prefix="reject")
    try:
        if not form.is_valid():
            raise Refused(_("Give a reason: it is shown in the community's moderation log."))
        premoderation.reject(
            pending=pending,
            by=request.user,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The message is refused; its author is told why."))
    return redirect("moderation:queue", access.community.slug)
