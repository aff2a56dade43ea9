"""Event pages: a community's events, an event and its answers, the organisers' forms, the
member's own events and their calendar addresses, and the calendar files themselves."""

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cercle.communities.decorators import community_view
from cercle.communities.models import (
    Community,
    Group,
    GroupMembership,
    GroupRole,
    Membership,
    MembershipState,
)
from cercle.events import actions, ics, recurrence, selectors, times
from cercle.events import permissions as perms
from cercle.events.forms import INPUT_FORMAT, EventForm, NewEventForm, SeriesForm, TimeZoneForm
from cercle.events.models import Event, EventSeries, Registration, Response
from cercle.lib.errors import Refused

ICS_TYPE = "text/calendar; charset=utf-8"


def _why_not(check, *args, **kwargs) -> str:
    try:
        check(*args, **kwargs)
    except Refused as refusal:
        return refusal.message
    return ""


def _organised_groups(access):
    """The groups the reader may organise events for: all, for the community's animators;
    their own, for a group's animators."""
    groups = Group.objects.filter(community=access.community).order_by("kind", "name")
    if access.has_role(perms.ORGANISE):
        return groups
    if not access.is_member:
        return groups.none()
    return groups.filter(
        memberships__user=access.membership.user, memberships__role=GroupRole.ANIMATOR
    )


def _can_create(access) -> bool:
    if access.has_role(perms.ORGANISE):
        return True
    return (
        access.is_member
        and GroupMembership.objects.filter(
            group__community=access.community,
            user=access.membership.user,
            role=GroupRole.ANIMATOR,
        ).exists()
    )


def _event(access, event_id: int) -> Event:
    event = (
        Event.objects.filter(community=access.community, pk=event_id)
        .select_related("community", "group", "series")
        .first()
    )
    return perms.check_can_read(access, event)


def _check_manage(access, event_or_series) -> None:
    try:
        perms.check_can_organise(access.membership, event_or_series.group)
    except Refused as refusal:
        raise PermissionDenied(refusal.message) from None


