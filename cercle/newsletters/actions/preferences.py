"""Writes of a member's mail choices: the settings page, and the one-click unsubscribe."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cercle.communities.models import Membership

from ..models import MailKind, MailPreference, Rhythm
from ..tokens import Unsubscribe


@transaction.atomic
def set_preferences(
    *, user, choices: dict[int, tuple[str, bool]], at: datetime | None = None
) -> None:
    """`choices`: community id -> (digest rhythm, newsletters wanted), for communities the
    member belongs to (others are ignored)."""
    at = at or timezone.now()
    theirs = set(
        Membership.objects.filter(user=user, community_id__in=list(choices)).values_list(
            "community_id", flat=True
        )
    )
    for community_id, (rhythm, newsletter) in choices.items():
        if community_id not in theirs or rhythm not in Rhythm.values:
            continue
        MailPreference.objects.update_or_create(
            user=user,
            community_id=community_id,
            defaults={"digest": rhythm, "newsletter": newsletter, "updated_at": at},
        )


def unsubscribe(*, what: Unsubscribe, at: datetime | None = None) -> bool:
    """Stop one kind of mail from one community for one member (from a signed token). Returns
    False when there is nothing to stop (the account or the community is gone). Repeating it
    changes nothing."""
    at = at or timezone.now()
    from cercle.accounts.models import User
    from cercle.communities.models import Community

    if not (
        User.objects.filter(pk=what.user_id).exists()
        and Community.objects.filter(pk=what.community_id).exists()
    ):
        return False
    field = {MailKind.DIGEST: ("digest", Rhythm.NEVER), MailKind.NEWSLETTER: ("newsletter", False)}
    name, value = field[what.kind]
    MailPreference.objects.update_or_create(
        user_id=what.user_id,
        community_id=what.community_id,
        defaults={name: value, "updated_at": at},
    )
    return True
