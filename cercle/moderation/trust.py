"""Trust: what new members may do, and the simple spam defences everyone goes through.

A member is *new* in a community until they have published `trust_after_posts` messages there
(not deleted) AND been a member for `trust_after_days` days; both counts are set per community
by its animators (ModerationSettings; defaults 5 messages and 3 days). While new, a member may
publish `new_posts_per_day` messages a day, with at most `new_links_per_post` links and
`new_attachments_per_post` attached files each, and send `new_invitations_per_day` invitations
a day. An empty limit means no limit. The limits lift by themselves once both counts are
reached: nothing to ask, nobody to wait for.

For everyone (new or not): at most `posts_per_hour` messages an hour, and the same message
twice within DUPLICATE_WINDOW is refused (a double click, a bot). Moderators and animators
are exempt from the limits, not from the duplicate check.

These checks apply to what people send through Cercle's forms (cercle.moderation.actions.
submit and the invitation page); imports and the demo write through the actions directly.
The sign-up form's honeypot field is in cercle.accounts.forms.SignupForm.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cercle.communities.models import Invitation, Membership, Role
from cercle.discussions.models import Post
from cercle.lib.errors import Refused
from cercle.moderation.models import ModerationSettings, PendingPost, PendingState

DUPLICATE_WINDOW = timedelta(minutes=10)
_LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)


def count_links(body: str) -> int:
    return len(_LINK.findall(body or ""))


def _normalised(body: str) -> str:
    return " ".join((body or "").split()).casefold()


@dataclass(frozen=True)
class Limits:
    """One member's limits in one community, and how far they are from lifting them."""

    exempt: bool  # moderators and animators
    is_new: bool
    posts: int  # messages published in the community
    days: int  # days since joining
    rules: ModerationSettings

    @property
    def posts_to_go(self) -> int:
        return max(self.rules.trust_after_posts - self.posts, 0)

    @property
    def days_to_go(self) -> int:
        return max(self.rules.trust_after_days - self.days, 0)

    def applies(self, value: int | None) -> int | None:
        """A new-member limit as it applies to this member (None: no limit)."""
        return value if self.is_new and not self.exempt else None

    @property
    def posts_per_day(self) -> int | None:
        return self.applies(self.rules.new_posts_per_day)

    @property
    def links_per_post(self) -> int | None:
        return self.applies(self.rules.new_links_per_post)

    @property
    def attachments_per_post(self) -> int | None:
        return self.applies(self.rules.new_attachments_per_post)

    @property
    def invitations_per_day(self) -> int | None:
        return self.applies(self.rules.new_invitations_per_day)

    @property
    def posts_per_hour(self) -> int | None:
        return None if self.exempt else self.rules.posts_per_hour


def published_count(membership: Membership) -> int:
    return Post.objects.filter(
        community_id=membership.community_id, author_id=membership.user_id, deleted_at__isnull=True
    ).count()


def limits_for(
    membership: Membership, rules: ModerationSettings | None = None, at: datetime | None = None
) -> Limits:
    rules = rules or ModerationSettings.of(membership.community_id)
    at = at or timezone.now()
    exempt = membership.has_role(Role.MODERATOR)
    joined = membership.joined_at or membership.created_at
    days = max((at - joined).days, 0)
    posts = published_count(membership)
    is_new = posts < rules.trust_after_posts or days < rules.trust_after_days
    return Limits(exempt=exempt, is_new=is_new, posts=posts, days=days, rules=rules)


def _lifts_when(limits: Limits) -> str:
    return _(
        "This limit lifts by itself once you have published %(posts)d messages here and been a "
        "member for %(days)d days."
    ) % {"posts": limits.rules.trust_after_posts, "days": limits.rules.trust_after_days}


