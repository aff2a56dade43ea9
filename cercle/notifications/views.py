"""The bell's page, the notification settings, "what's new", following, the first unread post.

Every view that changes something takes a POST (CSRF-checked by Django's middleware) and
reaches a notification only through the recipient's own (404 for anyone else's).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.communities.decorators import community_view
from cercle.discussions import permissions as perms
from cercle.discussions.models import Category, Topic
from cercle.discussions.views.posts import post_url
from cercle.notifications import actions, selectors
from cercle.notifications.forms import PreferencesForm
from cercle.notifications.models import Kind, Notification

# --- Notifications --------------------------------------------------------------------------


@login_required
def notification_list(request):
    page = selectors.notifications_page(request.user, request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


def _own(request, notification_id: int) -> Notification:
    return get_object_or_404(
        Notification.objects.select_related("actor", "community", "topic", "post"),
        pk=notification_id,
        recipient=request.user,
    )


@login_required
def notification_open(request, notification_id: int):
    """Follow a notification: it is read, and the person lands on the post."""
    notification = _own(request, notification_id)
    actions.mark_read(notification=notification)
    slug = notification.community.slug
    if notification.kind == Kind.MODERATION and not notification.post_id:
        return redirect("moderation:mine", slug)
    if notification.post_id:
        return redirect("discussions:post", slug, notification.post_id)
    if notification.topic_id:
        return redirect("discussions:topic", slug, notification.topic_id)
    if notification.kind in (Kind.THANKS, Kind.INTRODUCTION, Kind.FROM_ANIMATORS):
        # What the animators sent is on the member's participation page (cercle.cockpit).
        return redirect("cockpit:participation", slug)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read(request, notification_id: int):
    """Mark one read; with htmx, answer with its line and the bell, updated."""
    notification = actions.mark_read(notification=_own(request, notification_id))
    if request.htmx:
        return render(request, "notifications/_item_read.html", {"notification": notification})
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request):
    actions.mark_all_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, current=selectors.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        actions.set_preferences(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# --- What's new -----------------------------------------------------------------------------


@login_required
def news(request):
    """Topics with unread posts across the member's communities, or in one (?c=slug)."""
    found = selectors.floors(request.user)
    slug = request.GET.get("c", "")
    current = next((f.community for f in found.values() if f.community.slug == slug), None)
    page = selectors.news_page(
        request.user,
        found,
        community_id=current.pk if current else None,
        page_number=request.GET.get("page"),
    )
    per_community = selectors.news_per_community(request.user, found)
    return render(
        request,
        "notifications/news.html",
        {
            "page": page,
            "current": current,
            "query": f"c={current.slug}" if current else "",
            "communities": [
                (floor.community, per_community.get(community_id, 0))
                for community_id, floor in found.items()
            ],
            "total": sum(per_community.values()),
        },
    )


@require_POST
@login_required
def news_read(request):
    """Mark everything read, in one community (c=slug) or in all the member's communities."""
    found = selectors.floors(request.user)
    slug = request.POST.get("c", "")
    communities = [f.community for f in found.values() if not slug or f.community.slug == slug]
    actions.mark_community_read(user=request.user, communities=communities)
    messages.success(request, _("Everything is marked as read."))
    url = reverse("notifications:news")
    return redirect(f"{url}?c={slug}" if slug and communities else url)


# --- Topics: the first unread post, following ----------------------------------------------


def _readable_topic(access, topic_id: int) -> Topic:
    topic = get_object_or_404(Topic, pk=topic_id, community=access.community)
    topic.community = access.community
    perms.check_can_read(access, topic)
    return topic


@community_view(content=True)
def first_unread(request, access, topic_id: int):
    """Jump to the page and anchor of the first post the member has not read (their latest
    if they have read everything; the topic's start for those not tracked)."""
    topic = _readable_topic(access, topic_id)
    reading = selectors.topic_reading(access, topic)
    post = (
        selectors.first_unread_post(request.user, topic, reading.cutoff)
        if reading.tracked
        else None
    )
    if post is None:
        return redirect("discussions:topic", access.community.slug, topic.pk)
    return redirect(post_url(access.community.slug, post))


def _follow_answer(request, *, following: bool, url: str, what: str, fallback: str):
    if request.htmx:
        return render(
            request,
            "notifications/_follow_button.html",
            {"following": following, "follow_url": url, "what": what},
        )
    if following:
        messages.success(request, _("You follow it now: you will be notified of what is new."))
    else:
        messages.success(request, _("You no longer follow it."))
    return redirect(fallback)


@require_POST
@community_view(members_only=True)
def follow_topic(request, access, topic_id: int):
    topic = _readable_topic(access, topic_id)
    following = request.POST.get("follow") == "1"
    if following:
        actions.follow_topic(user=request.user, topic=topic)
    else:
        actions.unfollow_topic(user=request.user, topic=topic)
    return _follow_answer(
        request,
        following=following,
        url=reverse("notifications:follow_topic", args=[access.community.slug, topic.pk]),
        what="topic",
        fallback=reverse("discussions:topic", args=[access.community.slug, topic.pk]),
    )


@require_POST
@community_view(members_only=True)
def follow_category(request, access, category_slug: str):
    category = get_object_or_404(Category, community=access.community, slug=category_slug)
    following = request.POST.get("follow") == "1"
    if following:
        actions.follow_category(user=request.user, category=category)
    else:
        actions.unfollow_category(user=request.user, category=category)
    slug = access.community.slug
    return _follow_answer(
        request,
        following=following,
        url=reverse("notifications:follow_category", args=[slug, category.slug]),
        what="category",
        fallback=reverse("discussions:category", args=[slug, category.slug]),
    )
