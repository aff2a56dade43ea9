"""Every write to discussions goes through these actions.

Each takes keyword-only arguments, runs in one transaction, checks its permission with
cercle.discussions.permissions (raising Refused with a message for the person before anything
is saved), keeps the topic's denormalised counters right, and records its activity event
(posted, replied with the post's parent, reacted, accepted an answer, voted).

Drafts are the exception: private to their author, they are not community activity and
record no event.
"""

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Group, Membership, MembershipState
from cercle.discussions import permissions as perms
from cercle.discussions import search
from cercle.discussions.models import (
    Attachment,
    Category,
    Draft,
    IdeaStatus,
    IdeaVote,
    Mention,
    Poll,
    PollChoice,
    PollVote,
    Post,
    PostRevision,
    Reaction,
    ReactionKind,
    Side,
    Topic,
    TopicKind,
)
from cercle.lib.errors import Refused
from cercle.lib.markdown import render_markdown
from cercle.lib.uploads import CheckedFile, check_attachment
from cercle.members.models import Tag
from cercle.notifications import actions as notify

MAX_TITLE_CHARS = 200
MAX_BODY_CHARS = 50_000
MAX_TAGS = 5
MAX_POLL_CHOICES = 20
MAX_MENTIONS = 30


@dataclass
class PollSpec:
    """A poll to open with a topic."""

    question: str
    choices: list[str] = field(default_factory=list)
    multiple: bool = False
    closes_at: datetime | None = None


# --- Validation -----------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Refused(_("Give the topic a title."))
    if len(title) > MAX_TITLE_CHARS:
        raise Refused(_("A title has at most %(n)d characters.") % {"n": MAX_TITLE_CHARS})
    return title


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise Refused(_("Write a message first."))
    if len(body) > MAX_BODY_CHARS:
        raise Refused(
            _("A message has at most %(n)d characters: split it in several.")
            % {"n": MAX_BODY_CHARS}
        )
    return body


def _clean_poll(spec: PollSpec, *, at: datetime) -> tuple[str, list[str]]:
    question = " ".join((spec.question or "").split())
    if not question:
        raise Refused(_("Give the poll a question."))
    if len(question) > 200:
        raise Refused(_("A poll's question has at most 200 characters."))
    labels = []
    for raw in spec.choices:
        label = " ".join((raw or "").split())
        if len(label) > 200:
            raise Refused(_("A poll's answer has at most 200 characters."))
        if label and label.casefold() not in {seen.casefold() for seen in labels}:
            labels.append(label)
    if len(labels) < 2:
        raise Refused(_("A poll needs at least two different answers."))
    if len(labels) > MAX_POLL_CHOICES:
        raise Refused(_("A poll has at most %(n)d answers.") % {"n": MAX_POLL_CHOICES})
    if spec.closes_at is not None and spec.closes_at <= at:
        raise Refused(_("A poll's closing date must be in the future."))
    return question, labels


def _tags(names: Sequence[str]) -> list[Tag]:
    names = [name for name in names if name.strip()]
    if len(names) > MAX_TAGS:
        raise Refused(_("A topic has at most %(n)d tags.") % {"n": MAX_TAGS})
    return Tag.for_names(names)