def _feed_urls(feed) -> dict:
    """The calendar address, and the same as webcal:// (calendar applications open those)."""
    if feed is None:
        return {}
    url = settings.SITE_URL + feed.get_absolute_url()
    return {"feed": feed, "feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


# --- Lists ----------------------------------------------------------------------------------


@community_view(content=True)
def event_list(request, access):
    community = access.community
    past = request.GET.get("when") == "past"
    events = selectors.community_events(community, user=request.user, at=timezone.now(), past=past)
    page = Paginator(events, selectors.EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    feeds = selectors.live_feeds(request.user) if access.is_member else {}
    return render(
        request,
        "events/list.html",
        {
            "access": access,
            "community": community,
            "page": page,
            "past": past,
            "query": "when=past" if past else "",
            "zone": selectors.member_zone(request.user),
            "can_create": _can_create(access),
        }
        | _feed_urls(feeds.get(community.pk)),
    )


# --- One event ------------------------------------------------------------------------------


def _detail_context(request, access, event: Event) -> dict:
    """What the event page, and its answer box, show to this reader."""
    user = request.user
    registrations = selectors.registrations_of(event) if access.is_member else []
    mine = next((r for r in registrations if r.user_id == user.pk), None)
    if access.is_member and mine is None:
        mine = selectors.my_registration(event, user)  # "not going" is not listed
    waiting = [r for r in registrations if r.response == Response.WAITING]
    can_manage = perms.can_organise(access.membership, event.group)
    now = timezone.now()
    going = mine is not None and mine.response == Response.GOING
    return {
        "access": access,
        "community": access.community,
        "event": event,
        "zone": selectors.member_zone(user),
        "mine": mine,
        "position": waiting.index(mine) + 1 if mine in waiting else None,
        "going": [r for r in registrations if r.response == Response.GOING],
        "waiting": waiting,
        "maybe": [r for r in registrations if r.response == Response.MAYBE],
        "can_manage": can_manage,
        "show_video": bool(event.video_url) and (going or can_manage),
        "cannot_answer": _why_not(perms.check_can_respond, access.membership, event, at=now)
        if user.is_authenticated
        else "",
        "is_over": event.is_over(now),
        "has_started": event.has_started(now),
        "places_left": (
            max(0, event.capacity - event.going_count) if event.capacity is not None else None
        ),
        "responses": [
            (Response.GOING, _("I'm going")),
            (Response.MAYBE, _("Maybe")),
            (Response.NOT_GOING, _("I'm not going")),
        ],
    }


@community_view(content=True)
def event_detail(request, access, event_id: int):
    event = perms.check_can_read(
        access, selectors.event_for_page(access.community, event_id, user=request.user)
    )
    return render(request, "events/detail.html", _detail_context(request, access, event))


def _answer_message(registration: Registration, previous: str | None) -> str:
    if registration.response == Response.GOING:
        if previous == Response.GOING:
            return _("You are registered.")
        return _("You are registered. See you there!")
    if registration.response == Response.WAITING:
        return _(
            "This event is full: you are on the waiting list. We will email you if a place "
            "frees up, and you will then be registered."
        )
    if registration.response == Response.MAYBE:
        return _("Noted: you might come.")
    if previous == Response.GOING:
        return _("Noted: you will not come. Your place goes to someone else.")
    return _("Noted: you will not come.")


@require_POST
@community_view(content=True)
def respond(request, access, event_id: int):
    """Going, maybe, not going: a form that works without JavaScript (the page reloads with a
    message) and with htmx (the page's body is replaced: answer, places, who comes)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("events:detail", args=[access.community.slug, event_id]))
    event = _event(access, event_id)
    previous = (
        Registration.objects.filter(event=event, user=request.user)
        .values_list("response", flat=True)
        .first()
    )
    level, text = messages.SUCCESS, ""
    try:
        registration = actions.respond(
            event=event, user=request.user, response=request.POST.get("response", "")
        )
    except Refused as refusal:
        level, text = messages.ERROR, refusal.message
    else:
        text = _answer_message(registration, previous)
    if request.htmx:
        event = selectors.event_for_page(access.community, event_id, user=request.user)
        context = _detail_context(request, access, event)
        context.update(
            {
                "answer_message": text,
                "answer_level": "success" if level == messages.SUCCESS else "error",
            }
        )
        return render(request, "events/_event_body.html", context)
    messages.add_message(request, level, text)
    return redirect("events:detail", access.community.slug, event_id)


@require_GET
@community_view(content=True)
def event_ics(request, access, event_id: int):
    event = _event(access, event_id)
    mine = selectors.my_registration(event, request.user)
    with_video = (mine is not None and mine.response == Response.GOING) or perms.can_organise(
        access.membership, event.group
    )
    response = HttpResponse(
        ics.calendar([event], name=event.title, with_video={event.pk} if with_video else set()),
        content_type=ICS_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Organising -----------------------------------------------------------------------------


def _local(moment: datetime, zone: str) -> str:
    return times.to_local(moment, times.zone(zone)).strftime(INPUT_FORMAT)


def _zones_context() -> dict:
    return {"zones": times.sorted_zones()}


@community_view(members_only=True)
def event_new(request, access):
    community = access.community
    if not _can_create(access):
        raise PermissionDenied(
            _(
                "Events are organised by the community's animators, and by a group's "
                "animators for their group."
            )
        )
    groups = _organised_groups(access)
    initial = {"time_zone": selectors.member_zone(request.user)}
    if request.GET.get("group", "").isdigit():
        initial["group"] = int(request.GET["group"])
    form = NewEventForm(request.POST or None, initial=initial, groups=groups)
    if not access.has_role(perms.ORGANISE):
        form.fields["group"].required = True
        form.fields["group"].empty_label = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule = ""
            if data["repeat"]:
                rule = recurrence.preset_rule(
                    data["repeat"],
                    data["start"],
                    custom=data["repeat_rule"],
                    until=data["repeat_until"],
                )
            event = actions.create_event(
                community=community,
                by=request.user,
                group=data["group"],
                repeat_rule=rule,
                **form.details(),
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            if event.series_id:
                messages.success(
                    request, _("The recurring event is published, with its first dates.")
                )
            else:
                messages.success(request, _("The event is published."))
            return redirect("events:detail", community.slug, event.pk)
    return render(
        request,
        "events/form.html",
        {"access": access, "community": community, "form": form, "creating": True}
        | _zones_context(),
    )


@community_view(members_only=True)
def event_edit(request, access, event_id: int):
    event = _event(access, event_id)
    _check_manage(access, event)
    initial = {
        "title": event.title,
        "start": _local(event.starts_at, event.time_zone),
        "end": _local(event.ends_at, event.time_zone),
        "time_zone": event.time_zone,
        "address": event.address,
        "video_url": event.video_url,
        "capacity": event.capacity,
        "description": event.description,
    }
    form = EventForm(request.POST or None, initial=initial)
    refusal_message = _why_not(perms.check_can_change, event, at=timezone.now())
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_event(event=event, by=request.user, **form.details())
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The event is updated."))
            return redirect("events:detail", access.community.slug, event.pk)
    return render(
        request,
        "events/form.html",
        {
            "access": access,
            "community": access.community,
            "form": form,
            "event": event,
            "refusal": refusal_message,
        }
        | _zones_context(),
    )


@community_view(members_only=True)
def event_cancel(request, access, event_id: int):
    event = _event(access, event_id)
    _check_manage(access, event)
    if request.method == "POST":
        try:
            actions.cancel_event(event=event, by=request.user)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request, _("The event is cancelled. Those who had answered are told by email.")
            )
        return redirect("events:detail", access.community.slug, event.pk)
    return render(
        request,
        "events/cancel.html",
        {
            "access": access,
            "community": access.community,
            "event": event,
            "refusal": _why_not(perms.check_can_change, event, at=timezone.now()),
        },
    )


@community_view(members_only=True)
def attendance(request, access, event_id: int):
    """After the event: tick who came, among those who had answered going or maybe."""
    event = _event(access, event_id)
    _check_manage(access, event)
    if request.method == "POST":
        ids = [pk for pk in request.POST.getlist("attended") if pk.isdigit()]
        try:
            actions.record_attendance(event=event, by=request.user, attended=ids)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Attendance is recorded."))
            return redirect("events:detail", access.community.slug, event.pk)
    registrations = [
        r
        for r in selectors.registrations_of(event)
        if r.response in (Response.GOING, Response.MAYBE)
    ]
    return render(
        request,
        "events/attendance.html",
        {
            "access": access,
            "community": access.community,
            "event": event,
            "registrations": registrations,
            "too_early": not event.has_started(),
        },
    )


def _series(access, series_id: int) -> EventSeries:
    series = get_object_or_404(
        EventSeries.objects.select_related("group"), community=access.community, pk=series_id
    )
    _check_manage(access, series)
    return series


def _series_initial(series: EventSeries) -> dict:
    """The form as the series stands: from its next date, with the rhythm it follows."""
    now = timezone.now()
    upcoming = (
        Event.objects.filter(series=series, starts_at__gt=now, detached=False)
        .order_by("starts_at")
        .first()
    )
    start = upcoming.starts_at if upcoming else series.first_start
    tz = times.zone(series.time_zone)
    local_start = times.to_local(start, tz)
    rule, until = recurrence.without_until(series.rule), recurrence.until_date(series.rule)
    repeat, custom = recurrence.Repeat.CUSTOM, series.rule
    for preset in recurrence.Repeat.values:
        if preset in ("", recurrence.Repeat.CUSTOM):
            continue
        if recurrence.preset_rule(preset, local_start) == rule:
            repeat, custom = preset, ""
            break
    else:
        until = None
    return {
        "title": series.title,
        "start": local_start.strftime(INPUT_FORMAT),
        "end": times.to_local(start + series.duration, tz).strftime(INPUT_FORMAT),
        "time_zone": series.time_zone,
        "address": series.address,
        "video_url": series.video_url,
        "capacity": series.capacity,
        "description": series.description,
        "repeat": repeat,
        "repeat_rule": custom,
        "repeat_until": until,
    }


@community_view(members_only=True)
def series_edit(request, access, series_id: int):
    series = _series(access, series_id)
    form = SeriesForm(request.POST or None, initial=_series_initial(series))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule = recurrence.preset_rule(
                data["repeat"],
                data["start"],
                custom=data["repeat_rule"],
                until=data["repeat_until"],
            )
            actions.update_series(
                series=series, by=request.user, repeat_rule=rule, **form.details()
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The recurring event and its coming dates are updated."))
            return redirect("events:list", access.community.slug)
    return render(
        request,
        "events/form.html",
        {
            "access": access,
            "community": access.community,
            "form": form,
            "series": series,
            "refusal": _("This series is cancelled.") if series.cancelled_at else "",
        }
        | _zones_context(),
    )


@require_POST
@community_view(members_only=True)
def series_cancel(request, access, series_id: int):
    series = _series(access, series_id)
    try:
        actions.cancel_series(series=series, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The recurring event is cancelled: its coming dates are cancelled too."),
        )
    return redirect("events:list", access.community.slug)


# --- The member's events, calendars and time zone -------------------------------------------


def _feed_action(request, community: Community | None) -> None:
    what = request.POST.get("action", "get")
    try:
        if what == "renew":
            actions.renew_calendar_feed(user=request.user, community=community)
            messages.success(
                request, _("Your calendar has a new address: the old one no longer works.")
            )
        elif what == "revoke":
            actions.revoke_calendar_feed(user=request.user, community=community)
            messages.success(request, _("Your calendar address no longer works."))
        else:
            actions.calendar_feed(user=request.user, community=community)
    except Refused as refusal:
        messages.error(request, refusal.message)


@require_POST
@community_view(members_only=True)
def community_calendar(request, access):
    _feed_action(request, access.community)
    return redirect(reverse("events:list", args=[access.community.slug]) + "#calendar")


@login_required
def my_events(request):
    now = timezone.now()
    user = request.user
    feeds = selectors.live_feeds(user)
    zone = selectors.member_zone(user)
    return render(
        request,
        "events/mine.html",
        {
            "upcoming": list(selectors.my_events(user, at=now)[:50]),
            "past": list(selectors.my_events(user, at=now, past=True)[:20]),
            "suggested": list(selectors.upcoming_in_my_communities(user, at=now)),
            "community_feeds": [feed for key, feed in feeds.items() if key is not None],
            "zone": zone,
            "zone_form": TimeZoneForm(initial={"time_zone": zone}),
        }
        | _feed_urls(feeds.get(None))
        | _zones_context(),
    )


@require_POST
@login_required
def my_calendar(request):
    _feed_action(request, None)
    return redirect(reverse("events:mine") + "#calendar")


@require_POST
@login_required
def my_time_zone(request):
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        try:
            actions.set_time_zone(user=request.user, time_zone=form.cleaned_data["time_zone"])
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Event times are now shown in your time zone."))
    return redirect("events:mine")


@require_GET
def feed(request, token: str):
    """A private calendar: whoever has the address reads it, as its member would (no login:
    calendar applications have none). A wrong or revoked token is a 404."""
    calendar_feed = selectors.feed_for_token(token)
    if calendar_feed is None:
        raise Http404(_("There is no calendar at this address."))
    user = calendar_feed.user
    if (
        calendar_feed.community_id
        and not Membership.objects.filter(
            community=calendar_feed.community_id, user=user, state=MembershipState.ACTIVE
        ).exists()
    ):
        raise Http404(_("There is no calendar at this address."))
    events, going = selectors.feed_events(calendar_feed, at=timezone.now())
    with translation.override(user.language or settings.LANGUAGE_CODE):
        name = calendar_feed.community.name if calendar_feed.community_id else _("My Cercle events")
        body = ics.calendar(events, name=name, with_video=going)
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
