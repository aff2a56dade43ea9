"""Who may compose, send and read newsletters.

Composing and sending is for the community's animators and co-animators. The archive of sent
newsletters reads like the community's content: anyone for a public community, its members
otherwise (get_community_access already hides hidden communities from outsiders). A newsletter
not sent yet exists only for those who may compose it.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from cercle.communities.models import Membership, Role
from cercle.communities.permissions import CommunityAccess
from cercle.lib.errors import Refused

from .models import Newsletter, NewsletterStatus

COMPOSE = Role.CO_ANIMATOR


def can_compose(membership: Membership | None) -> bool:
    return membership is not None and membership.has_role(COMPOSE)


def check_can_compose(membership: Membership | None) -> None:
    if not can_compose(membership):
        raise Refused(_("Newsletters are written by the community's animators."))


def check_can_read(access: CommunityAccess, newsletter: Newsletter | None) -> Newsletter:
    """The newsletter as this reader may see it, or 404: another community's, one not sent
    yet (to those who may not compose it), or a community whose content they cannot read."""
    if (
        newsletter is None
        or newsletter.community_id != access.community.pk
        or not access.can_read_content
    ):
        raise Http404(_("There is no such newsletter in this community."))
    if newsletter.status != NewsletterStatus.SENT and not can_compose(access.membership):
        raise Http404(_("There is no such newsletter in this community."))
    return newsletter


def check_editable(newsletter: Newsletter) -> None:
    if not newsletter.is_editable:
        raise Refused(_("This newsletter has been sent: it can no longer be changed."))
