"""Discussions: topics of several kinds, their posts, reactions, votes and polls.

A topic lives in one community, optionally in one of its groups and one of its categories.
Its first post (the opening post) has no parent; every other post has a parent: the post it
explicitly answers, else the opening post. That parent is what the cockpit follows to rebuild
who answered whom (see /work/shared/docs/indicators.md, "The activity model").

Nothing members write is deleted for real: posts and topics are soft-deleted (`deleted_at`) so
an animator can restore them, and an edit keeps the previous text as a PostRevision.

All writes go through cercle.discussions.actions, which keep the denormalised columns
(`Topic.post_count`, `last_post_at`, `last_post_by`, `idea_vote_count`) right.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cercle.lib.media import SAFE_INLINE_TYPES
from cercle.lib.uploads import upload_path


class TopicKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")
    DEBATE = "debate", _("Debate")
    ANNOUNCEMENT = "announcement", _("Announcement")
    IDEA = "idea", _("Idea")


class IdeaStatus(models.TextChoices):
    NONE = "", _("under discussion")
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    DECLINED = "declined", _("declined")


class Side(models.TextChoices):
    NONE = "", "-"
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    NEUTRAL = "neutral", _("neutral")


class ReactionKind(models.TextChoices):
    LIKE = "like", _("I like")
    THANKS = "thanks", _("Thanks")
    USEFUL = "useful", _("Useful")


class Category(models.Model):
    """A shelf for topics, per community, in the order its animators choose."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(max_length=80, allow_unicode=True)
    description = models.CharField(_("description"), max_length=240, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="category_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("discussions:category", args=[self.community.slug, self.slug])


class Topic(models.Model):
    # Foreign keys whose lookups an index below (or a unique constraint) already serves are
    # declared with db_index=False: one index less to write on every insert.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="topics", db_index=False
    )
    group = models.ForeignKey(
        "communities.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("group"),
        db_index=False,
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("category"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=TopicKind.choices, default=TopicKind.DISCUSSION
    )
    title = models.CharField(_("title"), max_length=200)
    # Accounts may be deleted; what their owner wrote stays, signed "former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opening_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Denormalised so that a page of the topic list is one query plus the tags, whatever the
    # number of posts: counting and finding the latest post per topic would otherwise be a
    # GROUP BY over the posts table on every list view. Kept by the actions in the transaction
    # that adds, deletes or restores a post. post_count counts posts not deleted, opening
    # post included.
    post_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(default=timezone.now)
    last_post_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Questions
    accepted_answer = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Ideas (the vote count is denormalised for the same reason as post_count)
    idea_status = models.CharField(
        _("status"), max_length=10, choices=IdeaStatus.choices, blank=True, default=""
    )
    idea_vote_count = models.PositiveIntegerField(default=0)
    # Debates: how the animator frames the question (Markdown, and its sanitised rendering)
    framing = models.TextField(_("framing"), blank=True)
    framing_html = models.TextField(blank=True)
    tags = models.ManyToManyField(
        "members.Tag", blank=True, related_name="+", verbose_name=_("tags")
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            # The topic lists: a community's (or a group's) live topics, latest activity first.
            models.Index(fields=["community", "deleted_at", "-last_post_at"], name="topic_list"),
            models.Index(fields=["group", "deleted_at", "-last_post_at"], name="topic_group_list"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:topic", args=[self.community.slug, self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)

    @property
    def framing_safe(self) -> SafeString:
        return mark_safe(self.framing_html)  # noqa: S308 - sanitised by nh3 at write time


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts", db_index=False)
    # Denormalised from the topic: the cockpit and search read a community's posts by date
    # without joining the topics.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The post this one answers: the one chosen with "reply to" or quoted, else the opening
    # post. Only the opening post has none.
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("message"), help_text=_("Markdown."))
    # Rendered and sanitised once, when written (cercle.lib.markdown), not on every view.
    body_html = models.TextField()
    side = models.CharField(_("side"), max_length=8, choices=Side.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["topic", "created_at"], name="post_topic_time"),
            models.Index(fields=["community", "created_at"], name="post_community_time"),
        ]

    def __str__(self) -> str:
        return f"post {self.pk} in topic {self.topic_id}"

    def get_absolute_url(self) -> str:
        return reverse("discussions:post", args=[self.topic.community.slug, self.pk])

    @property
    def is_opening(self) -> bool:
        return self.parent_id is None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def html(self) -> SafeString:
        return mark_safe(self.body_html)  # noqa: S308 - sanitised by nh3 at write time


class PostRevision(models.Model):
    """A former version of a post, kept when it is edited and shown in its history."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", db_index=False
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200, blank=True)  # the topic's title, for opening posts
    body = models.TextField()
    body_html = models.TextField()
    written_at = models.DateTimeField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"revision {self.number} of post {self.post_id}"

    @property
    def html(self) -> SafeString:
        return mark_safe(self.body_html)  # noqa: S308 - sanitised by nh3 at write time


class Reaction(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reactions", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="reaction_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} post {self.post_id}"


class Mention(models.Model):
    """Someone named with @ in a post; read by the notifications to come."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="mention_unique")]
        indexes = [models.Index(fields=["user", "created_at"], name="mention_user_time")]

    def __str__(self) -> str:
        return f"@{self.user_id} in post {self.post_id}"


class IdeaVote(models.Model):
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="idea_votes", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="idea_vote_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} for idea {self.topic_id}"


class Poll(models.Model):
    """At most one poll per topic. Results are shown to those who voted, and to all once the
    poll is closed."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(_("question"), max_length=200)
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    closes_at = models.DateTimeField(_("closes on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.question

    def is_closed(self, at=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (at or timezone.now())


class PollChoice(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes", db_index=False)
    choice = models.ForeignKey(
        PollChoice, on_delete=models.CASCADE, related_name="votes", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["choice", "user"], name="poll_vote_unique")]
        indexes = [models.Index(fields=["poll", "user"], name="poll_vote_voter")]

    def __str__(self) -> str:
        return f"{self.user_id} for choice {self.choice_id}"


class SearchDocument(models.Model):
    """What full-text search matches for one post, written by cercle.discussions.search
    whenever an action creates, edits, deletes or restores the post.

    `stems` is the post's words (and, for an opening post, its topic's title) reduced to their
    French and English stems, accents and case folded; each database indexes that column with
    its own full-text engine, created by migration 0002 for that database only: a stored
    tsvector column under a GIN index on PostgreSQL, an FTS5 table kept in step by triggers on
    SQLite. `text` is the body as plain text, for the snippets.
    """

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="+")
    # Denormalised from the post, so that a search filters on them without a join.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", db_index=False)
    deleted = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    stems = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"search document of post {self.post_id}"


class Draft(models.Model):
    """What a member is writing and has not published yet: a reply in one topic, or a new
    topic in one community. Saved as they type (and whenever a post is refused), restored
    when they come back to the composer from any device, deleted when the post is published.
    Only its author ever reads it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # A reply's draft names its topic; a new topic's draft has none.
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    # The composer's other fields (kind, category, tags, poll...; reply_to, side), as typed.
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=models.Q(topic__isnull=False),
                name="draft_one_per_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=models.Q(topic__isnull=True),
                name="draft_one_new_topic_per_community",
            ),
        ]
        indexes = [models.Index(fields=["user", "-updated_at"], name="draft_user_time")]

    def __str__(self) -> str:
        return f"draft of {self.user_id} in {self.topic_id or self.community_id}"

    @property
    def is_reply(self) -> bool:
        return self.topic_id is not None


