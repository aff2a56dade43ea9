"""The newsletter pages cost the same number of queries whatever the number of newsletters,
sections, featured topics and events, and communities."""

from datetime import timedelta

from django.utils import timezone

from cercle.discussions import actions as discussions
from cercle.events import actions as events
from cercle.newsletters.actions import newsletters as actions
from cercle.newsletters.models import Newsletter, NewsletterStatus


def populate(community, bob, alice, count: int) -> Newsletter:
    """`count` newsletters, half of them sent, each with `count` sections, topics and events.
    Returns the last one, sent."""
    topics = [
        discussions.start_topic(
            community=community, author=alice, kind="discussion", title=f"Sujet {n}", body="..."
        )
        for n in range(count)
    ]
    start = timezone.now() + timedelta(days=5)
    agenda = [
        events.create_event(
            community=community,
            by=bob,
            title=f"Rencontre {n}",
            start=start + timedelta(days=n),
            end=start + timedelta(days=n, hours=2),
            time_zone="Europe/Paris",
            address="Lyon",
        )
        for n in range(count)
    ]
    made = None
    for n in range(count):
        made = actions.compose(
            community=community,
            by=bob,
            content=actions.Content(
                title=f"Lettre {n}",
                intro="Bonjour",
                sections=[(f"Partie {i}", "Texte") for i in range(count)],
                topics=topics,
                events=agenda,
                spotlight=alice,
                spotlight_text="Merci",
            ),
        )
        if n % 2 or n == count - 1:
            Newsletter.objects.filter(pk=made.pk).update(
                status=NewsletterStatus.SENT, sent_at=timezone.now(), sent_count=2
            )
    return made


def counts(client, page_queries, user, community, bob, alice, count: int) -> dict[str, int]:
    last = populate(community, bob, alice, count)
    client.force_login(user)
    urls = {
        "archive": "/c/reseau/newsletters/",
        "read": f"/c/reseau/newsletters/{last.pk}/",
    }
    if user == bob:
        urls |= {
            "manage": "/c/reseau/newsletters/manage/",
            "detail": f"/c/reseau/newsletters/{last.pk}/manage/",
            "preview": f"/c/reseau/newsletters/{last.pk}/email.html",
        }
    return {name: page_queries(url) for name, url in urls.items()}


def test_the_pages_do_not_grow_with_the_rows(client, page_queries, community, bob, alice):
    few = counts(client, page_queries, bob, community, bob, alice, 2)
    Newsletter.objects.all().delete()
    many = counts(client, page_queries, bob, community, bob, alice, 8)
    assert few == many
    assert max(many.values()) <= 12, many


def test_a_members_pages_do_not_grow_with_the_rows(client, page_queries, community, bob, alice):
    few = counts(client, page_queries, alice, community, bob, alice, 2)
    Newsletter.objects.all().delete()
    many = counts(client, page_queries, alice, community, bob, alice, 8)
    assert few == many


def test_the_email_settings_page_does_not_grow_with_the_communities(
    client, page_queries, alice, make_community
):
    from cercle.communities.actions.joining import join

    client.force_login(alice)
    one = page_queries("/me/email/")
    for n in range(5):
        join(community=make_community(slug=f"c{n}"), user=alice, accepts_charter=True)
    assert page_queries("/me/email/") == one
