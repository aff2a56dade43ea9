"""Who may see and do what in a community. Views fetch communities only through
`get_community_access`, so visibility and membership are checked in one place."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from cercle.communities.models import (
    Community,
    Membership,
    MembershipState,
    Role,
    Visibility,
)
from cercle.discussions import generation
from cercle.lib.errors import Refused


@dataclass
class CommunityAccess:
    """A person's standing in one community, fetched once per request."""

    community: Community
    membership: Membership | None
    user: object

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def role(self) -> int:
        return self.membership.role if self.is_member else 0

    def has_role(self, role: int) -> bool:
        return self.is_member and self.role >= role

    @property
    def can_read_content(self) -> bool:
        """Discussions, directory-free content: public communities are readable by anyone."""
        return self.community.visibility == Visibility.PUBLIC or self.is_member

    @property
    def can_manage(self) -> bool:
        return self.has_role(Role.CO_ANIMATOR)

    @property
    def can_invite(self) -> bool:
        return self.is_member and self.role >= self.community.invite_policy

    @property
    def state(self) -> str | None:
        return self.membership.state if self.membership else None


def get_community_access(user, slug: str) -> CommunityAccess:
    """The community at this address as this user may see it, or 404.

    A hidden community does not exist for those who are not in it (not even a 403 that would
    confirm it exists). The community and the membership are read on every page: they are
    kept while the database does not change (cercle.discussions.generation), each request
    getting its own copies.
    """
    community = generation.shared(
        ("community", slug), lambda: Community.objects.filter(slug=slug).first()
    )
    if community is None:
        raise Http404(_("There is no community at this address."))
    community = generation.own_copy(community)
    membership = None
    if user.is_authenticated:
        membership = generation.personal(
            ("membership", community.pk, user.pk),
            lambda: (
                Membership.objects.filter(community=community, user=user)
                # The moderation standing (silenced, suspended until...) in the same query:
                # the discussions' permission checks read it on every page.
                .select_related("standing")
                .first()
            ),
        )
        if membership is not None:
            membership = generation.own_copy(membership)
            membership.community = community  # avoid a query when templates follow it
            if membership.state == MembershipState.SUSPENDED:
                # A suspension lifts by itself once its end date has passed.
                from cercle.moderation.actions.suspend import lift_if_over

                membership = lift_if_over(membership)
    if community.visibility == Visibility.HIDDEN and not (
        (membership is not None and membership.state != MembershipState.DECLINED)
        or getattr(user, "is_staff", False)
    ):
        raise Http404(_("There is no community at this address."))
    return CommunityAccess(community=community, membership=membership, user=user)


def check_can_invite(membership: Membership) -> None:
    if not membership.is_active:
        raise Refused(_("Only members can invite people."))
    if membership.role < membership.community.invite_policy:
        raise Refused(_("In this community, invitations are sent by the animation team."))


def check_role(access: CommunityAccess, role: int) -> None:
    if not access.has_role(role):
        raise PermissionDenied(_("This page is for the community's animators."))
