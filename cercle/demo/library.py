"""The demo's library: in each community, a few resources members shared (links and a
document), with comments, one of them featured by the animator, and a wiki page written in
three versions by three members. Built after the year is replayed, through the actions, dated
in the past; nothing is drawn at random."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from cercle.communities.models import Membership, MembershipState, Role
from cercle.resources import actions

if TYPE_CHECKING:
    from cercle.demo.generator import DemoBuilder

# (days before the end, title, url or (file name, text), description, tags, comments, featured)
RESOURCES = {
    "dirigeants-pme": [
        (
            80,
            "Le portail officiel des entreprises",
            "https://entreprendre.service-public.fr/",
            "Toutes les démarches au même endroit : embauche, TVA, aides. Je l'ai mis en "
            "favori, il m'évite des heures de recherche.",
            ["Démarches", "Administratif"],
            ["Indispensable, merci. La partie sur les aides à l'embauche est à jour."],
            False,
        ),
        (
            45,
            "Améliorer les conditions de travail : les guides de l'Anact",
            "https://www.anact.fr/",
            "Des guides concrets et gratuits sur la qualité de vie au travail. Le guide sur "
            "le **télétravail en PME** m'a servi pour notre accord.",
            ["Ressources humaines", "Télétravail"],
            [
                "On s'en est servi pour notre document unique, très pratique.",
                "Le guide sur l'entretien professionnel est très bien fait aussi.",
            ],
            True,
        ),
        (
            20,
            "Modèle de fiche de poste",
            (
                "modele-fiche-de-poste.md",
                "# Fiche de poste\n\n## Intitulé du poste\n\n## Missions principales\n\n- \n\n"
                "## Compétences attendues\n\n- \n\n## Rattachement hiérarchique\n\n"
                "## Conditions (horaires, lieu, rémunération)\n",
            ),
            "Le modèle que j'utilise pour chaque recrutement, à adapter. Il oblige à se poser "
            "les bonnes questions avant de publier l'annonce.",
            ["Recrutement", "Modèle"],
            ["Je l'ai repris pour notre recrutement d'alternant, merci !"],
            False,
        ),
        (
            6,
            "Bpifrance Création : financer son développement",
            "https://bpifrance-creation.fr/",
            "Des fiches claires sur les prêts d'honneur, les garanties et les aides régionales.",
            ["Financement"],
            [],
            False,
        ),
    ],
    "secretaires-de-mairie": [
        (
            60,
            "Le site des collectivités locales",
            "https://www.collectivites-locales.gouv.fr/",
            "La référence pour les finances locales, la M57 et les dotations. Les fiches "
            "pratiques sont à jour.",
            ["Budget", "M57"],
            ["Merci, la page sur les amortissements m'a sauvée."],
            True,
        ),
        (
            25,
            "Calendrier des délibérations obligatoires",
            (
                "calendrier-deliberations.md",
                "# Calendrier des délibérations\n\n- Avant le 15 avril : budget primitif\n"
                "- Avant le 30 juin : compte administratif / financier unique\n"
                "- Avant le 1er octobre : taxes et exonérations pour l'an prochain\n",
            ),
            "Mon aide-mémoire, à compléter selon votre commune.",
            ["Budget", "Modèle"],
            ["Très utile pour les nouvelles collègues !"],
            False,
        ),
        (
            9,
            "Service-public : l'état civil pour les usagers",
            "https://www.service-public.fr/particuliers/vosdroits/N19810",
            "Le lien que je donne aux usagers pour les pièces à fournir.",
            ["État civil"],
            [],
            False,
        ),
    ],
    "cooperative-enseignants": [
        (
            70,
            "Éduscol : ressources pour faire la classe",
            "https://eduscol.education.fr/",
            "Les programmes et des ressources d'accompagnement. Les pages sur l'oral sont "
            "intéressantes pour les conseils d'élèves.",
            ["Programmes"],
            ["Les ressources sur l'enseignement moral et civique sont très riches."],
            True,
        ),
        (
            30,
            "Trame d'un conseil de classe coopératif",
            (
                "trame-conseil.md",
                "# Conseil coopératif\n\n1. Ouverture par le président\n"
                "2. Je félicite, je critique, je propose\n3. Décisions et responsables\n"
                "4. Clôture : météo de la classe\n",
            ),
            "La trame affichée dans ma classe de CM1, que les élèves animent eux-mêmes.",
            ["Conseil coopératif", "Modèle"],
            ["Je l'ai adaptée pour des CP avec des pictogrammes.", "Merci pour le partage !"],
            False,
        ),
    ],
}

WIKI = {
    "dirigeants-pme": (
        "Accueillir un alternant",
        [
            (
                "Préparer l'arrivée : un poste de travail prêt, un tuteur désigné, le "
                "planning des premières semaines.\n\n## Le premier jour\n\n- Visite de "
                "l'entreprise\n- Présentation à l'équipe\n",
                "",
            ),
            (
                "Préparer l'arrivée : un poste de travail prêt, un tuteur désigné, le "
                "planning des premières semaines.\n\n## Le premier jour\n\n- Visite de "
                "l'entreprise\n- Présentation à l'équipe\n- Déjeuner avec le tuteur\n\n"
                "## Le rythme école-entreprise\n\nCaler un point chaque mois avec l'école.\n",
                "Le déjeuner et le lien avec l'école",
            ),
            (
                "Préparer l'arrivée : un poste de travail prêt, un tuteur désigné (et formé : "
                "l'OPCO finance la formation de tuteur), le planning des premières "
                "semaines.\n\n## Le premier jour\n\n- Visite de l'entreprise\n- Présentation "
                "à l'équipe\n- Déjeuner avec le tuteur\n\n## Le rythme école-entreprise\n\n"
                "Caler un point chaque mois avec l'école.\n\n## Les aides\n\nVoir l'aide à "
                "l'embauche d'alternants sur le portail des entreprises.\n",
                "Formation du tuteur et aides",
            ),
        ],
    ),
    "secretaires-de-mairie": (
        "Prendre son poste dans une nouvelle mairie",
        [
            ("Récupérer les codes d'accès aux logiciels et aux plateformes de l'État.\n", ""),
            (
                "Récupérer les codes d'accès aux logiciels et aux plateformes de l'État.\n\n"
                "Se présenter à la trésorerie et au centre de gestion.\n",
                "Les premiers contacts",
            ),
            (
                "## La première semaine\n\n- Récupérer les codes d'accès aux logiciels et aux "
                "plateformes de l'État.\n- Se présenter à la trésorerie et au centre de "
                "gestion.\n- Relire les dernières délibérations.\n",
                "Mise en forme et délibérations",
            ),
        ],
    ),
    "cooperative-enseignants": (
        "Démarrer le conseil coopératif",
        [
            ("Commencer par un conseil court, chaque semaine, au même moment.\n", ""),
            (
                "Commencer par un conseil court, chaque semaine, au même moment.\n\n"
                "Afficher les règles décidées ensemble.\n",
                "Les règles affichées",
            ),
            (
                "Commencer par un conseil court (vingt minutes), chaque semaine, au même "
                "moment.\n\nAfficher les règles décidées ensemble, et les relire en début "
                "de conseil.\n\nConfier la présidence aux élèves dès le deuxième mois.\n",
                "La présidence par les élèves",
            ),
        ],
    ),
}


def _members(community, before) -> list:
    return [
        m.user
        for m in Membership.objects.filter(
            community=community, state=MembershipState.ACTIVE, joined_at__lt=before
        )
        .exclude(role=Role.ANIMATOR)
        .select_related("user")
        .order_by("joined_at", "pk")
    ]


def build(builder: DemoBuilder) -> None:
    for slug, resources in RESOURCES.items():
        community = builder.communities.get(slug)
        if community is None:
            continue
        animator = Membership.objects.get(community=community, role=Role.ANIMATOR).user
        for n, (days, title, target, description, tags, comments, featured) in enumerate(resources):
            at = builder.latest - timedelta(days=days, hours=n)
            people = _members(community, at)
            sharer = people[(7 * n + 3) % len(people)]
            source = {"url": target} if isinstance(target, str) else {}
            if not source:
                name, text = target
                source["upload"] = SimpleUploadedFile(name, text.encode(), "text/markdown")
            resource = actions.share_resource(
                community=community,
                by=sharer,
                title=title,
                description=description,
                tags=tags,
                at=at,
                **source,
            )
            for k, body in enumerate(comments):
                moment = at + timedelta(days=1 + k, hours=2 * k)
                author = people[(5 * k + n + 11) % len(people)]
                if author == sharer:
                    author = people[(5 * k + n + 12) % len(people)]
                actions.comment(resource=resource, by=author, body=body, at=moment)
            if featured:
                actions.set_featured(
                    resource=resource, by=animator, featured=True, at=at + timedelta(days=3)
                )
        title, versions = WIKI[slug]
        start = builder.latest - timedelta(days=50)
        people = _members(community, start)
        page = None
        for n, (body, summary) in enumerate(versions):
            at = start + timedelta(days=9 * n, hours=n)
            author = people[(4 * n + 2) % len(people)]
            if page is None:
                page = actions.create_page(
                    community=community, by=author, title=title, body=body, at=at
                )
            else:
                actions.edit_page(
                    page=page,
                    by=author,
                    title=title,
                    body=body,
                    summary=summary,
                    base_revision=page.revision_number,
                    at=at,
                )
                page.refresh_from_db()
