"""The directory: members find each other by skill, interest, region, organisation or words."""

import pytest

from cercle.communities.actions.joining import join
from cercle.members.actions import update_profile


def _profile(user, *, skills=(), interests=(), **fields):
    return update_profile(
        profile=user.profile, fields=fields, skills=list(skills), interests=list(interests)
    )


@pytest.fixture
def people(community, alice, make_user):
    """Alice and two more members with different profiles."""
    _profile(
        alice,
        skills=["Marchés publics", "RH"],
        interests=["Sobriété numérique"],
        organisation="Métropole de Lyon",
        region="Auvergne-Rhône-Alpes",
        job_title="Directrice des achats",
    )
    gaston = make_user("Gaston Lagaffe")
    join(community=community, user=gaston, accepts_charter=True)
    _profile(
        gaston,
        skills=["Communication"],
        interests=["Bande dessinée"],
        organisation="Éditions Dupuis",
        region="Bretagne",
        city="Rennes",
        can_help_with="Organiser des ateliers créatifs",
    )
    hector = make_user("Hector Durand")
    join(community=community, user=hector, accepts_charter=True)
    _profile(hector, skills=["RH"], organisation="Région Bretagne", region="Bretagne")
    return {"alice": alice, "gaston": gaston, "hector": hector}


def _found(client, community, **query) -> set[str]:
    response = client.get(f"/c/{community.slug}/members/", query)
    assert response.status_code == 200
    return {m.user.name for m in response.context["page"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"skill": "Marchés publics"}, {"Alice Membre"}),
        ({"skill": "rh"}, {"Alice Membre", "Hector Durand"}),
        # Typed without accents or capitals, a tag still finds its peers, on both databases.
        ({"skill": "MARCHES PUBLICS"}, {"Alice Membre"}),
        ({"interest": "sobriete numerique"}, {"Alice Membre"}),
        ({"interest": "Bande dessinée"}, {"Gaston Lagaffe"}),
        ({"region": "Bretagne"}, {"Gaston Lagaffe", "Hector Durand"}),
        ({"region": "Rennes"}, {"Gaston Lagaffe"}),  # the city counts as the region
        ({"organisation": "Métropole"}, {"Alice Membre"}),
        ({"q": "ateliers"}, {"Gaston Lagaffe"}),  # what they can help with
        ({"q": "Lagaffe"}, {"Gaston Lagaffe"}),  # the name
        ({"q": "achats"}, {"Alice Membre"}),  # the job title
        ({"q": "sobriété"}, {"Alice Membre"}),  # an interest
        ({"q": "RH Bretagne"}, {"Hector Durand"}),  # every word must match
        ({"skill": "RH", "region": "Bretagne"}, {"Hector Durand"}),
        ({"skill": "Plongée"}, set()),
    ],
)
def test_the_directory_finds_members_by_filter(client, community, bob, people, query, expected):
    client.force_login(bob)
    assert _found(client, community, **query) == expected


def test_without_filters_every_active_member_is_listed_once(client, community, bob, people):
    client.force_login(bob)
    assert _found(client, community) == {
        "Bob Animateur",
        "Alice Membre",
        "Gaston Lagaffe",
        "Hector Durand",
    }


def test_a_member_found_shows_with_their_skills_and_a_link_to_the_profile(
    client, community, bob, people
):
    client.force_login(bob)
    response = client.get(f"/c/{community.slug}/members/", {"skill": "Communication"})
    gaston = people["gaston"]
    assert f"/c/{community.slug}/members/{gaston.pk}/".encode() in response.content
    assert "Éditions Dupuis".encode() in response.content
    assert b"Communication" in response.content
    assert b"1 member found" in response.content


def test_nobody_found_says_so(client, community, bob, people):
    client.force_login(bob)
    response = client.get(f"/c/{community.slug}/members/", {"q": "astronaute"})
    assert b"Nobody matches these filters" in response.content


def test_htmx_requests_get_only_the_results(client, community, bob, people):
    client.force_login(bob)
    response = client.get(
        f"/c/{community.slug}/members/", {"skill": "RH"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"2 members found" in response.content


def test_editing_my_profile_feeds_the_directory(client, community, alice, bob):
    client.force_login(alice)
    response = client.post(
        "/me/profile/",
        {
            "organisation": "Département du Gers",
            "job_title": "Cheffe de projet",
            "region": "Occitanie",
            "city": "Auch",
            "bio": "Vingt ans dans les achats publics.",
            "skills_text": "Marchés publics,  Achats responsables , ",
            "interests_text": "Circuits courts, Agriculture",
        },
        follow=True,
    )
    assert b"Your profile is saved." in response.content
    profile = alice.profile
    profile.refresh_from_db()
    assert profile.organisation == "Département du Gers"
    assert sorted(t.name for t in profile.skills.all()) == [
        "Achats responsables",
        "Marchés publics",
    ]
    assert sorted(t.name for t in profile.interests.all()) == ["Agriculture", "Circuits courts"]

    client.force_login(bob)
    assert _found(client, community, skill="Achats responsables") == {"Alice Membre"}
    assert _found(client, community, interest="circuits courts") == {"Alice Membre"}
    assert _found(client, community, region="Occitanie") == {"Alice Membre"}
    assert _found(client, community, organisation="Gers") == {"Alice Membre"}
    assert _found(client, community, q="vingt") == {"Alice Membre"}

    profile_page = client.get(f"/c/{community.slug}/members/{alice.pk}/")
    assert "Département du Gers".encode() in profile_page.content
    assert b"Achats responsables" in profile_page.content


def test_the_profile_form_shows_my_tags_back(client, alice):
    _profile(alice, skills=["RH", "Marchés publics"])
    client.force_login(alice)
    response = client.get("/me/profile/")
    assert 'value="Marchés publics, RH"'.encode() in response.content


def test_more_than_fifteen_skills_are_refused(client, alice):
    client.force_login(alice)
    response = client.post(
        "/me/profile/", {"skills_text": ", ".join(f"skill {n}" for n in range(16))}
    )
    assert response.status_code == 200
    assert b"At most 15" in response.content
    assert alice.profile.skills.count() == 0


def test_tags_are_shared_across_spellings(alice, make_user, community):
    from cercle.members.models import Tag

    bea = make_user()
    _profile(alice, skills=["Marchés publics"])
    _profile(bea, skills=["marchés  publics"])
    assert Tag.objects.count() == 1