class Attachment(models.Model):
    """A file joined to a post, or waiting in its author's draft until the post is published.

    The file is stored under a random name in MEDIA_ROOT/private/, which /media/ never serves:
    only the attachment view does, to those who may read the post (see views/attachments.py).
    `name` is the uploader's file name, cleaned (cercle.lib.uploads.clean_filename);
    `content_type` is what the content was found to be, never what the browser said.
    """

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to=upload_path("private/attachments"), max_length=200)
    name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            # Waiting in a draft, or joined to a post: never both, never neither.
            models.CheckConstraint(
                condition=models.Q(post__isnull=True, draft__isnull=False)
                | models.Q(post__isnull=False, draft__isnull=True),
                name="attachment_in_post_or_draft",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type in SAFE_INLINE_TYPES


@receiver(post_delete, sender=Attachment)
def _delete_attachment_file(sender, instance: Attachment, **kwargs) -> None:
    """The file goes with its row (a discarded draft, a file removed from a post, a deleted
    account's drafts), once the deletion is committed."""
    file = instance.file
    if file.name:
        transaction.on_commit(lambda: file.storage.delete(file.name))


class Generation(models.Model):
    """How many times the database has changed: one row, counted up after every committed
    write that visitors' pages may show (see cercle.discussions.generation)."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"generation {self.value}"
