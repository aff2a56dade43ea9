"""The demo's rituals, set up after the year is replayed, and run at their past dates.

In each community: the weekly introductions thread (its last weeks opened, with the recent
newcomers introducing themselves in it), the monthly "share a practice" (its last two months
opened, with answers), a quarterly retrospective still to come, and an announcement scheduled
for next week. Everything is dated in the past through the actions' `at=`, and nothing is
drawn at random: adding rituals changed nothing else the demo builds.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from cercle.communities.models import Membership, MembershipState, Role
from cercle.discussions.actions import reply
from cercle.rituals import actions
from cercle.rituals.actions import RitualSpec
from cercle.rituals.schedule import Schedule

if TYPE_CHECKING:
    from cercle.demo.generator import DemoBuilder

ZONE = "Europe/Paris"
NEWCOMERS_PER_COMMUNITY = 4

# slug -> (category index of introductions and announcements, of practices, words)
RITUALS = {
    "dirigeants-pme": (
        3,
        2,
        {
            "intro_title": "Présentez-vous — semaine du {date}",
            "intro_body": (
                "Bienvenue aux dirigeants qui nous ont rejoints cette semaine ! Dites-nous en "
                "quelques lignes qui vous êtes : votre entreprise, votre métier, ce que vous "
                "venez chercher dans le réseau.\n\nLes anciens, n'hésitez pas à saluer."
            ),
            "practice_title": "Partagez une pratique — {month}",
            "practice_body": (
                "Une pratique de dirigeant que vous avez essayée ce mois-ci : un rituel "
                "d'équipe, un outil, une façon de recruter ou de négocier. Ce qui a marché, ce "
                "qui a coincé."
            ),
            "retro_title": "Rétrospective du trimestre T{quarter} {year}",
            "retro_body": (
                "Trois questions pour le trimestre écoulé : qu'est-ce que le réseau vous a "
                "apporté ? Qu'est-ce qui vous a manqué ? Que voudriez-vous pour le suivant ?"
            ),
            "announcement_title": "Assemblée générale du réseau : l'ordre du jour",
            "announcement_body": (
                "L'assemblée générale aura lieu le mois prochain. Au programme : le bilan de "
                "l'année, les antennes régionales, et vos propositions."
            ),
            "practices": [
                "Chez nous, un point de 15 minutes chaque lundi matin avec toute l'équipe, "
                "debout. Ça a remplacé trois réunions.",
                "J'ai testé l'entretien de recrutement en binôme avec un salarié : le "
                "candidat se livre plus, et l'équipe se sent impliquée.",
                "Nous affichons maintenant les délais de paiement de nos clients dans "
                "l'atelier. Les relances sont devenues l'affaire de tous.",
            ],
        },
    ),
    "secretaires-de-mairie": (
        3,
        0,
        {
            "intro_title": "Présentez-vous — semaine du {date}",
            "intro_body": (
                "Bienvenue aux collègues arrivées cette semaine ! Dites-nous dans quelle "
                "commune vous travaillez, depuis quand, et ce qui vous occupe en ce moment."
            ),
            "practice_title": "Partagez une astuce — {month}",
            "practice_body": (
                "Une astuce du quotidien qui vous fait gagner du temps : un modèle, un "
                "classement, une façon de préparer le conseil municipal."
            ),
            "retro_title": "Rétrospective du trimestre T{quarter} {year}",
            "retro_body": (
                "Ce qui vous a aidée ce trimestre dans le réseau, ce qui vous a manqué, ce que "
                "vous aimeriez pour le prochain."
            ),
            "announcement_title": "Journée régionale des secrétaires de mairie : inscriptions",
            "announcement_body": (
                "Les inscriptions à la journée régionale ouvrent bientôt. Parlez-en à vos "
                "élus : c'est une journée de formation."
            ),
            "practices": [
                "Je prépare un tableau de suivi des délibérations avec les dates de "
                "transmission au contrôle de légalité. Plus rien ne m'échappe.",
                "Pour l'état civil, j'ai fait des fiches par type d'acte avec les pièces à "
                "demander. Les usagers reviennent moins souvent.",
            ],
        },
    ),
    "cooperative-enseignants": (
        3,
        1,
        {
            "intro_title": "Présentez-vous — semaine du {date}",
            "intro_body": (
                "Bienvenue aux collègues qui nous rejoignent ! Votre niveau, votre école, les "
                "pratiques coopératives que vous menez ou aimeriez essayer."
            ),
            "practice_title": "Partagez une pratique de classe — {month}",
            "practice_body": (
                "Une pratique essayée ce mois-ci en classe : conseil, texte libre, tutorat, "
                "correspondance... Racontez, avec vos doutes."
            ),
            "retro_title": "Rétrospective du trimestre T{quarter} {year}",
            "retro_body": (
                "Qu'avez-vous tiré de la coopérative ce trimestre ? Que faudrait-il changer ?"
            ),
            "announcement_title": "Rencontre nationale : appel à ateliers",
            "announcement_body": (
                "Vous avez une pratique à présenter lors de la rencontre nationale ? "
                "Proposez un atelier d'une heure."
            ),
            "practices": [
                "Le conseil de classe du vendredi est maintenant animé par deux élèves. Je ne "
                "prends la parole qu'à la fin.",
                "J'ai lancé une correspondance avec une classe de Québec : les textes libres "
                "ont pris un autre sens.",
            ],
        },
    ),
}


def _members(community, before: datetime) -> list[Membership]:
    return list(
        Membership.objects.filter(
            community=community, state=MembershipState.ACTIVE, joined_at__lt=before
        )
        .select_related("user__profile")
        .order_by("joined_at", "pk")
    )


def _animator(community):
    return (
        Membership.objects.filter(community=community, role=Role.ANIMATOR)
        .select_related("user")
        .get()
        .user
    )


def _run_past(builder: DemoBuilder, ritual, since: datetime) -> list:
    """Open the ritual's topics of the dates between `since` and the end of the history."""
    opened = []
    for due in Schedule.of(ritual).upcoming(since, count=12):
        at = due + timedelta(minutes=2)
        if at > builder.latest:
            break
        run = actions.run_ritual(ritual, due, at=at)
        if run is not None and run.topic is not None:
            opened.append(run.topic)
    return opened


