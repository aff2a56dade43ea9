"""Every write to rituals, and the run that opens the topics that are due.

`run_due_rituals` is what `cercle run_rituals` and the `run_rituals` task call. For each ritual
that is not paused, it takes the latest occurrence that has come (only that one: a run missed
for three weeks opens this week's thread, not three threads), and, if no run row exists for it,
claims the row and opens the topic in one transaction. The unique (ritual, date) row is the
proof: a second run, at the same time or later, finds it and opens nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Membership, MembershipState, Role
from cercle.discussions.actions import MAX_BODY_CHARS, MAX_TITLE_CHARS, start_topic
from cercle.discussions.models import Category, Topic, TopicKind
from cercle.lib.errors import Refused
from cercle.lib.markdown import render_markdown
from cercle.rituals import schedule
from cercle.rituals.models import Ritual, RitualRun, RunState
from cercle.rituals.permissions import check_can_manage

logger = logging.getLogger(__name__)

# The kinds of topic a ritual may open (debates need a framing, polls their choices).
KINDS = (TopicKind.DISCUSSION, TopicKind.QUESTION, TopicKind.ANNOUNCEMENT)
SCHEDULE_FIELDS = (
    "frequency",
    "weekday",
    "ordinal",
    "day_of_month",
    "custom_rule",
    "starts_on",
    "time_of_day",
    "time_zone",
)


@dataclass
class RitualSpec:
    """What an animator fills in for a ritual."""

    name: str
    title_template: str
    body_template: str
    frequency: str
    starts_on: date
    time_of_day: time
    time_zone: str
    topic_kind: str = TopicKind.DISCUSSION
    category: Category | None = None
    for_introductions: bool = False
    weekday: int = 0
    ordinal: int = 1
    day_of_month: int = 1
    custom_rule: str = ""

    def schedule(self) -> schedule.Schedule:
        return schedule.Schedule(
            frequency=self.frequency,
            starts_on=self.starts_on,
            time_of_day=self.time_of_day,
            time_zone=self.time_zone.strip(),
            weekday=self.weekday,
            ordinal=self.ordinal,
            day_of_month=self.day_of_month,
            custom_rule=self.custom_rule.strip(),
        )


def _clean(spec: RitualSpec, community: Community) -> dict:
    """The ritual's fields, checked; Refused with a message for the animator otherwise."""
    name = " ".join((spec.name or "").split())
    if not name:
        raise Refused(_("Give the ritual a name."))
    if len(name) > 120:
        raise Refused(_("A ritual's name has at most 120 characters."))
    title = " ".join((spec.title_template or "").split())
    body = (spec.body_template or "").strip()
    if not title:
        raise Refused(_("Give the topics a title."))
    if not body:
        raise Refused(_("Write the message that opens each topic."))
    schedule.check_template(title)
    schedule.check_template(body)
    # Filled with the longest values it may get, the title must still fit.
    sample = schedule.values(
        datetime(2026, 9, 30, 12, tzinfo=timezone.get_current_timezone()),
        time_zone="UTC",
        language="fr",
        community_name=community.name,
    )
    if len(schedule.fill(title, sample)) > MAX_TITLE_CHARS:
        raise Refused(_("The title is too long once its dates are written in: shorten it."))
    if len(schedule.fill(body, sample)) > MAX_BODY_CHARS:
        raise Refused(_("The message is too long: shorten it."))
    if spec.topic_kind not in KINDS:
        raise Refused(_("A ritual opens a discussion, a question or an announcement."))
    if spec.category is not None and spec.category.community_id != community.pk:
        raise Refused(_("This category belongs to another community."))
    when = spec.schedule()
    when.check()
    return {
        "name": name,
        "title_template": title,
        "body_template": body,
        "topic_kind": spec.topic_kind,
        "category": spec.category,
        "for_introductions": spec.for_introductions,
        "frequency": when.frequency,
        "weekday": when.weekday,
        "ordinal": when.ordinal,
        "day_of_month": when.day_of_month,
        "custom_rule": when.custom_rule if when.frequency == "custom" else "",
        "starts_on": when.starts_on,
        "time_of_day": when.time_of_day.replace(second=0, microsecond=0),
        "time_zone": when.time_zone,
    }


