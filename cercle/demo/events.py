"""The demo's events, planned after everything else and replayed through the real actions.

In each community: a recurring video meeting (the first Tuesday of each month) started a few
months ago, with members' answers and who came to its past dates; a meeting in person of a
local group some weeks ago, with its attendance; and two coming events — one of a local group
with few places, full, with a waiting list; one for the whole community, in person and by
video. The demo's member (data.MEMBER_EMAIL) answers the coming ones, so that "My events"
has something to show.

Planned last, with the builder's random generator after all its other draws: adding events
changed nothing else the demo draws.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from cercle.demo import data
from cercle.events import actions, recurrence
from cercle.events.models import Event

if TYPE_CHECKING:
    from cercle.demo.generator import CommunityPlan, DemoBuilder, Stay

ZONE = "Europe/Paris"
PARIS = ZoneInfo(ZONE)
DAY = timedelta(days=1)
VIDEO = "https://visio.example.org/{slug}-{what}"

EVENTS = {
    "dirigeants-pme": {
        "series": (
            None,
            "Le café des dirigeants",
            "Une heure en visio, sans ordre du jour : chacun vient avec une question du "
            "moment (un recrutement, un client qui paie en retard, un doute), les autres "
            "réagissent.\n\nCaméra bienvenue, café obligatoire.",
        ),
        "past": (
            1,
            "Rencontre de l'antenne : visite d'une menuiserie industrielle",
            "Visite de l'atelier puis échange sur l'automatisation dans une PME de 40 "
            "salariés. Apéritif offert par notre hôte.",
            "ZA des Platières, 69440 Mornant",
        ),
        "full": (
            0,
            "Petit-déjeuner de l'antenne Bretagne",
            "Croissants et tour de table : les sujets du trimestre pour les dirigeants "
            "bretons. **Places limitées** : la salle est petite.",
            "Café du Port, 8 quai des Indes, 56100 Lorient",
        ),
        "open": (
            None,
            "Soirée du réseau : recruter un alternant",
            "Trois membres racontent leur premier alternant (ce qui a marché, ce qu'ils "
            "referaient autrement), puis questions. Sur place à Lyon ou en visio.",
            "Maison des entreprises, 20 rue de la Part-Dieu, 69003 Lyon",
        ),
    },
    "secretaires-de-mairie": {
        "series": (
            0,
            "Café-échange de l'antenne Nouvelle-Aquitaine",
            "Le premier mardi du mois, en visio : les questions de la rentrée, des "
            "élections, du budget... On s'entraide entre collègues.",
        ),
        "past": (
            2,
            "Rencontre régionale avec le centre de gestion",
            "Matinée d'échanges avec le centre de gestion sur la protection sociale "
            "complémentaire et les avancements de grade.",
            "Centre de gestion, 2 rue de la Préfecture, 21000 Dijon",
        ),
        "full": (
            1,
            "Atelier droit local alsacien-mosellan",
            "Les particularités du droit local pour les secrétaires de mairie : cultes, "
            "chasse, associations. Apportez vos cas concrets.",
            "Mairie, 1 place de l'Hôtel de ville, 67210 Obernai",
        ),
        "open": (
            None,
            "Webinaire : préparer le budget primitif",
            "Calendrier, pièges fréquents et modèles de délibération, avec une "
            "secrétaire de mairie de Corrèze qui en prépare trois chaque année.",
            "",
        ),
    },
    "cooperative-enseignants": {
        "series": (
            None,
            "Causerie pédagogique du mois",
            "Une heure en visio autour d'une pratique de classe présentée par un "
            "collègue : conseil coopératif, textes libres, correspondance...",
        ),
        "past": (
            0,
            "Atelier de Lille : le texte libre au cycle 3",
            "Un mercredi après-midi entre collègues : on apporte des textes d'élèves "
            "(anonymisés) et on regarde comment les faire vivre en classe.",
            "École Jean-Zay, 14 rue des Postes, 59000 Lille",
        ),
        "full": (
            1,
            "Visite de classe coopérative à Montreuil",
            "Une matinée dans une classe de CM1-CM2 qui fonctionne en coopérative, puis "
            "échange avec l'enseignante. Le nombre de visiteurs est limité par l'école.",
            "École élémentaire Danton, 93100 Montreuil",
        ),
        "open": (
            None,
            "Rencontre nationale des coopérateurs",
            "La rencontre annuelle, sur place à Paris et retransmise en visio : bilan de "
            "l'année, ateliers, et la suite de la coopérative.",
            "Bourse du travail, 3 rue du Château-d'Eau, 75010 Paris",
        ),
    },
}
ANSWERS_PER_DATE = (4, 9)  # members who answer each past date of the recurring event
FULL_CAPACITY = 6
# The recurring event: the first Tuesday of each month, whatever day it was published.
SERIES_RULE = "FREQ=MONTHLY;BYDAY=1TU"


def plan(builder: DemoBuilder) -> None:
    for community_plan in builder.plans.values():
        if community_plan.slug in EVENTS:
            _plan_community(builder, community_plan, EVENTS[community_plan.slug])


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Paris (the events' zone)."""
    return datetime.combine(day, time(hour, minute))


