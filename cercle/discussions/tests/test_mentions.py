from cercle.discussions import actions
from cercle.discussions.models import Mention


def mentioned(post) -> set[str]:
    return {m.user.email for m in Mention.objects.filter(post=post).select_related("user")}


def test_members_are_mentioned_by_full_name_or_address(topic, bob, make_member):
    make_member("Jean-Pierre Durand", "jp.durand@example.org")
    post = actions.reply(
        topic=topic, author=bob, body="Merci @Alice Membre ! Et @jp.durand, ton avis ?"
    )
    assert mentioned(post) == {"alice@example.org", "jp.durand@example.org"}


def test_mentions_ignore_outsiders_the_author_quotes_and_unknown_names(topic, alice, bob, charlie):
    post = actions.reply(
        topic=topic,
        author=bob,
        body="> @Alice Membre a dit\n\n@Bob Animateur @charlie @personne @Ali @Alicia",
    )
    # Alice only appears in a quote, or by part of her name; Bob is the author; Charlie is
    # not a member.
    assert mentioned(post) == set()


def test_an_edit_mentions_those_newly_named(topic, alice, bob):
    post = actions.reply(topic=topic, author=bob, body="Bonjour")
    actions.edit_post(post=post, by=bob, body="Bonjour @alice")
    actions.edit_post(post=post, by=bob, body="Bonjour @alice, encore")
    assert mentioned(post) == {"alice@example.org"}


def test_the_opening_post_mentions_too(community, alice, bob):
    topic = actions.start_topic(
        community=community, author=alice, kind="question", title="?", body="@bob une idée ?"
    )
    assert mentioned(topic.opening_post) == {"bob@example.org"}
