"""What discussions pages show of moderation: the reader's own messages awaiting approval.

`{% awaiting_approval access topic %}` (a topic's page: their replies waiting there) or
`{% awaiting_approval access %}` (the topic list: their new topics waiting). No query at all
unless the reader has messages waiting: their Standing, which counts them, comes with their
membership (see cercle.communities.permissions.get_community_access).
"""

from django import template
from django.core.exceptions import ObjectDoesNotExist

from cercle.moderation import selectors, trust

register = template.Library()


def _has_pending(access) -> bool:
    membership = getattr(access, "membership", None)
    if membership is None:
        return False
    try:
        return membership.standing.pending_count > 0
    except ObjectDoesNotExist:
        return False


@register.inclusion_tag("moderation/_awaiting.html")
def awaiting_approval(access, topic=None) -> dict:
    if not _has_pending(access):
        return {"pending": []}
    if topic is not None:
        pending = selectors.my_pending(access.membership, topic_id=topic.pk)
    else:
        pending = selectors.my_pending(access.membership, new_topics=True)
    return {"pending": list(pending)}


@register.inclusion_tag("moderation/_limits.html")
def trust_limits(access) -> dict:
    """The reader's limits in this community and how they lift (their own profile page)."""
    membership = getattr(access, "membership", None)
    if membership is None or not membership.is_active:
        return {"limits": None}
    return {"limits": trust.limits_for(membership)}
