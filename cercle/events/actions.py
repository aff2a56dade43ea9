"""Every write to events goes through these actions.

Each takes keyword-only arguments, runs in one transaction, checks its permission with
cercle.events.permissions and validates what it is given (raising Refused with a message for
the person before anything is saved), and records its activity event. Answers lock the event's
row, so that two members answering at once cannot both take its last place.

Emails (a place freed up, an event changed or cancelled) go to a background task once the
transaction is committed: a mail server that is down never undoes nor delays an action.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Group, Membership
from cercle.events import permissions as perms
from cercle.events import recurrence, times
from cercle.events.models import (
    CalendarFeed,
    Event,
    EventSeries,
    EventStatus,
    MemberTimeZone,
    Registration,
    Response,
)
from cercle.lib.errors import Refused

MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 20_000
MAX_ADDRESS_CHARS = 300
MAX_URL_CHARS = 500
MAX_CAPACITY = 100_000
MAX_DURATION = timedelta(days=14)
# Who hears of a change or a cancellation: everyone who said they might come.
CONCERNED = [Response.GOING, Response.WAITING, Response.MAYBE]


# --- Validation -----------------------------------------------------------------------------


def _clean_details(
    *,
    title: str,
    description: str,
    address: str,
    video_url: str,
    capacity: int | None,
    time_zone: str,
) -> dict:
    title = " ".join((title or "").split())
    if not title:
        raise Refused(_("Give the event a title."))
    if len(title) > MAX_TITLE_CHARS:
        raise Refused(_("A title has at most %(n)d characters.") % {"n": MAX_TITLE_CHARS})
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise Refused(
            _("A description has at most %(n)d characters.") % {"n": MAX_DESCRIPTION_CHARS}
        )
    address = " ".join((address or "").split())
    if len(address) > MAX_ADDRESS_CHARS:
        raise Refused(_("An address has at most %(n)d characters.") % {"n": MAX_ADDRESS_CHARS})
    video_url = (video_url or "").strip()
    if video_url:
        try:
            URLValidator(schemes=["https", "http"])(video_url)
        except ValidationError:
            raise Refused(
                _("The video link must be a web address starting with https://.")
            ) from None
        if len(video_url) > MAX_URL_CHARS:
            raise Refused(_("The video link is too long."))
    if not address and not video_url:
        raise Refused(_("Say where the event happens: an address, a video link, or both."))
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        raise Refused(
            _("The number of places is between 1 and %(n)d; leave it empty for no limit.")
            % {"n": MAX_CAPACITY}
        )
    times.zone(time_zone)
    return {
        "title": title,
        "description": description,
        "address": address,
        "video_url": video_url,
        "capacity": capacity,
        "time_zone": time_zone.strip(),
    }


def _clean_times(
    start: datetime | None, end: datetime | None, tz: ZoneInfo, *, at: datetime
) -> tuple[datetime, datetime, datetime]:
    """(start, end) as instants, and the start as a local time; Refused with the reason."""
    if start is None:
        raise Refused(_("Give the date and time the event starts."))
    if end is None:
        raise Refused(_("Give the date and time the event ends."))
    local_start, local_end = times.to_local(start, tz), times.to_local(end, tz)
    starts_at, ends_at = times.localise(local_start, tz), times.localise(local_end, tz)
    if ends_at <= starts_at:
        raise Refused(_("The event ends before it starts: check the end's date and time."))
    if ends_at - starts_at > MAX_DURATION:
        raise Refused(_("An event lasts at most 14 days."))
    if ends_at <= at:
        raise Refused(_("This event would already be over: check its dates."))
    return starts_at, ends_at, local_start


def _locked_membership(community: Community | int, user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(community=community, user=user)
        .first()
    )


def _check_group(community: Community, group: Group | None) -> None:
    if group is not None and group.community_id != community.pk:
        raise Refused(_("This group is not part of this community."))


def _record(event: Event, verb: Verb, actor, at: datetime, **extra) -> None:
    record(
        community=event.community,
        group=event.group,
        actor=actor,
        verb=verb,
        object_kind=ObjectKind.EVENT,
        object_id=event.pk,
        context_id=event.series_id,
        at=at,
        **extra,
    )


def _after_commit(kind: str, event: Event, user_ids: Iterable[int]) -> None:
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return

    def enqueue() -> None:
        from cercle.events.tasks import send_event_emails

        send_event_emails.enqueue(kind, event.pk, user_ids)

    transaction.on_commit(enqueue, robust=True)


def _concerned(event: Event, *, exclude=None) -> list[int]:
    ids = Registration.objects.filter(event=event, response__in=CONCERNED).values_list(
        "user_id", flat=True
    )
    return [pk for pk in ids if pk != getattr(exclude, "pk", exclude)]


# --- Creating -------------------------------------------------------------------------------


def create_event(
    *,
    community: Community,
    by,
    title: str,
    start: datetime | None,
    end: datetime | None,
    time_zone: str,
    description: str = "",
    address: str = "",
    video_url: str = "",
    capacity: int | None = None,
    group: Group | None = None,
    repeat_rule: str = "",
    at: datetime | None = None,
) -> Event:
    """A new event; with `repeat_rule` (an RRULE), a series and its first occurrences.
    Returns the (first) event. Times without a zone are wall-clock times in `time_zone`."""
    at = at or timezone.now()
    with transaction.atomic():
        membership = _locked_membership(community, by)
        _check_group(community, group)
        perms.check_can_organise(membership, group)
        details = _clean_details(
            title=title,
            description=description,
            address=address,
            video_url=video_url,
            capacity=capacity,
            time_zone=time_zone,
        )
        tz = times.zone(time_zone)
        starts_at, ends_at, local_start = _clean_times(start, end, tz, at=at)
        if repeat_rule:
            rule = recurrence.check(repeat_rule, local_start, tz)
            first_local = next(iter(recurrence.parse(rule, local_start)))
            first = times.shift_to_existing(first_local, tz)
            series = EventSeries.objects.create(
                community=community,
                group=group,
                rule=rule,
                first_start=first,
                duration=ends_at - starts_at,
                materialised_until=first - timedelta(seconds=1),
                created_by=by,
                created_at=at,
                updated_at=at,
                **details,
            )
            record(
                community=community,
                group=group,
                actor=by,
                verb=Verb.CREATED_EVENT,
                object_kind=ObjectKind.EVENT_SERIES,
                object_id=series.pk,
                at=at,
            )
            occurrences = materialise(series, at=at, by=by)
            if not occurrences:
                raise Refused(
                    _("This repetition rule gives no date in the next six months: check it.")
                )
            return occurrences[0]
        event = Event.objects.create(
            community=community,
            group=group,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=by,
            created_at=at,
            updated_at=at,
            **details,
        )
        _record(event, Verb.CREATED_EVENT, by, at)
        return event


def _occurrence_date(moment: datetime, tz: ZoneInfo):
    return moment.astimezone(tz).date()


def materialise(series: EventSeries, *, at: datetime, by=None) -> list[Event]:
    """Create the series' occurrences up to the horizon (call inside a transaction, with the
    series locked). A date that already has an occurrence — moved, edited or cancelled —
    is never created again."""
    if series.cancelled_at is not None:
        return []
    tz = ZoneInfo(series.time_zone)
    horizon = max(at, series.first_start) + recurrence.HORIZON
    if series.materialised_until >= horizon:
        return []
    local_first = times.to_local(series.first_start, tz)
    starts = recurrence.local_starts(
        series.rule,
        local_first,
        after=times.to_local(series.materialised_until, tz),
        before=times.to_local(horizon, tz),
    )
    taken = {
        _occurrence_date(moment, tz)
        for moment in Event.objects.filter(series=series).values_list("original_start", flat=True)
    }
    rows = []
    for local in starts:
        if local.date() in taken:
            continue
        starts_at = times.shift_to_existing(local, tz)
        rows.append(
            Event(
                community_id=series.community_id,
                group_id=series.group_id,
                series=series,
                original_start=starts_at,
                starts_at=starts_at,
                ends_at=starts_at + series.duration,
                created_by=by or series.created_by,
                created_at=at,
                updated_at=at,
                title=series.title,
                description=series.description,
                address=series.address,
                video_url=series.video_url,
                capacity=series.capacity,
                time_zone=series.time_zone,
            )
        )
    created = Event.objects.bulk_create(rows)
    reached_limit = len(starts) >= recurrence.MAX_OCCURRENCES
    series.materialised_until = (
        times.shift_to_existing(starts[-1], tz) if reached_limit else horizon
    )
    EventSeries.objects.filter(pk=series.pk).update(materialised_until=series.materialised_until)
    return created


def extend_series(*, at: datetime | None = None) -> int:
    """Materialise every live series up to the horizon; the periodic run calls it (a series
    is extended once a day, not at every run). Returns the number of occurrences created."""
    at = at or timezone.now()
    created = 0
    due = EventSeries.objects.filter(
        cancelled_at=None, materialised_until__lt=at + recurrence.HORIZON - timedelta(days=1)
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            series = EventSeries.objects.select_for_update(of=("self",)).get(pk=pk)
            created += len(materialise(series, at=at))
    return created


# --- Changing and cancelling ----------------------------------------------------------------

# What members hear about when it changes: when and where.
_ANNOUNCED = ("starts_at", "ends_at", "address", "video_url", "time_zone")


def update_event(
    *,
    event: Event,
    by,
    title: str,
    start: datetime | None,
    end: datetime | None,
    time_zone: str,
    description: str = "",
    address: str = "",
    video_url: str = "",
    capacity: int | None = None,
    at: datetime | None = None,
) -> Event:
    """Change one event (one occurrence only, for a series: it is then detached from it).
    Members who answered hear of a change of date or place; more places let the waiting
    list move up; fewer places never take a place from anyone."""
    at = at or timezone.now()
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(of=("self",))
            .select_related("community", "group")
            .get(pk=event.pk)
        )
        membership = _locked_membership(event.community_id, by)
        perms.check_can_manage(membership, event)
        perms.check_can_change(event, at=at)
        details = _clean_details(
            title=title,
            description=description,
            address=address,
            video_url=video_url,
            capacity=capacity,
            time_zone=time_zone,
        )
        tz = times.zone(time_zone)
        starts_at, ends_at, _local = _clean_times(start, end, tz, at=at)
        new = {**details, "starts_at": starts_at, "ends_at": ends_at}
        changed = {name for name, value in new.items() if getattr(event, name) != value}
        if not changed:
            return event
        more_places = "capacity" in changed and (
            event.capacity is not None and (capacity is None or capacity > event.capacity)
        )
        for name in changed:
            setattr(event, name, new[name])
        event.sequence += 1
        event.updated_at = at
        if event.series_id:
            event.detached = True
        event.save()
        _record(event, Verb.EDITED_EVENT, by, at)
        promoted = _promote(event, at) if more_places else []
        _after_commit("promoted", event, [r.user_id for r in promoted])
        if changed & set(_ANNOUNCED):
            promoted_ids = {r.user_id for r in promoted}
            _after_commit(
                "changed",
                event,
                [pk for pk in _concerned(event, exclude=by) if pk not in promoted_ids],
            )
        return event


def _cancel(event: Event, *, by, at: datetime) -> None:
    event.status = EventStatus.CANCELLED
    event.cancelled_at = at
    event.sequence += 1
    event.updated_at = at
    event.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    _record(event, Verb.CANCELLED_EVENT, by, at)
    _after_commit("cancelled", event, _concerned(event, exclude=by))


def cancel_event(*, event: Event, by, at: datetime | None = None) -> Event:
    """Cancel one event (one occurrence of a series). It stays listed, marked cancelled, and
    calendars receive STATUS:CANCELLED; those who answered get an email."""
    at = at or timezone.now()
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(of=("self",))
            .select_related("community", "group")
            .get(pk=event.pk)
        )
        membership = _locked_membership(event.community_id, by)
        perms.check_can_manage(membership, event)
        perms.check_can_change(event, at=at)
        _cancel(event, by=by, at=at)
        return event


def update_series(
    *,
    series: EventSeries,
    by,
    title: str,
    start: datetime | None,
    end: datetime | None,
    time_zone: str,
    repeat_rule: str,
    description: str = "",
    address: str = "",
    video_url: str = "",
    capacity: int | None = None,
    at: datetime | None = None,
) -> EventSeries:
    """Change a series and its future occurrences, but those changed one by one (moved,
    edited, cancelled): they keep what was decided for them. Occurrences are matched by
    date, so that a new time keeps members' answers; a date the new rule no longer gives
    is cancelled (or simply removed when nobody had answered)."""
    at = at or timezone.now()
    with transaction.atomic():
        series = (
            EventSeries.objects.select_for_update(of=("self",))
            .select_related("community", "group")
            .get(pk=series.pk)
        )
        membership = _locked_membership(series.community_id, by)
        perms.check_can_organise(membership, series.group)
        if series.cancelled_at is not None:
            raise Refused(_("This series is cancelled: it can no longer be changed."))
        details = _clean_details(
            title=title,
            description=description,
            address=address,
            video_url=video_url,
            capacity=capacity,
            time_zone=time_zone,
        )
        tz = times.zone(time_zone)
        starts_at, ends_at, local_start = _clean_times(start, end, tz, at=at)
        rule = recurrence.check(repeat_rule, local_start, tz)
        first_local = next(iter(recurrence.parse(rule, local_start)))
        for name, value in details.items():
            setattr(series, name, value)
        series.rule = rule
        series.first_start = times.shift_to_existing(first_local, tz)
        series.duration = ends_at - starts_at
        series.updated_at = at
        series.save()
        horizon = max(at, series.first_start) + recurrence.HORIZON
        wanted = {
            local.date(): local
            for local in recurrence.local_starts(
                rule,
                first_local,
                after=times.to_local(at, tz),
                before=times.to_local(horizon, tz),
            )
        }
        future = list(
            Event.objects.select_for_update(of=("self",))
            .select_related("community", "group")
            .filter(series=series, starts_at__gt=at, status=EventStatus.SCHEDULED, detached=False)
        )
        answered = set(
            Registration.objects.filter(event__in=future, response__in=CONCERNED).values_list(
                "event_id", flat=True
            )
        )
        for event in future:
            local = wanted.pop(_occurrence_date(event.original_start or event.starts_at, tz), None)
            if local is None:
                if event.pk in answered:
                    _cancel(event, by=by, at=at)
                else:
                    event.delete()
                continue
            occurrence_start = times.shift_to_existing(local, tz)
            new = {
                **details,
                "starts_at": occurrence_start,
                "ends_at": occurrence_start + series.duration,
            }
            changed = {name for name, value in new.items() if getattr(event, name) != value}
            if not changed:
                continue
            more_places = "capacity" in changed and (
                event.capacity is not None and (capacity is None or capacity > event.capacity)
            )
            for name in changed:
                setattr(event, name, new[name])
            event.original_start = occurrence_start
            event.sequence += 1
            event.updated_at = at
            event.save()
            promoted = _promote(event, at) if more_places else []
            _after_commit("promoted", event, [r.user_id for r in promoted])
            if changed & set(_ANNOUNCED) and event.pk in answered:
                promoted_ids = {r.user_id for r in promoted}
                _after_commit(
                    "changed",
                    event,
                    [pk for pk in _concerned(event, exclude=by) if pk not in promoted_ids],
                )
        # The dates the new rule gives that have no occurrence yet are created from now on
        # (materialise() skips every date that has one: moved, edited or cancelled).
        series.materialised_until = at
        materialise(series, at=at, by=by)
        record(
            community=series.community,
            group=series.group,
            actor=by,
            verb=Verb.EDITED_EVENT,
            object_kind=ObjectKind.EVENT_SERIES,
            object_id=series.pk,
            at=at,
        )
        return series


def cancel_series(*, series: EventSeries, by, at: datetime | None = None) -> EventSeries:
    """Stop a series: its future occurrences are cancelled, past ones stay as they were."""
    at = at or timezone.now()
    with transaction.atomic():
        series = (
            EventSeries.objects.select_for_update(of=("self",))
            .select_related("community", "group")
            .get(pk=series.pk)
        )
        membership = _locked_membership(series.community_id, by)
        perms.check_can_organise(membership, series.group)
        if series.cancelled_at is not None:
            raise Refused(_("This series is already cancelled."))
        for event in (
            Event.objects.select_for_update(of=("self",))
            .select_related("community", "group")
            .filter(series=series, ends_at__gt=at, status=EventStatus.SCHEDULED)
        ):
            _cancel(event, by=by, at=at)
        series.cancelled_at = at
        series.updated_at = at
        series.save(update_fields=["cancelled_at", "updated_at"])
        record(
            community=series.community,
            group=series.group,
            actor=by,
            verb=Verb.CANCELLED_EVENT,
            object_kind=ObjectKind.EVENT_SERIES,
            object_id=series.pk,
            at=at,
        )
        return series


# --- Answering ------------------------------------------------------------------------------


def _going_count(event: Event) -> int:
    return Registration.objects.filter(event=event, response=Response.GOING).count()


def _promote(event: Event, at: datetime) -> list[Registration]:
    """Give free places to the waiting list, first come first served (event row locked)."""
    if event.status != EventStatus.SCHEDULED or at >= event.ends_at:
        return []
    waiting = (
        Registration.objects.select_for_update(of=("self",))
        .filter(event=event, response=Response.WAITING)
        .order_by("waiting_since", "pk")
    )
    if event.capacity is not None:
        free = event.capacity - _going_count(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    for registration in promoted:
        registration.response = Response.GOING
        registration.registered_at = at
        registration.waiting_since = None
        registration.save(update_fields=["response", "registered_at", "waiting_since"])
        _record(event, Verb.GOT_PLACE_FROM_WAITING_LIST, registration.user, at)
    return promoted


_VERBS = {
    Response.GOING: Verb.REGISTERED_FOR_EVENT,
    Response.WAITING: Verb.JOINED_WAITING_LIST,
    Response.MAYBE: Verb.ANSWERED_MAYBE,
    Response.NOT_GOING: Verb.DECLINED_EVENT,
}


def respond(*, event: Event, user, response: str, at: datetime | None = None) -> Registration:
    """A member's answer. "Going" to a full event puts them on the waiting list (the returned
    registration says so); leaving a place gives it to the first one waiting."""
    at = at or timezone.now()
    if response not in (Response.GOING, Response.MAYBE, Response.NOT_GOING):
        raise Refused(_("Answer going, maybe or not going."))
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(of=("self",))
            .select_related("community", "group")
            .get(pk=event.pk)
        )
        membership = Membership.objects.filter(community=event.community_id, user=user).first()
        perms.check_can_respond(membership, event, at=at)
        registration = Registration.objects.filter(event=event, user=user).first()
        previous = registration.response if registration else None
        if response == previous or (response == Response.GOING and previous == Response.WAITING):
            return registration
        if registration is None:
            registration = Registration(event=event, user=user)
        registration.responded_at = at
        registration.registered_at = None
        registration.waiting_since = None
        if response == Response.GOING:
            if event.capacity is None or _going_count(event) < event.capacity:
                registration.response = Response.GOING
                registration.registered_at = at
            else:
                registration.response = Response.WAITING
                registration.waiting_since = at
        else:
            registration.response = response
        registration.save()
        _record(event, _VERBS[registration.response], user, at)
        if previous == Response.GOING:
            promoted = _promote(event, at)
            _after_commit("promoted", event, [r.user_id for r in promoted])
        return registration


def waiting_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not waiting."""
    if registration is None or registration.response != Response.WAITING:
        return None
    ahead = (
        Registration.objects.filter(event_id=registration.event_id, response=Response.WAITING)
        .filter(waiting_since__lt=registration.waiting_since)
        .count()
    )
    same_time = Registration.objects.filter(
        event_id=registration.event_id,
        response=Response.WAITING,
        waiting_since=registration.waiting_since,
        pk__lt=registration.pk,
    ).count()
    return ahead + same_time + 1