def check_can_submit(
    membership: Membership,
    *,
    body: str,
    rules: ModerationSettings | None = None,
    at: datetime | None = None,
    attachments: int = 0,
) -> Limits:
    """Refuse a message (with the reason, and how the limit lifts) that a member may not send
    now. Returns the member's limits."""
    at = at or timezone.now()
    rules = rules or ModerationSettings.of(membership.community_id)
    check_not_duplicate(membership, body=body, at=at)
    limits = limits_for(membership, rules, at)
    if limits.exempt:
        return limits
    check_links(limits, body)
    check_attachments(limits, attachments)
    if limits.posts_per_hour is not None and (
        written_since(membership, at - timedelta(hours=1)) >= limits.posts_per_hour
    ):
        raise Refused(
            _(
                "You have written %(n)d messages in the last hour, the most this community "
                "allows: wait a little before the next one."
            )
            % {"n": limits.posts_per_hour}
        )
    if limits.posts_per_day is not None and (
        written_since(membership, at - timedelta(days=1)) >= limits.posts_per_day
    ):
        raise Refused(
            ngettext(
                "As a new member you can publish %(n)d message a day.",
                "As a new member you can publish %(n)d messages a day.",
                limits.posts_per_day,
            )
            % {"n": limits.posts_per_day}
            + " "
            + _lifts_when(limits)
        )
    return limits


def written_since(membership: Membership, since: datetime) -> int:
    """Messages the member wrote since then: published, or awaiting approval."""
    posts = Post.objects.filter(
        community_id=membership.community_id, author_id=membership.user_id, created_at__gte=since
    ).count()
    # Approved ones are posts now (dated from their approval), refused ones do not count.
    pending = PendingPost.objects.filter(
        community_id=membership.community_id,
        author_id=membership.user_id,
        created_at__gte=since,
        state=PendingState.WAITING,
    ).count()
    return posts + pending


def check_not_duplicate(membership: Membership, *, body: str, at: datetime) -> None:
    """The same text by the same person within DUPLICATE_WINDOW, published or waiting."""
    wanted = _normalised(body)
    if not wanted:
        return
    since = at - DUPLICATE_WINDOW
    bodies = list(
        Post.objects.filter(
            community_id=membership.community_id,
            author_id=membership.user_id,
            created_at__gte=since,
            deleted_at__isnull=True,
        ).values_list("body", flat=True)[:100]
    ) + list(
        PendingPost.objects.filter(
            community_id=membership.community_id,
            author_id=membership.user_id,
            created_at__gte=since,
            state=PendingState.WAITING,
        ).values_list("body", flat=True)[:100]
    )
    if any(_normalised(other) == wanted for other in bodies):
        raise Refused(
            _(
                "You have just sent this same message. If it was meant for another topic, "
                "change it a little; if you do not see it, reload the page."
            )
        )


def check_links(limits: Limits, body: str) -> None:
    """A new member's links per message."""
    if limits.links_per_post is not None and count_links(body) > limits.links_per_post:
        raise Refused(
            ngettext(
                "As a new member you can put %(n)d link in a message.",
                "As a new member you can put up to %(n)d links in a message.",
                limits.links_per_post,
            )
            % {"n": limits.links_per_post}
            + " "
            + _lifts_when(limits)
        )


def check_attachments(limits: Limits, count: int) -> None:
    """For the composer's attached files (cercle.discussions attachments)."""
    if limits.attachments_per_post is not None and count > limits.attachments_per_post:
        raise Refused(
            ngettext(
                "As a new member you can attach %(n)d file to a message.",
                "As a new member you can attach up to %(n)d files to a message.",
                limits.attachments_per_post,
            )
            % {"n": limits.attachments_per_post}
            + " "
            + _lifts_when(limits)
        )


def check_can_edit(
    membership: Membership, *, body: str, attachments: int, at: datetime | None = None
) -> None:
    """An edit may not bring in what the member could not have posted: more links or files
    than a new member's limits allow."""
    limits = limits_for(
        membership, ModerationSettings.of(membership.community_id), at or timezone.now()
    )
    if limits.exempt:
        return
    check_links(limits, body)
    check_attachments(limits, attachments)


def check_can_invite(membership: Membership, count: int, at: datetime | None = None) -> None:
    """Before sending `count` invitations (a shareable link counts as one)."""
    at = at or timezone.now()
    limits = limits_for(membership, at=at)
    limit = limits.invitations_per_day
    if limit is None:
        return
    sent = Invitation.objects.filter(
        community_id=membership.community_id,
        created_by_id=membership.user_id,
        created_at__gte=at - timedelta(days=1),
    ).count()
    if sent + count > limit:
        raise Refused(
            ngettext(
                "As a new member you can send %(n)d invitation a day (%(left)d left today).",
                "As a new member you can send %(n)d invitations a day (%(left)d left today).",
                limit,
            )
            % {"n": limit, "left": max(limit - sent, 0)}
            + " "
            + _lifts_when(limits)
        )
