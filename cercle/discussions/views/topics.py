"""Reading and writing topics: the lists, a new topic, the topic page and its reply form."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cercle.communities.decorators import community_view
from cercle.communities.models import Group
from cercle.discussions import permissions as perms
from cercle.discussions import selectors
from cercle.discussions.forms import ReplyForm, TopicForm, draft_initial
from cercle.discussions.models import Category, IdeaStatus, Post, TopicKind
from cercle.discussions.views.composer import draft_kept_message, keep_draft, waiting_files
from cercle.discussions.visitors import kept_for_visitors
from cercle.lib.errors import Refused
from cercle.moderation.actions import submit
from cercle.moderation.models import PendingPost
from cercle.notifications import reading

AWAITING_APPROVAL = _lazy(
    "Your message awaits a moderator's approval: you see it, marked so, until it is published."
)


@kept_for_visitors
@community_view(content=True)
def topic_list(request, access, category_slug: str = "", group_slug: str = ""):
    community = access.community
    category = (
        get_object_or_404(Category, community=community, slug=category_slug)
        if category_slug
        else None
    )
    group = get_object_or_404(Group, community=community, slug=group_slug) if group_slug else None
    kind = request.GET.get("kind", "")
    if kind not in TopicKind.values:
        kind = ""
    show_deleted = request.GET.get("deleted") == "1" and access.has_role(perms.MODERATE)
    page = selectors.topic_list_page(
        community,
        group=group,
        category=category,
        kind=kind,
        deleted=show_deleted,
        page_number=request.GET.get("page"),
    )
    reading.on_topic_list(request.user, access, page)  # unread counts
    query = request.GET.copy()
    query.pop("page", None)
    new_url = reverse("discussions:new", args=[community.slug])
    if category or group:
        new_url += "?" + "&".join(
            part
            for part in (
                f"category={category.pk}" if category else "",
                f"group={group.pk}" if group else "",
            )
            if part
        )
    context = {
        "access": access,
        "community": community,
        "page": page,
        "query": query.urlencode(),
        "category": category,
        "group": group,
        "kind": kind,
        "kinds": TopicKind.choices,
        "categories": selectors.category_tabs(community),
        "show_deleted": show_deleted,
        "can_moderate": access.has_role(perms.MODERATE),
        "can_animate": access.has_role(perms.ANIMATE),
        "can_post": perms.can(perms.check_can_take_part, access.membership),
        "new_url": new_url,
        "following_category": reading.follows_category(request.user, access, category),
    }
    template = "discussions/_topic_rows.html" if request.htmx else "discussions/topic_list.html"
    return TemplateResponse(request, template, context)


def _allowed_kinds(access) -> list[str]:
    return [
        kind
        for kind in TopicKind.values
        if perms.can(perms.check_can_post, access.membership, kind=kind)
    ]


@community_view(content=True)
def topic_new(request, access):
    """The new topic form. What is typed is kept as the member's draft (autosaved, and at
    each submission), so refusals (left the community meanwhile, a file refused...) lose
    nothing, and the form comes back as it was left, on any device."""
    community = access.community
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal_message = ""
    try:
        perms.check_can_take_part(access.membership)
    except Refused as refusal:
        refusal_message = refusal.message
    draft = selectors.draft_in(request.user, community) if access.is_member else None
    initial = {"kind": TopicKind.DISCUSSION, **draft_initial(draft)}
    for name in ("category", "group"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    kinds = _allowed_kinds(access) or [TopicKind.DISCUSSION]
    form = TopicForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        community=community,
        kinds=kinds,
    )
    if request.method == "POST" and not refusal_message:
        draft = keep_draft(request, form, community=community)
        if "save_draft" in request.POST and not form.non_field_errors():
            draft_kept_message(request, form)
            return redirect("discussions:new", community.slug)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # Through moderation: trust limits, spam defences, pre-moderation.
            topic = submit.start_topic(
                community=community,
                author=request.user,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                category=data["category"],
                group=data["group"],
                tags=data["tags"],
                framing=data["framing"],
                poll=form.poll_spec(),
                draft=draft,
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            if isinstance(topic, PendingPost):
                messages.success(request, AWAITING_APPROVAL)
                return redirect("discussions:list", community.slug)
            messages.success(request, _("Your topic is published."))
            return redirect("discussions:topic", community.slug, topic.pk)
    return render(
        request,
        "discussions/topic_new.html",
        {
            "access": access,
            "community": community,
            "form": form,
            "kinds": kinds,
            "refusal": refusal_message,
            "draft": draft,
            "waiting_files": waiting_files(draft),
        },
    )


def _quote(post: Post) -> str:
    """The post's text as a Markdown quote, signed, ready to be answered below."""
    author = post.author.name if post.author else _("former member")
    lines = [f"> {author}:", *(f"> {line}" for line in post.body.splitlines())]
    return "\n".join(lines) + "\n\n"


