"""Today's to-do list: what an animator could do this morning, ranked, read live.

Sections, in the order they are shown (the most urgent first):

1. `report`: reports waiting in the moderation queue (if cercle.moderation is installed), for
   those who see the queue;
2. `newcomer`: a newcomer's first message (they joined less than 90 days ago) after which
   nobody else wrote in its topic for more than a day (`NEWCOMER_WAIT`), from the last 30
   days: the strongest lever known (Joyce & Kraut 2006);
3. `request`: join requests waiting (community animators only);
4. `question`: questions without an accepted answer after `QUESTION_DAYS` days (from the last
   90 days);
5. `silent`: regulars and leaders of the engagement ladder (the latest stored report) with no
   message for `SILENT_DAYS` days;
6. `thanks`: the members who did the most in the last 30 days (messages, answers accepted,
   "thanks" received), not thanked in the last 30 days;
7. `introduction`: a newcomer and another member who share skills or interests and never
   answered each other.

Done items leave the list: an answer arrives, a member is thanked or written to (after their
last message), two members are introduced (for good), a member is asked to help (the item
comes back after `ASKED_WAIT` if still unanswered), or the item is set aside ("not now",
`SET_ASIDE_DAYS`). The list shows only what its reader may act on: a group's animators see
their groups' topics and members, join requests are for the community's animators, reports
for those who see the moderation queue.

Everything is read with a fixed number of queries, whatever the size of the community (each
list is capped), and nothing of it comes from the stored report but the ladder (a regular who
went quiet does not need to-the-minute freshness).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cercle.activity.models import ActivityEvent, Verb
from cercle.communities import selectors as community_selectors
from cercle.communities.models import Group, GroupMembership, Membership, MembershipState, Role
from cercle.communities.permissions import CommunityAccess
from cercle.discussions.models import Post, Reaction, ReactionKind, Topic, TopicKind
from cercle.members.models import Profile, Tag, tag_slug
from cercle.moderation import selectors as moderation_selectors
from cercle.moderation.permissions import queue_scope

from .models import AnimatorAction
from .models import AnimatorActionKind as Did
from .permissions import CockpitScope
from .selectors import latest_ladders

NEWCOMER_WAIT = timedelta(hours=24)
NEWCOMER_WINDOW = timedelta(days=30)
NEWCOMER_MEMBERSHIP = timedelta(days=90)
QUESTION_DAYS = 7
QUESTION_WINDOW = timedelta(days=90)
SILENT_DAYS = 60
THANKS_WINDOW = timedelta(days=30)
INTRODUCTION_NEWCOMERS = timedelta(days=60)
ASKED_WAIT = timedelta(hours=48)
SET_ASIDE_DAYS = 30
SHOWN = 8  # items per section
SUGGESTIONS = 3  # members suggested to answer a topic
_CANDIDATES = 60  # people considered per list, before ranking

ITEM_KINDS = ("report", "newcomer", "request", "question", "silent", "thanks", "introduction")
TITLES = {
    "report": _lazy("Reports waiting"),
    "newcomer": _lazy("Newcomers waiting for an answer"),
    "request": _lazy("Join requests waiting"),
    "question": _lazy("Questions without an accepted answer"),
    "silent": _lazy("Regulars who went quiet"),
    "thanks": _lazy("Members to thank"),
    "introduction": _lazy("Members to introduce to each other"),
}
WHY = {
    "report": _lazy("Members trust you to act: read the reports, then decide or dismiss."),
    "newcomer": _lazy(
        "Newcomers whose first message gets an answer come back far more often. Answer, or ask "
        "a member who knows the subject."
    ),
    "request": _lazy("These people are waiting at the door."),
    "question": _lazy(
        "Remind the asker to accept the answer that helped, or ask a member who knows."
    ),
    "silent": _lazy(
        "They were among the most involved, and stopped writing: a personal word often brings "
        "them back."
    ),
    "thanks": _lazy("A thank-you is the cheapest recognition there is, and it is noticed."),
    "introduction": _lazy("They share skills or interests but have never answered each other."),
}

_WORD = re.compile(r"\w{4,}", re.UNICODE)


@dataclass
class Person:
    id: int
    name: str


@dataclass
class Suggestion:
    person: Person
    reasons: list[str]


@dataclass
class Item:
    kind: str
    key: str
    since: datetime | None = None
    topic: Topic | None = None
    post: Post | None = None
    person: Person | None = None
    other: Person | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    asked: tuple[str, datetime] | None = None
    shared: list[str] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)
    extra: Any = None


@dataclass
class Section:
    kind: str
    items: list[Item]
    more_url: str = ""

    @property
    def title(self):
        return TITLES[self.kind]

    @property
    def why(self):
        return WHY[self.kind]


@dataclass
class _Done:
    """What animators did lately, as the list needs it."""

    thanked: set[int] = field(default_factory=set)
    wrote: dict[int, datetime] = field(default_factory=dict)
    asked: dict[int, tuple[str, datetime]] = field(default_factory=dict)
    introduced: set[frozenset[int]] = field(default_factory=set)
    aside_topics: set[int] = field(default_factory=set)
    aside_people: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


def _done(community, now: datetime) -> _Done:
    recent = now - timedelta(days=90)
    rows = (
        AnimatorAction.objects.filter(community=community)
        .filter(
            Q(created_at__gte=recent)
            | Q(kind=Did.INTRODUCED)
            | Q(kind=Did.SET_ASIDE, item="introduction")
        )
        .select_related("member")
        .only(
            "kind",
            "item",
            "member_id",
            "member__name",
            "other_member_id",
            "topic_id",
            "created_at",
        )
    )
    done = _Done()
    aside_since = now - timedelta(days=SET_ASIDE_DAYS)
    for row in rows:
        if row.kind == Did.THANKED and row.created_at > now - THANKS_WINDOW:
            done.thanked.add(row.member_id)
        elif row.kind == Did.WROTE:
            latest = done.wrote.get(row.member_id, row.created_at)
            done.wrote[row.member_id] = max(row.created_at, latest)
        elif row.kind == Did.ASKED_HELP and row.topic_id:
            previous = done.asked.get(row.topic_id)
            if previous is None or previous[1] < row.created_at:
                done.asked[row.topic_id] = (row.member.name if row.member else "", row.created_at)
        elif row.kind == Did.INTRODUCED or (
            row.kind == Did.SET_ASIDE and row.item == "introduction"
        ):
            done.introduced.add(frozenset((row.member_id, row.other_member_id)))
        elif row.kind == Did.SET_ASIDE and row.created_at > aside_since:
            if row.topic_id:
                done.aside_topics.add(row.topic_id)
            if row.member_id:
                done.aside_people[row.item].add(row.member_id)
    return done


def _posts_by(community, authors: Iterable[int]):
    """The live posts of these authors in the community, read through the author index.

    The community is tested row by row (`community_id + 0`): without statistics, SQLite would
    rather take the (community, created_at) index, and scan every post of the community to
    find those of a few dozen people."""
    return Post.objects.alias(
        in_community=ExpressionWrapper(F("community_id") + 0, output_field=IntegerField())
    ).filter(author_id__in=list(authors), in_community=community.pk, deleted_at__isnull=True)


def _in_groups(queryset, group_ids: frozenset[int] | None, path: str):
    return queryset if group_ids is None else queryset.filter(**{f"{path}__in": group_ids})


def build(
    access: CommunityAccess,
    scope: CockpitScope,
    *,
    group: Group | None = None,
    now: datetime | None = None,
) -> list[Section]:
    """The to-do list of this person, for the whole community or one group (`group`)."""
    now = now or timezone.now()
    community, viewer = access.community, access.user
    group_ids: frozenset[int] | None
    if group is not None:
        group_ids = frozenset({group.pk})
    elif scope.everything:
        group_ids = None
    else:
        group_ids = scope.group_ids
    done = _done(community, now)
    asked_hidden = {t for t, (_name, at) in done.asked.items() if at > now - ASKED_WAIT}

    # --- Newcomers waiting for an answer.
    joined_lately = Membership.objects.filter(
        community=community,
        user=OuterRef("author_id"),
        state=MembershipState.ACTIVE,
        joined_at__gte=now - NEWCOMER_MEMBERSHIP,
    )
    earlier = Post.objects.filter(
        community=community,
        author=OuterRef("author_id"),
        created_at__lt=OuterRef("created_at"),
        deleted_at__isnull=True,
    )
    # Answered: someone else wrote in the topic after it (a reply to it, or the conversation
    # going on below it: in a forum, replies answer the opening post by default).
    answered = Post.objects.filter(
        topic=OuterRef("topic_id"),
        created_at__gt=OuterRef("created_at"),
        deleted_at__isnull=True,
    ).exclude(author=OuterRef("author_id"))
    first_posts = _in_groups(
        Post.objects.filter(
            community=community,
            deleted_at__isnull=True,
            topic__deleted_at__isnull=True,
            created_at__gte=now - NEWCOMER_WINDOW,
            created_at__lte=now - NEWCOMER_WAIT,
        ),
        group_ids,
        "topic__group_id",
    )
    first_posts = (
        first_posts.filter(Exists(joined_lately))
        .exclude(Exists(earlier))
        .exclude(Exists(answered))
        .exclude(author=viewer)
        .exclude(topic_id__in=asked_hidden)
        .select_related("topic", "author")
        .only(
            "created_at",
            "parent_id",
            "author__name",
            "topic__title",
            "topic__kind",
            "topic__category_id",
            "topic__group_id",
            "topic__author_id",
            "topic__community_id",
        )
        .order_by("created_at", "pk")[:SHOWN]
    )
    newcomer_items = [
        Item(
            "newcomer",
            f"newcomer-{post.pk}",
            since=post.created_at,
            topic=post.topic,
            post=post,
            person=Person(post.author_id, post.author.name) if post.author else None,
            asked=done.asked.get(post.topic_id),
        )
        for post in first_posts
    ]
    newcomer_topics = {item.topic.pk for item in newcomer_items}

    # --- Questions without an accepted answer.
    questions = _in_groups(
        Topic.objects.filter(
            community=community,
            kind=TopicKind.QUESTION,
            deleted_at__isnull=True,
            closed_at__isnull=True,
            accepted_answer__isnull=True,
            created_at__lte=now - timedelta(days=QUESTION_DAYS),
            created_at__gte=now - QUESTION_WINDOW,
        ),
        group_ids,
        "group_id",
    )
    questions = (
        questions.exclude(pk__in=newcomer_topics | asked_hidden | done.aside_topics)
        .select_related("author")
        .only(
            "title",
            "created_at",
            "post_count",
            "category_id",
            "group_id",
            "author__name",
            "community_id",
            "kind",
        )
        .order_by("-post_count", "created_at", "pk")[:SHOWN]
    )
    question_items = [
        Item(
            "question",
            f"question-{topic.pk}",
            since=topic.created_at,
            topic=topic,
            person=Person(topic.author_id, topic.author.name) if topic.author else None,
            asked=done.asked.get(topic.pk),
        )
        for topic in questions
    ]

    # --- Join requests: the community's animators decide them.
    request_items = []
    if group_ids is None and access.has_role(Role.CO_ANIMATOR):
        request_items = [
            Item(
                "request",
                f"request-{membership.pk}",
                since=membership.created_at,
                person=Person(membership.user_id, membership.user.name),
                extra=membership,
            )
            for membership in community_selectors.pending_requests(community)[:SHOWN]
        ]

    # --- Reports, for those who see the moderation queue.
    report_items = _reports(access, group_ids)

    # --- Regulars who went quiet, from the latest ladder.
    ladders = latest_ladders(community, group_ids=group_ids)
    regulars = {
        entry["author"]
        for ladder in ladders
        for entry in ladder
        if entry.get("level") in ("regular", "leader") and isinstance(entry.get("author"), int)
    } - {viewer.pk}
    silent_last: dict[int, datetime] = {}
    if regulars:
        quiet_since = now - timedelta(days=SILENT_DAYS)
        # Through the (community, created_at) index: the last days' posts, fewer than all
        # the posts of the regulars.
        recent = set(
            Post.objects.filter(
                community=community,
                author_id__in=regulars,
                created_at__gte=quiet_since,
                deleted_at__isnull=True,
            )
            .values_list("author_id", flat=True)
            .distinct()
        )
        quiet = sorted(regulars - recent)[: _CANDIDATES * 4]
        if quiet:
            silent_last = dict(
                _posts_by(community, quiet)
                .values("author_id")
                .annotate(last=Max("created_at"))
                .values_list("author_id", "last")
            )
        silent_last = {
            user: last
            for user, last in silent_last.items()
            if (done.wrote.get(user) is None or done.wrote[user] < last)
            and user not in done.aside_people["silent"]
        }

    # --- Who did the most in the last 30 days.
    posts_by, accepted_by, thanks_by = contributions(
        community, group_ids, start=now - THANKS_WINDOW, end=now
    )
    scores: Counter[int] = Counter()
    for user, n in posts_by.items():
        scores[user] += n
    for user, n in accepted_by.items():
        scores[user] += 3 * n
    for user, n in thanks_by.items():
        scores[user] += 2 * n
    for user in (*done.thanked, *done.aside_people["thanks"], viewer.pk):
        scores.pop(user, None)
    thanks_candidates = [user for user, _score in scores.most_common(_CANDIDATES)]

    # --- Introductions: newcomers, and the most active members of the month.
    newcomers = _in_groups(
        Membership.objects.filter(
            community=community,
            state=MembershipState.ACTIVE,
            joined_at__gte=now - INTRODUCTION_NEWCOMERS,
        ).exclude(user=viewer),
        group_ids,
        "user__group_memberships__group_id",
    )
    newcomer_ids = list(
        newcomers.order_by("-joined_at").values_list("user_id", flat=True).distinct()[:_CANDIDATES]
    )
    actives = [user for user in posts_by if user != viewer.pk][: _CANDIDATES // 2]
    introducible = set(newcomer_ids) | set(actives)

    # --- Who knows the subject of the waiting topics.
    topics = [item.topic for item in newcomer_items + question_items]
    topic_tags = _topic_tags(topics)
    wanted_tags = {tag for tags in topic_tags.values() for tag in tags}
    experts = _people_tags(community, tag_ids=wanted_tags) if wanted_tags else ({}, {})
    categories = {t.category_id for t in topics if t.category_id}
    answerers = _category_answerers(community, categories, now) if categories else {}
    profiles = _people_tags(community, user_ids=introducible) if introducible else ({}, {})
    exchanged = _exchanged(community, newcomer_ids, introducible) if newcomer_ids else set()

    # --- Names, and who is still an active member (and in the reader's groups).
    wanted = (
        set(silent_last)
        | set(thanks_candidates)
        | introducible
        | {user for skills in experts for user in skills}
        | {user for per_category in answerers.values() for user in per_category}
    )
    members = _active_members(community, wanted, group_ids)

    for item in newcomer_items + question_items:
        item.suggestions = _suggest(item.topic, topic_tags, experts, answerers, members, viewer)

    silent_items = [
        Item("silent", f"silent-{user}", since=last, person=members[user])
        for user, last in sorted(silent_last.items(), key=lambda pair: pair[1], reverse=True)
        if user in members
    ][:SHOWN]
    thanks_items = [
        Item(
            "thanks",
            f"thanks-{user}",
            person=members[user],
            figures={
                "posts": posts_by.get(user, 0),
                "accepted": accepted_by.get(user, 0),
                "thanks": thanks_by.get(user, 0),
            },
        )
        for user in thanks_candidates
        if user in members
    ][:SHOWN]
    introduction_items = _introductions(
        newcomer_ids, introducible, profiles, exchanged, done, members
    )

    sections = [
        Section("report", report_items),
        Section("newcomer", newcomer_items),
        Section("request", request_items),
        Section("question", question_items),
        Section("silent", silent_items),
        Section("thanks", thanks_items),
        Section("introduction", introduction_items),
    ]
    return [section for section in sections if section.items]


def contributions(
    community, group_ids: frozenset[int] | None, *, start: datetime, end: datetime
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """Who did the most in [start, end): messages, answers accepted, "thanks" received, by
    user id; each list capped to the `_CANDIDATES` first (three queries)."""
    posts = _in_groups(
        Post.objects.filter(
            community=community,
            deleted_at__isnull=True,
            topic__deleted_at__isnull=True,
            created_at__gte=start,
            created_at__lt=end,
            author__isnull=False,
        ),
        group_ids,
        "topic__group_id",
    )
    posts_by = dict(
        posts.values("author_id")
        .annotate(n=Count("id"))
        .order_by("-n", "author_id")
        .values_list("author_id", "n")[:_CANDIDATES]
    )
    accepted_events = _in_groups(
        ActivityEvent.objects.filter(
            community=community,
            verb=Verb.ACCEPTED_ANSWER,
            created_at__gte=start,
            created_at__lt=end,
        ),
        group_ids,
        "group_id",
    )
    accepted_by = dict(
        Post.objects.filter(
            pk__in=Subquery(accepted_events.values("object_id")),
            deleted_at__isnull=True,
            author__isnull=False,
        )
        .values("author_id")
        .annotate(n=Count("id"))
        .order_by("-n", "author_id")
        .values_list("author_id", "n")[:_CANDIDATES]
    )
    thanks = _in_groups(
        Reaction.objects.filter(
            kind=ReactionKind.THANKS,
            created_at__gte=start,
            created_at__lt=end,
            post__community=community,
            # Thanks go to recent messages: bounding the posts keeps this to an index range.
            post__created_at__gte=start - timedelta(days=30),
            post__deleted_at__isnull=True,
            post__author__isnull=False,
        ),
        group_ids,
        "post__topic__group_id",
    )
    thanks_by = dict(
        thanks.values("post__author_id")
        .annotate(n=Count("id"))
        .order_by("-n", "post__author_id")
        .values_list("post__author_id", "n")[:_CANDIDATES]
    )
    return posts_by, accepted_by, thanks_by


def _reports(access: CommunityAccess, group_ids: frozenset[int] | None) -> list[Item]:
    """Open reports of the moderation queue, as its permissions show them."""
    scope = queue_scope(access)
    if not scope.sees_anything:
        return []
    reports = moderation_selectors.reports(access.community, scope)
    if group_ids is not None:
        reports = reports.filter(group_id__in=group_ids)
    return [
        Item(
            "report",
            f"report-{report.pk}",
            since=report.created_at,
            topic=report.topic,
            person=Person(report.reported_user_id, report.reported_user.name)
            if report.reported_user
            else None,
            extra=report,
        )
        for report in reports[:SHOWN]
    ]


def _topic_tags(topics: list[Topic]) -> dict[int, set[int]]:
    """Each topic's subject as tags: its own tags, and the tags its title's words (and pairs
    of words) name."""
    if not topics:
        return {}
    tags: dict[int, set[int]] = defaultdict(set)
    through = Topic.tags.through
    for topic_id, tag_id in through.objects.filter(topic_id__in=[t.pk for t in topics]).values_list(
        "topic_id", "tag_id"
    ):
        tags[topic_id].add(tag_id)
    slugs_of: dict[int, set[str]] = {}
    for topic in topics:
        words = _WORD.findall(topic.title.lower())
        slugs = {tag_slug(word) for word in words}
        slugs |= {tag_slug(f"{a} {b}") for a, b in pairwise(words)}
        slugs_of[topic.pk] = {s for s in slugs if s}
    every = set().union(*slugs_of.values())
    if every:
        by_slug = dict(Tag.objects.filter(slug__in=every).values_list("slug", "pk"))
        for topic_id, slugs in slugs_of.items():
            tags[topic_id] |= {by_slug[s] for s in slugs if s in by_slug}
    return tags


def _people_tags(
    community, *, tag_ids: Iterable[int] = (), user_ids: Iterable[int] = ()
) -> tuple[dict[int, dict[int, str]], dict[int, dict[int, str]]]:
    """(skills, interests): user id -> {tag id: name}, of the community's active members
    who have one of `tag_ids`, or of `user_ids`. Two queries."""
    result = []
    for relation in (Profile.skills.through, Profile.interests.through):
        rows = relation.objects.filter(
            Exists(
                Membership.objects.filter(
                    community=community,
                    user_id=OuterRef("profile__user_id"),
                    state=MembershipState.ACTIVE,
                )
            )
        )
        rows = rows.filter(tag_id__in=list(tag_ids)) if tag_ids else rows
        rows = rows.filter(profile__user_id__in=list(user_ids)) if user_ids else rows
        found: dict[int, dict[int, str]] = defaultdict(dict)
        for user, tag, name in rows.values_list("profile__user_id", "tag_id", "tag__name")[:2000]:
            found[user][tag] = name
        result.append(found)
    return result[0], result[1]


def _category_answerers(community, categories: set[int], now: datetime) -> dict[int, Counter]:
    """category id -> {user id: answers}: accepted answers (all time, counting 3) and replies
    of the last 30 days in each category."""
    answerers: dict[int, Counter] = defaultdict(Counter)
    for category, user, n in (
        Topic.objects.filter(
            community=community,
            category_id__in=categories,
            deleted_at__isnull=True,
            accepted_answer__isnull=False,
            accepted_answer__author__isnull=False,
        )
        .values("category_id", "accepted_answer__author_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "accepted_answer__author_id", "n")
    ):
        answerers[category][user] += 3 * n
    for category, user, n in (
        Post.objects.filter(
            community=community,
            created_at__gte=now - THANKS_WINDOW,
            parent__isnull=False,
            deleted_at__isnull=True,
            author__isnull=False,
            topic__category_id__in=categories,
        )
        .values("topic__category_id", "author_id")
        .annotate(n=Count("id"))
        .values_list("topic__category_id", "author_id", "n")
    ):
        answerers[category][user] += n
    return answerers


def _exchanged(community, newcomers: list[int], people: set[int]) -> set[frozenset[int]]:
    """The pairs (a newcomer, one of `people`) where one ever answered the other. Read from
    the newcomers' side, who have written little: their posts answering `people`, and the
    posts of `people` answering them (two queries)."""
    theirs = _posts_by(community, newcomers)
    pairs = set(
        theirs.filter(parent__author_id__in=people).values_list("author_id", "parent__author_id")
    )
    pairs |= set(
        Post.objects.filter(parent__in=theirs.values("pk"), author_id__in=people)
        .values_list("author_id", "parent__author_id")
        .distinct()
    )
    return {frozenset(pair) for pair in pairs if pair[0] != pair[1]}


def _active_members(
    community, user_ids: set[int], group_ids: frozenset[int] | None
) -> dict[int, Person]:
    """The active members among `user_ids` (in the groups, if given), with their names."""
    if not user_ids:
        return {}
    memberships = Membership.objects.filter(
        community=community, state=MembershipState.ACTIVE, user_id__in=user_ids
    )
    if group_ids is not None:
        memberships = memberships.filter(
            Exists(GroupMembership.objects.filter(user=OuterRef("user_id"), group_id__in=group_ids))
        )
    return {
        user: Person(user, name) for user, name in memberships.values_list("user_id", "user__name")
    }


def _suggest(topic, topic_tags, experts, answerers, members, viewer) -> list[Suggestion]:
    """The members most likely to know the topic's subject: skills (3 points a tag) and
    interests (1) among its tags, and answers in its category."""
    skills, interests = experts
    tags = topic_tags.get(topic.pk, set())
    scores: Counter[int] = Counter()
    for user, theirs in skills.items():
        scores[user] += 3 * len(tags & theirs.keys())
    for user, theirs in interests.items():
        scores[user] += len(tags & theirs.keys())
    in_category = answerers.get(topic.category_id, {}) if topic.category_id else {}
    for user, n in in_category.items():
        scores[user] += n
    best = [
        user
        for user, score in sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
        if score and user in members and user not in (topic.author_id, viewer.pk)
    ][:SUGGESTIONS]
    suggestions = []
    for user in best:
        reasons = []
        common = sorted(skills.get(user, {})[t] for t in tags & skills.get(user, {}).keys())
        if common:
            reasons.append(_("skills: %(tags)s") % {"tags": ", ".join(common)})
        common = sorted(interests.get(user, {})[t] for t in tags & interests.get(user, {}).keys())
        if common:
            reasons.append(_("interests: %(tags)s") % {"tags": ", ".join(common)})
        if user in in_category:
            reasons.append(_("answers often in this category"))
        suggestions.append(Suggestion(members[user], reasons))
    return suggestions


def _introductions(newcomer_ids, introducible, profiles, exchanged, done, members) -> list[Item]:
    skills, interests = profiles

    def tags_of(user: int) -> dict[int, str]:
        return {**interests.get(user, {}), **skills.get(user, {})}

    seen: set[frozenset[int]] = set()
    pairs = []
    for newcomer in newcomer_ids:
        if newcomer not in members:
            continue
        mine = tags_of(newcomer)
        if not mine:
            continue
        for other in introducible:
            pair = frozenset((newcomer, other))
            if (
                other == newcomer
                or other not in members
                or pair in seen
                or pair in exchanged
                or pair in done.introduced
            ):
                continue
            theirs = tags_of(other)
            common = sorted({mine[t] for t in mine if t in theirs})
            if not common:
                continue
            seen.add(pair)
            # Someone whose skill is the newcomer's interest counts most: they can help.
            helpful = len(set(skills.get(other, {})) & set(interests.get(newcomer, {})))
            pairs.append((2 * helpful + len(common), newcomer, other, common))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    items: list[Item] = []
    proposed: Counter[int] = Counter()
    for _score, newcomer, other, common in pairs:
        # Two introductions at most per person at a time: the list stays varied.
        if proposed[newcomer] >= 2 or proposed[other] >= 2:
            continue
        proposed.update((newcomer, other))
        items.append(
            Item(
                "introduction",
                f"introduction-{newcomer}-{other}",
                person=members[newcomer],
                other=members[other],
                shared=common,
            )
        )
        if len(items) == SHOWN:
            break
    return items