def _weekday(day: date) -> date:
    """The same day, or the Monday after a weekend: people meet on working days."""
    return day + (7 - day.weekday()) * DAY if day.weekday() >= 5 else day


def _paris(local: datetime) -> datetime:
    return local.replace(tzinfo=PARIS)


def _published(builder: DemoBuilder, moment: datetime, group: dict | None) -> datetime:
    """A believable moment to publish an event, once its group exists."""
    if group is not None:
        moment = max(moment, group["created"] + DAY)
    return builder._when(moment)


def _create(builder: DemoBuilder, plan: CommunityPlan, at: datetime, key: str, **fields) -> None:
    group = fields.pop("group")
    builder._step(
        at,
        "event",
        op="create",
        key=key,
        slug=plan.slug,
        group=group["key"] if group else None,
        **fields,
    )


def _answers(
    builder: DemoBuilder,
    plan: CommunityPlan,
    *,
    key: str,
    opened: datetime,
    starts: datetime,
    count: int,
    region: str | None = None,
) -> list[Stay]:
    """`count` members answer going between the event's publication and its start (or the
    end of the history), those of the group's region first; returns them."""
    rng = builder.rng
    end = min(_paris(starts) - timedelta(hours=2), builder.latest)
    if end <= opened + timedelta(hours=1):
        return []
    candidates = [s for s in plan.stays if s.role != "animator" and builder._can_act(plan, s, end)]
    if region:
        candidates.sort(key=lambda s: s.person.region != region)
        candidates = candidates[: count * 2]
    chosen = rng.sample(candidates, min(count, len(candidates)))
    answered = []
    for stay in chosen:
        moment = builder._when(opened + (end - opened) * rng.random(), after=opened, before=end)
        if moment is None or not builder._can_act(plan, stay, moment):
            continue
        builder._step(moment, "event", op="answer", key=key, person=stay.person, response="going")
        answered.append(stay)
    return answered


def _attendance(
    builder: DemoBuilder, plan: CommunityPlan, key: str, local: datetime, *, hours: int, going
) -> None:
    """After a past event, the animator ticks most of those who had registered."""
    recorded = _paris(local) + timedelta(hours=hours + builder.rng.uniform(1, 30))
    if recorded > builder.latest or not going:
        return
    came = [stay.person for stay in going if builder.rng.random() < 0.8]
    builder._step(recorded, "event", op="attendance", key=key, by=plan.animator, came=came)


def _member_answers(
    builder: DemoBuilder, plan: CommunityPlan, key: str, opened: datetime, response: str
) -> None:
    """The demo's member answers a coming event, if they are in this community then."""
    moment = builder._when(max(opened + timedelta(hours=2), builder.latest - 2 * DAY))
    if moment is None:
        return
    for stay in plan.stays:
        if stay.person.email == data.MEMBER_EMAIL and builder._can_act(plan, stay, moment):
            builder._step(
                moment, "event", op="answer", key=key, person=stay.person, response=response
            )


