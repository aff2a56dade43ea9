"""`cercle demo`: three French communities with a year of history, to try Cercle."""

import argparse
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from cercle.accounts.models import User
from cercle.communities.models import Community
from cercle.demo import data
from cercle.demo.generator import (
    DEFAULT_SEED,
    DEMO_SLUGS,
    PARIS,
    DemoBuilder,
    Summary,
    default_anchor,
)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-03-31") from None


def _scale(value: str) -> float:
    scale = float(value)
    if not 0 < scale <= 3:
        raise argparse.ArgumentTypeError("the scale is between 0 and 3 (1 is about 150 people)")
    return scale


class Command(BaseCommand):
    help = (
        "Load the demo: three French communities of practice, about 150 members and twelve "
        "months of history, built through Cercle's own actions."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any community exists (for a start script run every time).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Same seed, same people and history (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--as-of",
            type=_day,
            help="The last day of the history, YYYY-MM-DD (default today; history ends at "
            "09:00 Paris time that day).",
        )
        parser.add_argument(
            "--scale",
            type=_scale,
            default=1.0,
            help="Multiply the number of generated members (default 1).",
        )

    def handle(self, *args, if_empty: bool, seed: int, as_of, scale: float, **options) -> None:
        if if_empty and Community.objects.exists():
            self.stdout.write("Communities already exist: the demo is not loaded.")
            return
        taken = list(Community.objects.filter(slug__in=DEMO_SLUGS).values_list("name", flat=True))
        if taken:
            raise CommandError(
                f"The demo is already loaded ({', '.join(taken)}). Use a fresh database, or "
                "--if-empty to skip it quietly."
            )
        if User.objects.filter(email__endswith=f"@{data.DEMO_DOMAIN}").exists():
            raise CommandError(
                f"Accounts @{data.DEMO_DOMAIN} exist without the demo's communities: delete "
                "them, or use a fresh database."
            )
        if isinstance(as_of, str):  # call_command("demo", as_of="2026-03-31")
            as_of = _day(as_of)
        today = timezone.localdate(timezone=PARIS)
        if as_of and as_of > today:
            raise CommandError("--as-of cannot be in the future: history is what happened.")

        started = time.monotonic()
        builder = DemoBuilder(seed=seed, anchor=default_anchor(as_of or today), scale=scale)
        # The year's invitations and decisions are history, not mail to send.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            summary = builder.build()
        self._report(summary, builder, time.monotonic() - started)

    def _report(self, s: Summary, builder: DemoBuilder, seconds: float) -> None:
        site, write = settings.SITE_URL, self.stdout.write
        first, last = (timezone.localtime(t, PARIS) for t in (s.first_event, s.last_event))
        write(
            self.style.SUCCESS(
                f"Demo loaded in {seconds:.1f} s: {len(s.communities)} communities, {s.people} "
                f"people, {s.events} activity events from {first:%d/%m/%Y} to {last:%d/%m/%Y}."
            )
        )
        for count in s.communities:
            extra = []
            if count.requests:
                extra.append(f"{count.requests} join requests waiting")
            if count.charter_waiting:
                extra.append(f"{count.charter_waiting} members to accept the new charter")
            write(
                f"  {count.community.name}: {count.members} members, {count.groups} groups, "
                f"{count.topics} topics, {count.posts} messages"
                + "".join(f", {e}" for e in extra)
                + f" - {site}{count.community.get_absolute_url()}"
            )
        write(
            f"  {s.memberships} memberships (some people are in two communities), "
            f"{s.group_memberships} in groups; {s.requests_declined} request declined, "
            f"{s.left} members left."
        )
        write(
            f"  Invitations: {s.invitations_by_email} by email ({s.invitations_accepted} "
            f"accepted, {s.invitations_pending} pending, {s.invitations_expired} expired, "
            f"{s.invitations_revoked} withdrawn) and {s.links} shared links."
        )
        kinds = ", ".join(f"{n} {kind}s" for kind, n in sorted(s.topics.items()))
        write(
            f"  Discussions: {sum(s.topics.values())} topics ({kinds}), {s.replies} replies, "
            f"{s.reactions} reactions, {s.votes} votes."
        )
        animator = next(p for p in builder.people if p.email == data.ANIMATOR_EMAIL)
        member = next(p for p in builder.people if p.email == data.MEMBER_EMAIL)
        animated = next(c["name"] for c in data.COMMUNITIES if animator.roles.get(c["slug"]))
        write("")
        write(self.style.SUCCESS(f"Open {site}/ and log in as:"))
        write(f"  animator  {animator.email}  ({animator.name}, animates {animated})")
        write(f"  member    {member.email}  ({member.name}, member of two communities)")
        write(f"  password  {data.DEMO_PASSWORD}  (the same for every demo account)")
