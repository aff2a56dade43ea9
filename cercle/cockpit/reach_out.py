"""Writes: what an animator does from the to-do list.

- `thank(member)`: a thank-you the member sees on their participation page;
- `introduce(member, other)`: an introduction of two members who share interests, to both;
- `write_to(member)`: a personal message, to a regular who went quiet;
- `ask_for_help(member, topic)`: ask a member who knows the subject to answer a topic;
- `set_aside(item)`: "not now": the item leaves the list for a while.

Each records an `AnimatorAction` (the to-do list reads them, so that a done item does not come
back) and an activity event; the first four tell the member in Cercle (a notification) and by
email, as the member chose for that kind of notification. Emails leave after commit, through
the background worker (cercle.cockpit.tasks.send_reach_out_emails).

The caller (the view) has checked that the animator may act on these members and this topic
(cercle.cockpit.permissions); these functions check what holds whoever calls them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Group, Membership, MembershipState
from cercle.discussions.models import Topic
from cercle.lib.errors import Refused
from cercle.lib.mail import send_to_user
from cercle.notifications import selectors as notification_choices
from cercle.notifications.models import Kind, Notification

from .models import AnimatorAction
from .models import AnimatorActionKind as Did

__all__ = [
    "MESSAGE_LIMIT",
    "THANKS_INTERVAL",
    "ask_for_help",
    "introduce",
    "send_emails",
    "set_aside",
    "thank",
    "write_to",
]

MESSAGE_LIMIT = 2000
# A member thanked is not proposed, nor thanked again through the list, for this long.
THANKS_INTERVAL = timedelta(days=30)

_NOTIFY = {
    Did.THANKED: Kind.THANKS,
    Did.INTRODUCED: Kind.INTRODUCTION,
    Did.WROTE: Kind.FROM_ANIMATORS,
    Did.ASKED_HELP: Kind.FROM_ANIMATORS,
}
_VERBS = {
    Did.THANKED: Verb.THANKED_MEMBER,
    Did.INTRODUCED: Verb.INTRODUCED_MEMBERS,
    Did.WROTE: Verb.WROTE_TO_MEMBER,
    Did.ASKED_HELP: Verb.ASKED_FOR_HELP,
}
_EMAILS = {
    Did.THANKED: "cockpit/email/thanks",
    Did.INTRODUCED: "cockpit/email/introduction",
    Did.WROTE: "cockpit/email/message",
    Did.ASKED_HELP: "cockpit/email/help_request",
}


def _clean(message: str, *, required: bool = False) -> str:
    message = (message or "").strip()
    if len(message) > MESSAGE_LIMIT:
        raise Refused(
            _("Your message is too long: %(limit)d characters at most.") % {"limit": MESSAGE_LIMIT}
        )
    if required and not message:
        raise Refused(_("Write the message before sending it."))
    return message


def _check_members(community: Community, by: User, *people: User) -> None:
    for person in people:
        if person.pk == by.pk:
            raise Refused(_("This is for other members, not for yourself."))
    active = set(
        Membership.objects.filter(
            community=community, user__in=people, state=MembershipState.ACTIVE
        ).values_list("user_id", flat=True)
    )
    for person in people:
        if person.pk not in active:
            raise Refused(
                _("%(name)s is no longer a member of the community.") % {"name": person.name}
            )


def _done(
    *,
    kind: str,
    community: Community,
    by: User,
    member: User,
    group: Group | None,
    at: datetime | None,
    message: str = "",
    other: User | None = None,
    topic: Topic | None = None,
) -> AnimatorAction:
    at = at or timezone.now()
    action = AnimatorAction.objects.create(
        community=community,
        group=group,
        actor=by,
        kind=kind,
        member=member,
        other_member=other,
        topic=topic,
        message=message,
        created_at=at,
    )
    record(
        community=community,
        group=group,
        actor=by,
        verb=_VERBS[kind],
        object_kind=ObjectKind.USER,
        object_id=member.pk,
        context_id=topic.pk if topic is not None else (other.pk if other is not None else None),
        at=at,
    )
    _tell(action, [member] if other is None else [member, other])
    return action


def _tell(action: AnimatorAction, people: list[User]) -> None:
    """The notification in Cercle now, the email after commit; each as the person chose."""
    kind = _NOTIFY[action.kind]
    chosen = notification_choices.preferences_for(
        User.objects.filter(pk__in=[p.pk for p in people])
    )
    in_app, by_email = [], []
    for person in people:
        choice = notification_choices.choice_of(chosen, person.pk, kind)
        if choice.in_app:
            in_app.append(
                Notification(
                    recipient=person,
                    community=action.community,
                    kind=kind,
                    actor=action.actor,
                    topic=action.topic,
                    created_at=action.created_at,
                )
            )
        if choice.email:
            by_email.append({"action": action.pk, "recipient": person.pk})
    Notification.objects.bulk_create(in_app)
    if by_email:
        transaction.on_commit(lambda: _enqueue(by_email), robust=True)


def _enqueue(payload: list[dict]) -> None:
    from .tasks import send_reach_out_emails

    send_reach_out_emails.enqueue(payload)


@transaction.atomic
def thank(
    *,
    community: Community,
    by: User,
    member: User,
    message: str = "",
    group: Group | None = None,
    at: datetime | None = None,
) -> AnimatorAction:
    """Thank a member for what they bring; they see it on their participation page."""
    message = _clean(message)
    _check_members(community, by, member)
    at = at or timezone.now()
    if AnimatorAction.objects.filter(
        community=community, kind=Did.THANKED, member=member, created_at__gt=at - THANKS_INTERVAL
    ).exists():
        raise Refused(
            _("%(name)s was already thanked in the last 30 days.") % {"name": member.name}
        )
    return _done(
        kind=Did.THANKED,
        community=community,
        by=by,
        member=member,
        group=group,
        at=at,
        message=message,
    )


@transaction.atomic
def introduce(
    *,
    community: Community,
    by: User,
    member: User,
    other: User,
    message: str = "",
    group: Group | None = None,
    at: datetime | None = None,
) -> AnimatorAction:
    """Introduce two members to each other: both are told, each with the other's profile."""
    message = _clean(message)
    if member.pk == other.pk:
        raise Refused(_("Choose two different members."))
    _check_members(community, by, member, other)
    pair = Q(member=member, other_member=other) | Q(member=other, other_member=member)
    if AnimatorAction.objects.filter(pair, community=community, kind=Did.INTRODUCED).exists():
        raise Refused(
            _("%(first)s and %(second)s were already introduced.")
            % {"first": member.name, "second": other.name}
        )
    return _done(
        kind=Did.INTRODUCED,
        community=community,
        by=by,
        member=member,
        other=other,
        group=group,
        at=at,
        message=message,
    )


