"""Pages of newsletters and digests: the member's mail settings, the one-click unsubscribe, the
archive of a community's newsletters, and the animators' pages to compose, preview, test and
send them."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cercle.accounts.models import User
from cercle.communities.decorators import community_view
from cercle.communities.models import Community
from cercle.events.selectors import member_zone
from cercle.lib.errors import Refused

from . import permissions as perms
from . import selectors, tokens
from .actions import newsletters as actions
from .actions import preferences as preference_actions
from .forms import MailPreferencesForm, NewsletterForm, SendForm
from .models import MailKind, NewsletterStatus
from .rendering import NewsletterRenderer, newsletter_context

# --- The member's settings, and unsubscribing -----------------------------------------------


@login_required
def preferences(request):
    form = MailPreferencesForm(request.POST or None, rows=selectors.preference_rows(request.user))
    if request.method == "POST" and form.is_valid():
        preference_actions.set_preferences(user=request.user, choices=form.choices())
        messages.success(request, _("Your email choices are saved."))
        return redirect("newsletters:preferences")
    return render(request, "newsletters/preferences.html", {"form": form})


def _what(what: tokens.Unsubscribe, user: User, community: Community) -> str:
    if what.kind == MailKind.NEWSLETTER:
        return _("the newsletters of %(community)s") % {"community": community.name}
    return _("the digest of %(community)s") % {"community": community.name}


# RFC 8058: mail clients POST here without cookie nor CSRF token; the signed token is the
# proof. Nothing else is exempt from CSRF, and this view can only stop mail.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    what = tokens.read_token(token)
    user = User.objects.filter(pk=what.user_id).first() if what else None
    community = Community.objects.filter(pk=what.community_id).first() if what else None
    if what is None or user is None or community is None:
        raise Http404(_("This unsubscribe link is not valid."))
    context = {"what": _what(what, user, community), "community": community, "kind": what.kind}
    if request.method == "POST":
        preference_actions.unsubscribe(what=what)
        return render(request, "newsletters/unsubscribed.html", context)
    return render(request, "newsletters/unsubscribe.html", {**context, "token": token})


# --- The archive, for members ---------------------------------------------------------------


@community_view(content=True)
def archive(request, access):
    community = access.community
    page = Paginator(selectors.archive(community), selectors.PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "newsletters/archive.html",
        {
            "access": access,
            "community": community,
            "page": page,
            "can_compose": perms.can_compose(access.membership),
        },
    )


@community_view(content=True)
def read(request, access, newsletter_id: int):
    newsletter = perms.check_can_read(
        access, selectors.newsletter_for_page(access.community, newsletter_id)
    )
    return render(
        request,
        "newsletters/read.html",
        {"access": access, **newsletter_context(newsletter)},
    )


# --- The animators' pages -------------------------------------------------------------------


def _newsletter(access, newsletter_id: int):
    newsletter = selectors.newsletter_for_page(access.community, newsletter_id)
    if newsletter is None:
        raise Http404(_("There is no such newsletter in this community."))
    return newsletter


@community_view(min_role=perms.COMPOSE)
def manage_list(request, access):
    community = access.community
    page = Paginator(selectors.for_animators(community), selectors.PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "newsletters/manage_list.html",
        {"access": access, "community": community, "page": page},
    )


@community_view(min_role=perms.COMPOSE)
def compose(request, access):
    community = access.community
    form = NewsletterForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = actions.compose(
                community=community, by=request.user, content=form.content()
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The draft is saved. Preview it, test it, then send it."))
            return redirect("newsletters:detail", community.slug, newsletter.pk)
    return render(
        request,
        "newsletters/compose.html",
        {"access": access, "community": community, "form": form, "newsletter": None},
    )


@community_view(min_role=perms.COMPOSE)
def edit(request, access, newsletter_id: int):
    community = access.community
    newsletter = _newsletter(access, newsletter_id)
    if not newsletter.is_editable:
        messages.info(request, _("This newsletter has been sent: it can no longer be changed."))
        return redirect("newsletters:detail", community.slug, newsletter.pk)
    form = NewsletterForm(request.POST or None, community=community, newsletter=newsletter)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit(newsletter=newsletter, by=request.user, content=form.content())
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The newsletter is saved."))
            return redirect("newsletters:detail", community.slug, newsletter.pk)
    return render(
        request,
        "newsletters/compose.html",
        {"access": access, "community": community, "form": form, "newsletter": newsletter},
    )


def _detail_context(request, access, newsletter, send_form=None) -> dict:
    zone = member_zone(request.user)
    return {
        "access": access,
        "community": access.community,
        "newsletter": newsletter,
        "recipients": selectors.recipients(newsletter).count() if newsletter.is_editable else None,
        "send_form": send_form
        or SendForm(zone=zone, initial={"scheduled_at": SendForm.suggestion()}),
        "zone": zone,
        "statuses": NewsletterStatus,
    }


@community_view(min_role=perms.COMPOSE)
def detail(request, access, newsletter_id: int):
    """The newsletter's page for its animators: status and progress (refreshed by htmx while
    it is being sent), preview, test, send or schedule."""
    newsletter = _newsletter(access, newsletter_id)
    if request.htmx:
        return render(
            request,
            "newsletters/_progress.html",
            {"newsletter": newsletter, "access": access, "community": access.community},
        )
    return render(request, "newsletters/detail.html", _detail_context(request, access, newsletter))


# The email as it will look, shown in a frame of the newsletter's page: its styles are inline
# (as mail clients need them), so this one response allows inline styles and no script at all,
# and may be framed by Cercle's own pages only.
@csp_replace(
    {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "script-src": ["'none'"],
        "frame-ancestors": ["'self'"],
    }
)
@xframe_options_sameorigin
@community_view(min_role=perms.COMPOSE)
def preview_email(request, access, newsletter_id: int):
    newsletter = _newsletter(access, newsletter_id)
    user = request.user
    item = NewsletterRenderer(newsletter).message(
        user_id=user.pk, email=user.email, name=user.name, language=user.language
    )
    return HttpResponse(item.html, content_type="text/html; charset=utf-8")


def _back(access, newsletter):
    return redirect("newsletters:detail", access.community.slug, newsletter.pk)


@require_POST
@community_view(min_role=perms.COMPOSE)
def test_send(request, access, newsletter_id: int):
    newsletter = _newsletter(access, newsletter_id)
    try:
        actions.send_test(newsletter=newsletter, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("A test is on its way to %(email)s.") % {"email": request.user.email}
        )
    return _back(access, newsletter)


@require_POST
@community_view(min_role=perms.COMPOSE)
def send(request, access, newsletter_id: int):
    newsletter = _newsletter(access, newsletter_id)
    form = SendForm(request.POST, zone=member_zone(request.user))
    if not form.is_valid():
        return render(
            request,
            "newsletters/detail.html",
            _detail_context(request, access, newsletter, send_form=form),
            status=400,
        )
    try:
        moment = form.cleaned_data["moment"]
        if moment is None:
            newsletter = actions.send_now(newsletter=newsletter, by=request.user)
            messages.success(
                request,
                _("The newsletter is being sent to %(count)d members.")
                % {"count": newsletter.recipient_count},
            )
        else:
            actions.schedule(newsletter=newsletter, by=request.user, when=moment)
            messages.success(request, _("The newsletter will be sent at the chosen time."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    return _back(access, newsletter)


@require_POST
@community_view(min_role=perms.COMPOSE)
def unschedule(request, access, newsletter_id: int):
    newsletter = _newsletter(access, newsletter_id)
    try:
        actions.unschedule(newsletter=newsletter, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("It will not be sent: it is a draft again."))
    return _back(access, newsletter)