def _locked_membership(community: Community | int, user: User | AnonymousUser) -> Membership | None:
    """The person's membership, locked so that leaving and posting cannot cross."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.select_for_update().filter(community=community, user=user).first()


# --- Mentions -------------------------------------------------------------------------------

_MENTION = re.compile(r"(?<![\w@.])@(\w[\w.+-]*)")


def _unquoted(body: str) -> str:
    """The text without its quoted lines: quoting a mention must not mention again."""
    return "\n".join(line for line in body.splitlines() if not line.lstrip().startswith(">"))


def find_mentions(
    community: Community | int, body: str, *, exclude_user_id: int | None
) -> list[User]:
    """Members named in the text as @Full Name or @local-part-of-their-email.

    One query, and none when the text has no @: candidates are the active members whose
    name starts with the first word after an @ or whose address starts with it; each is then
    confirmed against the whole name.
    """
    text = " ".join(_unquoted(body).split()).casefold()
    words = {match.group(1).rstrip(".-").casefold() for match in _MENTION.finditer(text)}
    words = {word for word in words if word}
    if not words:
        return []
    wanted = Q()
    for word in list(words)[:MAX_MENTIONS]:
        wanted |= Q(user__name__istartswith=word) | Q(user__email__istartswith=f"{word}@")
    candidates = (
        Membership.objects.filter(community=community, state=MembershipState.ACTIVE)
        .filter(wanted)
        .select_related("user")[:200]
    )
    found = []
    for membership in candidates:
        user = membership.user
        if user.pk == exclude_user_id:
            continue
        handles = [" ".join(user.name.split()).casefold(), user.email.split("@")[0].casefold()]
        for handle in handles:
            if handle and re.search(rf"(?<![\w@.])@{re.escape(handle)}(?![\w])", text):
                found.append(user)
                break
    return found[:MAX_MENTIONS]


def _store_mentions(post: Post, *, at: datetime) -> None:
    users = find_mentions(post.community_id, post.body, exclude_user_id=post.author_id)
    Mention.objects.bulk_create(
        [Mention(post=post, user=user, created_at=at) for user in users],
        ignore_conflicts=True,  # an edit mentions again those already mentioned
    )


# --- Topics and posts -----------------------------------------------------------------------


def _lock_topic(topic: Topic) -> Topic:
    """The topic's row, locked for the transaction, with what the activity event needs."""
    return (
        Topic.objects.select_for_update(of=("self",))
        .select_related("community", "group")
        .get(pk=topic.pk)
    )


def _lock_post(post: Post) -> Post:
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("topic__community", "topic__group")
        .get(pk=post.pk)
    )


def _bump(locked: Topic, *, delta: int, at: datetime | None = None, by: User | None = None) -> None:
    """Keep the topic's denormalised counters (see Topic.post_count) in step. The row is
    locked by the caller."""
    locked.post_count += delta
    fields = ["post_count"]
    if at is not None:
        locked.last_post_at, locked.last_post_by = at, by
        fields += ["last_post_at", "last_post_by"]
    locked.save(update_fields=fields)


def _follow_latest_post(locked: Topic) -> None:
    """After a deletion or a restoration, the topic's latest activity is its latest post
    still shown (a deleted reply must not stay "the last word" in the topic list)."""
    latest = (
        Post.objects.filter(topic=locked, deleted_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values("created_at", "author_id")
        .first()
    )
    if latest is not None:
        locked.last_post_at, locked.last_post_by_id = latest["created_at"], latest["author_id"]
        locked.save(update_fields=["last_post_at", "last_post_by"])


def _copy_counters(locked: Topic, topic: Topic) -> None:
    """Let the caller's instance see the new counters."""
    if topic is not locked:
        topic.post_count = locked.post_count
        topic.last_post_at, topic.last_post_by = locked.last_post_at, locked.last_post_by


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
    poll: PollSpec | None = None,
    draft: Draft | None = None,
    at: datetime | None = None,
) -> Topic:
    """Open a topic with its first post (and its poll, if any). With `draft` (the author's
    draft of a new topic in this community), the draft's files become the post's and the
    draft is deleted."""
    membership = _locked_membership(community, author)
    perms.check_can_post(membership, kind=kind)
    at = at or timezone.now()
    title = _clean_title(title)
    body = _clean_body(body)
    if category is not None and category.community_id != community.pk:
        raise Refused(_("This category belongs to another community."))
    if group is not None and group.community_id != community.pk:
        raise Refused(_("This group belongs to another community."))
    framing = framing.strip() if kind == TopicKind.DEBATE else ""
    poll_data = _clean_poll(poll, at=at) if poll is not None else None
    tag_objects = _tags(tags)
    topic = Topic.objects.create(
        community=community,
        group=group,
        category=category,
        kind=kind,
        title=title,
        author=author,
        created_at=at,
        post_count=1,
        last_post_at=at,
        last_post_by=author,
        framing=framing,
        framing_html=render_markdown(framing) if framing else "",
    )
    post = Post.objects.create(
        topic=topic,
        community=community,
        author=author,
        parent=None,
        body=body,
        body_html=render_markdown(body),
        created_at=at,
    )
    topic.opening_post = post
    topic.save(update_fields=["opening_post"])
    if draft is not None:
        _publish_draft(draft, post=post, author=author, community=community, topic=None)
    search.index_post(post)
    topic.tags.set(tag_objects)
    if poll_data is not None:
        question, labels = poll_data
        new_poll = Poll.objects.create(
            topic=topic,
            question=question,
            multiple=poll.multiple,
            closes_at=poll.closes_at,
            created_at=at,
        )
        PollChoice.objects.bulk_create(
            [PollChoice(poll=new_poll, label=label, position=i) for i, label in enumerate(labels)]
        )
    _store_mentions(post, at=at)
    record(
        community=community,
        group=group,
        actor=author,
        verb=Verb.POSTED,
        object_kind=ObjectKind.POST,
        object_id=post.pk,
        context_id=topic.pk,
        parent_id=None,
        at=at,
    )
    transaction.on_commit(lambda: notify.notify_for_new_topic(topic), robust=True)
    return topic


