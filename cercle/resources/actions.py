"""Every write to the library: resources (share, change, delete, comment, feature) and wiki
pages (create, edit, restore a version, delete).

Each action checks its permission (cercle.resources.permissions) inside its transaction,
raising Refused with a message for the person before anything is saved, and records its
activity event. Editing a wiki page names the version it was based on: if someone saved another
one meanwhile, EditConflict is raised with the current version, and nothing is saved, so that
the page can show both texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Membership
from cercle.lib.errors import Refused
from cercle.lib.markdown import render_markdown
from cercle.lib.uploads import check_attachment
from cercle.members.models import Tag
from cercle.resources import permissions as perms
from cercle.resources.models import (
    Resource,
    ResourceComment,
    ResourceKind,
    WikiPage,
    WikiRevision,
)

MAX_TITLE_CHARS = 200
MAX_URL_CHARS = 1000
MAX_DESCRIPTION_CHARS = 10_000
MAX_COMMENT_CHARS = 10_000
MAX_PAGE_CHARS = 100_000
MAX_TAGS = 5
_URL = URLValidator(schemes=["http", "https"])


class EditConflict(Refused):
    """Someone saved a version of the page after the one this edit started from."""

    def __init__(self, current: WikiRevision) -> None:
        super().__init__(
            _(
                "%(name)s saved a new version of this page while you were writing. Nothing is "
                "lost: your text is below, with theirs and the differences. Merge them, then "
                "save again."
            )
            % {"name": current.author.name if current.author else _("Someone")}
        )
        self.current = current


# --- Checking what was typed ----------------------------------------------------------------


def _membership(community: Community | int, user: User) -> Membership | None:
    """The person's membership, locked so that leaving and writing cannot cross."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("community")
        .filter(community=community, user=user)
        .first()
    )


def _title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Refused(_("Give it a title."))
    if len(title) > MAX_TITLE_CHARS:
        raise Refused(_("A title has at most %(n)d characters.") % {"n": MAX_TITLE_CHARS})
    return title


def clean_url(url: str) -> str:
    """A web address, http or https only: javascript:, data: and others are refused."""
    url = (url or "").strip()
    if not url:
        raise Refused(_("Give the address of the page you share."))
    if len(url) > MAX_URL_CHARS:
        raise Refused(_("An address has at most %(n)d characters.") % {"n": MAX_URL_CHARS})
    try:
        _URL(url)
    except ValidationError:
        raise Refused(
            _("“%(url)s” is not a web address: copy it from your browser, starting with https://.")
            % {"url": url[:80]}
        ) from None
    return url


def _text(text: str, *, limit: int, required: str = "") -> str:
    text = (text or "").strip()
    if required and not text:
        raise Refused(required)
    if len(text) > limit:
        raise Refused(_("This text has at most %(n)d characters.") % {"n": limit})
    return text


def _tags(names: Sequence[str]) -> list[Tag]:
    names = [name for name in names if name.strip()]
    if len(names) > MAX_TAGS:
        raise Refused(_("A resource has at most %(n)d tags.") % {"n": MAX_TAGS})
    return Tag.for_names(names)


def _record(community, actor, verb: Verb, kind: ObjectKind, object_id: int, at, **ids) -> None:
    record(
        community=community,
        actor=actor,
        verb=verb,
        object_kind=kind,
        object_id=object_id,
        at=at,
        **ids,
    )


# --- Resources ------------------------------------------------------------------------------


@transaction.atomic
def share_resource(
    *,
    community: Community,
    by: User,
    title: str,
    url: str = "",
    upload: UploadedFile | None = None,
    description: str = "",
    tags: Sequence[str] = (),
    at: datetime | None = None,
) -> Resource:
    """Share a link (`url`) or a document (`upload`), one of the two."""
    perms.check_can_take_part(_membership(community, by))
    at = at or timezone.now()
    title = _title(title)
    description = _text(description, limit=MAX_DESCRIPTION_CHARS)
    if bool(url.strip()) == (upload is not None):
        raise Refused(_("Share either a link or a document."))
    tag_objects = _tags(tags)
    resource = Resource(
        community=community,
        title=title,
        description=description,
        description_html=render_markdown(description),
        shared_by=by,
        created_at=at,
        updated_at=at,
    )
    if upload is not None:
        try:
            found = check_attachment(upload)
        except ValidationError as error:
            raise Refused(" ".join(error.messages)) from None
        resource.kind = ResourceKind.DOCUMENT
        resource.file_name = found.name
        resource.content_type = found.kind.content_type
        resource.size = upload.size
        # A random name under private/, with the extension of what the file really is.
        resource.file.save(f"file.{found.kind.extensions[0]}", upload, save=False)
    else:
        resource.kind = ResourceKind.LINK
        resource.url = clean_url(url)
    try:
        resource.save()
        resource.tags.set(tag_objects)
        _record(community, by, Verb.SHARED_RESOURCE, ObjectKind.RESOURCE, resource.pk, at)
    except BaseException:
        # The file is written before the transaction commits: if it fails, remove it.
        if resource.file.name:
            resource.file.storage.delete(resource.file.name)
        raise
    return resource


