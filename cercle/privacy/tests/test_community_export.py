"""An animator exports the members of their community, with only the fields the charter the
members accepted allows."""

import csv
import io
import json

import pytest

from cercle.communities.actions.charter import accept_charter, publish_charter
from cercle.communities.models import Membership

pytestmark = pytest.mark.django_db


def _csv(client, slug="reseau") -> list[dict]:
    response = client.get(f"/c/{slug}/manage/export/?format=csv")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _allow(community, bob, fields):
    publish_charter(
        community=community, body="Version with export", by=bob, exportable_fields=fields
    )


def test_by_default_only_name_role_and_date_joined(client, alice_with_history, bob, community):
    client.force_login(bob)
    rows = _csv(client)
    assert set(rows[0]) == {"name", "role", "date joined"}
    assert {r["name"] for r in rows} == {"Alice Membre", "Bob Animateur"}
    assert (
        "alice@example.org"
        not in client.get("/c/reseau/manage/export/?format=json").content.decode()
    )


def test_fields_the_charter_lists_are_exported_once_accepted(
    client, alice_with_history, bob, community
):
    alice = alice_with_history[0]
    _allow(community, bob, ["email", "organisation", "skills"])
    client.force_login(bob)

    # Alice has not accepted the new version yet: her email stays out.
    rows = {r["name"]: r for r in _csv(client)}
    assert rows["Alice Membre"]["email address"] == ""
    assert rows["Bob Animateur"]["email address"] == "bob@example.org"

    accept_charter(membership=Membership.objects.get(user=alice, community=community))
    data = json.loads(client.get("/c/reseau/manage/export/?format=json").content)
    alice_row = next(m for m in data["members"] if m["name"] == "Alice Membre")
    assert alice_row["email"] == "alice@example.org"
    assert alice_row["organisation"] == "Mairie de Lyon"
    assert alice_row["skills"] == ["Marchés publics"]
    assert "bio" not in alice_row  # not in the charter


def test_members_and_outsiders_cannot_export(client, alice, charlie, make_user):
    for user in (alice, charlie):
        client.force_login(user)
        assert client.get("/c/reseau/manage/export/?format=csv").status_code == 403
    client.logout()
    assert client.get("/c/reseau/manage/export/?format=csv").status_code == 302


def test_an_animator_cannot_export_another_community(client, bob, make_community, make_member):
    other = make_community(slug="autre", visibility="public")
    make_member("Zoé Ailleurs", target=other)
    client.force_login(bob)
    assert client.get("/c/autre/manage/export/?format=csv").status_code == 403


def test_cells_a_spreadsheet_would_run_are_written_as_text(client, bob, community, make_member):
    make_member('=HYPERLINK("http://evil","x")')
    client.force_login(bob)
    names = [r["name"] for r in _csv(client)]
    assert '\'=HYPERLINK("http://evil","x")' in names