def _plan_community(builder: DemoBuilder, plan: CommunityPlan, spec: dict) -> None:
    rng, anchor, slug = builder.rng, builder.anchor, plan.slug
    today = anchor.date()

    # The recurring video meeting, published some five months ago, and its dates.
    group_index, title, description = spec["series"]
    group = plan.groups[group_index] if group_index is not None else None
    published = _published(builder, max(plan.founded + 45 * DAY, anchor - 150 * DAY), group)
    first = _local(published.astimezone(PARIS).date() + DAY, 12, 30)
    series_key = f"{slug}/series"
    _create(
        builder,
        plan,
        published,
        series_key,
        by=plan.animator,
        group=group,
        title=title,
        description=description,
        start=first,
        hours=1,
        address="",
        video_url=VIDEO.format(slug=slug, what="mensuel"),
        capacity=None,
        repeat_rule=SERIES_RULE,
    )
    dates = recurrence.local_starts(
        SERIES_RULE,
        first,
        after=first - timedelta(minutes=1),
        before=_local(today + 40 * DAY, 23),
    )
    for n, local in enumerate(dates):
        key = f"{series_key}/{n}"
        builder._step(published, "event", op="occurrence", key=key, series=series_key, start=local)
        opened = max(published, _paris(local) - 12 * DAY) + timedelta(minutes=5)
        going = _answers(
            builder,
            plan,
            key=key,
            opened=opened,
            starts=local,
            count=rng.randint(*ANSWERS_PER_DATE),
        )
        _attendance(builder, plan, key, local, hours=1, going=going)
        if _paris(local) > anchor:
            _member_answers(builder, plan, key, opened, "maybe")

    # A meeting in person of a local group, some weeks ago, and who came.
    group_index, title, description, address = spec["past"]
    group = plan.groups[group_index]
    start = _local(_weekday(today - rng.randint(30, 50) * DAY), 17, 30)
    published = _published(builder, _paris(start) - 25 * DAY, group)
    key = f"{slug}/past"
    _create(
        builder,
        plan,
        published,
        key,
        by=builder._manager(plan, published),
        group=group,
        title=title,
        description=description,
        start=start,
        hours=3,
        address=address,
        video_url="",
        capacity=30,
        repeat_rule="",
    )
    going = _answers(
        builder,
        plan,
        key=key,
        opened=published,
        starts=start,
        count=rng.randint(8, 14),
        region=group.get("region"),
    )
    _attendance(builder, plan, key, start, hours=3, going=going)

    # Coming up: a local group's event with few places (full, a waiting list)...
    group_index, title, description, address = spec["full"]
    group = plan.groups[group_index]
    start = _local(_weekday(today + rng.randint(8, 12) * DAY), 8, 30)
    published = _published(builder, anchor - rng.randint(10, 16) * DAY, group)
    key = f"{slug}/full"
    _create(
        builder,
        plan,
        published,
        key,
        by=builder._manager(plan, published),
        group=group,
        title=title,
        description=description,
        start=start,
        hours=2,
        address=address,
        video_url="",
        capacity=FULL_CAPACITY,
        repeat_rule="",
    )
    _answers(
        builder,
        plan,
        key=key,
        opened=published,
        starts=start,
        count=FULL_CAPACITY + 3,
        region=group.get("region"),
    )

    # ... and one for the whole community, in person and by video.
    group_index, title, description, address = spec["open"]
    start = _local(_weekday(today + rng.randint(18, 26) * DAY), 18, 30)
    published = _published(builder, anchor - rng.randint(5, 9) * DAY, None)
    key = f"{slug}/open"
    _create(
        builder,
        plan,
        published,
        key,
        by=plan.animator,
        group=None,
        title=title,
        description=description,
        start=start,
        hours=2,
        address=address,
        video_url=VIDEO.format(slug=slug, what="soiree"),
        capacity=None,
        repeat_rule="",
    )
    _answers(builder, plan, key=key, opened=published, starts=start, count=rng.randint(6, 12))
    _member_answers(builder, plan, key, published, "going")


def replay(builder: DemoBuilder, at: datetime, *, op: str, key: str, **kwargs) -> None:
    """One planned step, through the real actions."""
    events: dict[str, Event] = builder.events
    if op == "create":
        start, group = kwargs["start"], kwargs["group"]
        events[key] = actions.create_event(
            community=builder.communities[kwargs["slug"]],
            by=kwargs["by"].user,
            group=builder.groups[group] if group else None,
            title=kwargs["title"],
            description=kwargs["description"],
            start=start,
            end=start + timedelta(hours=kwargs["hours"]),
            time_zone=ZONE,
            address=kwargs["address"],
            video_url=kwargs["video_url"],
            capacity=kwargs["capacity"],
            repeat_rule=kwargs["repeat_rule"],
            at=at,
        )
    elif op == "occurrence":
        # Dates beyond what the series had materialised then do not exist (yet).
        occurrence = Event.objects.filter(
            series_id=events[kwargs["series"]].series_id,
            original_start=_paris(kwargs["start"]),
        ).first()
        if occurrence is not None:
            events[key] = occurrence
    elif op == "answer" and key in events:
        actions.respond(
            event=events[key], user=kwargs["person"].user, response=kwargs["response"], at=at
        )
    elif op == "attendance" and key in events:
        actions.record_attendance(
            event=events[key],
            by=kwargs["by"].user,
            attended=[person.user.pk for person in kwargs["came"]],
            at=at,
        )
