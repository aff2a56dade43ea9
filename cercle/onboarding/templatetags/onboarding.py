from datetime import timedelta

from django import template
from django.utils import timezone

from cercle.onboarding.checklist import NEWCOMER_DAYS

register = template.Library()


@register.filter
def is_newcomer(membership) -> bool:
    """Joined in the last months (no query: the membership is already on the page)."""
    joined = getattr(membership, "joined_at", None)
    return bool(
        joined
        and getattr(membership, "is_active", False)
        and joined >= timezone.now() - timedelta(days=NEWCOMER_DAYS)
    )


@register.simple_tag
def introduction_topic(community):
    from cercle.rituals.selectors import current_introduction_topic

    return current_introduction_topic(community)
