"""Who may read and write what in discussions.

Reading is decided per community by `get_community_access` (hidden communities 404 for
outsiders, public ones are readable by anyone, others by their members), then per topic by
`check_can_read`. Writing is decided on the person's membership: the `check_can_*` functions
raise `Refused` with a message for the person, and the actions call them inside their
transaction, so a view cannot forget them. Views use `can()` to decide which buttons to show.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cercle.communities.models import Membership, MembershipState, Role
from cercle.communities.permissions import CommunityAccess
from cercle.discussions.models import Attachment, Post, Topic, TopicKind
from cercle.lib.errors import Refused

# Who does what, by community role.
MODERATE = Role.MODERATOR  # close, reopen, delete others' posts, restore
ANIMATE = Role.CO_ANIMATOR  # announcements, debates, idea status, accept any answer


def membership_of(community, user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(community=community, user=user).first()


def check_can_read(access: CommunityAccess, topic: Topic) -> None:
    """A topic of another community, or a deleted one, does not exist for this reader.

    Moderators still see deleted topics, so that they can restore them.
    """
    if topic.community_id != access.community.pk or not access.can_read_content:
        raise Http404(_("There is no such topic in this community."))
    if topic.deleted_at is not None and not access.has_role(MODERATE):
        raise Http404(_("This topic was deleted."))


def check_can_take_part(membership: Membership | None) -> None:
    """Only active members write: not outsiders, applicants, people who left or suspended,
    nor members the moderators have silenced (they still read)."""
    if membership is not None and membership.state == MembershipState.ACTIVE:
        check_not_silenced(membership)
        check_not_archive(membership.community)
        return
    state = membership.state if membership is not None else None
    if state == MembershipState.PENDING:
        raise Refused(
            _(
                "Your request to join is waiting for an animator: you can take part once it "
                "is approved."
            )
        )
    if state == MembershipState.LEFT:
        raise Refused(_("You have left this community: join it again to take part."))
    if state == MembershipState.SUSPENDED:
        raise Refused(
            _("Your membership of this community is suspended: you cannot take part for now.")
        )
    raise Refused(_("Only members of this community can take part. Join it first."))


def check_not_silenced(membership: Membership) -> None:
    """A member silenced by the moderators (cercle.moderation) reads but does not write, react
    or vote. Their standing comes with the membership from `get_community_access` (no query
    on pages); the actions, which fetch the membership themselves, read it with one query."""
    try:
        standing = membership.standing
    except ObjectDoesNotExist:
        return
    if standing is None or not standing.is_silenced():
        return
    if standing.silenced_until is None:
        raise Refused(
            _(
                "The moderators have silenced you in this community until further notice: you "
                "can read, but not write, react or vote."
            )
        )
    raise Refused(
        _(
            "The moderators have silenced you in this community until %(date)s: you can read, "
            "but not write, react or vote."
        )
        % {"date": _when(standing.silenced_until)}
    )


def check_not_archive(community) -> None:
    """An imported archive (`cercle import --archive`) is read and searched; nobody posts,
    replies, reacts, votes or edits there. Pages have the community with the membership (no
    query); the actions read it with one query."""
    if community.is_archive:
        raise Refused(
            _(
                "This community is a read-only archive: you can read and search it, but "
                "nobody posts, replies, reacts or votes here."
            )
        )


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def check_can_post(membership: Membership | None, *, kind: str) -> None:
    """Start a topic of this kind."""
    check_can_take_part(membership)
    if kind not in TopicKind.values:
        raise Refused(_("Choose what kind of topic this is."))
    if kind == TopicKind.ANNOUNCEMENT and not membership.has_role(ANIMATE):
        raise Refused(_("Only animators can publish announcements."))
    if kind == TopicKind.DEBATE and not membership.has_role(ANIMATE):
        raise Refused(_("Debates are opened and framed by the animators. Start a discussion."))


def check_topic_open(topic: Topic) -> None:
    if topic.deleted_at is not None:
        raise Refused(_("This topic was deleted: it no longer takes replies or votes."))
    if topic.closed_at is not None:
        raise Refused(_("This topic is closed: it no longer takes replies or votes."))


def check_can_reply(membership: Membership | None, topic: Topic) -> None:
    check_can_take_part(membership)
    check_topic_open(topic)


def check_can_edit(membership: Membership | None, post: Post) -> None:
    check_can_take_part(membership)
    is_moderator = membership.has_role(MODERATE)
    if post.author_id != membership.user_id and not is_moderator:
        raise Refused(_("You can only edit your own messages."))
    if post.deleted_at is not None:
        raise Refused(_("This message was deleted: it can no longer be edited."))
    if post.topic.deleted_at is not None or (post.topic.closed_at and not is_moderator):
        raise Refused(_("This topic is closed: its messages can no longer be edited."))


def check_can_delete(membership: Membership | None, post: Post) -> None:
    check_can_take_part(membership)
    if post.author_id != membership.user_id and not membership.has_role(MODERATE):
        raise Refused(_("You can only delete your own messages."))
    if post.deleted_at is not None:
        raise Refused(_("This message is already deleted."))


def check_can_moderate(membership: Membership | None) -> None:
    """Close and reopen topics, restore deleted messages."""
    check_can_take_part(membership)
    if not membership.has_role(MODERATE):
        raise Refused(_("Only moderators and animators can do this."))


def check_can_animate(membership: Membership | None) -> None:
    """Set an idea's status, manage categories."""
    check_can_take_part(membership)
    if not membership.has_role(ANIMATE):
        raise Refused(_("Only animators can do this."))