# --- Attendance -----------------------------------------------------------------------------


def record_attendance(
    *, event: Event, by, attended: Iterable[int], at: datetime | None = None
) -> list[Registration]:
    """Who came, among those who answered going or maybe. Each attendance is an activity
    event (`attended an event`, dated at the event's start) that the cockpit counts;
    recording again corrects it: the activity of someone unticked is withdrawn, so that
    attendance is never counted twice."""
    at = at or timezone.now()
    attended = {int(pk) for pk in attended}
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(of=("self",))
            .select_related("community", "group")
            .get(pk=event.pk)
        )
        membership = _locked_membership(event.community_id, by)
        perms.check_can_manage(membership, event)
        if event.status == EventStatus.CANCELLED:
            raise Refused(_("This event was cancelled: there is no attendance to record."))
        if at < event.starts_at:
            raise Refused(_("Who came can be recorded once the event has begun."))
        registrations = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(event=event)
            .filter(response__in=[Response.GOING, Response.MAYBE])
            .select_related("user")
        )
        came, withdrawn = [], []
        for registration in registrations:
            now_attended = registration.user_id in attended
            if now_attended and registration.attended is not True:
                came.append(registration)
            elif not now_attended and registration.attended is True:
                withdrawn.append(registration.user_id)
            registration.attended = now_attended
        Registration.objects.bulk_update(registrations, ["attended"])
        for registration in came:
            _record(event, Verb.ATTENDED_EVENT, registration.user, event.starts_at)
        if withdrawn:
            ActivityEvent.objects.filter(
                community=event.community,
                verb=Verb.ATTENDED_EVENT,
                object_kind=ObjectKind.EVENT,
                object_id=event.pk,
                actor_id__in=withdrawn,
            ).delete()
        event.attendance_recorded_at = at
        event.save(update_fields=["attendance_recorded_at"])
        _record(event, Verb.RECORDED_ATTENDANCE, by, at)
        return registrations


