"""One post: its permanent link, editing and its history, deletion and restoration, reactions."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities.decorators import community_view
from cercle.discussions import actions, selectors
from cercle.discussions import permissions as perms
from cercle.discussions.forms import EditPostForm, ReactionForm
from cercle.discussions.models import Post
from cercle.lib.errors import Refused
from cercle.moderation import trust


def _get_post(access, post_id: int) -> Post:
    """A post of this community whose topic the reader may see; deleted posts only for
    moderators (members see "message deleted" in the topic, never its text)."""
    post = get_object_or_404(
        Post.objects.select_related("topic", "author"), pk=post_id, community=access.community
    )
    post.topic.community = access.community
    perms.check_can_read(access, post.topic)
    return post


def post_url(community_slug: str, post: Post) -> str:
    page = selectors.post_page_number(post)
    url = reverse("discussions:topic", args=[community_slug, post.topic_id])
    if page > 1:
        url += f"?page={page}"
    return f"{url}#post-{post.pk}"


@community_view(content=True)
def post_link(request, access, post_id: int):
    """A post's permanent address: its topic, at the page where it is shown."""
    return redirect(post_url(access.community.slug, _get_post(access, post_id)))


@community_view(content=True)
def post_edit(request, access, post_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _get_post(access, post_id)
    try:
        perms.check_can_edit(access.membership, post)
    except Refused as refusal:
        if request.method != "POST":
            messages.error(request, refusal.message)
            return redirect(post_url(access.community.slug, post))
    initial = {"body": post.body, "title": post.topic.title if post.is_opening else ""}
    form = EditPostForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if access.membership is not None:
                # A new member's limits on links and files hold for edits too.
                removed = set(form.removed_attachments())
                kept = sum(1 for a in post.attachments.all() if a.pk not in removed)
                trust.check_can_edit(
                    access.membership,
                    body=form.cleaned_data["body"],
                    attachments=kept + len(form.cleaned_data["attachments"]),
                )
            actions.edit_post(
                post=post,
                by=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"] if post.is_opening else None,
                uploads=form.cleaned_data["attachments"],
                remove_attachments=form.removed_attachments(),
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(post_url(access.community.slug, post))
    return render(
        request,
        "discussions/post_edit.html",
        {
            "access": access,
            "community": access.community,
            "post": post,
            "form": form,
            "attached": post.attachments.order_by("pk"),
            "removed": set(form.removed_attachments()) if form.is_bound else set(),
        },
    )


@community_view(content=True)
def post_history(request, access, post_id: int):
    """Every version of a post, the current one first."""
    post = _get_post(access, post_id)
    if post.is_deleted and not access.has_role(perms.MODERATE):
        raise Http404(_("This message was deleted."))
    return render(
        request,
        "discussions/post_history.html",
        {
            "access": access,
            "community": access.community,
            "post": post,
            "revisions": selectors.revisions_of(post),
        },
    )


@require_POST
@community_view(members_only=True)
def post_delete(request, access, post_id: int):
    post = _get_post(access, post_id)
    try:
        actions.delete_post(post=post, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(post_url(access.community.slug, post))
    if post.is_opening:
        messages.success(request, _("The topic is deleted. An animator can restore it."))
        return redirect("discussions:list", access.community.slug)
    messages.success(request, _("The message is deleted. An animator can restore it."))
    return redirect(post_url(access.community.slug, post))


@require_POST
@community_view(min_role=perms.MODERATE)
def post_restore(request, access, post_id: int):
    post = _get_post(access, post_id)
    try:
        actions.restore_post(post=post, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The message is restored."))
    return redirect(post_url(access.community.slug, post))


@require_POST
@community_view(content=True)
def post_react(request, access, post_id: int):
    """Add or take back a reaction; with htmx, answer with the post's reaction bar only."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("discussions:post", args=[access.community.slug, post_id]))
    post = _get_post(access, post_id)
    form = ReactionForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Unknown reaction.")
    else:
        try:
            if request.POST.get("undo"):
                actions.unreact(post=post, user=request.user, kind=form.cleaned_data["kind"])
            else:
                actions.react(post=post, user=request.user, kind=form.cleaned_data["kind"])
        except Refused as refusal:
            error = refusal.message
    if request.htmx:
        post.reactions_summary = selectors.reactions_for([post], request.user)[post.pk]
        rights = perms.topic_rights(access.membership, post.topic)
        return render(
            request,
            "discussions/_reactions.html",
            {"community": access.community, "post": post, "rights": rights, "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect(post_url(access.community.slug, post))
