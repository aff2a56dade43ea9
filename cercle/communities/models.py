"""Communities, their charter, their members, invitations and groups.

A person (accounts.User) belongs to communities through a Membership, which carries their role
and state there. Groups (local chapters, thematic groups) live inside one community.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.lib.uploads import upload_path


class EntryMode(models.TextChoices):
    OPEN = "open", _("Open: anyone can join")
    REQUEST = "request", _("On request: an animator approves each request")
    INVITATION = "invitation", _("By invitation only")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read")
    MEMBERS = "members", _("Members only: listed, content for members")
    HIDDEN = "hidden", _("Hidden: not listed, known to members only")


class Role(models.IntegerChoices):
    # Ordered: a higher role can do all that a lower one can.
    MEMBER = 10, _("member")
    MODERATOR = 20, _("moderator")
    CO_ANIMATOR = 30, _("co-animator")
    ANIMATOR = 40, _("animator")


class InvitePolicy(models.IntegerChoices):
    """The lowest role allowed to invite (the animator restricts who may invite)."""

    MEMBERS = Role.MEMBER, _("Every member")
    MODERATORS = Role.MODERATOR, _("Moderators and animators")
    ANIMATORS = Role.CO_ANIMATOR, _("Animators only")


class Community(models.Model):
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    purpose = models.CharField(
        _("rallying cry"),
        max_length=240,
        help_text=_("One sentence that says why this community exists, shown to everyone."),
    )
    audience = models.CharField(_("who it is for"), max_length=240, blank=True)
    description = models.TextField(_("presentation"), blank=True, help_text=_("Markdown."))
    logo = models.ImageField(_("logo"), upload_to=upload_path("logos"), blank=True)
    entry_mode = models.CharField(
        _("how people join"), max_length=12, choices=EntryMode.choices, default=EntryMode.REQUEST
    )
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    invite_policy = models.PositiveSmallIntegerField(
        _("who may invite"), choices=InvitePolicy.choices, default=InvitePolicy.MEMBERS
    )
    welcome_message = models.TextField(
        _("welcome message"), blank=True, help_text=_("Sent to each new member. Markdown.")
    )
    # The current charter's version number, kept here so that every community page can tell
    # whether a member must accept a new version without another query. Written only by
    # communities.actions.charter.publish_charter, in the same transaction as the Charter row.
    charter_version = models.PositiveIntegerField(default=0)
    # An observed archive (`cercle import ... --archive`): read and searched, the cockpit works
    # on it, nobody posts, replies, reacts, votes or edits (cercle.discussions.permissions).
    is_archive = models.BooleanField(_("read-only archive"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:detail", args=[self.slug])

    @property
    def is_listed(self) -> bool:
        return self.visibility != Visibility.HIDDEN


class Charter(models.Model):
    """One version of a community's charter. Versions are never edited, only superseded."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveIntegerField()
    body = models.TextField(_("charter"), help_text=_("Markdown."))
    summary_of_changes = models.CharField(_("what changed"), max_length=240, blank=True)
    # Which members' fields the animators may export (keys of cercle.privacy.fields): members
    # consent to it by accepting this version.
    exportable_fields = models.JSONField(_("fields animators may export"), default=list, blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "version"], name="charter_unique_version")
        ]
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.community} v{self.version}"

    @property
    def exportable_labels(self) -> list[str]:
        from cercle.privacy.fields import field_labels

        return field_labels(self.exportable_fields)


class MembershipState(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    ACTIVE = "active", _("active")
    LEFT = "left", _("left")
    SUSPENDED = "suspended", _("suspended")
    DECLINED = "declined", _("request declined")


class Membership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.PositiveSmallIntegerField(choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=10, choices=MembershipState.choices)
    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # Word of mouth: who brought this person in, and through which invitation.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invitation = models.ForeignKey(
        "Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A join request: the motivation, then the decision.
    request_message = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_message = models.TextField(blank=True)
    charter_version = models.PositiveIntegerField(
        default=0, help_text="The charter version this member last accepted."
    )
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="membership_unique")
        ]
        indexes = [models.Index(fields=["community", "state", "role"], name="membership_lookup")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.community}"

    @property
    def is_active(self) -> bool:
        return self.state == MembershipState.ACTIVE

    @property
    def needs_charter(self) -> bool:
        return self.is_active and self.charter_version < self.community.charter_version

    def has_role(self, role: int) -> bool:
        return self.is_active and self.role >= role


class CharterAcceptance(models.Model):
    """Who accepted which charter version, and when. Kept for the record, never deleted."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["charter", "user"], name="charter_acceptance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} accepted {self.charter}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def _default_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DEFAULT_DAYS)


class Invitation(models.Model):
    """An invitation by email (one person, one use) or a link to share (several uses)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    group = models.ForeignKey(
        "Group", on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    email = models.EmailField(blank=True, help_text="Empty for a shareable link.")
    message = models.TextField(blank=True)
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    max_uses = models.PositiveIntegerField(default=1)
    use_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_default_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["community", "created_at"], name="invitation_by_community")]

    def __str__(self) -> str:
        return self.email or f"link {self.token[:6]}…"

    def get_absolute_url(self) -> str:
        return reverse("communities:invitation", args=[self.token])

    @property
    def is_link(self) -> bool:
        return not self.email

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_used_up(self) -> bool:
        return self.use_count >= self.max_uses

    @property
    def is_usable(self) -> bool:
        return not (self.revoked_at or self.is_expired or self.is_used_up)


class GroupKind(models.TextChoices):
    LOCAL = "local", _("Local chapter")
    THEMATIC = "thematic", _("Thematic group")


class Group(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="groups")
    slug = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    description = models.TextField(_("description"), blank=True)
    region = models.CharField(_("region or city"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="group_unique_slug")
        ]
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:group", args=[self.community.slug, self.slug])


class GroupRole(models.IntegerChoices):
    MEMBER = 10, _("member")
    ANIMATOR = 40, _("group animator")


class GroupMembership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.PositiveSmallIntegerField(choices=GroupRole.choices, default=GroupRole.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


ACTIVE = Q(state=MembershipState.ACTIVE)