@transaction.atomic
def reply(
    *,
    topic: Topic,
    author: User,
    body: str,
    reply_to: Post | None = None,
    side: str = "",
    draft: Draft | None = None,
    at: datetime | None = None,
) -> Post:
    """Answer in a topic. The post's parent is `reply_to` (the post answered or quoted), else
    the opening post. Quotes are Markdown ("> ") in the body, written by the client. With
    `draft` (the author's draft in this topic), the draft's files become the post's and the
    draft is deleted."""
    membership = _locked_membership(topic.community_id, author)
    # Locked: a topic closed or deleted while the reply was written refuses it.
    locked = _lock_topic(topic)
    perms.check_can_reply(membership, locked)
    at = at or timezone.now()
    body = _clean_body(body)
    if reply_to is not None:
        # Read again: the message may have been deleted while the reply was written.
        parent = Post.objects.filter(pk=reply_to.pk).values("topic_id", "deleted_at").first()
        if parent is None or parent["topic_id"] != locked.pk:
            raise Refused(_("You can only answer a message of this topic."))
        if parent["deleted_at"] is not None:
            raise Refused(_("This message was deleted: answer the topic instead."))
        parent_id = reply_to.pk
    else:
        parent_id = locked.opening_post_id
    if locked.kind == TopicKind.DEBATE:
        side = side or Side.NEUTRAL
        if side not in (Side.FOR, Side.AGAINST, Side.NEUTRAL):
            raise Refused(_("Choose a side: for, against, or neutral."))
    elif side:
        raise Refused(_("Only debates have sides."))
    post = Post.objects.create(
        topic=locked,
        community_id=locked.community_id,
        author=author,
        parent_id=parent_id,
        body=body,
        body_html=render_markdown(body),
        side=side,
        created_at=at,
    )
    if draft is not None:
        _publish_draft(draft, post=post, author=author, community=locked.community, topic=locked)
    _bump(locked, delta=1, at=at, by=author)
    _copy_counters(locked, topic)
    _store_mentions(post, at=at)
    search.index_post(post)
    record(
        community=locked.community,
        group=locked.group,
        actor=author,
        verb=Verb.REPLIED,
        object_kind=ObjectKind.POST,
        object_id=post.pk,
        context_id=locked.pk,
        parent_id=parent_id,
        at=at,
    )
    transaction.on_commit(lambda: notify.notify_for_reply(post), robust=True)
    return post


def _record_on_topic(
    topic: Topic, *, actor: User, verb: Verb, at: datetime, post: Post | None = None
) -> None:
    """Moderation and editing events: on the post when there is one, else on the topic."""
    record(
        community=topic.community,
        group=topic.group,
        actor=actor,
        verb=verb,
        object_kind=ObjectKind.POST if post else ObjectKind.TOPIC,
        object_id=post.pk if post else topic.pk,
        context_id=topic.pk,
        at=at,
    )


