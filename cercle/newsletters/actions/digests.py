"""Sending the digests: `send_digests(rhythm=..., at=...)`.

Run by `cercle send_digests` (once, or `--every N` seconds: `cercle serve` starts it), or
enqueued as a task (cercle.newsletters.tasks). Without a rhythm it sends those that are due
(cercle.newsletters.periods): the daily digest every morning, the weekly one from Monday
morning, the monthly one from the 1st.

For each community and rhythm, one DigestRun per period; for each of its members who chose that
rhythm, in batches: their digest is gathered (cercle.newsletters.content), skipped when it has
nothing new, claimed, sent and recorded (cercle.newsletters.delivery). It is therefore
idempotent (a member gets at most one digest per period, whatever the number of runs, even in
parallel) and resumable (a run stopped by a mail server that is down leaves failed rows that
the next run sends, and the members it did not reach yet).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cercle.communities.models import Community, Membership, MembershipState

from ..content import CommunityNews, Member
from ..delivery import Mailer, Report, claim, new_claim
from ..models import (
    DEFAULT_RHYTHM,
    MAX_ATTEMPTS,
    DeliveryState,
    DigestDelivery,
    DigestRun,
    MailPreference,
)
from ..periods import LOOKBACK, SENT_RHYTHMS, due_rhythms, period_of
from ..rendering import DigestRenderer

BATCH_SIZE = 500


def send_digests(
    *,
    rhythm: str | None = None,
    at: datetime | None = None,
    communities=None,
    batch_size: int = BATCH_SIZE,
) -> Report:
    """Send the digests of `rhythm` (or of every rhythm that is due at `at`) for the current
    period, to every member who has something new. Stops when the mail server is down."""
    at = at or timezone.now()
    if rhythm is not None and rhythm not in SENT_RHYTHMS:
        raise ValueError(f"No digest is sent for the rhythm {str(rhythm)!r}")
    rhythms = [rhythm] if rhythm else due_rhythms(at)
    report = Report()
    if not rhythms:
        return report
    if communities is None:
        communities = Community.objects.filter(is_archive=False).order_by("pk")
    for community in communities:
        for each in rhythms:
            part = send_community_digest(community, each, at=at, batch_size=batch_size)
            report.add(part)
            if part.stopped:
                return report
    return report


def _members(community: Community, rhythm: str, run: DigestRun, *, after: int, size: int):
    """The next batch of members (by membership id) who chose this rhythm and have no
    delivery in this run, or a failed one to retry; with the date of their last digest."""
    chosen = MailPreference.objects.filter(community=community, user=OuterRef("user_id")).values(
        "digest"
    )[:1]
    done = DigestDelivery.objects.filter(run=run, user=OuterRef("user_id")).exclude(
        state=DeliveryState.FAILED, attempts__lt=MAX_ATTEMPTS
    )
    last = (
        DigestDelivery.objects.filter(
            community=community, user=OuterRef("user_id"), state=DeliveryState.SENT
        )
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    return list(
        Membership.objects.filter(
            community=community, state=MembershipState.ACTIVE, user__is_active=True, pk__gt=after
        )
        # The placeholder address of an imported account nobody has claimed (RFC 2606).
        .exclude(user__email__iendswith=".invalid")
        .annotate(rhythm=Coalesce(Subquery(chosen), Value(DEFAULT_RHYTHM)))
        .filter(rhythm=rhythm)
        .filter(~Exists(done))
        .annotate(last_digest_at=Subquery(last))
        .order_by("pk")
        .values_list(
            "pk", "user_id", "user__email", "user__name", "user__language", "last_digest_at"
        )[:size]
    )


def send_community_digest(
    community: Community, rhythm: str, *, at: datetime, batch_size: int = BATCH_SIZE
) -> Report:
    report = Report()
    run, _created = DigestRun.objects.get_or_create(
        community=community,
        rhythm=rhythm,
        period=period_of(rhythm, at),
        defaults={"started_at": at},
    )
    if run.finished_at is not None:
        return report  # every member was reached this period
    earliest = at - LOOKBACK[rhythm]
    news: CommunityNews | None = None
    renderer = DigestRenderer(community, rhythm)
    token = new_claim()
    owner = {"run": run}
    # A digest is "as of `at`": what happens during the run goes in the next one.
    mailer = Mailer(DigestDelivery, owner=owner, sent_at=at)
    after = 0
    try:
        while True:
            rows = _members(community, rhythm, run, after=after, size=batch_size)
            if not rows:
                break
            after = rows[-1][0]
            if news is None:
                news = CommunityNews(community, at=at, earliest=earliest, ahead=LOOKBACK[rhythm])
            facts = news.facts([row[1] for row in rows])
            digests = []
            for _pk, user_id, email, name, language, last in rows:
                since = max(last, earliest) if last else earliest
                digest = news.digest_for(Member(user_id, email, name, language, since), facts)
                if digest.is_empty():
                    report.skipped += 1
                else:
                    digests.append(digest)
            mine = claim(
                DigestDelivery,
                owner=owner,
                user_ids=[d.member.user_id for d in digests],
                token=token,
                at=at,
                extra={"community": community},
            )
            items = [
                renderer.message(d, facts.zone(d.member.user_id))
                for d in digests
                if d.member.user_id in mine
            ]
            report.add(mailer.send(items))
            if report.stopped:
                break
    finally:
        report.add(mailer.finish())
    _close(run, at=at, stopped=report.stopped)
    return report


def _close(run: DigestRun, *, at: datetime, stopped: bool) -> None:
    counts = run.deliveries.aggregate(
        sent=Count("pk", filter=Q(state=DeliveryState.SENT)),
        failed=Count("pk", filter=Q(state=DeliveryState.FAILED)),
        retry=Count("pk", filter=Q(state=DeliveryState.FAILED, attempts__lt=MAX_ATTEMPTS)),
        bounced=Count("pk", filter=Q(state=DeliveryState.BOUNCED)),
    )
    finished = at if not stopped and not counts["retry"] else None
    DigestRun.objects.filter(pk=run.pk).update(
        sent=counts["sent"],
        failed=counts["failed"],
        bounced=counts["bounced"],
        finished_at=finished,
    )
