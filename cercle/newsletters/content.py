"""What a member's digest says: what happened in one community since their last digest.

- **In what you follow**: topics started in the categories they follow, and topics they follow
  that others replied to;
- **Questions you could answer**: questions still without an accepted answer whose tags, or
  title, match one of their skills (not their own, nor those they already answered);
- **Coming up**: events announced since, and events starting before the next digest (of the
  whole community, and of the groups they are in);
- **Newcomers to welcome**: members who joined since;
- **Thanks you received**: "thanks" on their messages, and thanks from the animators.

Nothing new, no digest. The window starts at their last digest in this community, or one
period back for the first one, never further than one period back.

It is read in two steps so that a run costs a constant number of queries per batch of members,
not per member: `CommunityNews` reads what the community's digests can say, once per run
(topics, questions, events, newcomers of the longest window); `BatchFacts` reads what concerns
a batch of members (their follows, skills, groups, answers, thanks), a query each; then
`digest_for` picks each member's share in memory.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse

from cercle.communities.models import Community, GroupMembership, Membership, MembershipState
from cercle.discussions.models import Post, Reaction, ReactionKind, Topic, TopicKind
from cercle.events.models import Event, EventStatus, MemberTimeZone
from cercle.members.models import Profile, tag_slug
from cercle.notifications.models import Follow

LIMITS = {"followed": 10, "questions": 5, "events": 6, "newcomers": 6, "thanks": 6}
# Open questions older than this are not proposed any more.
QUESTION_AGE = timedelta(days=31)


@dataclass(frozen=True)
class TopicItem:
    pk: int
    title: str
    url: str
    category: str
    kind: str
    author_id: int | None
    author: str
    created_at: datetime
    last_post_at: datetime
    last_post_by_id: int | None
    replies: int


@dataclass(frozen=True)
class Person:
    pk: int
    name: str
    organisation: str
    url: str
    joined_at: datetime


@dataclass(frozen=True)
class Thanks:
    key: str  # what the fragment cache knows it by
    who: str
    topic: str
    url: str
    at: datetime
    from_animators: bool = False


@dataclass
class Member:
    user_id: int
    email: str
    name: str
    language: str
    since: datetime


@dataclass
class Digest:
    member: Member
    followed: list[tuple[TopicItem, bool]] = field(default_factory=list)  # (topic, is new)
    questions: list[TopicItem] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    newcomers: list[Person] = field(default_factory=list)
    more_newcomers: int = 0
    thanks: list[Thanks] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.followed or self.questions or self.events or self.newcomers or self.thanks)


def _name(name: str | None) -> str:
    return name or ""


class CommunityNews:
    """What the digests of one community may say, read once for a run: everything of the
    longest window (`earliest` to `at`), each member then taking what is after their own start.
    """

    def __init__(self, community: Community, *, at: datetime, earliest: datetime, ahead: timedelta):
        self.community = community
        self.at = at
        self.earliest = earliest
        self.ahead = ahead
        slug = community.slug
        topic_url = reverse("discussions:topic", args=[slug, 0]).replace("/0/", "/{}/")
        rows = (
            Topic.objects.filter(
                community=community,
                deleted_at__isnull=True,
                last_post_at__gt=earliest,
                last_post_at__lte=at,
            )
            .values(
                "pk",
                "title",
                "kind",
                "category_id",
                "category__name",
                "author_id",
                "author__name",
                "created_at",
                "last_post_at",
                "last_post_by_id",
                "post_count",
                "accepted_answer_id",
                "closed_at",
            )
            .order_by("-last_post_at", "-pk")
        )
        self.topics: dict[int, TopicItem] = {}
        self.new_in_category: dict[int, list[TopicItem]] = defaultdict(list)
        open_questions: list[dict] = []
        for row in rows:
            item = TopicItem(
                pk=row["pk"],
                title=row["title"],
                url=topic_url.format(row["pk"]),
                category=_name(row["category__name"]),
                kind=row["kind"],
                author_id=row["author_id"],
                author=_name(row["author__name"]),
                created_at=row["created_at"],
                last_post_at=row["last_post_at"],
                last_post_by_id=row["last_post_by_id"],
                replies=max(row["post_count"] - 1, 0),
            )
            self.topics[item.pk] = item
            if row["category_id"] and item.created_at > earliest:
                self.new_in_category[row["category_id"]].append(item)
            if (
                row["kind"] == TopicKind.QUESTION
                and row["accepted_answer_id"] is None
                and row["closed_at"] is None
                and item.created_at > at - QUESTION_AGE
            ):
                open_questions.append(row)
        for items in self.new_in_category.values():
            items.sort(key=lambda t: t.created_at, reverse=True)
        self._questions(open_questions)
        self._events()
        self._newcomers()
        self._since_cache: dict[datetime, list[Event]] = {}

    # --- shared parts --------------------------------------------------------------------

    def _questions(self, rows: list[dict]) -> None:
        """Open questions, newest first, with what a skill can match: their tags' ids, and
        their title as a slug ("marches-publics" matches "Une question sur les marchés
        publics")."""
        self.questions = [self.topics[row["pk"]] for row in rows]
        self.questions.sort(key=lambda t: t.created_at, reverse=True)
        self.question_ids = [q.pk for q in self.questions]
        tags: dict[int, set[int]] = defaultdict(set)
        if self.question_ids:
            for topic_id, tag_id in Topic.tags.through.objects.filter(
                topic_id__in=self.question_ids
            ).values_list("topic_id", "tag_id"):
                tags[topic_id].add(tag_id)
        self._question_tags = tags
        self._question_titles = {q.pk: f"-{tag_slug(q.title)}-" for q in self.questions}
        self._matches: dict[int, tuple[TopicItem, ...]] = {}

    def questions_for_skill(self, tag_id: int, slug: str) -> tuple[TopicItem, ...]:
        found = self._matches.get(tag_id)
        if found is None:
            needle = f"-{slug}-"
            found = self._matches[tag_id] = tuple(
                q
                for q in self.questions
                if tag_id in self._question_tags.get(q.pk, ())
                or (len(slug) >= 3 and needle in self._question_titles[q.pk])
            )
        return found

    def _events(self) -> None:
        at, ahead = self.at, self.ahead
        self.events = list(
            Event.objects.filter(
                community=self.community, status=EventStatus.SCHEDULED, ends_at__gt=at
            )
            .filter(Q(starts_at__lte=at + ahead) | Q(created_at__gt=self.earliest))
            .select_related("group")
            .order_by("starts_at", "pk")[:50]
        )
        for event in self.events:
            event.community = self.community  # the fragments link to it without a query
        self.has_group_events = any(e.group_id for e in self.events)

    def _newcomers(self) -> None:
        rows = (
            Membership.objects.filter(
                community=self.community,
                state=MembershipState.ACTIVE,
                joined_at__gt=self.earliest,
                joined_at__lte=self.at,
                user__is_active=True,
            )
            .order_by("joined_at", "pk")
            .values("user_id", "user__name", "user__profile__organisation", "joined_at")
        )
        profile_url = reverse("members:profile", args=[self.community.slug, 0]).replace(
            "/0/", "/{}/"
        )
        # Oldest first, for bisect on the join date.
        self.newcomers = [
            Person(
                pk=row["user_id"],
                name=_name(row["user__name"]),
                organisation=_name(row["user__profile__organisation"]),
                url=profile_url.format(row["user_id"]),
                joined_at=row["joined_at"],
            )
            for row in rows
        ]
        self._joined = [p.joined_at for p in self.newcomers]

    def events_since(self, since: datetime) -> list[Event]:
        """The community-wide events worth telling someone whose window starts at `since`:
        announced since, or starting before the next digest. Few distinct `since` values
        exist in a run, so this is memoised."""
        found = self._since_cache.get(since)
        if found is None:
            horizon = self.at + self.ahead
            found = self._since_cache[since] = [
                e for e in self.events if e.created_at > since or e.starts_at <= horizon
            ]
        return found

    # --- per batch, then per member ------------------------------------------------------

    def facts(self, user_ids: list[int]) -> BatchFacts:
        return BatchFacts(self, user_ids)

    def digest_for(self, member: Member, facts: BatchFacts) -> Digest:
        digest = Digest(member=member)
        uid, since = member.user_id, member.since
        # In what they follow.
        followed: dict[int, tuple[TopicItem, bool]] = {}
        for category_id in facts.categories.get(uid, ()):
            for topic in self.new_in_category.get(category_id, ()):
                if topic.created_at <= since:
                    break  # newest first
                if topic.author_id != uid:
                    followed[topic.pk] = (topic, True)
        for topic_id in facts.topics.get(uid, ()):
            topic = self.topics.get(topic_id)
            if (
                topic is not None
                and topic.pk not in followed
                and topic.last_post_at > since
                and topic.last_post_by_id != uid
            ):
                followed[topic.pk] = (topic, topic.created_at > since and topic.author_id != uid)
        digest.followed = sorted(followed.values(), key=lambda f: f[0].last_post_at, reverse=True)[
            : LIMITS["followed"]
        ]
        # Questions they could answer.
        skills = facts.skills.get(uid)
        if skills:
            answered = facts.answered.get(uid, set())
            seen: set[int] = set()
            matched = []
            for tag_id, slug in skills:
                for question in self.questions_for_skill(tag_id, slug):
                    if (
                        question.pk not in seen
                        and question.created_at > since
                        and question.author_id != uid
                        and question.pk not in answered
                        and question.pk not in followed
                    ):
                        seen.add(question.pk)
                        matched.append(question)
            matched.sort(key=lambda t: t.created_at, reverse=True)
            digest.questions = matched[: LIMITS["questions"]]
        # Coming up.
        events = self.events_since(since)
        if self.has_group_events:
            groups = facts.groups.get(uid, ())
            events = [e for e in events if e.group_id is None or e.group_id in groups]
        digest.events = events[: LIMITS["events"]]
        # Newcomers (not themselves), latest first.
        start = bisect.bisect_right(self._joined, since)
        if start < len(self.newcomers):
            latest = self.newcomers[start:][::-1]
            others = [p for p in latest[: LIMITS["newcomers"] + 1] if p.pk != uid]
            count = len(latest) - (1 if any(p.pk == uid for p in latest) else 0)
            digest.newcomers = others[: LIMITS["newcomers"]]
            digest.more_newcomers = count - len(digest.newcomers)
        # Thanks.
        thanks = [t for t in facts.thanks.get(uid, ()) if t.at > since]
        digest.thanks = thanks[: LIMITS["thanks"]]
        return digest


class BatchFacts:
    """What concerns a batch of members, a query each (and none when the community has nothing
    it could match)."""

    def __init__(self, news: CommunityNews, user_ids: list[int]) -> None:
        community = news.community
        self.topics: dict[int, set[int]] = defaultdict(set)
        self.categories: dict[int, set[int]] = defaultdict(set)
        if news.topics:
            for user_id, topic_id, category_id in Follow.objects.filter(
                Q(topic__community=community, topic__last_post_at__gt=news.earliest)
                | Q(category__community=community),
                user_id__in=user_ids,
            ).values_list("user_id", "topic_id", "category_id"):
                if topic_id:
                    self.topics[user_id].add(topic_id)
                else:
                    self.categories[user_id].add(category_id)
        self.skills: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.answered: dict[int, set[int]] = defaultdict(set)
        if news.questions:
            for user_id, tag_id, slug in Profile.skills.through.objects.filter(
                profile__user_id__in=user_ids
            ).values_list("profile__user_id", "tag_id", "tag__slug"):
                self.skills[user_id].append((tag_id, slug))
            for user_id, topic_id in (
                Post.objects.filter(
                    author_id__in=user_ids,
                    topic_id__in=news.question_ids,
                    parent__isnull=False,
                    deleted_at__isnull=True,
                )
                .values_list("author_id", "topic_id")
                .distinct()
            ):
                self.answered[user_id].add(topic_id)
        self.groups: dict[int, set[int]] = defaultdict(set)
        if news.has_group_events:
            for user_id, group_id in GroupMembership.objects.filter(
                user_id__in=user_ids, group__community=community
            ).values_list("user_id", "group_id"):
                self.groups[user_id].add(group_id)
        self.zones: dict[int, str] = {}
        if news.events:
            self.zones = dict(
                MemberTimeZone.objects.filter(user_id__in=user_ids).values_list(
                    "user_id", "time_zone"
                )
            )
        self.thanks: dict[int, list[Thanks]] = defaultdict(list)
        self._thanks(news, user_ids)

    def zone(self, user_id: int) -> str:
        return self.zones.get(user_id) or settings.TIME_ZONE

    def _thanks(self, news: CommunityNews, user_ids: list[int]) -> None:
        post_url = reverse("discussions:post", args=[news.community.slug, 0]).replace("/0/", "/{}/")
        rows = (
            Reaction.objects.filter(
                kind=ReactionKind.THANKS,
                post__author_id__in=user_ids,
                post__community=news.community,
                post__deleted_at__isnull=True,
                created_at__gt=news.earliest,
                created_at__lte=news.at,
            )
            .exclude(user_id=F("post__author_id"))
            .values(
                "pk", "post__author_id", "user__name", "post_id", "post__topic__title", "created_at"
            )
            .order_by("-created_at", "-pk")
        )
        for row in rows:
            self.thanks[row["post__author_id"]].append(
                Thanks(
                    key=f"r{row['pk']}",
                    who=_name(row["user__name"]),
                    topic=row["post__topic__title"],
                    url=post_url.format(row["post_id"]),
                    at=row["created_at"],
                )
            )
        # The animators' thanks, from their to-do list (cercle.cockpit), when installed.
        if not apps.is_installed("cercle.cockpit"):
            return
        from cercle.cockpit.models import AnimatorAction, AnimatorActionKind

        for row in (
            AnimatorAction.objects.filter(
                kind=AnimatorActionKind.THANKED,
                community=news.community,
                member_id__in=user_ids,
                created_at__gt=news.earliest,
                created_at__lte=news.at,
            )
            .values("pk", "member_id", "actor__name", "created_at")
            .order_by("-created_at", "-pk")
        ):
            self.thanks[row["member_id"]].insert(
                0,
                Thanks(
                    key=f"a{row['pk']}",
                    who=_name(row["actor__name"]),
                    topic="",
                    url="",
                    at=row["created_at"],
                    from_animators=True,
                ),
            )
