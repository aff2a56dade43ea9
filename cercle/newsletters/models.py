"""Mail to members beyond notifications: the digest each member receives at their rhythm, and
the newsletters animators compose.

- A MailPreference is one member's choice for one community: the rhythm of their digest
  (never, daily, weekly, monthly) and whether they receive its newsletters. Without a row the
  defaults apply (weekly, yes), so a member who never opened the page costs no row.
- A DigestRun is the digest of one community for one rhythm and one period (a day, an ISO
  week, a month, in the site's time zone). Its DigestDelivery rows, one per member, are what
  makes sending idempotent and resumable (see cercle.newsletters.delivery).
- A Newsletter is composed by an animator (a title, an introduction, sections, featured topics
  and events, a contributor in the spotlight), sent to every member or to one group, at once
  or at a chosen time, through NewsletterDelivery rows of the same kind.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


class Rhythm(models.TextChoices):
    NEVER = "never", _("Never")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


DEFAULT_RHYTHM = Rhythm.WEEKLY


class MailKind(models.TextChoices):
    """What a one-click unsubscribe stops, in one community."""

    DIGEST = "digest", _("the digest")
    NEWSLETTER = "newsletter", _("the newsletters")


class MailPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preferences"
    )
    # Served by the unique constraint, which leads with it: a run reads a community's rows.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    digest = models.CharField(
        _("digest"), max_length=8, choices=Rhythm.choices, default=DEFAULT_RHYTHM
    )
    newsletter = models.BooleanField(_("newsletters"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="mail_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.community_id}: {self.digest}, {self.newsletter}"


class DeliveryState(models.TextChoices):
    # Claimed by a run that is handing it to the mail server. A run that dies here leaves it
    # so, and it is not sent again: we cannot know whether the server took it, and a message
    # missed is better than one received twice.
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    # The server was down, or refused for now (4xx): a later run tries again.
    FAILED = "failed", _("failed, to retry")
    # The server refused the address for good (5xx on RCPT): recorded, not retried.
    BOUNCED = "bounced", _("refused by the recipient's server")


MAX_ATTEMPTS = 5


class Delivery(models.Model):
    """One message to one member: claimed, then sent, failed or bounced."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=DeliveryState.choices)
    attempts = models.PositiveSmallIntegerField(default=1)
    # Which invocation claimed it: a run finds its own rows by this after a bulk claim.
    claim = models.CharField(max_length=32)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class DigestRun(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    rhythm = models.CharField(max_length=8, choices=Rhythm.choices)
    # The first day of the period (the day, the Monday of the week, the 1st of the month).
    period = models.DateField()
    started_at = models.DateTimeField(default=timezone.now)
    # Set once every member was reached with nothing left to retry.
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    bounced = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "rhythm", "period"], name="digest_run_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rhythm} digest of {self.community_id} for {self.period}"


class DigestDelivery(Delivery):
    run = models.ForeignKey(
        DigestRun, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    # Denormalised from the run: "since their last digest" reads it per member.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "user"], name="digest_delivery_once")]
        indexes = [
            models.Index(
                fields=["community", "user", "state", "sent_at"], name="digest_delivery_last"
            )
        ]

    def __str__(self) -> str:
        return f"digest {self.run_id} to {self.user_id}: {self.state}"


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")


class Newsletter(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    intro_html = models.TextField(blank=True)
    # Who receives it: every member, or the members of one group.
    group = models.ForeignKey(
        "communities.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipients"),
    )
    featured_topics = models.ManyToManyField(
        "discussions.Topic", blank=True, related_name="+", verbose_name=_("featured topics")
    )
    featured_events = models.ManyToManyField(
        "events.Event", blank=True, related_name="+", verbose_name=_("featured events")
    )
    spotlight = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contributor in the spotlight"),
    )
    spotlight_text = models.TextField(_("why them"), blank=True, help_text=_("Markdown."))
    spotlight_text_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT
    )
    scheduled_at = models.DateTimeField(_("send on"), null=True, blank=True)
    # How many members it was addressed to, counted when sending started.
    recipient_count = models.PositiveIntegerField(default=0)
    # Progress, counted from the deliveries after each batch (the pages read these).
    sent_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    bounced_count = models.PositiveIntegerField(default=0)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        indexes = [
            # The archive (sent ones, latest first) and the animators' list.
            models.Index(fields=["community", "status", "-sent_at"], name="newsletter_archive"),
            # The periodic run: scheduled ones that are due, and those still being sent.
            models.Index(
                fields=["status", "scheduled_at"],
                condition=Q(status__in=["scheduled", "sending"]),
                name="newsletter_to_send",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("newsletters:read", args=[self.community.slug, self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (NewsletterStatus.DRAFT, NewsletterStatus.SCHEDULED)

    @property
    def intro_safe(self) -> SafeString:
        return mark_safe(self.intro_html)  # noqa: S308 - sanitised by nh3 at write time

    @property
    def spotlight_safe(self) -> SafeString:
        return mark_safe(self.spotlight_text_html)  # noqa: S308 - sanitised at write time


class NewsletterSection(models.Model):
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.heading or f"section {self.position}"

    @property
    def html(self) -> SafeString:
        return mark_safe(self.body_html)  # noqa: S308 - sanitised by nh3 at write time


class NewsletterDelivery(Delivery):
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "user"], name="newsletter_delivery_once")
        ]

    def __str__(self) -> str:
        return f"newsletter {self.newsletter_id} to {self.user_id}: {self.state}"