@transaction.atomic
def edit_post(
    *,
    post: Post,
    by: User,
    body: str,
    title: str | None = None,
    uploads: Sequence[UploadedFile] = (),
    remove_attachments: Sequence[int] = (),
    at: datetime | None = None,
) -> Post:
    """Change a post's text (and, for an opening post, the topic's title), add files to it
    (`uploads`) or take some away (`remove_attachments`, ids of its attachments). The former
    text is kept as a PostRevision, shown in the post's history; files taken away are deleted
    for good (the history keeps texts, not files). A file refused refuses the whole edit."""
    locked = _lock_post(post)
    topic = locked.topic
    perms.check_can_edit(_locked_membership(topic.community_id, by), locked)
    at = at or timezone.now()
    body = _clean_body(body)
    new_title = _clean_title(title) if title is not None and locked.is_opening else topic.title
    removed = list(Attachment.objects.filter(post=locked, pk__in=set(remove_attachments)))
    checked = _check_uploads(uploads)
    kept = Attachment.objects.filter(post=locked).count() - len(removed)
    _check_room(kept + len(checked))
    text_changed = body != locked.body or new_title != topic.title
    if not text_changed and not removed and not checked:
        return locked
    for attachment in removed:
        attachment.delete()  # its file goes once committed (models._delete_attachment_file)
    _store_attachments(checked, community_id=locked.community_id, by=by, at=at, post=locked)
    if text_changed:
        PostRevision.objects.create(
            post=locked,
            number=locked.revisions.count() + 1,
            title=topic.title if locked.is_opening else "",
            body=locked.body,
            body_html=locked.body_html,
            written_at=locked.edited_at or locked.created_at,
            written_by_id=locked.edited_by_id or locked.author_id,
        )
        locked.body = body
        locked.body_html = render_markdown(body)
        locked.edited_at = at
        locked.edited_by = by
        locked.save(update_fields=["body", "body_html", "edited_at", "edited_by"])
        if new_title != topic.title:
            topic.title = new_title
            topic.save(update_fields=["title"])
        _store_mentions(locked, at=at)
        search.index_post(locked)
        transaction.on_commit(lambda: notify.notify_for_mentions(locked), robust=True)
    _record_on_topic(topic, actor=by, verb=Verb.EDITED_POST, at=at, post=locked)
    return locked


@transaction.atomic
def delete_post(*, post: Post, by: User, at: datetime | None = None) -> Post:
    """Soft-delete a post (its author, or a moderator). Deleting the opening post deletes
    the topic. Members then see "message deleted"; moderators can restore it."""
    locked = _lock_post(post)
    perms.check_can_delete(_locked_membership(locked.community_id, by), locked)
    topic = _lock_topic(locked.topic)
    at = at or timezone.now()
    locked.deleted_at, locked.deleted_by = at, by
    locked.save(update_fields=["deleted_at", "deleted_by"])
    if locked.is_opening:
        topic.deleted_at, topic.deleted_by = at, by
        topic.save(update_fields=["deleted_at", "deleted_by"])
    _bump(topic, delta=-1)
    _follow_latest_post(topic)
    locked.topic = topic
    search.unindex_post(locked)
    _record_on_topic(topic, actor=by, verb=Verb.DELETED_POST, at=at, post=locked)
    return locked


@transaction.atomic
def restore_post(*, post: Post, by: User, at: datetime | None = None) -> Post:
    """Undo a deletion (moderators and animators). Restoring an opening post restores the
    topic."""
    locked = _lock_post(post)
    perms.check_can_moderate(_locked_membership(locked.community_id, by))
    if locked.deleted_at is None:
        raise Refused(_("This message is not deleted."))
    topic = _lock_topic(locked.topic)
    locked.deleted_at = locked.deleted_by = None
    locked.save(update_fields=["deleted_at", "deleted_by"])
    if locked.is_opening:
        topic.deleted_at = topic.deleted_by = None
        topic.save(update_fields=["deleted_at", "deleted_by"])
    _bump(topic, delta=1)
    _follow_latest_post(topic)
    locked.topic = topic
    search.index_post(locked)
    _record_on_topic(topic, actor=by, verb=Verb.RESTORED_POST, at=at or timezone.now(), post=locked)
    return locked


