"""Moderation: reports, decisions on content and people, pre-moderation, trust rules.

- A Report is a member pointing at a post, a topic or a member, with a reason. It waits in its
  community's review queue until someone handles it; `created_at`, `handled_at` and
  `handled_by` are what the cockpit reads for the moderators' own activity (time to handle).
- A ModerationAction is one decision (hide a message, warn, silence...) with its public reason,
  its private message to the person and its duration. Reversing it keeps the row and stamps
  `reversed_at`: the public moderation log is these rows, read without their private fields.
- A Standing is what the permission checks need to know about one membership on every page:
  silenced until when, suspended until when, excluded, how many messages await approval.
  One-to-one with the Membership, so that `get_community_access` reads it in the query that
  fetches the membership (no query more on any page). Written only by the moderation actions.
- A PendingPost is a message held for approval (pre-moderation). It is not a Post until a
  moderator approves it: the topic lists, the counters, search, notifications and the cockpit
  never see it, and the approval publishes it through the discussions' own actions.
- ModerationSettings: a community's pre-moderation and trust rules, set by its animators.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportTarget(models.TextChoices):
    POST = "post", _("a message")
    TOPIC = "topic", _("a topic")
    MEMBER = "member", _("a member")


class ReportReason(models.TextChoices):
    CHARTER = "charter", _("It breaks a rule of the charter")
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class ReportOutcome(models.TextChoices):
    NONE = "", _("waiting")
    ACTED = "acted", _("action taken")
    DISMISSED = "dismissed", _("dismissed")


class Report(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The reported topic's group, so that a group's animators see its reports.
    group = models.ForeignKey(
        "communities.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target = models.CharField(max_length=8, choices=ReportTarget.choices)
    post = models.ForeignKey(
        "discussions.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        "discussions.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The member reported, or the author of the reported message or topic.
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=ReportReason.choices)
    details = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(
        max_length=10, choices=ReportOutcome.choices, blank=True, default=ReportOutcome.NONE
    )
    # For the moderators only, never shown in the public log.
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            # The queue (open ones first, oldest first) and the cockpit's handling times.
            models.Index(fields=["community", "handled_at", "created_at"], name="report_queue"),
            models.Index(fields=["reported_user", "created_at"], name="report_reported"),
            models.Index(fields=["reporter", "created_at"], name="report_reporter"),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} on {self.target} in {self.community_id}"

    @property
    def is_open(self) -> bool:
        return self.handled_at is None


class ActionKind(models.TextChoices):
    HIDE_POST = "hide_post", _("Message hidden")
    EDIT_POST = "edit_post", _("Message edited")
    CLOSE_TOPIC = "close_topic", _("Topic closed")
    REOPEN_TOPIC = "reopen_topic", _("Topic reopened")
    MOVE_TOPIC = "move_topic", _("Topic moved")
    MERGE_TOPICS = "merge_topics", _("Topics merged")
    REJECT_POST = "reject_post", _("Message refused at approval")
    WARN = "warn", _("Member warned")
    SILENCE = "silence", _("Member silenced")
    SUSPEND = "suspend", _("Member suspended")
    EXCLUDE = "exclude", _("Member excluded")


PERSON_KINDS = frozenset(
    {ActionKind.WARN, ActionKind.SILENCE, ActionKind.SUSPEND, ActionKind.EXCLUDE}
)
# Those whose duration runs out by itself (the others last until reversed).
TIMED_KINDS = frozenset({ActionKind.SILENCE, ActionKind.SUSPEND})


class ModerationAction(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    group = models.ForeignKey(
        "communities.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=14, choices=ActionKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The person concerned: the member sanctioned, or the author of the message or topic.
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.ForeignKey(
        "discussions.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "discussions.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A merge: the topic the messages went into (`topic` is the one merged away).
    other_topic = models.ForeignKey(
        "discussions.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    # Public: shown in the community's moderation log.
    reason = models.TextField(_("reason"))
    # Private: sent to the person concerned only.
    message = models.TextField(_("message to the person"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    # What reversing needs: the former category, the former text, the messages moved...
    data = models.JSONField(default=dict, blank=True)
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reversal_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        indexes = [
            models.Index(fields=["community", "created_at"], name="modaction_log"),
            models.Index(fields=["target_user", "created_at"], name="modaction_person"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} in {self.community_id} by {self.by_id}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None

    @property
    def is_about_a_person(self) -> bool:
        return self.kind in PERSON_KINDS

    def is_running(self, at=None) -> bool:
        """Still in force: not reversed, and its duration (if any) not over."""
        at = at or timezone.now()
        return self.reversed_at is None and (self.ends_at is None or self.ends_at > at)


class Standing(models.Model):
    membership = models.OneToOneField(
        "communities.Membership", on_delete=models.CASCADE, related_name="standing"
    )
    silenced_at = models.DateTimeField(null=True, blank=True)
    silenced_until = models.DateTimeField(null=True, blank=True)  # None: until lifted
    suspended_until = models.DateTimeField(null=True, blank=True)  # with Membership.SUSPENDED
    excluded_at = models.DateTimeField(null=True, blank=True)  # with Membership.SUSPENDED
    pending_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"standing of membership {self.membership_id}"

    def is_silenced(self, at=None) -> bool:
        if self.silenced_at is None:
            return False
        return self.silenced_until is None or self.silenced_until > (at or timezone.now())

    def suspension_is_over(self, at=None) -> bool:
        """A suspension with an end date that has passed (an exclusion never ends by itself)."""
        return (
            self.excluded_at is None
            and self.suspended_until is not None
            and self.suspended_until <= (at or timezone.now())
        )


class PendingState(models.TextChoices):
    WAITING = "waiting", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("refused")


class HoldReason(models.TextChoices):
    FIRST_POSTS = "first_posts", _("the first messages of new members are checked")
    CATEGORY = "category", _("messages in this category are checked")


class PendingPost(models.Model):
    """A new topic (topic is None) or a reply (topic set) held for approval."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    group = models.ForeignKey(
        "communities.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        "discussions.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        "discussions.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    # The composer's other fields: kind, tags, framing, poll; reply_to, side.
    data = models.JSONField(default=dict, blank=True)
    why = models.CharField(max_length=12, choices=HoldReason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=8, choices=PendingState.choices, default=PendingState.WAITING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_post = models.ForeignKey(
        "discussions.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("message awaiting approval")
        verbose_name_plural = _("messages awaiting approval")
        indexes = [
            models.Index(fields=["community", "state", "created_at"], name="pending_queue"),
            models.Index(fields=["author", "state", "created_at"], name="pending_author"),
        ]

    def __str__(self) -> str:
        return f"pending {'reply' if self.topic_id else 'topic'} {self.pk} by {self.author_id}"

    @property
    def is_reply(self) -> bool:
        return self.topic_id is not None

    @property
    def is_waiting(self) -> bool:
        return self.state == PendingState.WAITING


class ModerationSettings(models.Model):
    """A community's rules. Without a row, the defaults below apply (nothing is written until
    an animator saves the settings page)."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="moderation_settings"
    )
    premoderate_first_posts = models.PositiveSmallIntegerField(
        _("check the first messages of each new member"),
        default=0,
        help_text=_("How many of a new member's first messages wait for approval. 0: none."),
    )
    premoderated_categories = models.ManyToManyField(
        "discussions.Category",
        blank=True,
        related_name="+",
        verbose_name=_("categories whose messages are checked"),
    )
    trust_after_posts = models.PositiveSmallIntegerField(
        _("messages before the limits lift"), default=5
    )
    trust_after_days = models.PositiveSmallIntegerField(
        _("days of membership before the limits lift"), default=3
    )
    new_posts_per_day = models.PositiveSmallIntegerField(
        _("messages per day for new members"), null=True, blank=True, default=10
    )
    new_links_per_post = models.PositiveSmallIntegerField(
        _("links per message for new members"), null=True, blank=True, default=2
    )
    new_attachments_per_post = models.PositiveSmallIntegerField(
        _("attached files per message for new members"), null=True, blank=True, default=2
    )
    new_invitations_per_day = models.PositiveSmallIntegerField(
        _("invitations per day for new members"), null=True, blank=True, default=5
    )
    posts_per_hour = models.PositiveSmallIntegerField(
        _("messages per hour for every member"),
        null=True,
        blank=True,
        default=30,
        help_text=_("Against floods and runaway scripts. Moderators and animators are exempt."),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return f"moderation settings of {self.community_id}"

    @classmethod
    def of(cls, community) -> "ModerationSettings":
        """The community's settings, or the defaults (unsaved) when it has never set them."""
        community_id = community if isinstance(community, int) else community.pk
        found = cls.objects.filter(community_id=community_id).first()
        return found if found is not None else cls(community_id=community_id)

    def premoderated_category_ids(self) -> set[int]:
        if self.pk is None:
            return set()
        return set(self.premoderated_categories.values_list("pk", flat=True))
