"""What each member's digest says: what they follow, questions matching their skills, events of
their community and groups, newcomers, thanks; and nothing at all when nothing is new."""

from datetime import timedelta

import pytest

from cercle.communities.actions.groups import create_group, join_group
from cercle.discussions import actions as discussions
from cercle.events import actions as events
from cercle.members.actions import update_profile
from cercle.members.models import Profile
from cercle.newsletters.actions.digests import send_digests
from cercle.newsletters.models import DeliveryState, DigestDelivery
from cercle.newsletters.tests.conftest import set_joined
from cercle.notifications import actions as follows


def skills(user, *names):
    profile = Profile.objects.get_or_create(user=user)[0]
    update_profile(profile=profile, fields={}, skills=list(names), interests=[])


def event_at(community, bob, title, start, *, created, group=None):
    return events.create_event(
        community=community,
        by=bob,
        title=title,
        start=start,
        end=start + timedelta(hours=2),
        time_zone="Europe/Paris",
        address="Lyon",
        group=group,
        at=created,
    )


@pytest.fixture
def busy_week(community, old_members, monday, make_member):
    """A week of activity in the community, before `monday`."""
    bob, alice = old_members
    week = monday - timedelta(days=7)
    at = {n: week + timedelta(days=n) for n in range(1, 7)}
    markets = discussions.create_category(community=community, by=bob, name="Marchés")
    other = discussions.create_category(community=community, by=bob, name="Divers")
    follows.follow_category(user=alice, category=markets)
    # Alice's own topic, from a month ago, that bob answers this week.
    mine = discussions.start_topic(
        community=community,
        author=alice,
        kind="discussion",
        title="Comment recruter des bénévoles ?",
        body="Vos astuces ?",
        at=monday - timedelta(days=30),
    )
    # (Authors follow their topics once the transaction commits; the test never commits.)
    follows.follow_topic(user=alice, topic=mine)
    alice_reply = discussions.reply(
        topic=mine, author=alice, body="Je précise : 3 h/mois.", at=at[1]
    )
    answer = discussions.reply(topic=mine, author=bob, body="Par le bouche à oreille.", at=at[2])
    discussions.react(post=alice_reply, user=bob, kind="thanks", at=at[4])
    # New topics: one in the category alice follows, one elsewhere.
    discussions.start_topic(
        community=community,
        author=bob,
        kind="discussion",
        title="Le nouveau code des marchés",
        body="Qu'en pensez-vous ?",
        category=markets,
        at=at[1],
    )
    discussions.start_topic(
        community=community,
        author=bob,
        kind="discussion",
        title="Pique-nique de juin",
        body="Qui vient ?",
        category=other,
        at=at[1],
    )
    # Questions: one matching a skill by its title, one by a tag, one matching nothing, one
    # she already answered.
    discussions.start_topic(
        community=community,
        author=bob,
        kind="question",
        title="Une question sur les marchés publics",
        body="Quel seuil ?",
        at=at[2],
    )
    discussions.start_topic(
        community=community,
        author=bob,
        kind="question",
        title="Comment présenter un compte de résultat ?",
        body="Aux élus.",
        tags=["Budget"],
        at=at[2],
    )
    discussions.start_topic(
        community=community,
        author=bob,
        kind="question",
        title="Quel logiciel de paie ?",
        body="Pour 10 salariés.",
        at=at[2],
    )
    answered = discussions.start_topic(
        community=community,
        author=bob,
        kind="question",
        title="Budget participatif : par où commencer ?",
        body="Conseils ?",
        at=at[2],
    )
    discussions.reply(topic=answered, author=alice, body="Par un petit budget.", at=at[3])
    skills(alice, "Marchés publics", "Budget")
    # Events: the community's, a group alice is in, a group she is not in, and one far ahead.
    lyon = create_group(community=community, by=bob, name="Lyon", kind="local")
    paris = create_group(community=community, by=bob, name="Paris", kind="local")
    join_group(group=lyon, user=alice)
    event_at(community, bob, "Rencontre régionale", monday + timedelta(days=3), created=at[1])
    event_at(
        community, bob, "Apéro lyonnais", monday + timedelta(days=4), created=at[1], group=lyon
    )
    event_at(
        community, bob, "Apéro parisien", monday + timedelta(days=4), created=at[1], group=paris
    )
    event_at(
        community,
        bob,
        "Congrès annuel",
        monday + timedelta(days=90),
        created=monday - timedelta(days=60),
    )
    # A newcomer.
    carol = make_member("Carole Nouvelle", "carol@example.org")
    set_joined(carol, community, at[5])
    return {"bob": bob, "alice": alice, "carol": carol, "answer": answer}