def _manager(community: Community, by: User) -> Membership:
    membership = (
        Membership.objects.select_related("community", "standing")
        .filter(community=community, user=by)
        .first()
    )
    check_can_manage(membership)
    return membership


def _record(ritual: Ritual, verb: Verb, by: User, at: datetime) -> None:
    record(
        community=ritual.community,
        actor=by,
        verb=verb,
        object_kind=ObjectKind.RITUAL,
        object_id=ritual.pk,
        at=at,
    )


@transaction.atomic
def create_ritual(
    *,
    community: Community,
    by: User,
    spec: RitualSpec,
    language: str = "fr",
    at: datetime | None = None,
) -> Ritual:
    at = at or timezone.now()
    _manager(community, by)
    ritual = Ritual.objects.create(
        community=community,
        author=by,
        created_by=by,
        created_at=at,
        updated_at=at,
        active_since=at,
        language=language[:8] or "fr",
        **_clean(spec, community),
    )
    _record(ritual, Verb.CREATED_RITUAL, by, at)
    return ritual


def _locked(ritual: Ritual) -> Ritual:
    return (
        Ritual.objects.select_for_update(of=("self",)).select_related("community").get(pk=ritual.pk)
    )


@transaction.atomic
def update_ritual(
    *, ritual: Ritual, by: User, spec: RitualSpec, at: datetime | None = None
) -> Ritual:
    """Change a ritual. A new schedule applies from now on: dates it would have had before
    are not opened afterwards."""
    at = at or timezone.now()
    locked = _locked(ritual)
    _manager(locked.community, by)
    fields = _clean(spec, locked.community)
    moved = any(getattr(locked, name) != fields[name] for name in SCHEDULE_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.updated_at = at
    if moved:
        locked.active_since = at
    locked.save()
    _record(locked, Verb.CHANGED_RITUAL, by, at)
    return locked


@transaction.atomic
def pause_ritual(*, ritual: Ritual, by: User, at: datetime | None = None) -> Ritual:
    at = at or timezone.now()
    locked = _locked(ritual)
    _manager(locked.community, by)
    if locked.paused_at is None:
        locked.paused_at = at
        locked.save(update_fields=["paused_at"])
        _record(locked, Verb.PAUSED_RITUAL, by, at)
    return locked


@transaction.atomic
def resume_ritual(*, ritual: Ritual, by: User, at: datetime | None = None) -> Ritual:
    """Start again from now: what the pause skipped is not opened afterwards."""
    at = at or timezone.now()
    locked = _locked(ritual)
    _manager(locked.community, by)
    if locked.paused_at is not None:
        locked.paused_at = None
        locked.active_since = at
        locked.save(update_fields=["paused_at", "active_since"])
        _record(locked, Verb.RESUMED_RITUAL, by, at)
    return locked


@transaction.atomic
def delete_ritual(*, ritual: Ritual, by: User, at: datetime | None = None) -> None:
    """The ritual goes; the topics it opened stay, as any topic."""
    at = at or timezone.now()
    locked = _locked(ritual)
    _manager(locked.community, by)
    _record(locked, Verb.DELETED_RITUAL, by, at)
    locked.delete()


@dataclass
class Preview:
    """What a ritual would do next: its coming dates, and the first topic it would open."""

    rhythm: str
    dates: list[datetime]
    title: str = ""
    body: str = ""
    body_html: str = ""


def preview(
    *, community: Community, spec: RitualSpec, language: str = "fr", at: datetime | None = None
) -> Preview:
    """The next dates of a ritual being written (nothing is saved); Refused as on saving."""
    at = at or timezone.now()
    fields = _clean(spec, community)
    when = spec.schedule()
    dates = [moment for moment in when.upcoming(at, count=5) if moment >= at]
    found = Preview(rhythm=when.describe(), dates=dates)
    if dates:
        filled = schedule.values(
            dates[0], time_zone=when.time_zone, language=language, community_name=community.name
        )
        found.title = schedule.fill(fields["title_template"], filled)[:MAX_TITLE_CHARS]
        found.body = schedule.fill(fields["body_template"], filled)
        found.body_html = render_markdown(found.body)
    return found


def next_dates(ritual: Ritual, *, at: datetime | None = None, count: int = 3) -> list[datetime]:
    """The coming dates of a saved ritual (none while it is paused)."""
    if ritual.is_paused:
        return []
    at = at or timezone.now()
    try:
        return schedule.Schedule.of(ritual).upcoming(max(at, ritual.active_since), count=count)
    except Refused:
        return []


# --- The run ---------------------------------------------------------------------------------


@dataclass
class RunReport:
    opened: list[Topic] = field(default_factory=list)
    refused: list[RitualRun] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"opened": len(self.opened), "refused": len(self.refused)}


