"""The emails of events: a place freed up, an event changed or cancelled, and the reminders
(cercle.events.reminders). Each is written in the member's language, with the times in their
time zone and in the event's, and has a text and an HTML part (templates/events/email/<name>.txt
and .html, put together by cercle.lib.mail.send_mail_template)."""

from django.conf import settings
from django.urls import reverse

from cercle.accounts.models import User
from cercle.events.models import Event, MemberTimeZone, Registration, Response
from cercle.lib.mail import send_to_user

TEMPLATES = {
    "promoted": "events/email/promoted",
    "changed": "events/email/changed",
    "cancelled": "events/email/cancelled",
    "reminder": "events/email/reminder",
}


def zones_of(user_ids) -> dict[int, str]:
    """Each member's time zone; the site's for those who have not chosen."""
    chosen = dict(
        MemberTimeZone.objects.filter(user_id__in=list(user_ids)).values_list(
            "user_id", "time_zone"
        )
    )
    return {pk: chosen.get(pk, settings.TIME_ZONE) for pk in user_ids}


def context(event: Event, user: User, zone: str, registration: Registration | None) -> dict:
    going = registration is not None and registration.response == Response.GOING
    return {
        "event": event,
        "community": event.community,
        "zone": zone,
        "registration": registration,
        "video_url": event.video_url if going else "",
        "event_url": settings.SITE_URL
        + reverse("events:detail", args=[event.community.slug, event.pk]),
        "mine_url": settings.SITE_URL + reverse("events:mine"),
    }


def send_event_emails(kind: str, event_id: int, user_ids: list[int]) -> int:
    """One email of `kind` about the event to each of these members (as they stand now: one
    who has since left the event is not told it changed). Returns how many were handed over
    to the mail server."""
    event = Event.objects.select_related("community", "group").filter(pk=event_id).first()
    if event is None or kind not in TEMPLATES:
        return 0
    registrations = {
        r.user_id: r
        for r in Registration.objects.filter(event=event, user_id__in=user_ids).select_related(
            "user"
        )
    }
    zones = zones_of(list(registrations))
    sent = 0
    for user_id, registration in registrations.items():
        if kind == "promoted" and registration.response != Response.GOING:
            continue
        if kind != "promoted" and registration.response == Response.NOT_GOING:
            continue
        user = registration.user
        if not user.is_active:
            continue
        sent += send_to_user(
            user, TEMPLATES[kind], context(event, user, zones[user_id], registration)
        )
    return sent
