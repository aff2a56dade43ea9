"""What is new for a member: notifications, what they follow, and how far they have read.

- A Notification tells one member that something happened that concerns them (a reply to
  their message, a mention, their answer accepted, a new post where they follow, an
  announcement). Shown under the bell; mailed too if the member wants it for that kind.
- A NotificationPreference is one member's choice for one kind. Without a row the defaults
  of DEFAULTS apply (see there), so a member who never opened the settings page costs no row.
- A Follow is a member following a topic (notified of its new replies) or a category (notified
  of the topics started in it). The author of a topic follows it from the start.
- A TopicReadState is how far a member has read a topic: the date of the latest post they
  have been shown. A CommunityReadMark is "mark all as read" for one community. Together with
  the date the member joined, they decide what is unread (see cercle.notifications.selectors).

Read tracking lives here rather than in cercle.discussions so that its migrations never
collide with the discussions' own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPLY = "reply", _("Replies to my messages")
    MENTION = "mention", _("Mentions of my name")
    ACCEPTED_ANSWER = "accepted_answer", _("My answer accepted")
    FOLLOWED_TOPIC = "followed_topic", _("New messages where I follow")
    ANNOUNCEMENT = "announcement", _("Announcements")
    # A moderation decision about the person or their message (cercle.moderation). Always
    # delivered, in Cercle and by email: it is not offered among the member's choices.
    MODERATION = "moderation", _("Moderation decisions about me")
    # What an animator sends from their to-do list (cercle.cockpit.reach_out).
    THANKS = "thanks", _("Thanks from the animators")
    INTRODUCTION = "introduction", _("Introductions to other members")
    FROM_ANIMATORS = "from_animators", _("Messages and requests for help from the animators")
    # A newcomer invited to the community's current introduction thread (cercle.onboarding).
    # Once, in Cercle only: not offered among the member's choices.
    WELCOME = "welcome", _("Welcome to a community")


# When one event concerns someone for several reasons (a reply to their message that also
# names them), they get one notification, of the first kind of this list among those they
# accept on that channel: the most personal reason first.
STRENGTH = [
    Kind.MENTION,
    Kind.REPLY,
    Kind.ACCEPTED_ANSWER,
    Kind.ANNOUNCEMENT,
    Kind.FOLLOWED_TOPIC,
]

# (in_app, email) when the member has not chosen. In-app is on for every kind: the bell is
# quiet by nature. Email is on for what is addressed to the person (a reply, a mention, an
# accepted answer) and off for what may be frequent (every message of a followed topic,
# announcements): members opt in to those.
DEFAULTS: dict[str, tuple[bool, bool]] = {
    Kind.REPLY: (True, True),
    Kind.MENTION: (True, True),
    Kind.ACCEPTED_ANSWER: (True, True),
    Kind.FOLLOWED_TOPIC: (True, False),
    Kind.ANNOUNCEMENT: (True, False),
    Kind.MODERATION: (True, True),
    Kind.THANKS: (True, True),
    Kind.INTRODUCTION: (True, True),
    Kind.FROM_ANIMATORS: (True, True),
    Kind.WELCOME: (True, False),
}

# The kinds a member may turn on and off on their settings page.
CHOOSABLE = [kind for kind in Kind if kind not in (Kind.MODERATION, Kind.WELCOME)]


class Notification(models.Model):
    # Served by the `notification_inbox` index below.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Accounts may be deleted; the notification stays, from "former member".
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    topic = models.ForeignKey(
        "discussions.Topic", on_delete=models.CASCADE, null=True, related_name="+"
    )
    post = models.ForeignKey(
        "discussions.Post", on_delete=models.CASCADE, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The bell (unread ones of a person) and the notifications page (latest first).
            models.Index(fields=["recipient", "read_at", "created_at"], name="notification_inbox")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    def summary(self) -> str:
        """One line saying what happened, in the active language (templates call it inside
        the recipient's language when mailing). Needs `actor`, `topic` and `post` loaded."""
        actor = self.actor.name if self.actor and self.actor.name else gettext("former member")
        values = {"actor": actor, "topic": self.topic.title if self.topic else ""}
        if self.kind == Kind.REPLY:
            return gettext("%(actor)s replied to you in “%(topic)s”") % values
        if self.kind == Kind.MENTION:
            return gettext("%(actor)s mentioned you in “%(topic)s”") % values
        if self.kind == Kind.ACCEPTED_ANSWER:
            return gettext("%(actor)s accepted your answer in “%(topic)s”") % values
        if self.kind == Kind.MODERATION:
            if self.post_id is not None:
                return gettext("Your message in “%(topic)s” is approved and published") % values
            return gettext("The moderators of %(community)s have written to you") % {
                "community": self.community.name
            }
        if self.kind == Kind.ANNOUNCEMENT:
            return gettext("%(actor)s published an announcement: “%(topic)s”") % values
        if self.kind == Kind.THANKS:
            return gettext("%(actor)s thanks you for what you bring to %(community)s") % {
                **values,
                "community": self.community.name,
            }
        if self.kind == Kind.INTRODUCTION:
            return gettext("%(actor)s introduces you to another member of %(community)s") % {
                **values,
                "community": self.community.name,
            }
        if self.kind == Kind.WELCOME:
            return gettext("Welcome to %(community)s! Introduce yourself in “%(topic)s”") % {
                **values,
                "community": self.community.name,
            }
        if self.kind == Kind.FROM_ANIMATORS:
            if self.topic is not None:
                return gettext("%(actor)s asks for your help in “%(topic)s”") % values
            return gettext("%(actor)s wrote to you") % values
        if self.post is not None and self.post.parent_id is None:
            return gettext("%(actor)s started “%(topic)s” in a category you follow") % values
        return gettext("%(actor)s wrote in “%(topic)s”, which you follow") % values


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        db_index=False,
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    in_app = models.BooleanField(_("in Cercle"), default=True)
    email = models.BooleanField(_("by email"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: in_app={self.in_app} email={self.email}"


class Follow(models.Model):
    """A member following one topic, or one category (exactly one of the two)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Served by the unique constraints below, which lead with the followed object: "who
    # follows this topic" is the lookup every reply makes.
    topic = models.ForeignKey(
        "discussions.Topic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    category = models.ForeignKey(
        "discussions.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "user"],
                condition=Q(topic__isnull=False),
                name="follow_topic_unique",
            ),
            models.UniqueConstraint(
                fields=["category", "user"],
                condition=Q(category__isnull=False),
                name="follow_category_unique",
            ),
            models.CheckConstraint(
                condition=Q(topic__isnull=False, category__isnull=True)
                | Q(topic__isnull=True, category__isnull=False),
                name="follow_topic_or_category",
            ),
        ]

    def __str__(self) -> str:
        target = f"topic {self.topic_id}" if self.topic_id else f"category {self.category_id}"
        return f"{self.user_id} follows {target}"


class TopicReadState(models.Model):
    """How far a member has read a topic: the date of the latest post they were shown.

    Posts after it (not their own, not deleted) are unread. Written at most once per view of
    the topic page, and only when the page shows something newer (see actions.mark_topic_read).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    topic = models.ForeignKey(
        "discussions.Topic", on_delete=models.CASCADE, related_name="read_states", db_index=False
    )
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [
            # Leads with the topic: the unread queries join read states to topics.
            models.UniqueConstraint(fields=["topic", "user"], name="topic_read_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read topic {self.topic_id} up to {self.last_read_at}"


class CommunityReadMark(models.Model):
    """ "Mark all as read" in one community: nothing posted there before `read_at` is unread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="community_read_mark_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read community {self.community_id} up to {self.read_at}"
