"""A member's own participation page, the help page, and the notifications that lead there."""

from datetime import timedelta

from django.utils import timezone

from cercle.cockpit import reach_out
from cercle.cockpit.hosted import HOSTED_KEYS
from cercle.cockpit.indicators import INDICATOR_KEYS
from cercle.discussions import actions
from cercle.notifications.models import Notification

MINE = "/c/reseau/me/participation/"


def test_a_member_sees_their_level_and_what_the_next_one_asks(community, alice, bob, client):
    topic = actions.start_topic(
        community=community, author=alice, kind="discussion", title="Un", body="Un"
    )
    for n in range(2):
        actions.reply(topic=topic, author=alice, body=f"Encore {n}")
    client.force_login(alice)
    html = client.get(MINE).content.decode()
    # Three messages in the year: a contributor; a regular writes 12, in 6 different months.
    assert "Contributor" in html
    assert "To become Regular:" in html
    assert "9 more messages" in html
    assert "writing in 5 more months of the year" in html


def test_a_member_sees_only_their_own_figures(community, alice, bob, client):
    topic = actions.start_topic(
        community=community, author=bob, kind="discussion", title="B", body="B"
    )
    for n in range(5):
        actions.reply(topic=topic, author=bob, body=f"Bob {n}")
    client.force_login(alice)
    response = client.get(MINE, {"user": bob.pk})
    assert response.context["stats"].posts == 0
    assert response.context["level"] == "observer"


def test_an_outsider_has_no_participation_page(community, charlie, client):
    client.force_login(charlie)
    assert client.get(MINE).status_code == 403


def test_a_thanks_notification_opens_the_participation_page(community, alice, bob, client):
    reach_out.thank(community=community, by=bob, member=alice, message="Bravo")
    note = Notification.objects.get(recipient=alice)
    assert note.summary() == "Bob Animateur thanks you for what you bring to Réseau des dirigeants"
    client.force_login(alice)
    response = client.get(f"/notifications/{note.pk}/")
    assert response.status_code == 302
    assert response["Location"] == MINE


def test_an_introduction_shows_on_both_pages_with_the_others_profile(
    community, alice, bob, make_member, client
):
    carl = make_member("Carl Expert")
    reach_out.introduce(
        community=community, by=bob, member=alice, other=carl, message="Parlez-vous"
    )
    for person, other in ((alice, carl), (carl, alice)):
        client.force_login(person)
        html = client.get(MINE).content.decode()
        assert f"Bob Animateur introduced you to {other.name}" in html
        assert f"/c/reseau/members/{other.pk}/" in html


def test_the_help_page_explains_every_indicator_with_an_anchor(client, charlie):
    assert client.get("/cockpit/help/").status_code == 302  # logged-in people only
    client.force_login(charlie)  # no community needed: it explains, it shows no figure
    html = client.get("/cockpit/help/").content.decode()
    for key in (*INDICATOR_KEYS, *HOSTED_KEYS):
        assert f'id="{key}"' in html, key
    assert "Joyce, E. &amp; Kraut, R. E. (2006)" in html
    assert "56%" in html
    assert "Wenger, McDermott &amp; Snyder" in html


def test_the_help_page_is_in_french_too(client, charlie):
    client.force_login(charlie)
    charlie.language = "fr"
    charlie.save()
    response = client.get("/cockpit/help/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()


def test_old_visits_and_posts_do_not_count(community, alice, client):
    long_ago = timezone.now() - timedelta(days=400)
    actions.start_topic(
        community=community, author=alice, kind="discussion", title="Vieux", body="!", at=long_ago
    )
    client.force_login(alice)
    assert client.get(MINE).context["stats"].posts == 0