def _lock(resource: Resource) -> Resource:
    return (
        Resource.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=resource.pk)
    )


@transaction.atomic
def edit_resource(
    *,
    resource: Resource,
    by: User,
    title: str,
    description: str,
    tags: Sequence[str],
    url: str = "",
    at: datetime | None = None,
) -> Resource:
    """Change a resource's title, description, tags and (a link's) address."""
    locked = _lock(resource)
    perms.check_can_change(_membership(locked.community_id, by), locked)
    at = at or timezone.now()
    locked.title = _title(title)
    locked.description = _text(description, limit=MAX_DESCRIPTION_CHARS)
    locked.description_html = render_markdown(locked.description)
    if locked.is_link:
        locked.url = clean_url(url)
    locked.updated_at = at
    locked.save()
    locked.tags.set(_tags(tags))
    _record(locked.community, by, Verb.EDITED_RESOURCE, ObjectKind.RESOURCE, locked.pk, at)
    return locked


@transaction.atomic
def delete_resource(*, resource: Resource, by: User, at: datetime | None = None) -> Resource:
    """Hide it from the library; its file and comments are kept (a moderator may look back)."""
    locked = _lock(resource)
    perms.check_can_change(_membership(locked.community_id, by), locked)
    at = at or timezone.now()
    locked.deleted_at, locked.deleted_by = at, by
    locked.save(update_fields=["deleted_at", "deleted_by"])
    _record(locked.community, by, Verb.DELETED_RESOURCE, ObjectKind.RESOURCE, locked.pk, at)
    return locked


@transaction.atomic
def set_featured(
    *, resource: Resource, by: User, featured: bool, at: datetime | None = None
) -> Resource:
    locked = _lock(resource)
    perms.check_can_feature(_membership(locked.community_id, by))
    if locked.is_deleted:
        raise Refused(_("This resource was deleted."))
    at = at or timezone.now()
    if featured == locked.is_featured:
        return locked
    locked.featured_at, locked.featured_by = (at, by) if featured else (None, None)
    locked.save(update_fields=["featured_at", "featured_by"])
    verb = Verb.FEATURED_RESOURCE if featured else Verb.UNFEATURED_RESOURCE
    _record(locked.community, by, verb, ObjectKind.RESOURCE, locked.pk, at)
    return locked


@transaction.atomic
def comment(
    *, resource: Resource, by: User, body: str, at: datetime | None = None
) -> ResourceComment:
    locked = _lock(resource)
    perms.check_can_take_part(_membership(locked.community_id, by))
    if locked.is_deleted:
        raise Refused(_("This resource was deleted."))
    at = at or timezone.now()
    body = _text(body, limit=MAX_COMMENT_CHARS, required=_("Write your comment first."))
    new = ResourceComment.objects.create(
        resource=locked, author=by, body=body, body_html=render_markdown(body), created_at=at
    )
    locked.comment_count += 1
    locked.save(update_fields=["comment_count"])
    _record(
        locked.community,
        by,
        Verb.COMMENTED_RESOURCE,
        ObjectKind.RESOURCE_COMMENT,
        new.pk,
        at,
        context_id=locked.pk,
    )
    return new


@transaction.atomic
def delete_comment(
    *, comment: ResourceComment, by: User, at: datetime | None = None
) -> ResourceComment:
    found = (
        ResourceComment.objects.select_for_update(of=("self",))
        .select_related("resource__community")
        .get(pk=comment.pk)
    )
    resource = _lock(found.resource)
    perms.check_can_delete_comment(_membership(resource.community_id, by), found)
    if found.deleted_at is not None:
        return found
    at = at or timezone.now()
    found.deleted_at, found.deleted_by = at, by
    found.save(update_fields=["deleted_at", "deleted_by"])
    resource.comment_count = max(resource.comment_count - 1, 0)
    resource.save(update_fields=["comment_count"])
    _record(
        resource.community,
        by,
        Verb.DELETED_RESOURCE_COMMENT,
        ObjectKind.RESOURCE_COMMENT,
        found.pk,
        at,
        context_id=resource.pk,
    )
    return found


# --- Wiki -----------------------------------------------------------------------------------


