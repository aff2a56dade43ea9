"""What the cockpit stores: computed reports, when the next computation is planned, and
what animators did from their to-do list.

Pages never compute: they read the latest `CockpitSnapshot` of a community (or of one of its
groups), a JSON report built by `cercle.cockpit.report.build_report`. Snapshots are computed in
the background (`cercle.cockpit.tasks`) after an import, a while after activity, and nightly.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CockpitSnapshot(models.Model):
    """The cockpit report of a community (group empty) or of one group, as of the end of a day
    (UTC). One per (community, group, day): a later computation of the same day replaces it."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    group = models.ForeignKey(
        "communities.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    as_of = models.DateField()
    computed_at = models.DateTimeField(default=timezone.now)
    # How long the computation took (the bench and the admin read it).
    duration_ms = models.PositiveIntegerField(default=0)
    # build_report's dict: as_of, posts_total, threads_total, indicators, hosted, lifecycle,
    # engagement, trends, notes (reason codes, see cercle.cockpit.reasons).
    payload = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("cockpit snapshot")
        verbose_name_plural = _("cockpit snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "as_of"],
                condition=Q(group__isnull=True),
                name="cockpit_snapshot_community_day",
            ),
            models.UniqueConstraint(
                fields=["community", "group", "as_of"],
                condition=Q(group__isnull=False),
                name="cockpit_snapshot_group_day",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "group", "-as_of"], name="cockpit_snapshot_latest")
        ]

    def __str__(self) -> str:
        return f"cockpit of {self.community_id}/{self.group_id or '-'} as of {self.as_of}"


class CockpitSchedule(models.Model):
    """When the community's next recompute is planned, so that a burst of activity asks for one
    computation, not one per post (see cercle.cockpit.actions.request_recompute)."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    next_run_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"cockpit schedule of {self.community_id}: {self.next_run_at}"


class AnimatorActionKind(models.TextChoices):
    THANKED = "thanked", _("thanked")
    INTRODUCED = "introduced", _("introduced to another member")
    WROTE = "wrote", _("wrote a personal message")
    ASKED_HELP = "asked_help", _("asked for help with a topic")
    SET_ASIDE = "set_aside", _("set aside")


class AnimatorAction(models.Model):
    """What an animator did from the to-do list (cercle.cockpit.reach_out): thanked a member,
    introduced two members, wrote to a member who went quiet, asked a member to help with a
    topic, or set an item aside. The to-do list reads these rows so that a done item does not
    come back (a member thanked this month, two members introduced); the member reads the ones
    addressed to them on their participation page."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The group the animator acted for (group animators), None for the whole community.
    group = models.ForeignKey(
        "communities.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=AnimatorActionKind.choices)
    # For SET_ASIDE: which item of the to-do list (cercle.cockpit.todo.ITEM_KINDS).
    item = models.CharField(max_length=16, blank=True)
    # The member thanked, written to, asked for help, or the first one introduced.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # The second member of an introduction.
    other_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    topic = models.ForeignKey(
        "discussions.Topic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("animator's action")
        verbose_name_plural = _("animators' actions")
        indexes = [
            # The to-do list: what was done lately in the community.
            models.Index(fields=["community", "created_at"], name="animator_action_recent"),
            # A member's participation page: what the animators sent them.
            models.Index(fields=["member", "created_at"], name="animator_action_member"),
            models.Index(fields=["other_member", "created_at"], name="animator_action_other"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.kind} {self.member_id or self.topic_id}"