@transaction.atomic
def close_topic(*, topic: Topic, by: User, at: datetime | None = None) -> Topic:
    """No more replies, reactions or votes (moderators and animators)."""
    perms.check_can_moderate(_locked_membership(topic.community_id, by))
    locked = _lock_topic(topic)
    if locked.closed_at is not None:
        raise Refused(_("This topic is already closed."))
    locked.closed_at, locked.closed_by = at or timezone.now(), by
    locked.save(update_fields=["closed_at", "closed_by"])
    topic.closed_at, topic.closed_by = locked.closed_at, by
    _record_on_topic(locked, actor=by, verb=Verb.CLOSED_TOPIC, at=locked.closed_at)
    return locked


@transaction.atomic
def reopen_topic(*, topic: Topic, by: User, at: datetime | None = None) -> Topic:
    perms.check_can_moderate(_locked_membership(topic.community_id, by))
    locked = _lock_topic(topic)
    if locked.closed_at is None:
        raise Refused(_("This topic is already open."))
    locked.closed_at = locked.closed_by = None
    locked.save(update_fields=["closed_at", "closed_by"])
    topic.closed_at = topic.closed_by = None
    _record_on_topic(locked, actor=by, verb=Verb.REOPENED_TOPIC, at=at or timezone.now())
    return locked


# --- Reactions, answers, votes --------------------------------------------------------------


@transaction.atomic
def react(*, post: Post, user: User, kind: str, at: datetime | None = None) -> Reaction:
    """J'aime, merci, utile: once each per person and post."""
    locked = _lock_post(post)
    perms.check_can_reply(_locked_membership(locked.community_id, user), locked.topic)
    if kind not in ReactionKind.values:
        raise Refused(_("Unknown reaction."))
    if locked.deleted_at is not None:
        raise Refused(_("This message was deleted."))
    if locked.author_id == user.pk:
        raise Refused(_("You cannot react to your own message."))
    at = at or timezone.now()
    reaction, created = Reaction.objects.get_or_create(
        post=locked, user=user, kind=kind, defaults={"created_at": at}
    )
    if not created:
        raise Refused(_("You have already reacted this way to this message."))
    record(
        community=locked.topic.community,
        group=locked.topic.group,
        actor=user,
        verb=Verb.REACTED,
        object_kind=ObjectKind.POST,
        object_id=locked.pk,
        context_id=locked.topic_id,
        at=at,
    )
    return reaction


@transaction.atomic
def unreact(*, post: Post, user: User, kind: str, at: datetime | None = None) -> None:
    """Take a reaction back."""
    locked = _lock_post(post)
    perms.check_can_reply(_locked_membership(locked.community_id, user), locked.topic)
    deleted, _rows = Reaction.objects.filter(post=locked, user=user, kind=kind).delete()
    if not deleted:
        raise Refused(_("You had not reacted this way to this message."))
    _record_on_topic(
        locked.topic, actor=user, verb=Verb.REMOVED_REACTION, at=at or timezone.now(), post=locked
    )