@kept_for_visitors
@community_view(content=True)
def topic_detail(request, access, topic_id: int):
    """The topic page; its form posts a reply here, so a refused reply keeps its text. What
    a member types is kept as their draft in this topic (autosaved, and at each submission),
    restored when they come back, from any device, until the reply is published."""
    community = access.community
    topic = selectors.topic_for_page(community, topic_id)
    if topic is None:
        raise Http404(_("There is no such topic in this community."))
    perms.check_can_read(access, topic)
    draft = selectors.draft_in(request.user, community, topic) if access.is_member else None
    initial = draft_initial(draft)
    reply_target = None
    if request.method == "POST":
        target_id = request.POST.get("reply_to", "")
    elif "reply_to" in request.GET:  # empty: "answer the topic instead"
        target_id = request.GET["reply_to"]
    else:
        target_id = initial.get("reply_to", "")  # as the draft left it
    quoting = request.GET.get("quote", "")
    if quoting.isdigit():
        target_id = quoting
    if str(target_id).isdigit():
        reply_target = (
            Post.objects.filter(topic=topic, pk=int(target_id)).select_related("author").first()
        )
        if reply_target is not None and reply_target.is_deleted and request.method != "POST":
            reply_target = None  # a link to answer a message deleted since; the reply
            # itself, if posted, is refused by the action with a message
    initial.pop("reply_to", None)
    if reply_target is not None:
        initial["reply_to"] = reply_target.pk
        if quoting:
            typed = initial.get("body", "").rstrip()
            initial["body"] = (f"{typed}\n\n" if typed else "") + _quote(reply_target)
    form = ReplyForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access.is_member:
            draft = keep_draft(request, form, community=community, topic=topic)
            if "save_draft" in request.POST and not form.non_field_errors():
                draft_kept_message(request, form)
                page = request.GET.get("page", "")
                url = reverse("discussions:topic", args=[community.slug, topic.pk])
                return redirect(f"{url}?page={page}#reply" if page.isdigit() else f"{url}#reply")
        if form.is_valid():
            try:
                post = submit.reply(  # through moderation, as start_topic above
                    topic=topic,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    reply_to=reply_target,
                    side=form.cleaned_data["side"] if topic.kind == TopicKind.DEBATE else "",
                    draft=draft,
                )
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                if isinstance(post, PendingPost):
                    messages.success(request, AWAITING_APPROVAL)
                    return redirect(f"{topic.get_absolute_url()}#pending-{post.pk}")
                messages.success(request, _("Your reply is published."))
                return redirect("discussions:post", community.slug, post.pk)
    rights = perms.topic_rights(access.membership, topic)
    page, reactions = selectors.topic_page(
        topic, page_number=request.GET.get("page"), user=request.user
    )
    for post in page.object_list:
        post.reactions_summary = reactions[post.pk]
        post.can_edit = rights.can_edit(post)
        post.can_delete = rights.can_delete(post)
    topic_reading = reading.on_topic_page(request.user, access, topic, page)
    return TemplateResponse(
        request,
        "discussions/topic_detail.html",
        {
            "access": access,
            "community": community,
            "topic": topic,
            "page": page,
            "rights": rights,
            "form": form,
            "draft": draft,
            "waiting_files": waiting_files(draft),
            "reply_target": reply_target,
            "poll": selectors.poll_view(topic, request.user),
            "voted_idea": topic.kind == TopicKind.IDEA
            and selectors.has_voted_idea(topic, request.user),
            "idea_statuses": IdeaStatus.choices,
            "cannot_reply_because": _why_not(perms.check_can_reply, access.membership, topic),
            "reading": topic_reading,
        },
    )


def _why_not(check, *args) -> str:
    try:
        check(*args)
    except Refused as refusal:
        return refusal.message
    return ""
