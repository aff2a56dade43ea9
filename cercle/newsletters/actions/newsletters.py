"""Writes of newsletters: compose, edit, test, send now or at a chosen time, and the sending run.

Sending is refused, with a message, when nobody would receive the newsletter (an empty group,
members who all turned newsletters off). Once started it runs in the background worker
(cercle.newsletters.tasks.deliver_newsletter): batches of members claimed, sent and recorded as
the digests are (cercle.newsletters.delivery), so that a run resumed after a mail server failure
sends each member one copy. The periodic run (`cercle send_digests --every N`) starts the
scheduled ones that are due and resumes those a failure stopped, whether or not the worker
was told (a task backend that cannot wait until a given time, a worker that was down).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Group, Membership, MembershipState
from cercle.discussions.models import Topic
from cercle.events.models import Event
from cercle.lib.errors import Refused
from cercle.lib.markdown import render_markdown

from .. import permissions as perms
from .. import selectors
from ..delivery import Mailer, Report, claim, new_claim, send_batch
from ..models import (
    MAX_ATTEMPTS,
    DeliveryState,
    Newsletter,
    NewsletterDelivery,
    NewsletterSection,
    NewsletterStatus,
)
from ..rendering import NewsletterRenderer

BATCH_SIZE = 500
TITLE_LIMIT = 200
CONTENT_FIELDS = (
    "title",
    "intro",
    "intro_html",
    "group",
    "spotlight",
    "spotlight_text",
    "spotlight_text_html",
)


@dataclass
class Content:
    """What the animator writes and picks."""

    title: str
    intro: str = ""
    sections: list[tuple[str, str]] | None = None  # (heading, Markdown)
    topics: list[Topic] | None = None
    events: list[Event] | None = None
    spotlight: User | None = None
    spotlight_text: str = ""
    group: Group | None = None


def _membership(community: Community, user) -> Membership | None:
    membership = Membership.objects.filter(community=community, user=user).first()
    if membership is not None:
        membership.community = community
    return membership


def _clean(community: Community, content: Content) -> Content:
    title = " ".join((content.title or "").split())
    if not title:
        raise Refused(_("Give the newsletter a title."))
    if len(title) > TITLE_LIMIT:
        raise Refused(
            _("The title is too long: %(limit)d characters at most.") % {"limit": TITLE_LIMIT}
        )
    if content.group is not None and content.group.community_id != community.pk:
        raise Refused(_("This group belongs to another community."))
    for topic in content.topics or ():
        if topic.community_id != community.pk or topic.deleted_at is not None:
            raise Refused(_("A featured topic is not one of this community's."))
    for event in content.events or ():
        if event.community_id != community.pk:
            raise Refused(_("A featured event is not one of this community's."))
    if (
        content.spotlight is not None
        and not Membership.objects.filter(
            community=community, user=content.spotlight, state=MembershipState.ACTIVE
        ).exists()
    ):
        raise Refused(_("The contributor in the spotlight must be a member of the community."))
    sections = [
        (" ".join(heading.split())[:200], body.strip())
        for heading, body in (content.sections or [])
        if heading.strip() or body.strip()
    ]
    return Content(
        title=title,
        intro=(content.intro or "").strip(),
        sections=sections,
        topics=list(content.topics or []),
        events=list(content.events or []),
        spotlight=content.spotlight,
        spotlight_text=(content.spotlight_text or "").strip() if content.spotlight else "",
        group=content.group,
    )


def _write(newsletter: Newsletter, content: Content, *, at: datetime) -> None:
    newsletter.title = content.title
    newsletter.intro = content.intro
    newsletter.intro_html = render_markdown(content.intro) if content.intro else ""
    newsletter.group = content.group
    newsletter.spotlight = content.spotlight
    newsletter.spotlight_text = content.spotlight_text
    newsletter.spotlight_text_html = (
        render_markdown(content.spotlight_text) if content.spotlight_text else ""
    )
    newsletter.updated_at = at
    if newsletter.pk is None:
        newsletter.save()
    else:  # the status and dates are the sending's, not the form's
        newsletter.save(update_fields=[*CONTENT_FIELDS, "updated_at"])
    newsletter.sections.all().delete()
    NewsletterSection.objects.bulk_create(
        [
            NewsletterSection(
                newsletter=newsletter,
                position=i,
                heading=heading,
                body=body,
                body_html=render_markdown(body) if body else "",
            )
            for i, (heading, body) in enumerate(content.sections or [])
        ]
    )
    newsletter.featured_topics.set(content.topics or [])
    newsletter.featured_events.set(content.events or [])


@transaction.atomic
def compose(
    *, community: Community, by: User, content: Content, at: datetime | None = None
) -> Newsletter:
    """A new draft."""
    perms.check_can_compose(_membership(community, by))
    at = at or timezone.now()
    content = _clean(community, content)
    newsletter = Newsletter(community=community, created_by=by, created_at=at, title=content.title)
    _write(newsletter, content, at=at)
    return newsletter


@transaction.atomic
def edit(
    *, newsletter: Newsletter, by: User, content: Content, at: datetime | None = None
) -> Newsletter:
    """Change a draft, or a newsletter scheduled and not sent yet (it stays scheduled)."""
    perms.check_can_compose(_membership(newsletter.community, by))
    locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    perms.check_editable(locked)
    content = _clean(newsletter.community, content)
    _write(newsletter, content, at=at or timezone.now())
    newsletter.status, newsletter.scheduled_at = locked.status, locked.scheduled_at
    return newsletter


def _check_recipients(newsletter: Newsletter) -> int:
    count = selectors.recipients(newsletter).count()
    if count == 0:
        if newsletter.group_id is not None:
            raise Refused(
                _(
                    "Nobody would receive this newsletter: the group %(group)s has no member "
                    "who receives newsletters. Choose all members, or another group."
                )
                % {"group": newsletter.group.name}
            )
        raise Refused(
            _(
                "Nobody would receive this newsletter: no member of the community receives "
                "newsletters. Nothing was sent."
            )
        )
    return count


def send_test(*, newsletter: Newsletter, by: User) -> bool:
    """The newsletter, as members will get it, to the animator alone (nothing is recorded).
    Refused with a message when the mail server does not take it."""
    perms.check_can_compose(_membership(newsletter.community, by))
    renderer = NewsletterRenderer(newsletter, test=True)
    item = renderer.message(user_id=by.pk, email=by.email, name=by.name, language=by.language)
    outcomes, _stopped = send_batch([item])
    outcome = outcomes[by.pk]
    if outcome.state != DeliveryState.SENT:
        raise Refused(
            _("The mail server did not take the test (%(error)s). Try again in a moment.")
            % {"error": outcome.error or outcome.state}
        )
    return True


def _enqueue(newsletter_id: int, planned: datetime | None = None) -> None:
    from ..tasks import deliver_newsletter

    if planned is None:
        transaction.on_commit(lambda: deliver_newsletter.enqueue(newsletter_id, ""))
        return
    if deliver_newsletter.get_backend().supports_defer:
        transaction.on_commit(
            lambda: deliver_newsletter.using(run_after=planned).enqueue(
                newsletter_id, planned.isoformat()
            )
        )
    # Otherwise the periodic run starts it when it is due.


@transaction.atomic
def send_now(*, newsletter: Newsletter, by: User, at: datetime | None = None) -> Newsletter:
    perms.check_can_compose(_membership(newsletter.community, by))
    at = at or timezone.now()
    locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    perms.check_editable(locked)
    count = _check_recipients(newsletter)
    Newsletter.objects.filter(pk=newsletter.pk).update(
        status=NewsletterStatus.SENDING,
        scheduled_at=None,
        sending_started_at=at,
        recipient_count=count,
    )
    newsletter.refresh_from_db()
    _enqueue(newsletter.pk)
    return newsletter


@transaction.atomic
def schedule(
    *, newsletter: Newsletter, by: User, when: datetime, at: datetime | None = None
) -> Newsletter:
    perms.check_can_compose(_membership(newsletter.community, by))
    at = at or timezone.now()
    if when <= at + timedelta(minutes=1):
        raise Refused(_("Choose a time in the future, or send it now."))
    if when > at + timedelta(days=366):
        raise Refused(_("Choose a time within the next year."))
    locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    perms.check_editable(locked)
    _check_recipients(newsletter)
    Newsletter.objects.filter(pk=newsletter.pk).update(
        status=NewsletterStatus.SCHEDULED, scheduled_at=when, updated_at=at
    )
    newsletter.refresh_from_db()
    _enqueue(newsletter.pk, when)
    return newsletter


@transaction.atomic
def unschedule(*, newsletter: Newsletter, by: User, at: datetime | None = None) -> Newsletter:
    """Back to draft: it is not sent at the planned time."""
    perms.check_can_compose(_membership(newsletter.community, by))
    changed = Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.SCHEDULED).update(
        status=NewsletterStatus.DRAFT, scheduled_at=None, updated_at=at or timezone.now()
    )
    if not changed:
        raise Refused(_("This newsletter is not scheduled any more: it may be on its way."))
    newsletter.refresh_from_db()
    return newsletter


# --- The sending run ------------------------------------------------------------------------


def _start_if_due(newsletter_id: int, at: datetime, planned: str = "") -> None:
    """A scheduled newsletter whose time has come starts sending (once: the update is
    conditional). `planned`: the time the task was enqueued for; a task made obsolete by a
    new schedule does nothing."""
    due = Newsletter.objects.filter(
        pk=newsletter_id, status=NewsletterStatus.SCHEDULED, scheduled_at__lte=at
    )
    newsletter = due.first()
    if newsletter is None:
        return
    if planned and newsletter.scheduled_at.isoformat() != planned:
        return
    count = selectors.recipients(newsletter).count()
    due.update(status=NewsletterStatus.SENDING, sending_started_at=at, recipient_count=count)


def _next_batch(newsletter: Newsletter, *, after: int, size: int) -> list[tuple]:
    done = NewsletterDelivery.objects.filter(
        newsletter=newsletter, user=OuterRef("user_id")
    ).exclude(state=DeliveryState.FAILED, attempts__lt=MAX_ATTEMPTS)
    return list(
        selectors.recipients(newsletter)
        .filter(pk__gt=after)
        .filter(~Exists(done))
        .order_by("pk")
        .values_list("pk", "user_id", "user__email", "user__name", "user__language")[:size]
    )


def _count(newsletter: Newsletter) -> dict:
    counts = newsletter.deliveries.aggregate(
        sent=Count("pk", filter=Q(state=DeliveryState.SENT)),
        failed=Count("pk", filter=Q(state=DeliveryState.FAILED)),
        retry=Count("pk", filter=Q(state=DeliveryState.FAILED, attempts__lt=MAX_ATTEMPTS)),
        bounced=Count("pk", filter=Q(state=DeliveryState.BOUNCED)),
    )
    Newsletter.objects.filter(pk=newsletter.pk).update(
        sent_count=counts["sent"], failed_count=counts["failed"], bounced_count=counts["bounced"]
    )
    return counts


def deliver(
    newsletter_id: int,
    *,
    at: datetime | None = None,
    planned: str = "",
    batch_size: int = BATCH_SIZE,
) -> Report:
    """Send the newsletter to the recipients who do not have it yet. Marked sent once every
    recipient was reached with nothing left to retry; left "being sent" when the mail server
    stopped the run (the next run resumes)."""
    at = at or timezone.now()
    report = Report()
    _start_if_due(newsletter_id, at, planned)
    newsletter = (
        Newsletter.objects.filter(pk=newsletter_id, status=NewsletterStatus.SENDING)
        .select_related("community", "group", "spotlight", "created_by")
        .first()
    )
    if newsletter is None:
        return report
    renderer = NewsletterRenderer(newsletter)
    token = new_claim()
    owner = {"newsletter": newsletter}
    mailer = Mailer(NewsletterDelivery, owner=owner)
    after = 0
    try:
        while True:
            rows = _next_batch(newsletter, after=after, size=batch_size)
            if not rows:
                break
            after = rows[-1][0]
            mine = claim(
                NewsletterDelivery, owner=owner, user_ids=[r[1] for r in rows], token=token, at=at
            )
            items = [
                renderer.message(user_id=user_id, email=email, name=name, language=language)
                for _pk, user_id, email, name, language in rows
                if user_id in mine
            ]
            report.add(mailer.send(items))
            _count(newsletter)
            if report.stopped:
                break
    finally:
        report.add(mailer.finish())
    counts = _count(newsletter)
    if not report.stopped and not counts["retry"]:
        _finish(newsletter)
    return report


def _finish(newsletter: Newsletter) -> None:
    """Mark it sent and record it in the activity log: once, by the run whose update took
    it from "being sent" to "sent" (a parallel run finds it sent already)."""
    sent_at = timezone.now()
    with transaction.atomic():
        finished = Newsletter.objects.filter(
            pk=newsletter.pk, status=NewsletterStatus.SENDING
        ).update(status=NewsletterStatus.SENT, sent_at=sent_at)
        if finished:
            record(
                community=newsletter.community,
                group=newsletter.group,
                actor=newsletter.created_by,
                verb=Verb.SENT_NEWSLETTER,
                object_kind=ObjectKind.NEWSLETTER,
                object_id=newsletter.pk,
                at=sent_at,
            )


def send_due(*, at: datetime | None = None) -> Report:
    """Start the scheduled newsletters that are due, and resume those still being sent."""
    at = at or timezone.now()
    report = Report()
    ids = Newsletter.objects.filter(
        Q(status=NewsletterStatus.SCHEDULED, scheduled_at__lte=at)
        | Q(status=NewsletterStatus.SENDING)
    ).values_list("pk", flat=True)
    for newsletter_id in list(ids):
        part = deliver(newsletter_id, at=at)
        report.add(part)
        if part.stopped:
            break
    return report