@transaction.atomic
def write_to(
    *,
    community: Community,
    by: User,
    member: User,
    message: str,
    group: Group | None = None,
    at: datetime | None = None,
) -> AnimatorAction:
    """A personal message to a member (a regular who went quiet)."""
    message = _clean(message, required=True)
    _check_members(community, by, member)
    return _done(
        kind=Did.WROTE,
        community=community,
        by=by,
        member=member,
        group=group,
        at=at,
        message=message,
    )


@transaction.atomic
def ask_for_help(
    *,
    community: Community,
    by: User,
    member: User,
    topic: Topic,
    message: str = "",
    group: Group | None = None,
    at: datetime | None = None,
) -> AnimatorAction:
    """Ask a member who knows the subject to answer a topic."""
    message = _clean(message)
    if topic.community_id != community.pk or topic.deleted_at is not None:
        raise Refused(_("This topic is no longer there."))
    if topic.author_id == member.pk:
        raise Refused(_("Ask someone other than the person who opened the topic."))
    _check_members(community, by, member)
    return _done(
        kind=Did.ASKED_HELP,
        community=community,
        by=by,
        member=member,
        topic=topic,
        group=group,
        at=at,
        message=message,
    )


def set_aside(
    *,
    community: Community,
    by: User,
    item: str,
    member: User | None = None,
    other: User | None = None,
    topic: Topic | None = None,
    group: Group | None = None,
    at: datetime | None = None,
) -> AnimatorAction:
    """ "Not now": the item leaves the to-do list for a while (cercle.cockpit.todo says how
    long for each kind of item). Nobody is told."""
    if member is None and topic is None:
        raise Refused(_("There is nothing to set aside."))
    return AnimatorAction.objects.create(
        community=community,
        group=group,
        actor=by,
        kind=Did.SET_ASIDE,
        item=item,
        member=member,
        other_member=other,
        topic=topic,
        created_at=at or timezone.now(),
    )


# --- Emails (run by the worker) ---------------------------------------------------------------


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path


def send_emails(payload: list[dict]) -> int:
    """Send the emails of `payload` ({"action", "recipient"} ids). Returns how many left."""
    actions = AnimatorAction.objects.select_related(
        "community", "actor", "member", "other_member", "topic__author"
    ).in_bulk({item["action"] for item in payload})
    people = User.objects.in_bulk({item["recipient"] for item in payload})
    sent = 0
    for item in payload:
        action, person = actions.get(item["action"]), people.get(item["recipient"])
        if action is None or person is None or not person.is_active:
            continue
        community = action.community
        other = None
        if action.kind == Did.INTRODUCED:
            other = action.other_member if person.pk == action.member_id else action.member
        context = {
            "action": action,
            "community": community,
            "animator": action.actor,
            "message": action.message,
            "other": other,
            "topic": action.topic,
            "participation_url": _absolute(reverse("cockpit:participation", args=[community.slug])),
            "other_url": (
                _absolute(reverse("members:profile", args=[community.slug, other.pk]))
                if other is not None
                else ""
            ),
            "topic_url": (
                _absolute(reverse("discussions:topic", args=[community.slug, action.topic_id]))
                if action.topic_id
                else ""
            ),
            "settings_url": _absolute(reverse("notifications:preferences")),
        }
        sent += send_to_user(person, _EMAILS[action.kind], context)
    return sent
