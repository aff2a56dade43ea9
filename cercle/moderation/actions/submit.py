"""What a member writes through Cercle's forms: checked against the community's trust rules
and spam defences (cercle.moderation.trust), then published through cercle.discussions.actions,
or held for approval when pre-moderation applies (cercle.moderation.actions.premoderation).

The discussions views call `reply` and `start_topic` here rather than the discussions actions:
those stay the raw writes, which imports, the demo and the approval itself use. Both return
what was published (a Post, a Topic) or the PendingPost that waits.
"""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.communities.models import Community, Group, Membership, Role
from cercle.discussions import actions as discussions
from cercle.discussions import permissions as discussion_perms
from cercle.discussions.models import Category, Post, Side, Topic, TopicKind
from cercle.lib.errors import Refused
from cercle.moderation import trust
from cercle.moderation.actions.common import now_or
from cercle.moderation.actions.premoderation import hold
from cercle.moderation.models import HoldReason, ModerationSettings, PendingPost


def _membership(community: Community | int, user: User) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.select_related("community", "standing")
        .filter(community=community, user=user)
        .first()
    )


def hold_reason(
    membership: Membership, rules: ModerationSettings, *, category_id: int | None
) -> str | None:
    """Why this member's message must wait for approval, or None. Moderators and animators
    are never held."""
    if membership.has_role(Role.MODERATOR):
        return None
    if category_id is not None and category_id in rules.premoderated_category_ids():
        return HoldReason.CATEGORY
    if (
        rules.premoderate_first_posts
        and trust.published_count(membership) < rules.premoderate_first_posts
    ):
        return HoldReason.FIRST_POSTS
    return None


def _attachment_count(extra: dict) -> int:
    """Files waiting in the composer's draft (cercle.discussions drafts), if any."""
    draft = extra.get("draft")
    return draft.attachments.count() if draft is not None else 0


def _take_draft(extra: dict) -> None:
    """A message held for approval takes the text of the member's draft, which goes; a draft
    with files cannot wait (files belong to a draft or a post), so it is refused, the draft
    kept. Any other extra argument of the discussions actions is refused likewise."""
    extra = dict(extra)
    draft = extra.pop("draft", None)
    if (draft is not None and draft.attachments.exists()) or any(extra.values()):
        raise Refused(
            _(
                "Your messages wait for a moderator's approval, and a message waiting cannot "
                "carry attached files yet: send it without them, your draft is kept."
            )
        )
    if draft is not None:
        draft.delete()


@transaction.atomic
def reply(
    *,
    topic: Topic,
    author: User,
    body: str,
    reply_to: Post | None = None,
    side: str = "",
    at: datetime | None = None,
    **extra,
) -> Post | PendingPost:
    at = now_or(at)
    membership = _membership(topic.community_id, author)
    discussion_perms.check_can_reply(membership, topic)
    rules = ModerationSettings.of(topic.community_id)
    trust.check_can_submit(
        membership, body=body, rules=rules, at=at, attachments=_attachment_count(extra)
    )
    why = hold_reason(membership, rules, category_id=topic.category_id)
    if why is None:
        return discussions.reply(
            topic=topic, author=author, body=body, reply_to=reply_to, side=side, at=at, **extra
        )
    _take_draft(extra)
    # What discussions.actions.reply would refuse, refused now rather than at approval.
    body = discussions._clean_body(body)
    if reply_to is not None:
        if reply_to.topic_id != topic.pk:
            raise Refused(_("You can only answer a message of this topic."))
        if reply_to.deleted_at is not None:
            raise Refused(_("This message was deleted: answer the topic instead."))
    if topic.kind == TopicKind.DEBATE:
        side = side or Side.NEUTRAL
        if side not in (Side.FOR, Side.AGAINST, Side.NEUTRAL):
            raise Refused(_("Choose a side: for, against, or neutral."))
    elif side:
        raise Refused(_("Only debates have sides."))
    return hold(
        membership=membership,
        why=why,
        body=body,
        topic=topic,
        data={"reply_to": reply_to.pk if reply_to is not None else None, "side": side},
        at=at,
    )


@transaction.atomic
def start_topic(
    *,
    community: Community,
    author: User,
    kind: str,
    title: str,
    body: str,
    category: Category | None = None,
    group: Group | None = None,
    tags: Sequence[str] = (),
    framing: str = "",
    poll: discussions.PollSpec | None = None,
    at: datetime | None = None,
    **extra,
) -> Topic | PendingPost:
    at = now_or(at)
    membership = _membership(community, author)
    discussion_perms.check_can_post(membership, kind=kind)
    rules = ModerationSettings.of(community)
    trust.check_can_submit(
        membership, body=body, rules=rules, at=at, attachments=_attachment_count(extra)
    )
    why = hold_reason(membership, rules, category_id=category.pk if category else None)
    if why is None:
        return discussions.start_topic(
            community=community,
            author=author,
            kind=kind,
            title=title,
            body=body,
            category=category,
            group=group,
            tags=tags,
            framing=framing,
            poll=poll,
            at=at,
            **extra,
        )
    _take_draft(extra)
    title = discussions._clean_title(title)
    body = discussions._clean_body(body)
    if category is not None and category.community_id != community.pk:
        raise Refused(_("This category belongs to another community."))
    if group is not None and group.community_id != community.pk:
        raise Refused(_("This group belongs to another community."))
    tags = [name.strip() for name in tags if name.strip()]
    if len(tags) > discussions.MAX_TAGS:
        raise Refused(_("A topic has at most %(n)d tags.") % {"n": discussions.MAX_TAGS})
    poll_data = None
    if poll is not None:
        question, labels = discussions._clean_poll(poll, at=at)
        poll_data = {
            "question": question,
            "choices": labels,
            "multiple": poll.multiple,
            "closes_at": poll.closes_at.isoformat() if poll.closes_at else None,
        }
    return hold(
        membership=membership,
        why=why,
        body=body,
        title=title,
        category=category,
        group=group,
        data={
            "kind": kind,
            "tags": tags,
            "framing": framing.strip() if kind == TopicKind.DEBATE else "",
            "poll": poll_data,
        },
        at=at,
    )