@transaction.atomic
def accept_answer(*, topic: Topic, post: Post, by: User, at: datetime | None = None) -> Topic:
    """Mark the answer that solved a question (the asker, or an animator)."""
    locked = _lock_topic(topic)
    perms.check_can_accept_answer(_locked_membership(locked.community_id, by), locked)
    answer = Post.objects.filter(pk=post.pk, topic=locked).first()
    if answer is None or answer.is_opening:
        raise Refused(_("Choose one of the answers to this question."))
    if answer.deleted_at is not None:
        raise Refused(_("This message was deleted."))
    if locked.accepted_answer_id == answer.pk:
        raise Refused(_("This answer is already the accepted one."))
    at = at or timezone.now()
    locked.accepted_answer = answer
    locked.save(update_fields=["accepted_answer"])
    topic.accepted_answer = answer
    record(
        community=locked.community,
        group=locked.group,
        actor=by,
        verb=Verb.ACCEPTED_ANSWER,
        object_kind=ObjectKind.POST,
        object_id=answer.pk,
        context_id=locked.pk,
        parent_id=answer.parent_id,
        at=at,
    )
    transaction.on_commit(
        lambda: notify.notify_for_accepted_answer(locked, answer, by, at=at), robust=True
    )
    return locked


@transaction.atomic
def vote_idea(*, topic: Topic, user: User, at: datetime | None = None) -> IdeaVote:
    locked = _lock_topic(topic)
    perms.check_can_reply(_locked_membership(locked.community_id, user), locked)
    if locked.kind != TopicKind.IDEA:
        raise Refused(_("Only ideas take votes."))
    if locked.idea_status in (IdeaStatus.DONE, IdeaStatus.DECLINED):
        raise Refused(_("The animators have decided on this idea: votes are closed."))
    at = at or timezone.now()
    vote, created = IdeaVote.objects.get_or_create(
        topic=locked, user=user, defaults={"created_at": at}
    )
    if not created:
        raise Refused(_("You have already voted for this idea."))
    locked.idea_vote_count += 1
    locked.save(update_fields=["idea_vote_count"])
    topic.idea_vote_count = locked.idea_vote_count
    _record_on_topic(locked, actor=user, verb=Verb.VOTED, at=at)
    return vote


@transaction.atomic
def set_idea_status(*, topic: Topic, by: User, status: str, at: datetime | None = None) -> Topic:
    """Planned, done, declined (animators). Done and declined ideas take no more votes."""
    perms.check_can_animate(_locked_membership(topic.community_id, by))
    locked = _lock_topic(topic)
    if locked.kind != TopicKind.IDEA:
        raise Refused(_("Only ideas have a status."))
    if status not in IdeaStatus.values:
        raise Refused(_("Unknown status."))
    locked.idea_status = topic.idea_status = status
    locked.save(update_fields=["idea_status"])
    _record_on_topic(locked, actor=by, verb=Verb.SET_IDEA_STATUS, at=at or timezone.now())
    return locked


@transaction.atomic
def vote_poll(
    *, poll: Poll, user: User, choice_ids: Sequence[int], at: datetime | None = None
) -> list[PollVote]:
    """Answer a poll: one choice, or several if the poll allows it; once per person."""
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    topic = Topic.objects.select_related("community", "group").get(pk=locked.topic_id)
    perms.check_can_reply(_locked_membership(topic.community_id, user), topic)
    at = at or timezone.now()
    if locked.is_closed(at):
        raise Refused(
            _("This poll closed on %(date)s.")
            % {"date": formats.date_format(timezone.localtime(locked.closes_at), "DATE_FORMAT")}
        )
    if PollVote.objects.filter(poll=locked, user=user).exists():
        raise Refused(_("You have already answered this poll."))
    wanted = set(choice_ids)
    choices = list(PollChoice.objects.filter(poll=locked, pk__in=wanted))
    if not wanted or len(choices) != len(wanted):
        raise Refused(_("Choose one of the poll's answers."))
    if len(choices) > 1 and not locked.multiple:
        raise Refused(_("This poll takes only one answer."))
    votes = PollVote.objects.bulk_create(
        [PollVote(poll=locked, choice=choice, user=user, created_at=at) for choice in choices]
    )
    record(
        community=topic.community,
        group=topic.group,
        actor=user,
        verb=Verb.VOTED,
        object_kind=ObjectKind.POLL,
        object_id=locked.pk,
        context_id=topic.pk,
        at=at,
    )
    return votes


# --- Categories -----------------------------------------------------------------------------


