"""Build the demo: three French communities with twelve months of believable history.

It works in two phases.

1. **Plan**, without the database: cast the people (cast.py), then draw each community's year
   — who founds it, who arrives when and how (invitation, shared link, request, open join),
   who invited whom, groups and their animators, roles, a departure, a new charter version,
   visits. Every draw comes from one `random.Random(seed)` in a fixed order, so the same seed
   plans the same year.
2. **Replay** the plan in chronological order through the real actions
   (`communities.actions.*`, `members.actions.update_profile`), each with its `at=`, so the
   activity log and every row look as they would after a real year.

Discussions come last in the plan (they need to know who was there, and who had accepted the
new charter, when): categories, then a year of topics of every kind with their replies,
reactions, accepted answers and votes, written by members active at that moment — the
animators and a few talkative members far more than the others.

Events are planned after all that (cercle/demo/events.py): a recurring video meeting, a past
meeting in person with who came, and coming ones, one of them full with a waiting list.

Visits are noted in bulk at the end, as the community pages' decorator would have.
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.utils import timezone

from cercle.accounts.models import User
from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.communities.actions.charter import accept_charter, publish_charter
from cercle.communities.actions.create import create_community
from cercle.communities.actions.groups import create_group, join_group
from cercle.communities.actions.invitations import (
    create_invitation_link,
    invite_by_email,
    revoke_invitation,
)
from cercle.communities.actions.joining import (
    accept_invitation,
    approve_request,
    decline_request,
    join,
    leave,
    request_to_join,
)
from cercle.communities.actions.roles import change_role
from cercle.communities.models import (
    Community,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
    Invitation,
    Membership,
    MembershipState,
    Role,
)
from cercle.demo import data
from cercle.demo import events as demo_events
from cercle.demo import library as demo_library
from cercle.demo import rituals as demo_rituals
from cercle.demo.cast import Casting, Person, a, de, gendered
from cercle.discussions.actions import (
    PollSpec,
    accept_answer,
    create_category,
    react,
    reply,
    set_idea_status,
    start_topic,
    vote_idea,
    vote_poll,
)
from cercle.discussions.models import (
    IdeaVote,
    PollVote,
    Post,
    Reaction,
    ReactionKind,
    Topic,
    TopicKind,
)
from cercle.lib.errors import Refused
from cercle.members.actions import update_profile
from cercle.members.models import Profile

# The demo's people live in France: their working hours are Paris hours.
PARIS = ZoneInfo("Europe/Paris")
DEFAULT_SEED = 2026
DEMO_SLUGS = [spec["slug"] for spec in data.COMMUNITIES]
ROLES = {
    "member": Role.MEMBER,
    "moderator": Role.MODERATOR,
    "co-animator": Role.CO_ANIMATOR,
    "animator": Role.ANIMATOR,
}
DAY = timedelta(days=1)
# How often someone visits on a working day, by how involved they are.
VISIT_RATES = {"animator": 0.8, "co-animator": 0.6, "moderator": 0.45, "group-animator": 0.35}
MEMBER_VISIT_RATES = [0.25, 0.12, 0.12, 0.06, 0.06, 0.03]
CORE_SIZE = 6  # the people the founder invites in the first weeks, besides the co-animator
# How much people write, by role; plain members mostly read (participation is unequal).
TALK = {"animator": 10.0, "co-animator": 7.0, "moderator": 4.0}
MEMBER_TALK = [0, 0, 0, 0, 0.3, 0.5, 1, 1, 2, 3]
TOPICS_PER_COMMUNITY = (42, 56)  # at full scale


def _first_sentence(body: str) -> str:
    """What a reply quotes: the first sentence of a message, without its own quotes."""
    text = " ".join(line for line in body.splitlines() if not line.startswith(">")).strip()
    for end in (". ", "? ", "! ", " : "):
        if end in text:
            text = text.split(end)[0] + end.strip()
            break
    return text


class DemoError(Exception):
    """An action refused a step of the plan: a bug in the generator, never half-saved."""


def default_anchor(day: date | None = None) -> datetime:
    """The demo's "now": the given day at 09:00 in Paris; by default the latest such moment
    that has passed (today, or yesterday before 09:00), so that nothing is dated in the future."""
    if day is None:
        now = timezone.localtime(timezone=PARIS)
        day = now.date() if now.time() >= time(9, 0) else now.date() - timedelta(days=1)
    return datetime.combine(day, time(9, 0), tzinfo=PARIS)


@dataclass(eq=False)
class Stay:
    """One person's planned membership of one community."""

    person: Person
    since: datetime
    role: str = "member"
    until: datetime | None = None
    weight: float = 1.0  # how likely they are to invite (a few connectors invite a lot)
    invited_at: list[datetime] = field(default_factory=list)
    via_group: str | None = None  # a group joined through a group's invitation link
    leads_group: bool = False
    talk: float = 0.0  # how much they write in discussions

    def active_at(self, moment: datetime) -> bool:
        return self.since < moment and (self.until is None or moment < self.until)


@dataclass(eq=False)
class CommunityPlan:
    """What the planning of one community needs to remember."""

    spec: dict
    founded: datetime
    regions: dict[str, float]  # where its people come from (weights)
    animator: Person
    co: Person
    co_named: datetime  # when the co-animator gets the role
    stays: list[Stay] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.spec["slug"]


@dataclass
class CommunityCount:
    community: Community
    members: int
    requests: int
    groups: int
    charter_waiting: int
    topics: int
    posts: int


@dataclass
class Summary:
    communities: list[CommunityCount]
    people: int
    topics: dict[str, int]  # by kind
    replies: int
    reactions: int
    votes: int
    memberships: int
    groups: int
    group_memberships: int
    invitations_by_email: int
    invitations_accepted: int
    invitations_pending: int
    invitations_expired: int
    invitations_revoked: int
    links: int
    requests_declined: int
    left: int
    events: int
    first_event: datetime
    last_event: datetime


