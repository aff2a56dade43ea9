"""The library's pages: resources (list, share, detail with comments, edit, delete, feature,
download) and the wiki (pages, edit with conflict detection, history, differences, restore)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cercle.communities.decorators import community_view
from cercle.lib.errors import Refused
from cercle.lib.media import inert_file_response
from cercle.resources import actions, selectors
from cercle.resources import permissions as perms
from cercle.resources.diff import counts, diff_lines
from cercle.resources.forms import (
    CommentForm,
    ResourceEditForm,
    ShareForm,
    WikiPageForm,
    split_tags,
)
from cercle.resources.models import ResourceComment, ResourceKind


def _why_not_write(access) -> str:
    try:
        perms.check_can_take_part(access.membership)
    except Refused as refusal:
        return refusal.message
    return ""


def _context(access, **extra) -> dict:
    return {"access": access, "community": access.community, **extra}


def _resource(access, resource_id: int):
    return perms.check_can_read(access, selectors.resource(resource_id))


# --- Resources ------------------------------------------------------------------------------


@community_view(content=True)
def library(request, access):
    community = access.community
    tag = request.GET.get("tag", "")[:60]
    kind = request.GET.get("kind", "")
    kind = kind if kind in ResourceKind.values else ""
    query = " ".join(request.GET.get("q", "").split())[:100]
    found = selectors.resources_of(community, tag=tag, kind=kind, query=query)
    page = Paginator(found, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/library.html",
        _context(
            access,
            page=page,
            tags=selectors.library_tags(community),
            tag=tag,
            kind=kind,
            q=query,
            # What the pagination links keep of the filters.
            query=urlencode({k: v for k, v in (("tag", tag), ("kind", kind), ("q", query)) if v}),
            kinds=ResourceKind.choices,
            why_not=_why_not_write(access),
        ),
    )


@community_view(members_only=True)
def share(request, access):
    community = access.community
    form = ShareForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resource = actions.share_resource(
                community=community,
                by=request.user,
                title=data["title"],
                url=data["url"] or "",
                upload=data["file"],
                description=data["description"],
                tags=split_tags(data["tags"]),
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you for sharing it."))
            return redirect("resources:detail", community.slug, resource.pk)
    return render(
        request,
        "resources/share.html",
        _context(access, form=form, why_not=_why_not_write(access)),
    )


@community_view(content=True)
def detail(request, access, resource_id: int):
    resource = _resource(access, resource_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.comment(resource=resource, by=request.user, body=form.cleaned_data["body"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect("resources:detail", access.community.slug, resource.pk)
    membership = access.membership
    return render(
        request,
        "resources/detail.html",
        _context(
            access,
            resource=resource,
            comments=selectors.comments_of(resource)[:200],
            form=form,
            why_not=_why_not_write(access),
            can_change=perms.can(perms.check_can_change, membership, resource),
            can_feature=perms.can(perms.check_can_feature, membership),
            moderates=access.has_role(perms.MODERATE),
        ),
    )


@community_view(members_only=True)
def edit(request, access, resource_id: int):
    resource = _resource(access, resource_id)
    if not perms.can(perms.check_can_change, access.membership, resource):
        raise Http404(_("There is no such page in this community's library."))
    initial = {
        "title": resource.title,
        "url": resource.url,
        "description": resource.description,
        "tags": ", ".join(tag.name for tag in resource.tags.all()),
    }
    form = ResourceEditForm(request.POST or None, initial=initial, is_link=resource.is_link)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.edit_resource(
                resource=resource,
                by=request.user,
                title=data["title"],
                url=data.get("url", ""),
                description=data["description"],
                tags=split_tags(data["tags"]),
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("resources:detail", access.community.slug, resource.pk)
    return render(request, "resources/edit.html", _context(access, resource=resource, form=form))


@require_POST
@community_view(members_only=True)
def delete(request, access, resource_id: int):
    resource = _resource(access, resource_id)
    try:
        actions.delete_resource(resource=resource, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("resources:detail", access.community.slug, resource.pk)
    messages.success(request, _("The resource is deleted from the library."))
    return redirect("resources:list", access.community.slug)


@require_POST
@community_view(min_role=perms.FEATURE)
def feature(request, access, resource_id: int):
    resource = _resource(access, resource_id)
    featured = request.POST.get("featured") == "1"
    try:
        actions.set_featured(resource=resource, by=request.user, featured=featured)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("It now comes first in the library.") if featured else _("It is no longer featured."),
        )
    return redirect("resources:detail", access.community.slug, resource.pk)


@require_safe
@community_view(content=True)
def download(request, access, resource_id: int):
    """The document, to those who may read the library: inert (see cercle.lib.media)."""
    resource = _resource(access, resource_id)
    if resource.is_link or not resource.file:
        raise Http404(_("There is no such file."))
    try:
        file = resource.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("There is no such file.")) from missing
    return inert_file_response(
        file,
        content_type=resource.content_type,
        filename=resource.file_name,
        max_age=3600,
        same_origin_only=True,
    )


@require_POST
@community_view(members_only=True)
def comment_delete(request, access, comment_id: int):
    found = get_object_or_404(
        ResourceComment.objects.select_related("resource"),
        pk=comment_id,
        resource__community=access.community,
    )
    try:
        actions.delete_comment(comment=found, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The comment is deleted."))
    return redirect("resources:detail", access.community.slug, found.resource_id)


# --- Wiki -----------------------------------------------------------------------------------


def _page(access, page_slug: str):
    return perms.check_can_read(access, selectors.wiki_page(access.community, page_slug))


@community_view(content=True)
def wiki(request, access):
    return render(
        request,
        "resources/wiki_list.html",
        _context(
            access,
            pages=selectors.wiki_pages(access.community),
            why_not=_why_not_write(access),
        ),
    )


@community_view(members_only=True)
def wiki_new(request, access):
    form = WikiPageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = actions.create_page(
                community=access.community,
                by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The page is created."))
            return redirect(page.get_absolute_url())
    return render(
        request,
        "resources/wiki_form.html",
        _context(access, form=form, page=None, why_not=_why_not_write(access)),
    )


@community_view(content=True)
def wiki_page(request, access, page_slug: str):
    page = _page(access, page_slug)
    return render(
        request,
        "resources/wiki_page.html",
        _context(
            access,
            page=page,
            why_not=_why_not_write(access),
            can_delete=perms.can(perms.check_can_delete_page, access.membership),
        ),
    )


@community_view(members_only=True)
def wiki_edit(request, access, page_slug: str):
    page = _page(access, page_slug)
    current = actions.current_revision(page)
    initial = {"title": current.title, "body": current.body, "base_revision": current.number}
    form = WikiPageForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.edit_page(
                page=page,
                by=request.user,
                title=data["title"],
                body=data["body"],
                summary=data["summary"],
                base_revision=data["base_revision"] or 0,
            )
        except actions.EditConflict as clash:
            # Nothing lost: the form keeps the person's text; it is now based on the current
            # version, so saving again is a conscious choice, after reading theirs.
            conflict = clash.current
            form = WikiPageForm(
                {**request.POST.dict(), "base_revision": conflict.number}, initial=initial
            )
            form.is_valid()
            form.add_error(None, clash.message)
            conflict.lines = diff_lines(conflict.body, data["body"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your version is saved."))
            return redirect(page.get_absolute_url())
    return render(
        request,
        "resources/wiki_form.html",
        _context(access, form=form, page=page, conflict=conflict, why_not=_why_not_write(access)),
    )


@community_view(content=True)
def wiki_history(request, access, page_slug: str):
    page = _page(access, page_slug)
    revisions = Paginator(selectors.history(page), selectors.HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "resources/wiki_history.html",
        _context(access, page=page, revisions=revisions, why_not=_why_not_write(access)),
    )


@community_view(content=True)
def wiki_revision(request, access, page_slug: str, number: int):
    page = _page(access, page_slug)
    revision = selectors.revision(page, number)
    if revision is None:
        raise Http404(_("There is no such version of this page."))
    return render(
        request,
        "resources/wiki_revision.html",
        _context(access, page=page, revision=revision, why_not=_why_not_write(access)),
    )


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


@community_view(content=True)
def wiki_diff(request, access, page_slug: str):
    """The differences between two versions (?from=2&to=5); by default, the latest change."""
    page = _page(access, page_slug)
    new_number = _number(request.GET.get("to"), page.revision_number)
    old_number = _number(request.GET.get("from"), new_number - 1)
    old = selectors.revision(page, old_number)
    new = selectors.revision(page, new_number)
    if old is None or new is None:
        raise Http404(_("There is no such version of this page."))
    lines = diff_lines(old.body, new.body)
    added, removed = counts(lines)
    return render(
        request,
        "resources/wiki_diff.html",
        _context(
            access,
            page=page,
            old=old,
            new=new,
            lines=lines,
            added=added,
            removed=removed,
            title_changed=old.title != new.title,
        ),
    )


@require_POST
@community_view(members_only=True)
def wiki_restore(request, access, page_slug: str, number: int):
    page = _page(access, page_slug)
    try:
        actions.restore_revision(page=page, by=request.user, number=number)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("resources:wiki_history", access.community.slug, page.slug)
    messages.success(
        request,
        _("Version %(n)d is back, as a new version: the others stay in the history.")
        % {"n": number},
    )
    return redirect(page.get_absolute_url())


@require_POST
@community_view(members_only=True)
def wiki_delete(request, access, page_slug: str):
    page = _page(access, page_slug)
    try:
        actions.delete_page(page=page, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(page.get_absolute_url())
    messages.success(request, _("The page is deleted."))
    return redirect("resources:wiki", access.community.slug)
