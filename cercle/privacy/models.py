"""Archives of a member's personal data, built in the background and downloaded by them only.

The ZIP files live under MEDIA_ROOT/private/, which /media/ never serves: the only way to
them is the download view, which checks that the archive is the visitor's own.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPORT_LIFETIME = timedelta(days=7)


def _expiry():
    return timezone.now() + EXPORT_LIFETIME


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class DataExport(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(
        max_length=8, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file = models.FileField(upload_to="private/exports/", blank=True, max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=_expiry)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"data export {self.pk} of {self.user_id}"

    @property
    def is_available(self) -> bool:
        return self.status == ExportStatus.READY and timezone.now() < self.expires_at
