"""Who may set up rituals: the community's animators and co-animators."""

from django.utils.translation import gettext as _

from cercle.communities.models import Membership, Role
from cercle.discussions.permissions import check_not_archive
from cercle.lib.errors import Refused

MANAGE = Role.CO_ANIMATOR


def check_can_manage(membership: Membership | None) -> None:
    if membership is None or not membership.has_role(MANAGE):
        raise Refused(_("Rituals are set up by the community's animators."))
    check_not_archive(membership.community)
