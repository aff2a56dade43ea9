"""A community's library: resources members share, and wiki pages they write together.

- A Resource is a link (http or https only) or a document (a file checked from its content by
  cercle.lib.uploads.check_attachment, stored under MEDIA_ROOT/private/ and served only to its
  readers, inert, by cercle.lib.media), with a description, tags and who shared it. Members
  comment on it (collaborative watch: what I read, what I think of it); an animator may feature
  it, and featured resources come first. Deleting one hides it (`deleted_at`), like posts.
- A WikiPage is a page members co-write. Every save is a WikiRevision, numbered from 1 and
  never changed: the history, the differences between two versions and the restoration of an
  old one (which adds a revision with its text) all read them. The page keeps its current
  revision's number, title and rendered text, so lists and pages read one row.

Markdown is rendered and sanitised once, when written (cercle.lib.markdown), as posts are.
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


class ResourceKind(models.TextChoices):
    LINK = "link", _("Link")
    DOCUMENT = "document", _("Document")


class Resource(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="resources", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    description_html = models.TextField(blank=True)
    # Documents: the file under a random name in private/, and what it was found to be.
    file = models.FileField(upload_to=upload_path("private/resources"), max_length=200, blank=True)
    file_name = models.CharField(max_length=150, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    tags = models.ManyToManyField(
        "members.Tag", blank=True, related_name="resources_tagged", verbose_name=_("tags")
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    featured_at = models.DateTimeField(null=True, blank=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Denormalised, kept by the actions: the list shows it without counting.
    comment_count = models.PositiveIntegerField(default=0)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [
            models.Index(
                fields=["community", "deleted_at", "featured_at", "created_at"],
                name="resource_list",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", args=[self.community.slug, self.pk])

    @property
    def is_link(self) -> bool:
        return self.kind == ResourceKind.LINK

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_image(self) -> bool:
        return self.content_type in SAFE_INLINE_TYPES

    @property
    def description_safe(self) -> SafeString:
        return mark_safe(self.description_html)  # noqa: S308 - sanitised by nh3 at write time


@receiver(post_delete, sender=Resource)
def _delete_resource_file(sender, instance: Resource, **kwargs) -> None:
    """The file goes with its row (the community deleted), once that is committed."""
    file = instance.file
    if file.name:
        transaction.on_commit(lambda: file.storage.delete(file.name))


class ResourceComment(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), help_text=_("Markdown."))
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["resource", "created_at"], name="resource_comment_time")]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.resource_id}"

    @property
    def html(self) -> SafeString:
        return mark_safe(self.body_html)  # noqa: S308 - sanitised by nh3 at write time


class WikiPage(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="wiki_pages"
    )
    slug = models.SlugField(max_length=80)
    # The current revision's, copied here so that a page and the list read one row each.
    title = models.CharField(_("title"), max_length=200)
    body_html = models.TextField(blank=True)
    revision_number = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="wiki_page_unique_slug")
        ]
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:wiki_page", args=[self.community.slug, self.slug])

    @property
    def html(self) -> SafeString:
        return mark_safe(self.body_html)  # noqa: S308 - sanitised by nh3 at write time


class WikiRevision(models.Model):
    page = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    body_html = models.TextField()
    summary = models.CharField(_("what changed"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A restoration: the number of the revision whose text it brought back.
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="wiki_revision_unique_number")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.page_id} v{self.number}"

    @property
    def html(self) -> SafeString:
        return mark_safe(self.body_html)  # noqa: S308 - sanitised by nh3 at write time
