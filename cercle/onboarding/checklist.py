"""The first-steps checklist of a member, computed from what they did.

Five steps, each done when the data says so — never ticked by hand:
- complete your profile: at least half of it filled (members.Profile.completeness);
- accept the charter: its current version;
- introduce yourself: a message in an introduction thread (a ritual's, cercle.rituals), or a
  topic of your own;
- answer a question: a reply in a question topic;
- register for an event: going (or on the waiting list, or maybe) to one of the community's.

Each links to where it is done. Seven queries, whatever the member did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cercle.communities.models import Membership
from cercle.discussions.models import Post, TopicKind
from cercle.members.models import Profile
from cercle.onboarding.models import FirstSteps

PROFILE_DONE_AT = 50  # percent of the profile filled
NEWCOMER_DAYS = 90  # the list is offered on the community's page during the first months


@dataclass
class Step:
    key: str
    label: str
    done: bool
    url: str
    action: str
    hint: str = ""
    help_topic: str = ""


@dataclass
class Checklist:
    steps: list[Step] = field(default_factory=list)
    dismissed: bool = False
    introduction: object = None  # the current introduction thread, if any

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def complete(self) -> bool:
        return self.done_count == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 100

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if not step.done), None)


def _events_installed() -> bool:
    from django.apps import apps

    return apps.is_installed("cercle.events")


def checklist_for(membership: Membership) -> Checklist:
    from cercle.rituals.selectors import current_introduction_topic

    community = membership.community
    slug = community.slug
    profile = Profile.objects.filter(user_id=membership.user_id).first()
    completeness = profile.completeness if profile is not None else 0
    posts = Post.objects.filter(author_id=membership.user_id, community=community).filter(
        deleted_at__isnull=True, topic__deleted_at__isnull=True
    )
    introduced = posts.filter(
        Q(topic__ritual_runs__ritual__for_introductions=True) | Q(parent__isnull=True)
    ).exists()
    answered = posts.filter(parent__isnull=False, topic__kind=TopicKind.QUESTION).exists()
    introduction = current_introduction_topic(community)
    new_topic = reverse("discussions:new", args=[slug])
    questions = f"{reverse('discussions:list', args=[slug])}?{urlencode({'kind': 'question'})}"
    steps = [
        Step(
            "profile",
            _("Complete your profile"),
            completeness >= PROFILE_DONE_AT,
            reverse("members:edit_profile"),
            _("Complete my profile"),
            _("Say who you are and what you can help with: members find each other this way.")
            if completeness < PROFILE_DONE_AT
            else "",
            "profile",
        ),
        Step(
            "charter",
            _("Accept the charter"),
            membership.charter_version >= community.charter_version,
            reverse("communities:charter", args=[slug]),
            _("Read the charter"),
            _("The few rules that make this community a good place."),
            "take-part",
        ),
        Step(
            "introduce",
            _("Introduce yourself"),
            introduced,
            introduction.get_absolute_url() if introduction else new_topic,
            _("Introduce myself in “%(topic)s”") % {"topic": introduction.title}
            if introduction
            else _("Start a topic"),
            _("A few lines: your work, where you are, what you came for."),
            "reply",
        ),
        Step(
            "answer",
            _("Answer a question"),
            answered,
            questions,
            _("See the questions"),
            _("Your experience helps others: answer a question you know something about."),
            "reply",
        ),
    ]
    if _events_installed():
        from cercle.events.models import Registration, Response

        registered = Registration.objects.filter(
            user_id=membership.user_id,
            event__community=community,
            response__in=[Response.GOING, Response.WAITING, Response.MAYBE],
        ).exists()
        steps.append(
            Step(
                "event",
                _("Register for an event"),
                registered,
                reverse("events:list", args=[slug]),
                _("See the coming events"),
                _("Meet the members, by video or in person."),
                "events",
            )
        )
    state = FirstSteps.objects.filter(membership=membership).values("dismissed_at").first()
    return Checklist(
        steps=steps,
        dismissed=bool(state and state["dismissed_at"]),
        introduction=introduction,
    )