# --- Calendars and time zones (the member's own business: no activity recorded) -----------


def _check_feed_community(user, community: Community | None) -> None:
    if community is not None:
        membership = Membership.objects.filter(community=community, user=user).first()
        perms.check_is_member(membership)


def calendar_feed(*, user, community: Community | None = None) -> CalendarFeed:
    """The member's live calendar address (all their communities, or one), made if needed."""
    with transaction.atomic():
        _check_feed_community(user, community)
        feed = CalendarFeed.objects.filter(user=user, community=community, revoked_at=None).first()
        return feed or CalendarFeed.objects.create(user=user, community=community)


def revoke_calendar_feed(
    *, user, community: Community | None = None, at: datetime | None = None
) -> int:
    """The address stops working at once. Returns how many were revoked."""
    return CalendarFeed.objects.filter(user=user, community=community, revoked_at=None).update(
        revoked_at=at or timezone.now()
    )


def renew_calendar_feed(
    *, user, community: Community | None = None, at: datetime | None = None
) -> CalendarFeed:
    """A new address, the old one revoked (when it was shared by mistake)."""
    with transaction.atomic():
        _check_feed_community(user, community)
        revoke_calendar_feed(user=user, community=community, at=at)
        return CalendarFeed.objects.create(user=user, community=community)


def set_time_zone(*, user, time_zone: str) -> MemberTimeZone:
    name = times.zone(time_zone).key
    preference, _created = MemberTimeZone.objects.update_or_create(
        user=user, defaults={"time_zone": name}
    )
    return preference
