from django.db import transaction
from django.utils import timezone

from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Membership, MembershipState
from cercle.members.models import Profile, Tag


@transaction.atomic
def update_profile(
    *, profile: Profile, fields: dict, skills: list[str], interests: list[str], at=None
) -> Profile:
    """Save a profile and tell each of the person's communities (the cockpit counts complete
    profiles, and animators see who just introduced themselves)."""
    for name, value in fields.items():
        setattr(profile, name, value)
    at = at or timezone.now()
    profile.updated_at = at
    profile.save()
    profile.skills.set(Tag.for_names(skills))
    profile.interests.set(Tag.for_names(interests))
    for membership in Membership.objects.filter(
        user=profile.user, state=MembershipState.ACTIVE
    ).select_related("community"):
        record(
            community=membership.community,
            actor=profile.user,
            verb=Verb.UPDATED_PROFILE,
            object_kind=ObjectKind.USER,
            object_id=profile.user_id,
            at=at,
        )
    return profile