@transaction.atomic
def create_category(
    *, community: Community, by: User, name: str, description: str = "", at: datetime | None = None
) -> Category:
    perms.check_can_animate(_locked_membership(community, by))
    name = " ".join(name.split())[:80]
    slug = slugify(name, allow_unicode=True)[:80]
    if not slug:
        raise Refused(_("Give the category a name."))
    if Category.objects.filter(community=community, slug=slug).exists():
        raise Refused(_("This community already has a category with this name."))
    last = Category.objects.filter(community=community).order_by("-position").first()
    category = Category.objects.create(
        community=community,
        name=name,
        slug=slug,
        description=" ".join(description.split())[:240],
        position=(last.position + 1) if last else 0,
    )
    record(
        community=community,
        actor=by,
        verb=Verb.CREATED_CATEGORY,
        object_kind=ObjectKind.CATEGORY,
        object_id=category.pk,
        at=at or timezone.now(),
    )
    return category


# --- Attachments and drafts -----------------------------------------------------------------

MAX_DRAFT_CHARS = 2 * MAX_BODY_CHARS  # a draft keeps a message too long to publish, to cut
MAX_DRAFT_FIELD_CHARS = 5_000
# What a draft keeps of the composer besides the title and the text.
DRAFT_FIELDS = frozenset(
    {
        "kind",
        "category",
        "group",
        "framing",
        "tags",
        "poll_question",
        "poll_choices",
        "poll_multiple",
        "poll_closes_at",
        "reply_to",
        "side",
    }
)
# Fields that are choices, not writing: a draft with only these is empty.
_DRAFT_CHOICES = frozenset({"kind", "category", "group", "poll_multiple", "reply_to", "side"})


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


def _check_uploads(uploads: Sequence[UploadedFile]) -> list[tuple[UploadedFile, CheckedFile]]:
    """Every file checked, or Refused naming each one refused (nothing is stored then)."""
    checked, refused = [], []
    for upload in uploads:
        try:
            checked.append((upload, check_attachment(upload)))
        except ValidationError as error:
            refused.append(_refusal(error))
    if refused:
        raise Refused(" ".join(refused))
    return checked


def _check_room(count: int) -> None:
    limit = settings.ATTACHMENTS_PER_POST
    if count > limit:
        raise Refused(
            _("A message has at most %(n)d attached files: remove some first.") % {"n": limit}
        )


@contextmanager
def _files_removed_on_error(stored: list[Attachment]) -> Iterator[None]:
    """Files are written before the transaction commits: if it fails, remove them."""
    try:
        yield
    except BaseException:
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise


def _store_attachments(
    checked: Sequence[tuple[UploadedFile, CheckedFile]],
    *,
    community_id: int,
    by: User,
    at: datetime,
    post: Post | None = None,
    draft: Draft | None = None,
) -> list[Attachment]:
    stored: list[Attachment] = []
    with _files_removed_on_error(stored):
        for upload, found in checked:
            attachment = Attachment(
                post=post,
                draft=draft,
                community_id=community_id,
                uploaded_by=by,
                name=found.name,
                content_type=found.kind.content_type,
                size=upload.size,
                width=found.width,
                height=found.height,
                created_at=at,
            )
            # A random name under private/, with the extension of what the file really is.
            attachment.file.save(f"file.{found.kind.extensions[0]}", upload, save=False)
            stored.append(attachment)
            attachment.save()
    return stored


def _publish_draft(
    draft: Draft, *, post: Post, author: User, community: Community, topic: Topic | None
) -> None:
    """The draft's files become the post's, and the draft is gone (in the post's transaction)."""
    locked = Draft.objects.select_for_update().filter(pk=draft.pk).first()
    if locked is None:
        return  # discarded meanwhile (another device): the text came with the post
    if (
        locked.user_id != author.pk
        or locked.community_id != community.pk
        or locked.topic_id != (topic.pk if topic else None)
    ):
        raise Refused(_("This draft belongs to another conversation."))
    Attachment.objects.filter(draft=locked).update(post=post, draft=None)
    locked.delete()