def test_each_member_gets_what_concerns_them(busy_week, monday, smtp_inbox):
    report = send_digests(rhythm="weekly", at=monday)
    assert report.sent == 3
    text = smtp_inbox.text(smtp_inbox.to("alice@example.org")[0])
    follow, questions = text.split("QUESTIONS YOU COULD ANSWER")
    # What she follows: the new topic of the category, and her topic that Bob answered.
    assert "IN WHAT YOU FOLLOW" in follow
    assert "Le nouveau code des marchés" in follow
    assert "New topic by Bob Animateur in Marchés" in follow
    assert "Comment recruter des bénévoles ?" in follow
    assert "Pique-nique de juin" not in text
    # Questions matching her skills, by title and by tag; not the others.
    questions, coming = questions.split("COMING UP")
    assert "Une question sur les marchés publics" in questions
    assert "Comment présenter un compte de résultat ?" in questions
    assert "Quel logiciel de paie ?" not in text
    assert "Budget participatif" not in text
    # Events of the community and of her group, not of a group she is not in, nor far ahead.
    coming, newcomers = coming.split("NEWCOMERS TO WELCOME")
    assert "Rencontre régionale" in coming
    assert "Apéro lyonnais" in coming
    assert "Apéro parisien" not in text
    assert "Congrès annuel" not in text
    # Newcomers and thanks.
    newcomers, thanks = newcomers.split("THANKS YOU RECEIVED")
    assert "Carole Nouvelle" in newcomers
    assert "Bob Animateur thanked you for your message in “Comment recruter des bénévoles ?”" in (
        " ".join(thanks.split())
    )


def test_what_a_member_did_is_not_news_to_them(busy_week, monday, smtp_inbox):
    send_digests(rhythm="weekly", at=monday)
    bob_text = smtp_inbox.text(smtp_inbox.to("bob@example.org")[0])
    assert "Le nouveau code des marchés" not in bob_text  # he wrote it
    carol_text = smtp_inbox.text(smtp_inbox.to("carol@example.org")[0])
    newcomers = carol_text.split("NEWCOMERS TO WELCOME")
    assert len(newcomers) == 1 or "Carole Nouvelle" not in newcomers[1]
    assert "THANKS YOU RECEIVED" not in carol_text


def test_nothing_new_sends_nothing(busy_week, monday, smtp_inbox):
    assert send_digests(rhythm="weekly", at=monday).sent == 3
    # The week after: nothing happened (the events were told, the far one is still far).
    report = send_digests(rhythm="weekly", at=monday + timedelta(days=7))
    assert report.sent == 0
    assert report.skipped == 3
    assert len(smtp_inbox.messages) == 3


def test_a_quiet_community_sends_nothing(community, old_members, monday, smtp_inbox):
    report = send_digests(rhythm="weekly", at=monday)
    assert (report.sent, report.skipped) == (0, 2)
    assert smtp_inbox.messages == []
    assert not DigestDelivery.objects.exists()


def test_the_window_starts_at_the_last_digest(community, old_members, monday, smtp_inbox):
    bob, alice = old_members
    topic = discussions.start_topic(
        community=community,
        author=alice,
        kind="discussion",
        title="Premier sujet",
        body="Bonjour",
        at=monday - timedelta(days=2),
    )
    follows.follow_topic(user=alice, topic=topic)
    discussions.reply(topic=topic, author=bob, body="Bienvenue", at=monday - timedelta(days=1))
    send_digests(rhythm="weekly", at=monday)
    assert "Premier sujet" in smtp_inbox.text(smtp_inbox.to("alice@example.org")[0])
    next_week = monday + timedelta(days=7)
    discussions.reply(topic=topic, author=bob, body="Et encore", at=next_week - timedelta(days=1))
    send_digests(rhythm="weekly", at=next_week)
    second = smtp_inbox.to("alice@example.org")[1]
    assert "2 replies so far" in smtp_inbox.text(second)
    assert DigestDelivery.objects.filter(user=alice, state=DeliveryState.SENT).count() == 2
