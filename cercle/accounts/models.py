"""People who log in. One account per person, whatever the number of communities."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account, identified by its email address (lower-cased, unique)."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    language = models.CharField(_("language"), max_length=8, blank=True)
    # Someone of an imported archive (cercle.connectors) gets an account that shows their name
    # on their posts but cannot log in (unusable password, placeholder address) until they
    # claim it by confirming their real address; see cercle.connectors.identities.
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    @property
    def is_unclaimed(self) -> bool:
        """An account made by an import for someone who has not claimed it yet."""
        return self.imported_at is not None and self.claimed_at is None

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class LoginSession(models.Model):
    """One browser where a person is logged in, shown on their sessions page so that they can
    end it. Django's own session row holds the login; this one says where it comes from.

    Recorded at login and refreshed at most every few minutes by
    cercle.accounts.sessions.SessionRecordMiddleware; deleting it logs that browser out.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    # The current key of Django's session (it changes at login and on password change; the
    # middleware follows it).
    session_key = models.CharField(max_length=40, db_index=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_activity"]

    def __str__(self) -> str:
        return f"{self.user} on {self.user_agent[:40]}"