def check_can_accept_answer(membership: Membership | None, topic: Topic) -> None:
    check_can_take_part(membership)
    if topic.kind != TopicKind.QUESTION:
        raise Refused(_("Only questions have an accepted answer."))
    if topic.author_id != membership.user_id and not membership.has_role(ANIMATE):
        raise Refused(_("Only the person who asked, or an animator, can accept an answer."))
    if topic.deleted_at is not None:
        raise Refused(_("This topic was deleted."))


def check_can_see_attachment(access: CommunityAccess, attachment: Attachment) -> None:
    """A file exists for a reader only where they may see it: on a post of a topic they may
    read, the post not deleted (unless they moderate); or in their own draft. Never a 403,
    which would confirm that it exists."""
    if attachment.community_id != access.community.pk:
        raise Http404(_("There is no such file."))
    if attachment.post_id is not None:
        post = attachment.post
        check_can_read(access, post.topic)
        if post.deleted_at is not None and not access.has_role(MODERATE):
            raise Http404(_("This message was deleted."))
        return
    user_id = getattr(access.user, "pk", None)
    if attachment.draft is None or user_id is None or attachment.draft.user_id != user_id:
        raise Http404(_("There is no such file."))


def can(check: Callable[..., None], *args, **kwargs) -> bool:
    try:
        check(*args, **kwargs)
    except Refused:
        return False
    return True


@dataclass(frozen=True)
class TopicRights:
    """What the reader of a topic page may do there, computed once for the template."""

    reply: bool
    moderate: bool
    animate: bool
    accept: bool
    vote: bool
    user_id: int | None

    def can_edit(self, post: Post) -> bool:
        return not post.is_deleted and (
            self.moderate or (self.reply and post.author_id == self.user_id)
        )

    def can_delete(self, post: Post) -> bool:
        return not post.is_deleted and (
            self.moderate or (self.user_id is not None and post.author_id == self.user_id)
        )


def topic_rights(membership: Membership | None, topic: Topic) -> TopicRights:
    active = membership is not None and membership.is_active
    return TopicRights(
        reply=can(check_can_reply, membership, topic),
        moderate=active and membership.has_role(MODERATE),
        animate=active and membership.has_role(ANIMATE),
        accept=can(check_can_accept_answer, membership, topic),
        vote=can(check_can_reply, membership, topic),
        user_id=membership.user_id if active else None,
    )