@dataclass
class SavedDraft:
    """The draft as saved (None when nothing was left in it, so it was deleted), and a
    message for each file that could not be kept."""

    draft: Draft | None
    refused: list[str] = field(default_factory=list)


def _draft_data(data: dict) -> dict:
    clean = {}
    for key, value in data.items():
        if key not in DRAFT_FIELDS:
            continue
        if isinstance(value, bool):
            clean[key] = value
        elif value is not None:
            clean[key] = str(value)[:MAX_DRAFT_FIELD_CHARS]
    return clean


@transaction.atomic
def save_draft(
    *,
    user: User,
    community: Community,
    topic: Topic | None = None,
    title: str = "",
    body: str = "",
    data: dict | None = None,
    uploads: Sequence[UploadedFile] = (),
    remove_attachments: Sequence[int] = (),
    unless_published_since: datetime | None = None,
    at: datetime | None = None,
) -> SavedDraft:
    """Keep what the composer holds: the reply being written in `topic`, or the new topic
    being written in `community` (one draft per member and place, replaced at each save).

    New files (`uploads`) are checked one by one: those accepted wait in the draft until the
    post is published, each one refused gets a message (too large, a kind we do not take,
    one too many). `remove_attachments` takes waiting files away. A draft left with nothing
    typed and no file is deleted. Members save drafts even in a closed topic: what they wrote
    is theirs to keep.

    `unless_published_since` (when the composer was opened, for autosaves) refuses the save if
    the member has published there since: an autosave that arrives after its post was
    published must not bring the draft back."""
    membership = _locked_membership(community, user)
    perms.check_can_take_part(membership)
    if topic is not None and topic.community_id != community.pk:
        raise Refused(_("This topic belongs to another community."))
    if unless_published_since is not None:
        if topic is not None:
            published = Post.objects.filter(topic=topic, author=user)
        else:
            published = Topic.objects.filter(community=community, author=user)
        if published.filter(created_at__gte=unless_published_since).exists():
            raise Refused(
                _("You have published here since this page was opened: reload it to go on.")
            )
    at = at or timezone.now()
    title = (title or "")[:MAX_TITLE_CHARS]
    body = body or ""
    if len(body) > MAX_DRAFT_CHARS:
        raise Refused(
            _("This text is too long to be kept as a draft (at most %(n)d characters).")
            % {"n": MAX_DRAFT_CHARS}
        )
    data = _draft_data(data or {})
    draft, _created = Draft.objects.update_or_create(
        user=user,
        community=community,
        topic=topic,
        defaults={"title": title, "body": body, "data": data, "updated_at": at},
    )
    if remove_attachments:
        for attachment in Attachment.objects.filter(draft=draft, pk__in=set(remove_attachments)):
            attachment.delete()
    refused: list[str] = []
    room = settings.ATTACHMENTS_PER_POST - Attachment.objects.filter(draft=draft).count()
    accepted = []
    for upload in uploads:
        try:
            found = check_attachment(upload)
        except ValidationError as error:
            refused.append(_refusal(error))
            continue
        if len(accepted) >= room:
            refused.append(
                _("A message has at most %(n)d attached files: “%(name)s” was not attached.")
                % {"n": settings.ATTACHMENTS_PER_POST, "name": found.name}
            )
            continue
        accepted.append((upload, found))
    _store_attachments(accepted, community_id=community.pk, by=user, at=at, draft=draft)
    typed = [title, body] + [
        value for key, value in data.items() if key not in _DRAFT_CHOICES and isinstance(value, str)
    ]
    if not any(text.strip() for text in typed) and not draft.attachments.exists():
        draft.delete()
        return SavedDraft(None, refused)
    return SavedDraft(draft, refused)


@transaction.atomic
def discard_draft(*, draft: Draft, by: User) -> None:
    """Throw a draft away, with its waiting files (its author only)."""
    if draft.user_id != by.pk:
        raise Refused(_("This draft is not yours."))
    # The waiting files go with it (cascade), and their files once committed.
    Draft.objects.filter(pk=draft.pk).delete()