def _page_slug(community: Community, title: str) -> str:
    base = slugify(title)[:70].strip("-") or "page"
    slug, n = base, 1
    taken = set(
        WikiPage.objects.filter(community=community, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    while slug in taken or slug in RESERVED_SLUGS:
        n += 1
        slug = f"{base}-{n}"
    return slug


RESERVED_SLUGS = {"new"}


def _add_revision(
    page: WikiPage,
    *,
    title: str,
    body: str,
    by: User,
    at: datetime,
    summary: str = "",
    restored_from: int | None = None,
) -> WikiRevision:
    revision = WikiRevision.objects.create(
        page=page,
        number=page.revision_number + 1,
        title=title,
        body=body,
        body_html=render_markdown(body),
        summary=summary,
        author=by,
        created_at=at,
        restored_from=restored_from,
    )
    page.title = title
    page.body_html = revision.body_html
    page.revision_number = revision.number
    page.updated_by = by
    page.updated_at = at
    page.save()
    return revision


@transaction.atomic
def create_page(
    *, community: Community, by: User, title: str, body: str, at: datetime | None = None
) -> WikiPage:
    perms.check_can_take_part(_membership(community, by))
    at = at or timezone.now()
    title = _title(title)
    body = _text(body, limit=MAX_PAGE_CHARS, required=_("Write the page's text first."))
    page = WikiPage.objects.create(
        community=community,
        slug=_page_slug(community, title),
        title=title,
        created_by=by,
        created_at=at,
        updated_by=by,
        updated_at=at,
    )
    _add_revision(page, title=title, body=body, by=by, at=at, summary=_("First version"))
    _record(community, by, Verb.CREATED_WIKI_PAGE, ObjectKind.WIKI_PAGE, page.pk, at)
    return page


def _lock_page(page: WikiPage) -> WikiPage:
    return (
        WikiPage.objects.select_for_update(of=("self",)).select_related("community").get(pk=page.pk)
    )


def current_revision(page: WikiPage) -> WikiRevision:
    return page.revisions.select_related("author").get(number=page.revision_number)


@transaction.atomic
def edit_page(
    *,
    page: WikiPage,
    by: User,
    title: str,
    body: str,
    base_revision: int,
    summary: str = "",
    at: datetime | None = None,
) -> WikiRevision:
    """Save a new version, written from version `base_revision`. If the page has another
    current version by then, EditConflict (nothing saved)."""
    locked = _lock_page(page)
    perms.check_can_take_part(_membership(locked.community_id, by))
    if locked.deleted_at is not None:
        raise Refused(_("This page was deleted."))
    title = _title(title)
    body = _text(body, limit=MAX_PAGE_CHARS, required=_("Write the page's text first."))
    summary = " ".join((summary or "").split())[:200]
    if base_revision != locked.revision_number:
        raise EditConflict(current_revision(locked))
    current = current_revision(locked)
    if current.title == title and current.body.strip() == body:
        raise Refused(_("Nothing changed: this is the current version."))
    at = at or timezone.now()
    revision = _add_revision(locked, title=title, body=body, by=by, at=at, summary=summary)
    _record(
        locked.community,
        by,
        Verb.EDITED_WIKI_PAGE,
        ObjectKind.WIKI_PAGE,
        locked.pk,
        at,
        context_id=revision.number,
    )
    return revision


@transaction.atomic
def restore_revision(
    *, page: WikiPage, by: User, number: int, at: datetime | None = None
) -> WikiRevision:
    """Bring back an old version's text and title, as a new version: nothing is lost."""
    locked = _lock_page(page)
    perms.check_can_take_part(_membership(locked.community_id, by))
    if locked.deleted_at is not None:
        raise Refused(_("This page was deleted."))
    old = locked.revisions.filter(number=number).first()
    if old is None:
        raise Refused(_("There is no such version of this page."))
    if number == locked.revision_number:
        raise Refused(_("This is already the current version."))
    at = at or timezone.now()
    revision = _add_revision(
        locked,
        title=old.title,
        body=old.body,
        by=by,
        at=at,
        summary=_("Version %(n)d restored") % {"n": number},
        restored_from=number,
    )
    _record(
        locked.community,
        by,
        Verb.RESTORED_WIKI_REVISION,
        ObjectKind.WIKI_PAGE,
        locked.pk,
        at,
        context_id=revision.number,
    )
    return revision


@transaction.atomic
def delete_page(*, page: WikiPage, by: User, at: datetime | None = None) -> WikiPage:
    locked = _lock_page(page)
    perms.check_can_delete_page(_membership(locked.community_id, by))
    at = at or timezone.now()
    if locked.deleted_at is None:
        locked.deleted_at = at
        locked.save(update_fields=["deleted_at"])
        _record(locked.community, by, Verb.DELETED_WIKI_PAGE, ObjectKind.WIKI_PAGE, locked.pk, at)
    return locked