def _author(ritual: Ritual) -> User | None:
    """The ritual's author while they animate the community; else its senior animator."""
    animators = Membership.objects.filter(
        community_id=ritual.community_id,
        state=MembershipState.ACTIVE,
        role__gte=Role.CO_ANIMATOR,
    )
    if ritual.author_id and animators.filter(user_id=ritual.author_id).exists():
        return ritual.author
    fallback = animators.select_related("user").order_by("-role", "joined_at", "pk").first()
    return fallback.user if fallback is not None else None


def topic_for(ritual: Ritual, due_at: datetime) -> tuple[str, str]:
    """The title and message of the topic opened for this occurrence."""
    filled = schedule.values(
        due_at,
        time_zone=ritual.time_zone,
        language=ritual.language,
        community_name=ritual.community.name,
    )
    title = schedule.fill(ritual.title_template, filled)[:MAX_TITLE_CHARS]
    return title, schedule.fill(ritual.body_template, filled)


def run_ritual(ritual: Ritual, due_at: datetime, *, at: datetime | None = None) -> RitualRun | None:
    """Open the topic of this occurrence, unless a run already did (that day). The run row and
    the topic are written in one transaction: a run that fails halfway leaves neither, and the
    next run tries again; a refusal is kept on the row (and is not retried for that date)."""
    at = at or timezone.now()
    try:
        with transaction.atomic():
            # At most one topic a day per ritual: a schedule moved from 9:00 to 10:00 on a
            # day already opened does not open that day again.
            day = timezone.localtime(due_at, schedule.zone(ritual.time_zone)).replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            if RitualRun.objects.filter(
                ritual=ritual, due_at__gte=day, due_at__lt=day + timedelta(days=1)
            ).exists():
                return None
            run = RitualRun.objects.create(
                ritual=ritual, due_at=due_at, state=RunState.DONE, ran_at=at
            )
            try:
                with transaction.atomic():
                    author = _author(ritual)
                    if author is None:
                        raise Refused(_("The community has no animator to open the topic."))
                    title, body = topic_for(ritual, due_at)
                    run.topic = start_topic(
                        community=ritual.community,
                        author=author,
                        kind=ritual.topic_kind,
                        title=title,
                        body=body,
                        category=ritual.category,
                        at=at,
                    )
            except Refused as refusal:
                run.state = RunState.FAILED
                run.message = refusal.message[:500]
            run.save(update_fields=["state", "topic", "message"])
            return run
    except IntegrityError:
        # Another run claimed this date between our check and our insert.
        return None


def due_rituals():
    return (
        Ritual.objects.filter(paused_at__isnull=True, community__is_archive=False)
        .select_related("community", "category", "author")
        .order_by("pk")
    )


def run_due_rituals(*, at: datetime | None = None) -> RunReport:
    """Open what is due at `at` (now): for each active ritual, its latest occurrence since it
    became active, if no run has handled it."""
    at = at or timezone.now()
    report = RunReport()
    for ritual in due_rituals():
        try:
            due = schedule.Schedule.of(ritual).latest(at)
        except Refused:
            logger.warning("Ritual %s has a schedule that cannot be read.", ritual.pk)
            continue
        if due is None or due < ritual.active_since:
            continue
        run = run_ritual(ritual, due, at=at)
        if run is None:
            continue
        if run.state == RunState.DONE:
            report.opened.append(run.topic)
        else:
            report.refused.append(run)
    return report
