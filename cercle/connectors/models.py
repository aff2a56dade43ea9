"""What an import leaves behind besides the posts: its runs, the people of the archive, the
mapping from archive ids to posts, and the identity merges an animator can undo.

- `ImportRun`: one `cercle import` (or web upload) that succeeded; a failed one leaves nothing,
  not even its run (all-or-nothing, see cercle.connectors.importing).
- `SourceIdentity`: one author of an archive (an address for mail, "se:<id>" for Stack Exchange)
  in one community, and the account that now stands for them. It starts as an unclaimed account
  made by the import (accounts.User.imported_at); a claim or a merge points it elsewhere, so a
  later import of newer files follows.
- `ImportedItem`: (community, source, external id) -> post and topic. It makes a second run add
  nothing twice, and attaches the new replies of a newer archive to the posts already imported.
- `IdentityMerge`: what a merge moved, so that it can be undone exactly.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportRun(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="import_runs"
    )
    kind = models.CharField(max_length=20)
    # The label that scopes the archive's ids (the kind unless given): two Stack Exchange sites
    # imported into one community need two labels, as their post ids overlap.
    source = models.CharField(max_length=60)
    paths = models.JSONField(default=list)
    archive = models.BooleanField(default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # ImportSummary.as_dict(): counts, and the skipped items with their reasons.
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} import into {self.community_id} at {self.started_at:%Y-%m-%d %H:%M}"


class SourceIdentity(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    source = models.CharField(max_length=60)
    # The reader's author key: a lower-cased address, "se:<user id>", "name:<display name>"...
    key = models.CharField(max_length=255)
    name = models.CharField(_("name"), max_length=150)
    # The address the archive gives, if any: the one its owner confirms to claim the account.
    email = models.EmailField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The account the import made for this identity, kept when a merge points `user` elsewhere.
    original_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("imported identity")
        verbose_name_plural = _("imported identities")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "source", "key"], name="source_identity_unique"
            )
        ]
        indexes = [
            models.Index(fields=["email"], name="source_identity_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.key}>"


class ImportedItem(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    source = models.CharField(max_length=60)
    # The reader's source_id (a Message-ID, a Stack Exchange post id, "c<id>" for a comment);
    # longer ones are stored as their SHA-256 (see cercle.connectors.prepare.external_key).
    external_id = models.CharField(max_length=255)
    post = models.ForeignKey(
        "discussions.Post", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    topic = models.ForeignKey(
        "discussions.Topic", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "source", "external_id"], name="imported_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id} -> post {self.post_id}"


class IdentityMerge(models.Model):
    """`from_user`'s part in `community` moved to `into_user`. `moved` lists the ids of what
    moved (posts, topics, reactions, identities, the membership) so that `undo` puts back
    exactly that, and what had to be dropped (a reaction both had made) so that it returns."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    into_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # A claim (the owner of the address took their history) is recorded the same way but
    # is not undone by animators.
    is_claim = models.BooleanField(default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    moved = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "created_at"], name="identity_merge_list")]

    def __str__(self) -> str:
        return f"{self.from_user_id} merged into {self.into_user_id} in {self.community_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class ImportJobState(models.TextChoices):
    QUEUED = "queued", _("waiting for its turn")
    RUNNING = "running", _("running")
    DONE = "done", pgettext_lazy("import state", "done")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """An archive an animator uploaded, imported in the background (cercle.connectors.jobs).

    The uploaded file lives in MEDIA_ROOT/private/imports/<folder>/ (`upload_path`) until the
    job ends, then is deleted; the summary stays. A failed job changed nothing but itself.
    """

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="import_jobs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20)
    archive = models.BooleanField(default=False)
    state = models.CharField(
        max_length=10, choices=ImportJobState.choices, default=ImportJobState.QUEUED
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Relative to MEDIA_ROOT; emptied once the file is deleted.
    upload_path = models.CharField(max_length=255, blank=True)
    upload_name = models.CharField(max_length=255, blank=True)  # as the animator named it
    upload_size = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)
    # ImportSummary.as_dict(), file names relative to the upload.
    summary = models.JSONField(default=dict, blank=True)
    run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "created_at"], name="import_job_list")]

    def __str__(self) -> str:
        return f"{self.kind} upload into {self.community_id}: {self.state}"

    @property
    def is_active(self) -> bool:
        return self.state in (ImportJobState.QUEUED, ImportJobState.RUNNING)