def _introduction(membership: Membership) -> str:
    profile = membership.user.profile
    about = ", ".join(part for part in (profile.job_title, profile.organisation) if part)
    where = profile.city or profile.region
    text = f"Bonjour à toutes et à tous ! Je suis {membership.user.name}"
    if about:
        text += f", {about}"
    if where:
        text += f" ({where})"
    return text + ". Ravi·e de vous rejoindre, j'ai hâte d'échanger avec vous."


def build(builder: DemoBuilder) -> None:
    for slug, (welcome_cat, practice_cat, words) in RITUALS.items():
        community = builder.communities.get(slug)
        if community is None:
            continue
        _build_community(builder, community, slug, welcome_cat, practice_cat, words)


def _spec(**fields) -> RitualSpec:
    return RitualSpec(time_zone=ZONE, **fields)


def _build_community(builder, community, slug, welcome_cat, practice_cat, words) -> None:
    animator = _animator(community)
    latest = builder.latest
    welcome = builder.categories[f"{slug}/category/{welcome_cat}"]
    practice = builder.categories[f"{slug}/category/{practice_cat}"]
    # Weekly introductions, set up five weeks ago.
    set_up = latest - timedelta(days=33)
    introductions = actions.create_ritual(
        community=community,
        by=animator,
        spec=_spec(
            name="Présentations de la semaine",
            title_template=words["intro_title"],
            body_template=words["intro_body"],
            category=welcome,
            for_introductions=True,
            frequency="weekly",
            weekday=0,
            starts_on=set_up.date(),
            time_of_day=time(9, 0),
        ),
        at=set_up,
    )
    threads = _run_past(builder, introductions, set_up)
    # Recent newcomers introduce themselves in the thread of their week.
    if threads:
        newcomers = [
            m for m in _members(community, latest) if m.joined_at >= threads[0].created_at
        ][-NEWCOMERS_PER_COMMUNITY:]
        for membership in newcomers:
            thread = ([t for t in threads if t.created_at <= membership.joined_at] or threads)[-1]
            if thread.created_at > membership.joined_at:
                thread = threads[0]
            at = max(membership.joined_at, thread.created_at) + timedelta(hours=3)
            if at < latest:
                reply(topic=thread, author=membership.user, body=_introduction(membership), at=at)
    # Monthly practices, set up ten weeks ago, with a few answers.
    set_up = latest - timedelta(days=70)
    practices = actions.create_ritual(
        community=community,
        by=animator,
        spec=_spec(
            name="Partagez une pratique",
            title_template=words["practice_title"],
            body_template=words["practice_body"],
            category=practice,
            frequency="monthly_weekday",
            ordinal=1,
            weekday=3,
            starts_on=set_up.date(),
            time_of_day=time(12, 0),
        ),
        at=set_up,
    )
    for topic in _run_past(builder, practices, set_up):
        members = [m for m in _members(community, topic.created_at) if m.user_id != animator.pk]
        step = max(len(members) // (len(words["practices"]) + 1), 1)
        for n, text in enumerate(words["practices"]):
            at = topic.created_at + timedelta(days=1 + 2 * n, hours=n)
            if at >= latest or not members:
                break
            author = members[(n + 1) * step % len(members)].user
            reply(topic=topic, author=author, body=text, at=at)
    # A quarterly retrospective, still to come: the last Friday of every third month.
    end = latest.date()
    next_quarter_month = ((end.month - 1) // 3 + 1) * 3  # the last month of this quarter
    actions.create_ritual(
        community=community,
        by=animator,
        spec=_spec(
            name="Rétrospective trimestrielle",
            title_template=words["retro_title"],
            body_template=words["retro_body"],
            category=welcome,
            frequency="quarterly",
            ordinal=-1,
            weekday=4,
            starts_on=date(end.year, next_quarter_month, 1),
            time_of_day=time(17, 0),
        ),
        at=latest - timedelta(days=12),
    )
    # An announcement scheduled for next week.
    actions.create_ritual(
        community=community,
        by=animator,
        spec=_spec(
            name="Annonce de l'assemblée",
            topic_kind="announcement",
            title_template=words["announcement_title"],
            body_template=words["announcement_body"],
            category=welcome,
            frequency="once",
            starts_on=(latest + timedelta(days=8)).date(),
            time_of_day=time(8, 30),
        ),
        at=latest - timedelta(days=2),
    )
