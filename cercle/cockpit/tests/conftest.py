"""A small hosted community with dated history, built through the real actions."""

from datetime import UTC, datetime, timedelta

import pytest

from cercle.communities.actions.joining import join
from cercle.discussions import actions


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@pytest.fixture
def history(community, make_user, bob):
    """alice opens a question on 1 June 2024, bob (the animator) answers 3 hours later and
    alice accepts it on 2 June; carl opens a discussion nobody answers on 10 June; dora joined
    on 1 May and never posted. Everyone (but bob) joined on 1 May 2024."""
    people = {}
    for name in ("alice", "carl", "dora"):
        user = make_user(name.title(), f"{name}@example.org")
        join(community=community, user=user, accepts_charter=True, at=at("2024-05-01"))
        people[name] = user
    people["bob"] = bob
    question = actions.start_topic(
        community=community,
        author=people["alice"],
        kind="question",
        title="Quel outil pour les comptes rendus ?",
        body="Je cherche un outil simple.",
        at=at("2024-06-01"),
    )
    answer = actions.reply(
        topic=question, author=bob, body="Un simple pad partagé.", at=at("2024-06-01", 13)
    )
    actions.accept_answer(
        topic=question, post=answer, by=people["alice"], at=at("2024-06-01", 13) + timedelta(days=1)
    )
    actions.react(post=answer, user=people["alice"], kind="thanks", at=at("2024-06-02"))
    actions.react(post=answer, user=people["carl"], kind="like", at=at("2024-06-03"))
    alone = actions.start_topic(
        community=community,
        author=people["carl"],
        kind="discussion",
        title="Qui vient au séminaire ?",
        body="Dites-moi.",
        at=at("2024-06-10"),
    )
    return {"people": people, "question": question, "answer": answer, "alone": alone}


# --- The web side: pages, to-do list ------------------------------------------------------------


def populate(community, animator, people, *, rounds: int = 1, now=None):
    """A few months of conversation among `people` (members of `community`): each round,
    each person opens a topic that the next one answers and the animator thanks; every
    third round, a question whose answer gets accepted. Returns the topics."""
    from django.utils import timezone

    now = now or timezone.now()
    topics = []
    for r in range(rounds):
        for i, person in enumerate(people):
            when = now - timedelta(days=100 - (r * 7 + i) % 90, hours=i)
            other = people[(i + 1) % len(people)]
            kind = "question" if (r + i) % 3 == 0 else "discussion"
            topic = actions.start_topic(
                community=community,
                author=person,
                kind=kind,
                title=f"Sujet {r}-{i} sur les achats publics",
                body="Comment faites-vous ?",
                at=when,
            )
            answer = actions.reply(
                topic=topic,
                author=other,
                body="Voici ce que je fais.",
                at=when + timedelta(hours=2),
            )
            actions.react(post=answer, user=person, kind="thanks", at=when + timedelta(hours=3))
            if kind == "question":
                actions.accept_answer(
                    topic=topic, post=answer, by=person, at=when + timedelta(hours=4)
                )
            topics.append(topic)
    return topics


@pytest.fixture
def lively(community, bob, alice, make_member):
    """The "reseau" community with four more members and a few months of conversation, and
    its cockpit computed (snapshots of today)."""
    from cercle.cockpit.actions import recompute

    people = [alice, *(make_member(f"Membre {n}", f"membre{n}@example.org") for n in range(4))]
    populate(community, bob, people, rounds=2)
    recompute(community)
    return people


@pytest.fixture
def as_bob(client, bob):
    client.force_login(bob)
    return client
