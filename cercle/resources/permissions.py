"""Who may read and write the library.

Reading follows the community: get_community_access 404s hidden communities for outsiders,
public communities' library is readable by anyone, the others' by their members; a deleted
resource or page does not exist for readers (moderators still see it, to restore it).

Writing (share, comment, write the wiki) is for active members who may take part — not those
silenced, and nobody in a read-only archive — as for discussions (check_can_take_part).
A resource or a comment is changed or deleted by its author or by the moderators; featuring is
for the animators; deleting a wiki page, for the moderators (its versions stay restorable).
"""

from django.http import Http404
from django.utils.translation import gettext as _

from cercle.communities.models import Membership, Role
from cercle.communities.permissions import CommunityAccess
from cercle.discussions.permissions import check_can_take_part
from cercle.lib.errors import Refused
from cercle.resources.models import Resource, ResourceComment, WikiPage

MODERATE = Role.MODERATOR
FEATURE = Role.CO_ANIMATOR

__all__ = ["check_can_take_part"]


def check_can_read(access: CommunityAccess, item: Resource | WikiPage | None):
    if item is None or item.community_id != access.community.pk or not access.can_read_content:
        raise Http404(_("There is no such page in this community's library."))
    if item.deleted_at is not None and not access.has_role(MODERATE):
        raise Http404(_("This was deleted."))
    return item


def check_can_change(membership: Membership | None, resource: Resource) -> None:
    check_can_take_part(membership)
    if resource.is_deleted:
        raise Refused(_("This resource was deleted."))
    if resource.shared_by_id != membership.user_id and not membership.has_role(MODERATE):
        raise Refused(_("Only the person who shared it, or a moderator, can change it."))


def check_can_delete_comment(membership: Membership | None, comment: ResourceComment) -> None:
    check_can_take_part(membership)
    if comment.author_id != membership.user_id and not membership.has_role(MODERATE):
        raise Refused(_("Only its author, or a moderator, can delete a comment."))


def check_can_feature(membership: Membership | None) -> None:
    check_can_take_part(membership)
    if not membership.has_role(FEATURE):
        raise Refused(_("Resources are featured by the animators."))


def check_can_delete_page(membership: Membership | None) -> None:
    check_can_take_part(membership)
    if not membership.has_role(MODERATE):
        raise Refused(_("Wiki pages are deleted by the moderators."))


def can(check, *args, **kwargs) -> bool:
    try:
        check(*args, **kwargs)
    except Refused:
        return False
    return True
