"""The animators set their community's pre-moderation and trust rules."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community
from cercle.discussions.models import Category
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation.actions.common import locked_membership, now_or
from cercle.moderation.models import ModerationSettings

FIELDS = (
    "premoderate_first_posts",
    "trust_after_posts",
    "trust_after_days",
    "new_posts_per_day",
    "new_links_per_post",
    "new_attachments_per_post",
    "new_invitations_per_day",
    "posts_per_hour",
)


@transaction.atomic
def set_rules(
    *,
    community: Community,
    by: User,
    values: dict,
    premoderated_categories: Iterable[Category] = (),
    at: datetime | None = None,
) -> ModerationSettings:
    at = now_or(at)
    perms.check_can_set_rules(locked_membership(community, by))
    categories = list(premoderated_categories)
    if any(category.community_id != community.pk for category in categories):
        raise Refused(_("This category belongs to another community."))
    rules, _created = ModerationSettings.objects.select_for_update().get_or_create(
        community=community
    )
    for name in FIELDS:
        if name in values:
            setattr(rules, name, values[name])
    rules.updated_at = at
    rules.save()
    rules.premoderated_categories.set(categories)
    record(
        community=community,
        actor=by,
        verb=Verb.CHANGED_MODERATION_SETTINGS,
        object_kind=ObjectKind.COMMUNITY,
        object_id=community.pk,
        at=at,
    )
    return rules