class DemoBuilder:
    def __init__(
        self, *, seed: int = DEFAULT_SEED, anchor: datetime | None = None, scale: float = 1.0
    ) -> None:
        self.rng = random.Random(seed)
        self.anchor = anchor or default_anchor()
        self.latest = self.anchor - timedelta(minutes=20)
        self.scale = scale
        self.cast = Casting(self.rng, year=self.anchor.year)
        self.invitation_days = settings.INVITATION_DEFAULT_DAYS
        self.people: list[Person] = []  # everyone who gets an account
        self.stays: dict[str, list[Stay]] = {}
        self.steps: list[tuple[datetime, int, str, dict]] = []
        self._order = itertools.count()
        self.new_charter_at: dict[str, datetime] = {}
        self.visits: list[tuple[str, Person, datetime]] = []
        self.plans: dict[str, CommunityPlan] = {}
        self.charter_accepted: dict[int, datetime] = {}  # id(stay) -> when
        self._quiet: set[Person] = set()  # newcomers whose first question is still waiting
        self._topic_numbers = itertools.count()
        # Filled by the replay.
        self.communities: dict[str, Community] = {}
        self.groups: dict[str, Group] = {}
        self.invitations: dict[str, Invitation] = {}
        self.categories: dict[str, object] = {}
        self.topics: dict[str, Topic] = {}
        self.posts: dict[str, Post] = {}
        self.poll_choices: dict[str, tuple[object, list[int]]] = {}
        self.events: dict[str, object] = {}

    def build(self) -> Summary:
        """Plan and replay the year. Run it inside a transaction: it writes a lot."""
        self.plan()
        self.create_accounts()
        self.replay()
        demo_rituals.build(self)  # after the year: rituals run at their past dates
        demo_library.build(self)
        self.note_visits()
        return self.summary()

    # ----------------------------------------------------------------------------------------
    # Planning
    # ----------------------------------------------------------------------------------------

    def plan(self) -> None:
        known = [self.cast.known(spec) for spec in data.KEY_PEOPLE + data.CROSS_PEOPLE]
        self.people.extend(known)
        for spec in data.COMMUNITIES:
            self._plan_community(spec, [p for p in known if spec["slug"] in p.roles])
        for slug, stays in self.stays.items():
            self._plan_visits(slug, stays)
        for plan in self.plans.values():
            self._plan_discussions(plan)
        self._plan_profiles()
        demo_events.plan(self)  # last: its draws change nothing planned before

    def _step(self, at: datetime, action: str, **kwargs) -> None:
        if at > self.latest:
            raise DemoError(f"The demo planned {action!r} after its end ({at}).")
        self.steps.append((at, next(self._order), action, kwargs))

    def _plan_community(self, spec: dict, known: list[Person]) -> None:
        """One community's year, in the order things happen to it."""
        slug = spec["slug"]
        founded = self._when(self.anchor - spec["founded_days_ago"] * DAY)
        role_times = [(role, self._when(founded + day * DAY)) for role, day in spec["roles"]]
        plan = CommunityPlan(
            spec=spec,
            founded=founded,
            regions=self._region_weights(spec),
            animator=next(p for p in known if p.roles[slug] == "animator"),
            co=next(p for p in known if p.roles[slug] == "co-animator"),
            co_named=next(moment for role, moment in role_times if role == "co-animator"),
        )
        self.stays[slug] = plan.stays
        self.plans[slug] = plan
        count = max(0, round((spec["size"] - len(known)) * self.scale))
        generated = [self.cast.member(slug, plan.regions) for _ in range(count)]
        self.people.extend(generated)

        self._plan_founding(plan, core=generated[:CORE_SIZE])
        self._plan_groups(plan)
        later = [p for p in known if p.roles[slug] == "member"] + generated[CORE_SIZE:]
        self._plan_arrivals(plan, self._plan_links(plan, self._arrival_order(later)))
        self._plan_roles(plan, role_times)
        self._plan_leavers(plan)
        self._plan_group_members(plan)
        self._plan_open_invitations(plan)
        self._plan_requests(plan)
        if "new_charter" in spec:
            body, summary, days_before = spec["new_charter"]
            moment = self._when(self.anchor - days_before * DAY)
            self.new_charter_at[slug] = moment
            self._step(moment, "charter", slug=slug, by=plan.animator, body=body, summary=summary)

    def _plan_founding(self, plan: CommunityPlan, *, core: list[Person]) -> None:
        """The animator creates the community and invites the people they know, with the
        future co-animator, in the first two weeks. A few of them will invite a lot."""
        rng, founded = self.rng, plan.founded
        self._signed_up(plan.animator, founded - rng.uniform(2, 30) * DAY)
        self._step(founded, "found", spec=plan.spec, person=plan.animator)
        founder = Stay(plan.animator, since=founded, role="animator", weight=2)
        plan.stays.append(founder)
        for person in [plan.co, *core]:
            invited = self._when(founded + rng.uniform(0.2, 12) * DAY, after=founded)
            joined = self._when(invited + rng.uniform(0.05, 3) * DAY, after=invited)
            self._by_email(plan, founder, person, invited, joined)
        plan.stays[1].weight = 2
        for stay in rng.sample(plan.stays[2:], min(3, len(plan.stays) - 2)):
            stay.weight = 4  # the connectors: word of mouth runs through them

    def _arrival_order(self, people: list[Person]) -> list[Person]:
        """Shuffled, with the people marked `early` in the first third."""
        order = list(people)
        self.rng.shuffle(order)
        for person in [p for p in order if p.early]:
            order.remove(person)
            order.insert(self.rng.randrange(max(1, len(order) // 3)), person)
        return order

    def _plan_links(self, plan: CommunityPlan, pool: list[Person]) -> list[Person]:
        """Invitation links shared at an event: a burst of arrivals in the following days
        (from the group's region for a group's link). Returns who is left to arrive."""
        rng, pool = self.rng, list(pool)
        for n, (day, days, max_uses, uses, group_index) in enumerate(plan.spec["links"]):
            created = plan.founded + day * DAY
            if created.astimezone(PARIS).month == 8:  # nobody meets in August
                created += 25 * DAY
            created = self._when(created)
            group = plan.groups[group_index] if group_index is not None else None
            key = f"{plan.slug}/link/{n}"
            self._step(
                created,
                "link",
                slug=plan.slug,
                inviter=self._manager(plan, created),
                key=key,
                max_uses=max_uses,
                days=days,
                group=group["key"] if group else None,
            )
            candidates = [p for p in pool if not p.special]
            if group:
                candidates.sort(key=lambda p, region=group["region"]: p.region != region)
            for person in candidates[: round(uses * self.scale)]:
                pool.remove(person)
                joined = self._when(created + rng.uniform(0.1, days * 0.6) * DAY, after=created)
                self._step(joined, "accept", key=key, person=person)
                self._signed_up(person, joined)
                plan.stays.append(Stay(person, since=joined, via_group=group and group["key"]))
        return pool

    def _plan_arrivals(self, plan: CommunityPlan, pool: list[Person]) -> None:
        """Everybody else, over the year, faster as word of mouth spreads; each through one
        of the community's ways in (an invitation by a member, a request, an open door)."""
        rng, slug, channels = self.rng, plan.slug, plan.spec["channels"]
        moments = self._growth_moments(plan.founded + 21 * DAY, self.latest - DAY, len(pool))
        for person, moment in zip(pool, moments, strict=True):
            channel = rng.choices(list(channels), list(channels.values()))[0]
            joined = self._when(moment, after=plan.founded)
            if channel == "email":
                inviter = self._pick_inviter(slug, joined - DAY)
                invited = self._when(
                    joined - rng.uniform(0.1, 5) * DAY, after=inviter.since, before=joined
                )
                self._by_email(plan, inviter, person, invited, joined)
                continue
            if channel == "join":
                self._step(joined, "join", slug=slug, person=person)
                self._signed_up(person, joined)
            else:
                asked = self._when(
                    joined - rng.uniform(0.3, 5) * DAY, after=plan.founded, before=joined
                )
                self._ask(plan, person, asked)
                self._step(
                    joined,
                    "approve",
                    slug=slug,
                    person=person,
                    by=self._manager(plan, joined),
                    welcome=rng.choice(data.WELCOME_DECISIONS),
                )
            plan.stays.append(Stay(person, since=joined))

    def _plan_roles(self, plan: CommunityPlan, role_times: list) -> None:
        """The co-animator named early; moderators among the most involved members."""
        for role, moment in role_times:
            if role == "co-animator":
                stay = next(s for s in plan.stays if s.person is plan.co)
            else:
                candidates = [
                    s
                    for s in plan.stays
                    if s.role == "member" and not s.person.special and s.since < moment - 14 * DAY
                ]
                if not candidates:
                    continue
                stay = self.rng.choices(candidates, [s.weight for s in candidates])[0]
            stay.role = role
            self._step(
                moment, "role", slug=plan.slug, person=stay.person, role=role, by=plan.animator
            )

    def _plan_leavers(self, plan: CommunityPlan) -> None:
        """Someone leaves (retired, changed jobs): a plain member, who invited nobody after."""
        for days_before in plan.spec["leavers"]:
            moment = self._when(self.anchor - days_before * DAY)
            candidates = [
                s
                for s in plan.stays
                if s.role == "member"
                and not s.person.special
                and s.via_group is None
                and s.since < moment - 60 * DAY
                and not any(t > moment for t in s.invited_at)
            ]
            if candidates:
                stay = self.rng.choice(candidates)
                stay.until = moment
                self._step(moment, "leave", slug=plan.slug, person=stay.person)

    def _by_email(
        self,
        plan: CommunityPlan,
        inviter: Stay,
        person: Person,
        invited: datetime,
        joined: datetime,
    ) -> None:
        key = f"{plan.slug}/email/{person.email}"
        message = self.rng.choice(data.INVITATION_MESSAGES)
        self._step(
            invited,
            "invite",
            slug=plan.slug,
            inviter=inviter.person,
            key=key,
            email=person.email,
            message=message.format(first=person.first, community=plan.spec["name"]),
        )
        inviter.invited_at.append(invited)
        self._step(joined, "accept", key=key, person=person)
        self._signed_up(person, joined)
        plan.stays.append(Stay(person, since=joined))

    def _ask(self, plan: CommunityPlan, person: Person, asked: datetime) -> None:
        motivation = self.rng.choice(data.PME_REQUEST_MOTIVATIONS)
        motivation = gendered(motivation, person.gender).format(
            org=person.organisation, de_org=de(person.organisation), a_city=a(person.city)
        )
        self._step(asked, "request", slug=plan.slug, person=person, motivation=motivation)
        self._signed_up(person, asked)

    def _plan_groups(self, plan: CommunityPlan) -> None:
        """When each group is created and by whom; its members are drawn later."""
        spec = plan.spec
        plan.groups = [
            {"name": name, "kind": GroupKind.LOCAL, "description": text, "region": region}
            for name, region, text in spec["local_groups"]
        ] + [
            {"name": name, "kind": GroupKind.THEMATIC, "description": text, "tags": tags}
            for name, text, tags in spec["thematic_groups"]
        ]
        for index, (group, day) in enumerate(zip(plan.groups, spec["group_days"], strict=True)):
            group["key"] = f"{plan.slug}/group/{index}"
            group["created"] = self._when(plan.founded + day * DAY)
            self._step(
                group["created"],
                "group",
                slug=plan.slug,
                key=group["key"],
                by=self._manager(plan, group["created"]),
                name=group["name"],
                kind=group["kind"],
                description=group["description"],
                region=group.get("region", ""),
            )

    def _plan_group_members(self, plan: CommunityPlan) -> None:
        """Each group gets an animator, then the members it speaks to: most people of its
        region (local) or with its subject in their profile (thematic), a few others."""
        rng, stays = self.rng, plan.stays
        for group in plan.groups:
            created, key = group["created"], group["key"]
            if group["kind"] == GroupKind.LOCAL:
                region = group["region"]

                def matches(stay: Stay, region=region) -> bool:
                    return stay.person.region == region

                stranger = 0.03
            else:
                tags = set(group["tags"])

                def matches(stay: Stay, tags=tags) -> bool:
                    return bool(tags & set(stay.person.interests + stay.person.skills))

                stranger = rng.uniform(0.04, 0.15)
            appeal = rng.uniform(0.45, 0.8)  # some groups speak to more people than others
            # Its animator: someone already there, who stays, and cares about its subject.
            settled = [
                s
                for s in stays
                if s.since < created - DAY
                and s.until is None
                and s.person.email != data.MEMBER_EMAIL
            ]
            free = [s for s in settled if not s.leads_group and s.role != "animator"] or settled
            leader = rng.choice(
                [s for s in free if matches(s)] or [s for s in settled if matches(s)] or free
            )
            leader.leads_group = True
            led = self._when(created + rng.uniform(0.05, 2) * DAY, after=created)
            self._step(led, "join_group", key=key, person=leader.person, role=GroupRole.ANIMATOR)
            for stay in stays:
                if stay is leader or stay.via_group == key:
                    continue
                if rng.random() >= (appeal if matches(stay) else stranger):
                    continue
                start = max(stay.since, led)
                moment = self._when(
                    start + (0.1 + rng.expovariate(1 / 12)) * DAY, after=start, before=stay.until
                )
                if moment is not None:
                    self._step(
                        moment, "join_group", key=key, person=stay.person, role=GroupRole.MEMBER
                    )

    def _plan_open_invitations(self, plan: CommunityPlan) -> None:
        """Invitations nobody answered: some still waiting, some expired, one withdrawn."""
        days = self.invitation_days
        ages = {  # days before the anchor
            "pending": (0.3, min(10, days - 0.5)),
            "expired": (days + 5, plan.spec["founded_days_ago"] - 30),
            "revoked": (30, 50),
        }
        for kind, (low, high) in ages.items():
            for _ in range(plan.spec[f"{kind}_invitations"]):
                self._open_invitation(plan, kind, self.rng.uniform(low, high))

    def _open_invitation(self, plan: CommunityPlan, kind: str, days_ago: float) -> None:
        rng, slug = self.rng, plan.slug
        moment = self._when(self.anchor - days_ago * DAY)
        inviter = self._pick_inviter(slug, moment)
        person = self.cast.outsider(slug, plan.regions)
        key = f"{slug}/{kind}/{person.email}"
        message = rng.choice(data.INVITATION_MESSAGES)
        self._step(
            moment,
            "invite",
            slug=slug,
            inviter=inviter.person,
            key=key,
            email=person.email,
            message=message.format(first=person.first, community=plan.spec["name"]),
        )
        if kind == "revoked":
            revoked = self._when(moment + rng.uniform(0.05, 2) * DAY, after=moment)
            self._step(revoked, "revoke", key=key, by=inviter.person)

    def _plan_requests(self, plan: CommunityPlan) -> None:
        """Join requests still waiting for an animator, and one declined."""
        rng, slug, spec = self.rng, plan.slug, plan.spec
        for _ in range(spec["pending_requests"]):
            person = self.cast.member(slug, plan.regions)
            self.people.append(person)
            self._ask(plan, person, self._when(self.anchor - rng.uniform(0.2, 8) * DAY))
        if spec["declined_requests"]:
            who = data.PME_DECLINED
            person = self.cast.named(who["first"], who["last"], who["gender"])
            person.region, person.city = who["region"], who["city"]
            person.organisation, person.job_title = who["organisation"], who["job_title"]
            person.bio, person.profile = "", "partial"
            person.skills, person.interests = ["Développement commercial", "Prospection"], []
            self.people.append(person)
            asked = self._when(self.anchor - 62 * DAY)
            self._step(asked, "request", slug=slug, person=person, motivation=who["motivation"])
            self._signed_up(person, asked)
            decided = self._when(asked + rng.uniform(1, 3) * DAY, after=asked)
            self._step(
                decided, "decline", slug=slug, person=person, by=plan.animator, reason=who["reason"]
            )

    def _plan_visits(self, slug: str, stays: list[Stay]) -> None:
        """Who comes back how often. A member who has not accepted a new charter version has
        not been back since it was published (the pages would have asked them first)."""
        rng = self.rng
        published = self.new_charter_at.get(slug)
        for stay in stays:
            if stay.role in VISIT_RATES:
                rate = VISIT_RATES[stay.role]
            elif stay.leads_group:
                rate = VISIT_RATES["group-animator"]
            else:
                rate = rng.choice(MEMBER_VISIT_RATES) * (1.5 if stay.weight > 1 else 1)
            end = min(stay.until or self.latest, self.latest)
            moments = [stay.since + timedelta(minutes=rng.randint(1, 20))]
            day = stay.since.astimezone(PARIS).date() + DAY
            while day <= end.astimezone(PARIS).date():
                chance = rate * (0.25 if day.weekday() >= 5 else 1) * (0.4 if day.month == 8 else 1)
                if rng.random() < chance:
                    moment = self._office_hours(datetime.combine(day, time(12), tzinfo=PARIS))
                    if moment.date() == day and moment < end:
                        moments.append(moment)
                day += DAY
            if published and stay.since < published:
                after = [m for m in moments if m > published]
                if stay.person.email == data.MEMBER_EMAIL or not after:
                    moments = [m for m in moments if m <= published]
                else:
                    self._step(after[0], "accept_charter", slug=slug, person=stay.person)
                    self.charter_accepted[id(stay)] = after[0]
            self.visits.extend((slug, stay.person, m) for m in moments if m <= self.latest)

    def _plan_profiles(self) -> None:
        for person in self.people:
            if person.profile == "none":
                continue
            moment = self._when(
                person.signed_up + self.rng.uniform(0.005, 3) * DAY, after=person.signed_up
            )
            if moment is not None:  # signed up minutes ago: not yet
                self._step(moment, "profile", person=person)

    # --- Discussions ------------------------------------------------------------------------

    def _plan_discussions(self, plan: CommunityPlan) -> None:
        """Categories, then the year's topics of every kind, each with its thread. Planned
        after the visits: who may write when depends on who had accepted the new charter."""
        rng, slug = self.rng, plan.slug
        content = data.DISCUSSIONS[slug]
        for stay in plan.stays:
            talk = TALK.get(stay.role)
            if talk is None:
                talk = rng.choice(MEMBER_TALK) * (2 if stay.weight > 1 else 1)
                talk *= 1.5 if stay.leads_group else 1
            stay.talk = talk
        made = self._when(plan.founded + 0.1 * DAY, after=plan.founded)
        for index, (name, description) in enumerate(content["categories"]):
            self._step(
                made + index * timedelta(minutes=2),
                "category",
                slug=slug,
                key=f"{slug}/category/{index}",
                by=plan.animator,
                name=name,
                description=description,
            )
        # A couple of people who joined lately and asked a first question nobody answered yet.
        recent = [
            s
            for s in plan.stays
            if s.role == "member"
            and s.until is None
            and not s.person.special
            and not s.leads_group
            and self.latest - 40 * DAY < s.since < self.latest - 3 * DAY
        ]
        self._quiet = set()
        newcomers = rng.sample(recent, min(2, len(recent)))
        for stay, (title, body) in zip(newcomers, content["newcomers"], strict=False):
            self._quiet.add(stay.person)
            moment = self._when(stay.since + rng.uniform(0.1, 2.5) * DAY, after=stay.since)
            if moment is not None and self._can_act(plan, stay, moment):
                self._topic_step(plan, moment, stay.person, TopicKind.QUESTION, title, body, 0)

        start = plan.founded + 10 * DAY
        scale = self.scale
        count = round(len(content["announcements"]) * scale)
        for announcement in content["announcements"][: max(1, count)]:
            self._plan_announcement(plan, start, *announcement)
        subjects = list(content["subjects"])
        rng.shuffle(subjects)
        ideas = content["ideas"][: max(1, round(len(content["ideas"]) * scale))]
        debates = content["debates"][: 1 if scale < 0.75 else 2]
        total = max(8, round(rng.randint(*TOPICS_PER_COMMUNITY) * scale))
        rest = min(2 * len(subjects), max(3, total - len(ideas) - len(debates) - 1))
        kinds = (
            [("idea", idea) for idea in ideas]
            + [("debate", debate) for debate in debates]
            + [("poll", content["poll"])]
            + [("subject", n) for n in range(rest)]
        )
        rng.shuffle(kinds)
        moments = self._growth_moments(start, self.latest - 2 * DAY, len(kinds))
        for (kind, what), moment in zip(kinds, moments, strict=True):
            moment = self._when(moment, after=start)
            if moment is None:
                continue
            if kind == "subject":
                subject = subjects[what % len(subjects)]
                self._plan_subject(plan, moment, subject, what // len(subjects), content)
            else:
                getattr(self, f"_plan_{kind}")(plan, moment, what, content)

    def _topic_step(
        self,
        plan: CommunityPlan,
        moment: datetime,
        author: Person,
        kind: str,
        title: str,
        body: str,
        category: int,
        **extra,
    ) -> str:
        key = f"{plan.slug}/topic/{next(self._topic_numbers)}"
        self._step(
            moment,
            "topic",
            slug=plan.slug,
            key=key,
            author=author,
            kind=kind,
            title=gendered(title, author.gender),
            body=gendered(body, author.gender),
            category=f"{plan.slug}/category/{category}",
            **extra,
        )
        return key

    def _opening(self, body: str, kind: str) -> str:
        """The subject's text between a greeting and a closing line, each sometimes left out."""
        parts = [self.rng.choice(data.OPENERS), body, self.rng.choice(data.CLOSERS[kind])]
        return "\n\n".join(part for part in parts if part)

    def _plan_subject(
        self, plan: CommunityPlan, moment: datetime, subject: dict, variant: int, content: dict
    ) -> None:
        """A question or a discussion, from the community's subjects."""
        rng, kind = self.rng, subject["kind"]
        stay = self._speaker(plan, moment)
        if stay is None:
            return
        titles = subject["titles"]
        key = self._topic_step(
            plan,
            moment,
            stay.person,
            kind,
            titles[min(variant, len(titles) - 1)],
            self._opening(subject["body"], kind),
            subject["cat"],
            tags=subject.get("tags", []),
        )
        answers = list(subject["answers"])
        rng.shuffle(answers)
        generic = content["replies"] + data.COMMON_REPLIES
        pool = answers + rng.sample(generic, len(generic))
        if kind == TopicKind.QUESTION:
            fate = rng.random()  # a few stay unanswered, a few answered without a solution
            count = 0 if fate < 0.1 else rng.choices(range(1, 7), [3, 4, 4, 3, 2, 1])[0]
        else:
            fate, count = 1.0, rng.choices(range(9), [1, 2, 3, 3, 3, 2, 2, 1, 1])[0]
        replies = self._plan_replies(
            plan, key, moment, stay.person, [(t, "") for t in pool[:count]]
        )
        useful = [ReactionKind.USEFUL, ReactionKind.THANKS, ReactionKind.LIKE]
        likes = [ReactionKind.LIKE, ReactionKind.LIKE, ReactionKind.THANKS, ReactionKind.USEFUL]
        self._plan_reactions(plan, f"{key}/post/0", moment, stay.person, likes, most=3)
        for reply_key, written, author, _body in replies:
            kinds = useful if kind == TopicKind.QUESTION else likes
            self._plan_reactions(plan, reply_key, written, author, kinds, most=3)
        if kind == TopicKind.QUESTION and replies and fate >= 0.25:
            self._plan_accepted(plan, key, stay, replies)

    def _plan_accepted(self, plan: CommunityPlan, topic: str, asker: Stay, replies: list) -> None:
        """The asker (or an animator, if the asker is gone) marks the answer that helped, and
        sometimes says thank you under it."""
        rng = self.rng
        answers = [r for r in replies[:3] if r[2] is not asker.person]
        if not answers:
            return
        answer_key, written, author, _body = answers[0] if rng.random() < 0.6 else answers[-1]
        moment = self._when(written + rng.uniform(0.05, 4) * DAY, after=written)
        if moment is None:
            return
        by = asker.person if self._can_act(plan, asker, moment) else self._animating(plan, moment)
        self._step(moment, "accept_answer", topic=topic, post=answer_key, by=by)
        if by is asker.person and rng.random() < 0.5:
            thanks = self._when(moment + timedelta(minutes=rng.randint(2, 30)), after=moment)
            if thanks is not None and self._can_act(plan, asker, thanks):
                body = self._say(rng.choice(data.ASKER_THANKS), asker.person, to=author)
                key = f"{topic}/post/thanks"
                self._step(
                    thanks, "reply", topic=topic, key=key, author=asker.person, body=body,
                    reply_to=answer_key, side="",
                )  # fmt: skip

    def _plan_debate(self, plan: CommunityPlan, moment: datetime, debate: dict, content) -> None:
        """Framed by the animator; the replies take sides."""
        rng = self.rng
        key = self._topic_step(
            plan,
            moment,
            plan.animator,
            TopicKind.DEBATE,
            debate["title"],
            debate["body"],
            debate["cat"],
            framing=debate["framing"],
        )
        # Both sides speak first, then the rest in any order.
        first = [(rng.choice(debate[side]), side) for side in rng.sample(["for", "against"], 2)]
        rest = [(t, side) for side in ("for", "against", "neutral") for t in debate[side]]
        rest = [item for item in rest if item not in first]
        rng.shuffle(rest)
        pool = first + rest[: len(rest) - rng.randint(0, 1)]
        replies = self._plan_replies(plan, key, moment, plan.animator, pool)
        kinds = [ReactionKind.LIKE, ReactionKind.LIKE, ReactionKind.USEFUL]
        for reply_key, written, author, _body in replies:
            self._plan_reactions(plan, reply_key, written, author, kinds, most=4)

    def _plan_announcement(
        self, plan: CommunityPlan, start: datetime, title: str, body: str, when=None
    ) -> None:
        """By an animator; a few thank-yous and many reactions."""
        rng = self.rng
        if when == "charter":
            published = self.new_charter_at.get(plan.slug)
            if published is None:
                return
            moment = self._when(published + timedelta(minutes=20), after=published)
        elif when is not None:
            moment = self._in_month(start, when)
        else:
            moment = self._when(start + rng.uniform(0, 1) * (self.latest - DAY - start))
        if moment is None:
            return
        author = plan.animator if when == "charter" else self._animating(plan, moment)
        key = self._topic_step(plan, moment, author, TopicKind.ANNOUNCEMENT, title, body, 3)
        thanks = rng.sample(data.ANNOUNCEMENT_THANKS, rng.choices([0, 1, 2, 3], [3, 3, 2, 1])[0])
        self._plan_replies(plan, key, moment, author, [(t, "") for t in thanks])
        kinds = [ReactionKind.LIKE, ReactionKind.THANKS]
        self._plan_reactions(plan, f"{key}/post/0", moment, author, kinds, most=8)

    def _in_month(self, start: datetime, month: int) -> datetime | None:
        """Early in the given month, the latest time it falls within the history."""
        day = (self.latest - DAY).astimezone(PARIS).date()
        while day.month != month or day.day > 8:
            day -= DAY
        moment = self._when(datetime.combine(day, time(10), tzinfo=PARIS))
        return moment if moment > start else None

    def _plan_idea(self, plan: CommunityPlan, moment: datetime, idea: tuple, content) -> None:
        """Proposed by a member, discussed, voted for; the animators may then decide."""
        rng = self.rng
        title, body, status = idea
        stay = self._speaker(plan, moment)
        if stay is None:
            return
        key = self._topic_step(plan, moment, stay.person, TopicKind.IDEA, title, body, 3)
        replies = rng.sample(data.IDEA_REPLIES, rng.randint(1, 3))
        self._plan_replies(plan, key, moment, stay.person, [(t, "") for t in replies])
        decided = None
        if status:
            decided = self._when(moment + rng.uniform(25, 60) * DAY, after=moment)
        end = decided or self.latest
        voters = {stay.person}
        for _ in range(rng.randint(3, 14)):
            at = self._when(
                moment + (0.05 + rng.expovariate(1 / 8)) * DAY, after=moment, before=end
            )
            voter = at and self._pick(plan, at, voters, lambda s: s.talk + 1)
            if voter is not None:
                voters.add(voter.person)
                self._step(at, "vote_idea", topic=key, person=voter.person)
        if decided is not None:
            by = self._animating(plan, decided)
            self._step(decided, "idea_status", topic=key, by=by, status=status)

    def _plan_poll(self, plan: CommunityPlan, moment: datetime, poll: dict, content) -> None:
        """One poll a year, by an animator, open three weeks."""
        rng = self.rng
        author = self._animating(plan, moment)
        closes = moment + 21 * DAY
        labels = [label for label, _weight in poll["choices"]]
        key = self._topic_step(
            plan,
            moment,
            author,
            TopicKind.DISCUSSION,
            poll["title"],
            poll["body"],
            poll["cat"],
            poll={"question": poll["question"], "choices": labels, "closes_at": closes},
        )
        generic = rng.sample(content["replies"] + data.COMMON_REPLIES, rng.randint(1, 3))
        self._plan_replies(plan, key, moment, author, [(t, "") for t in generic])
        voters: set[Person] = set()
        weights = [weight for _label, weight in poll["choices"]]
        for _ in range(rng.randint(10, 25)):
            at = self._when(moment + rng.uniform(0.05, 20) * DAY, after=moment, before=closes)
            voter = at and self._pick(plan, at, voters, lambda s: s.talk + 1)
            if voter is not None:
                voters.add(voter.person)
                choice = rng.choices(range(len(labels)), weights)[0]
                self._step(at, "vote_poll", topic=key, person=voter.person, choice=choice)

    def _plan_replies(
        self, plan: CommunityPlan, topic: str, opened: datetime, author: Person, texts: list
    ) -> list[tuple[str, datetime, Person, str]]:
        """Replies after `opened`, each by a member active then; some answer an earlier reply
        (quoting it now and then), the others the opening post. `texts`: (body, side)."""
        rng = self.rng
        replies: list[tuple[str, datetime, Person, str]] = []
        moment = opened
        for text, side in texts:
            gap = rng.expovariate(1 / (0.6 if not replies else 1.2)) + 0.02
            moment = self._when(moment + gap * DAY, after=moment)
            if moment is None:
                break
            parent = rng.choice(replies) if replies and rng.random() < 0.3 else None
            to = parent[2] if parent else author
            stay = self._speaker(plan, moment, exclude={to})
            if stay is None:
                continue
            # A greeting for the one who asked; the quote (or nothing) for another reply.
            lead = rng.choice(data.REPLY_LEADS) if not parent and rng.random() < 0.4 else ""
            said = self._say(text, stay.person, to=to)
            body = "\n\n".join(p for p in (self._say(lead, stay.person, to=to), said) if p)
            if parent and rng.random() < 0.5:
                body = f"> {_first_sentence(parent[3])}\n\n{body}"
            key = f"{topic}/post/{len(replies) + 1}"
            self._step(
                moment,
                "reply",
                topic=topic,
                key=key,
                author=stay.person,
                body=body,
                reply_to=parent[0] if parent else None,
                side=side,
            )
            replies.append((key, moment, stay.person, said))  # what a later reply quotes
        return replies

    def _plan_reactions(
        self,
        plan: CommunityPlan,
        post: str,
        written: datetime,
        author: Person,
        kinds: list[str],
        *,
        most: int,
    ) -> None:
        """A few people react, never the author, once each (readers who rarely write too)."""
        rng = self.rng
        done = {author}
        for _ in range(rng.randint(0, most)):
            moment = self._when(written + (0.02 + rng.expovariate(1 / 1.5)) * DAY, after=written)
            stay = moment and self._pick(plan, moment, done, lambda s: s.talk + 0.5)
            if stay is None:
                return
            done.add(stay.person)
            self._step(moment, "react", post=post, person=stay.person, kind=rng.choice(kinds))

    def _say(self, text: str, person: Person, *, to: Person | None = None) -> str:
        return gendered(text, person.gender).format(
            first=to.first if to else "", a_city=a(person.city) if person.city else "ici"
        )

    def _can_act(self, plan: CommunityPlan, stay: Stay, moment: datetime) -> bool:
        """A member then; after a new charter, only once they have accepted it (the pages ask
        them first). The animator who published it accepted it with the publication."""
        if not stay.active_at(moment):
            return False
        published = self.new_charter_at.get(plan.slug)
        if published is None or moment <= published or stay.since >= published:
            return True
        if stay.role == "animator":
            return True
        accepted = self.charter_accepted.get(id(stay))
        return accepted is not None and accepted < moment

    def _pick(self, plan: CommunityPlan, moment: datetime, exclude, weight) -> Stay | None:
        candidates = [
            s
            for s in plan.stays
            if s.person not in exclude
            and s.person not in self._quiet
            and weight(s) > 0
            and self._can_act(plan, s, moment)
        ]
        if not candidates:
            return None
        return self.rng.choices(candidates, [weight(s) for s in candidates])[0]

    def _speaker(self, plan: CommunityPlan, moment: datetime, exclude=()) -> Stay | None:
        """Who writes: the talkative far more often than the others."""
        return self._pick(plan, moment, exclude, lambda s: s.talk)

    def _animating(self, plan: CommunityPlan, moment: datetime) -> Person:
        """The animator, or the co-animator once named (and able to act then)."""
        co = next(s for s in plan.stays if s.person is plan.co)
        if plan.co_named < moment and self.rng.random() < 0.4 and self._can_act(plan, co, moment):
            return plan.co
        return plan.animator

    # --- Drawing times and people -----------------------------------------------------------

    def _office_hours(self, moment: datetime) -> datetime:
        """The same day (weekends mostly moved to Monday), at an hour people work."""
        day = moment.astimezone(PARIS).date()
        if day.weekday() >= 5 and self.rng.random() < 0.85:
            day += timedelta(days=7 - day.weekday())
        hour = self.rng.choices(range(7, 23), [1, 4, 6, 6, 5, 3, 4, 5, 5, 5, 4, 3, 2, 2, 1, 1])[0]
        return datetime.combine(day, time(hour, self.rng.randrange(60)), tzinfo=PARIS)

    def _when(
        self,
        moment: datetime,
        *,
        after: datetime | None = None,
        before: datetime | None = None,
    ) -> datetime | None:
        """A believable moment near `moment`, strictly between `after` and `before` (and never
        after the anchor); None when there is no room."""
        before = min(before, self.latest) if before else self.latest
        if after is not None and after >= before - timedelta(minutes=2):
            return None
        for _attempt in range(8):
            candidate = self._office_hours(moment)
            if candidate < before and (after is None or candidate > after):
                return candidate
        # No office hour fits: keep the intended moment, moved just inside the window.
        candidate = min(moment, before - timedelta(minutes=1))
        if after is not None and candidate <= after:
            candidate = after + min((before - after) / 2, timedelta(minutes=1))
        return candidate

    def _growth_moments(self, start: datetime, end: datetime, count: int) -> list[datetime]:
        """`count` moments in [start, end], the period cut in twelve slices weighted by growth
        (fewer in August). Stratified, so that a few dozen draws still show the curve."""
        slices = len(data.MONTHLY_GROWTH)
        span = (end - start) / slices
        weights = []
        for i, weight in enumerate(data.MONTHLY_GROWTH):
            month = (start + span * (i + 0.5)).astimezone(PARIS).month
            weights.append(weight * (data.AUGUST_SLOWDOWN if month == 8 else 1))
        total = sum(weights)
        moments = []
        for n in range(count):
            quantile = (n + self.rng.random()) / count * total
            index = 0
            while index < slices - 1 and quantile > weights[index]:
                quantile -= weights[index]
                index += 1
            moments.append(start + span * (index + min(1.0, quantile / weights[index])))
        return moments

    def _region_weights(self, spec: dict) -> dict[str, float]:
        """People come from everywhere, more from where the local groups are."""
        places = data.VILLAGES if spec["slug"] == "secretaires-de-mairie" else data.TOWNS
        local = {region for _name, region, _text in spec["local_groups"]}
        return {region: 4.0 if region in local else 1.0 for region in places}

    def _pick_inviter(self, slug: str, moment: datetime) -> Stay:
        """A member there for at least a day, connectors and animators more likely."""
        stays = self.stays[slug]
        candidates = [s for s in stays if s.active_at(moment - DAY) and s.active_at(moment)]
        if not candidates:
            return stays[0]
        return self.rng.choices(candidates, [s.weight for s in candidates])[0]

    def _manager(self, plan: CommunityPlan, moment: datetime) -> Person:
        """The animator, or the co-animator once named."""
        if plan.co_named < moment and self.rng.random() < 0.4:
            return plan.co
        return plan.animator

    def _signed_up(self, person: Person, first_step: datetime) -> None:
        """The account was created a few minutes before the person's first step."""
        moment = first_step - timedelta(minutes=self.rng.randint(3, 40))
        if person.signed_up is None or moment < person.signed_up:
            person.signed_up = moment

    # ----------------------------------------------------------------------------------------
    # Writing
    # ----------------------------------------------------------------------------------------

    def create_accounts(self) -> None:
        """Accounts with a verified address, so every demo person can log in. One Argon2 hash
        for all (the same password): hashing 150 times would take seconds."""
        password = make_password(data.DEMO_PASSWORD)
        for person in self.people:
            person.user = User(
                email=person.email,
                name=person.name,
                password=password,
                date_joined=person.signed_up,
            )
            person.user.save()  # the members app creates the empty profile
        # The empty profile dates from the sign-up, not from the day the demo is loaded.
        profiles = list(Profile.objects.filter(user__in=[p.user for p in self.people]))
        signed_up = {p.user.pk: p.signed_up for p in self.people}
        for profile in profiles:
            profile.updated_at = signed_up[profile.user_id]
        Profile.objects.bulk_update(profiles, ["updated_at"], batch_size=500)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=p.user, email=p.email, verified=True, primary=True)
            for p in self.people
        )

    def replay(self) -> None:
        self.steps.sort(key=lambda step: (step[0], step[1]))
        for at, _order, action, kwargs in self.steps:
            try:
                getattr(self, f"_do_{action}")(at, **kwargs)
            except Refused as refusal:
                raise DemoError(
                    f"The demo's step {action!r} of {at:%Y-%m-%d %H:%M} was refused: "
                    f"{refusal.message}"
                ) from refusal

    def _membership(self, slug: str, person: Person) -> Membership:
        membership = Membership.objects.get(community=self.communities[slug], user=person.user)
        membership.community = self.communities[slug]
        return membership

    def _do_found(self, at: datetime, *, spec: dict, person: Person) -> None:
        community = create_community(
            creator=person.user,
            name=spec["name"],
            slug=spec["slug"],
            purpose=spec["purpose"],
            charter=spec["charter"],
            audience=spec["audience"],
            description=spec["description"],
            entry_mode=spec["entry_mode"],
            visibility=spec["visibility"],
            at=at,
        )
        # A setting, saved by the settings form in real life (no action records settings).
        community.welcome_message = spec["welcome_message"]
        community.save(update_fields=["welcome_message"])
        self.communities[spec["slug"]] = community

    def _do_invite(
        self, at: datetime, *, slug: str, inviter: Person, key: str, email: str, message: str
    ) -> None:
        sent, _skipped = invite_by_email(
            community=self.communities[slug],
            inviter=inviter.user,
            emails=[email],
            message=message,
            at=at,
        )
        self.invitations[key] = sent[0]

    def _do_link(
        self,
        at: datetime,
        *,
        slug: str,
        inviter: Person,
        key: str,
        max_uses: int,
        days: int,
        group: str | None,
    ) -> None:
        invitation = create_invitation_link(
            community=self.communities[slug],
            inviter=inviter.user,
            max_uses=max_uses,
            days=days,
            group=self.groups[group] if group else None,
            at=at,
        )
        self.invitations[key] = invitation

    def _do_accept(self, at: datetime, *, key: str, person: Person) -> None:
        accept_invitation(
            invitation=self.invitations[key], user=person.user, accepts_charter=True, at=at
        )

    def _do_revoke(self, at: datetime, *, key: str, by: Person) -> None:
        revoke_invitation(invitation=self.invitations[key], by=by.user, at=at)

    def _do_join(self, at: datetime, *, slug: str, person: Person) -> None:
        join(community=self.communities[slug], user=person.user, accepts_charter=True, at=at)

    def _do_request(self, at: datetime, *, slug: str, person: Person, motivation: str) -> None:
        request_to_join(
            community=self.communities[slug],
            user=person.user,
            motivation=motivation,
            accepts_charter=True,
            at=at,
        )

    def _do_approve(
        self, at: datetime, *, slug: str, person: Person, by: Person, welcome: str
    ) -> None:
        approve_request(
            membership=self._membership(slug, person), by=by.user, welcome=welcome, at=at
        )

    def _do_decline(
        self, at: datetime, *, slug: str, person: Person, by: Person, reason: str
    ) -> None:
        decline_request(membership=self._membership(slug, person), by=by.user, reason=reason, at=at)

    def _do_role(self, at: datetime, *, slug: str, person: Person, role: str, by: Person) -> None:
        change_role(
            membership=self._membership(slug, person),
            role=ROLES[role],
            by=self._membership(slug, by),
            at=at,
        )

    def _do_leave(self, at: datetime, *, slug: str, person: Person) -> None:
        leave(membership=self._membership(slug, person), at=at)

    def _do_group(
        self,
        at: datetime,
        *,
        slug: str,
        key: str,
        by: Person,
        name: str,
        kind: str,
        description: str,
        region: str,
    ) -> None:
        self.groups[key] = create_group(
            community=self.communities[slug],
            by=by.user,
            name=name,
            kind=kind,
            description=description,
            region=region,
            at=at,
        )

    def _do_join_group(self, at: datetime, *, key: str, person: Person, role: int) -> None:
        join_group(group=self.groups[key], user=person.user, role=role, at=at)

    def _do_charter(self, at: datetime, *, slug: str, by: Person, body: str, summary: str) -> None:
        publish_charter(
            community=self.communities[slug], body=body, by=by.user, summary=summary, at=at
        )

    def _do_accept_charter(self, at: datetime, *, slug: str, person: Person) -> None:
        accept_charter(membership=self._membership(slug, person), at=at)

    def _do_profile(self, at: datetime, *, person: Person) -> None:
        profile = Profile.objects.get(user=person.user)
        update_profile(
            profile=profile,
            fields=person.profile_fields(),
            skills=person.skills,
            interests=person.interests,
            at=at,
        )

    def _do_category(
        self, at: datetime, *, slug: str, key: str, by: Person, name: str, description: str
    ) -> None:
        self.categories[key] = create_category(
            community=self.communities[slug],
            by=by.user,
            name=name,
            description=description,
            at=at,
        )

    def _do_topic(
        self,
        at: datetime,
        *,
        slug: str,
        key: str,
        author: Person,
        kind: str,
        title: str,
        body: str,
        category: str,
        tags: list[str] = (),
        framing: str = "",
        poll: dict | None = None,
    ) -> None:
        topic = start_topic(
            community=self.communities[slug],
            author=author.user,
            kind=kind,
            title=title,
            body=body,
            category=self.categories[category],
            tags=tags,
            framing=framing,
            poll=PollSpec(**poll) if poll else None,
            at=at,
        )
        self.topics[key] = topic
        self.posts[f"{key}/post/0"] = topic.opening_post
        if poll:
            created = topic.poll
            self.poll_choices[key] = (created, [c.pk for c in created.choices.all()])

    def _do_reply(
        self,
        at: datetime,
        *,
        topic: str,
        key: str,
        author: Person,
        body: str,
        reply_to: str | None,
        side: str,
    ) -> None:
        self.posts[key] = reply(
            topic=self.topics[topic],
            author=author.user,
            body=body,
            reply_to=self.posts[reply_to] if reply_to else None,
            side=side,
            at=at,
        )

    def _do_react(self, at: datetime, *, post: str, person: Person, kind: str) -> None:
        react(post=self.posts[post], user=person.user, kind=kind, at=at)

    def _do_accept_answer(self, at: datetime, *, topic: str, post: str, by: Person) -> None:
        accept_answer(topic=self.topics[topic], post=self.posts[post], by=by.user, at=at)

    def _do_vote_idea(self, at: datetime, *, topic: str, person: Person) -> None:
        vote_idea(topic=self.topics[topic], user=person.user, at=at)

    def _do_idea_status(self, at: datetime, *, topic: str, by: Person, status: str) -> None:
        set_idea_status(topic=self.topics[topic], by=by.user, status=status, at=at)

    def _do_vote_poll(self, at: datetime, *, topic: str, person: Person, choice: int) -> None:
        poll, choices = self.poll_choices[topic]
        vote_poll(poll=poll, user=person.user, choice_ids=[choices[choice]], at=at)

    def _do_event(self, at: datetime, **kwargs) -> None:
        demo_events.replay(self, at, **kwargs)

    def note_visits(self) -> None:
        """Write the year's visits as the community pages note them (one event per member and
        day, and `last_seen_at`). In bulk: there are thousands, and no action records visits."""
        memberships = {
            (m.community_id, m.user_id): m
            for m in Membership.objects.filter(community__in=self.communities.values())
        }
        events, seen, logins = [], {}, {}
        for slug, person, moment in self.visits:
            community = self.communities[slug]
            membership = memberships[(community.pk, person.user.pk)]
            events.append(
                ActivityEvent(
                    community=community,
                    actor=person.user,
                    verb=Verb.VISITED,
                    object_kind=ObjectKind.MEMBERSHIP,
                    object_id=membership.pk,
                    created_at=moment,
                )
            )
            if membership.last_seen_at is None or moment > membership.last_seen_at:
                membership.last_seen_at = moment
                seen[membership.pk] = membership
            if person.user.last_login is None or moment > person.user.last_login:
                person.user.last_login = moment
                logins[person.user.pk] = person.user
        ActivityEvent.objects.bulk_create(events, batch_size=1000)
        Membership.objects.bulk_update(list(seen.values()), ["last_seen_at"], batch_size=500)
        User.objects.bulk_update(list(logins.values()), ["last_login"], batch_size=500)

    # ----------------------------------------------------------------------------------------
    # Counting
    # ----------------------------------------------------------------------------------------

    def summary(self) -> Summary:
        communities = list(self.communities.values())
        memberships = Membership.objects.filter(community__in=communities)
        invitations = Invitation.objects.filter(community__in=communities)
        by_email = invitations.exclude(email="")
        now = timezone.now()
        events = ActivityEvent.objects.filter(community__in=communities)
        counts = []
        for community in communities:
            active = memberships.filter(community=community, state=MembershipState.ACTIVE)
            counts.append(
                CommunityCount(
                    community=community,
                    members=active.count(),
                    requests=memberships.filter(
                        community=community, state=MembershipState.PENDING
                    ).count(),
                    groups=community.groups.count(),
                    charter_waiting=active.filter(
                        charter_version__lt=community.charter_version
                    ).count(),
                    topics=Topic.objects.filter(community=community).count(),
                    posts=Post.objects.filter(community=community).count(),
                )
            )
        return Summary(
            communities=counts,
            people=len(self.people),
            topics=dict(
                Topic.objects.filter(community__in=communities)
                .values_list("kind")
                .annotate(n=Count("pk"))
                .order_by()
            ),
            replies=Post.objects.filter(community__in=communities, parent__isnull=False).count(),
            reactions=Reaction.objects.filter(post__community__in=communities).count(),
            votes=IdeaVote.objects.filter(topic__community__in=communities).count()
            + PollVote.objects.filter(poll__topic__community__in=communities).count(),
            memberships=memberships.filter(state=MembershipState.ACTIVE).count(),
            groups=Group.objects.filter(community__in=communities).count(),
            group_memberships=GroupMembership.objects.filter(
                group__community__in=communities
            ).count(),
            invitations_by_email=by_email.count(),
            invitations_accepted=by_email.filter(use_count__gt=0).count(),
            invitations_pending=by_email.filter(
                use_count=0, revoked_at=None, expires_at__gt=now
            ).count(),
            invitations_expired=by_email.filter(
                use_count=0, revoked_at=None, expires_at__lte=now
            ).count(),
            invitations_revoked=by_email.exclude(revoked_at=None).count(),
            links=invitations.filter(email="").count(),
            requests_declined=memberships.filter(state=MembershipState.DECLINED).count(),
            left=memberships.filter(state=MembershipState.LEFT).count(),
            events=events.count(),
            first_event=events.order_by("created_at").values_list("created_at", flat=True)[0],
            last_event=events.order_by("-created_at").values_list("created_at", flat=True)[0],
        )
