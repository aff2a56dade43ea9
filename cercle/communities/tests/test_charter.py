"""A new charter version: members accept it at their next visit, and the record is kept."""

import html
import re
from urllib.parse import parse_qs

from cercle.communities.actions.charter import publish_charter
from cercle.communities.models import Charter, CharterAcceptance, Membership


def test_animator_publishes_and_member_accepts_at_next_visit(client, community, alice, bob):
    client.force_login(bob)
    response = client.post(
        f"/c/{community.slug}/manage/charter/",
        {"body": "Bienveillance, entraide et confidentialité.", "summary": "Confidentialité"},
    )
    assert response.status_code == 302
    charter = Charter.objects.get(community=community, version=2)
    assert charter.published_by == bob
    assert charter.summary_of_changes == "Confidentialité"
    community.refresh_from_db()
    assert community.charter_version == 2

    client.force_login(alice)
    wanted = f"/c/{community.slug}/members/?skill=RH&region=Bretagne"
    response = client.get(wanted)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/c/{community.slug}/charter/?next=")

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"The charter has changed since you last accepted it" in page.content
    assert "confidentialité".encode() in page.content
    assert b"Confidentialit\xc3\xa9" in page.content  # what changed

    # The form carries the address to come back to.
    (next_value,) = re.findall(r'name="next" value="([^"]*)"', page.content.decode())
    assert html.unescape(next_value) == wanted
    accepted = client.post(
        response["Location"], {"accepts_charter": "on", "next": html.unescape(next_value)}
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == wanted
    assert client.get(wanted).status_code == 200

    assert Membership.objects.get(community=community, user=alice).charter_version == 2
    records = CharterAcceptance.objects.filter(user=alice).order_by("charter__version")
    assert [(a.charter.community, a.charter.version) for a in records] == [
        (community, 1),
        (community, 2),
    ]
    assert records[0].accepted_at <= records[1].accepted_at
    # The publisher accepted their own version at once.
    assert CharterAcceptance.objects.filter(user=bob, charter=charter).exists()


def test_the_redirect_keeps_the_whole_address_to_come_back_to(client, community, alice, bob):
    publish_charter(community=community, body="Version deux.", by=bob)
    client.force_login(alice)
    wanted = f"/c/{community.slug}/members/?skill=RH&region=Bretagne"

    response = client.get(wanted)

    path, _, query = response["Location"].partition("?")
    assert path == f"/c/{community.slug}/charter/"
    assert parse_qs(query) == {"next": [wanted]}
    page = client.get(response["Location"])
    assert f'name="next" value="{html.escape(wanted)}"'.encode() in page.content


def test_a_member_who_has_not_accepted_is_held_at_the_charter(client, community, alice, bob):
    publish_charter(community=community, body="Version deux.", by=bob)
    client.force_login(alice)
    for path in ("members/", "groups/", "invite/"):
        response = client.get(f"/c/{community.slug}/{path}")
        assert response.status_code == 302
        assert response["Location"].startswith(f"/c/{community.slug}/charter/?next=")

    refused = client.post(f"/c/{community.slug}/charter/", {"csrfmiddlewaretoken": "x"})

    assert refused.status_code == 200
    assert b"This field is required" in refused.content
    assert Membership.objects.get(community=community, user=alice).charter_version == 1
    assert not CharterAcceptance.objects.filter(user=alice, charter__version=2).exists()


def test_accepting_never_sends_the_member_to_another_site(client, community, alice, bob):
    publish_charter(community=community, body="Version deux.", by=bob)
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/charter/",
        {"accepts_charter": "on", "next": "https://evil.example/phish"},
    )
    assert response["Location"] == f"/c/{community.slug}/"


def test_publishing_the_same_text_again_is_refused(client, community, bob):
    client.force_login(bob)
    response = client.post(
        f"/c/{community.slug}/manage/charter/", {"body": "Bienveillance et entraide."}
    )
    assert response.status_code == 200
    assert b"This is the current version" in response.content
    assert Charter.objects.filter(community=community).count() == 1


def test_a_member_cannot_publish_a_charter(client, community, alice):
    client.force_login(alice)
    response = client.post(f"/c/{community.slug}/manage/charter/", {"body": "Ma charte à moi."})
    assert response.status_code == 403
    assert Charter.objects.filter(community=community).count() == 1


def test_an_outsider_cannot_accept_a_charter(client, community, charlie):
    client.force_login(charlie)
    response = client.post(f"/c/{community.slug}/charter/", {"accepts_charter": "on"})
    assert response.status_code == 404
    assert not CharterAcceptance.objects.filter(user=charlie).exists()
