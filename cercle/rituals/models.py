"""Rituals: topics a community opens on a schedule, from a template.

- A Ritual is what an animator sets up once: "every Monday at 9:00, open «Présentez-vous —
  semaine du {date}» in the category Accueil", "the last Friday of every third month, the
  retrospective", or a one-off announcement to publish on a given day. Its schedule is one of a
  few presets or an RRULE (RFC 5545, read by python-dateutil, as recurring events do), in local
  time in its time zone, so that 9:00 stays 9:00 across daylight-saving changes.
- A RitualRun is one occurrence of a ritual that has been handled: the row is claimed (unique
  per ritual and date) in the same transaction that opens the topic, so a run repeated, or two
  runs at once, never open the same topic twice; a refusal (the author silenced, the community
  archived...) is kept on the row with its message, for the animators to read.

A ritual flagged `for_introductions` opens the community's introduction threads: newcomers are
invited to the latest one (cercle.onboarding).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    ONCE = "once", _("Once, on the date below")
    WEEKLY = "weekly", _("Every week, on a weekday")
    MONTHLY_DAY = "monthly_day", _("Every month, on a day of the month")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Every month, on a weekday (e.g. the first Monday)")
    QUARTERLY = "quarterly", _("Every three months, on a weekday (e.g. the last Friday)")
    CUSTOM = "custom", _("Another rule (RRULE, for the experienced)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Ordinal(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class Ritual(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="rituals"
    )
    name = models.CharField(_("name"), max_length=120)
    # What it opens: a topic of this kind, in this category, with these templates.
    topic_kind = models.CharField(_("kind of topic"), max_length=12, default="discussion")
    category = models.ForeignKey(
        "discussions.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    title_template = models.CharField(_("title"), max_length=200)
    body_template = models.TextField(_("message"))
    for_introductions = models.BooleanField(_("introduction thread"), default=False)
    # The schedule: a preset and its values, or an RRULE; from `starts_on` at `time_of_day`,
    # in `time_zone`.
    frequency = models.CharField(
        _("how often"), max_length=16, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    ordinal = models.SmallIntegerField(_("which one"), choices=Ordinal.choices, default=1)
    day_of_month = models.SmallIntegerField(_("day of the month"), default=1)
    custom_rule = models.CharField(_("repetition rule"), max_length=300, blank=True)
    starts_on = models.DateField(_("from"))
    time_of_day = models.TimeField(_("at"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    # The language of the dates written into titles ({date}, {month}...).
    language = models.CharField(max_length=8, default="fr")
    # Topics are opened in this person's name (an animator; another one if they no longer are).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Occurrences before this instant are never opened: set when the ritual is created, its
    # schedule changed, or it is resumed (what a pause skipped is not caught up).
    active_since = models.DateTimeField(default=timezone.now)
    paused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ritual")
        verbose_name_plural = _("rituals")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["paused_at"], name="ritual_active")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rituals:edit", args=[self.community.slug, self.pk])

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class RunState(models.TextChoices):
    DONE = "done", _("opened")
    FAILED = "failed", _("refused")


class RitualRun(models.Model):
    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="runs")
    # The occurrence (its date and time, in UTC) this run stands for.
    due_at = models.DateTimeField()
    state = models.CharField(max_length=8, choices=RunState.choices)
    topic = models.ForeignKey(
        "discussions.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ritual_runs",
    )
    message = models.CharField(max_length=500, blank=True)
    ran_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ritual", "due_at"], name="ritual_run_once")]
        indexes = [models.Index(fields=["ritual", "-due_at"], name="ritual_run_latest")]

    def __str__(self) -> str:
        return f"{self.ritual_id} at {self.due_at:%Y-%m-%d %H:%M}: {self.state}"
