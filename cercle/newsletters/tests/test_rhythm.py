"""Each member's rhythm, per community: daily, weekly (the default), monthly or never; and the
page where they choose it."""

from datetime import timedelta

import pytest

from cercle.newsletters.actions.digests import send_digests
from cercle.newsletters.actions.preferences import set_preferences
from cercle.newsletters.models import MailPreference, Rhythm
from cercle.newsletters.tests.conftest import PARIS, set_joined


@pytest.fixture
def people(community, old_members, make_member):
    bob, alice = old_members
    daily = make_member("Daniel Quotidien", "daily@example.org")
    monthly = make_member("Mona Mensuelle", "monthly@example.org")
    never = make_member("Nina Jamais", "never@example.org")
    for person, rhythm in ((daily, "daily"), (monthly, "monthly"), (never, "never")):
        set_preferences(user=person, choices={community.pk: (rhythm, True)})
    return {"weekly": alice, "daily": daily, "monthly": monthly, "never": never, "bob": bob}


@pytest.fixture
def newcomer_every_day(community, people, monday, make_member):
    """Someone joins every day for five weeks, from a week before `monday`: every digest has
    news."""
    for day in range(-7, 35):
        person = make_member(f"Nouveau {day}", f"new{day + 7}@example.org")
        set_joined(person, community, monday + timedelta(days=day, hours=-3))
    # The five members of `people` are not newcomers.
    for person in people.values():
        set_joined(person, community, monday - timedelta(days=400))


def received(smtp_inbox, user) -> int:
    return len(smtp_inbox.to(user.email))


def test_each_rhythm_is_kept(people, newcomer_every_day, monday, smtp_inbox):
    """Every hour of four weeks (from the 1st of a month at most five weeks back), the
    periodic run: each member gets their rhythm's digests, and those only."""
    runs = [monday + timedelta(hours=hour) for hour in range(0, 28 * 24, 3)]
    for at in runs:
        send_digests(at=at)
    assert received(smtp_inbox, people["daily"]) == 28
    assert received(smtp_inbox, people["weekly"]) == 4
    assert received(smtp_inbox, people["never"]) == 0
    # Monthly: once for each month in which a run came after 7:00 on the 1st.
    months = {(at.year, at.month) for at in (run.astimezone(PARIS) for run in runs) if at.hour >= 7}
    assert received(smtp_inbox, people["monthly"]) == len(months)
    daily_subjects = {m["Subject"] for m in smtp_inbox.to(people["daily"].email)}
    assert daily_subjects == {"Today in Réseau des dirigeants"}


def test_the_weekly_digest_is_due_from_monday_morning(
    people, newcomer_every_day, monday, smtp_inbox
):
    early = monday.replace(hour=6, minute=30)
    send_digests(at=early)
    assert received(smtp_inbox, people["weekly"]) == 0
    send_digests(at=monday)
    assert received(smtp_inbox, people["weekly"]) == 1
    # Down all Monday: Tuesday's first run still sends the week's digest, once.
    send_digests(at=monday + timedelta(days=1))
    assert received(smtp_inbox, people["weekly"]) == 1


def test_a_late_monday_run_still_sends_the_week(people, newcomer_every_day, monday, smtp_inbox):
    send_digests(at=monday + timedelta(days=2, hours=5))
    assert received(smtp_inbox, people["weekly"]) == 1


def test_the_monthly_digest_of_a_month(people, community, monday, smtp_inbox, make_member):
    first = monday.replace(day=1, hour=9) + timedelta(days=40)
    first = first.replace(day=1)
    person = make_member("Nouvelle du mois", "month@example.org")
    set_joined(person, community, first - timedelta(days=10))
    send_digests(rhythm="monthly", at=first)
    send_digests(rhythm="monthly", at=first + timedelta(days=12))
    assert received(smtp_inbox, people["monthly"]) == 1
    assert smtp_inbox.to(people["monthly"].email)[0]["Subject"] == (
        "This month in Réseau des dirigeants"
    )


def test_never_sends_nothing_even_when_asked(people, newcomer_every_day, monday, smtp_inbox):
    with pytest.raises(ValueError, match="never"):
        send_digests(rhythm=Rhythm.NEVER, at=monday)
    for rhythm in ("daily", "weekly", "monthly"):
        send_digests(rhythm=rhythm, at=monday)
    assert received(smtp_inbox, people["never"]) == 0


def test_the_settings_page_sets_the_rhythm_per_community(
    client, alice, community, make_community, make_member
):
    other = make_community(slug="autre")
    make_member(target=other)  # someone else in it
    from cercle.communities.actions.joining import join

    join(community=other, user=alice, accepts_charter=True)
    client.force_login(alice)
    page = client.get("/me/email/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Réseau des dirigeants" in body
    assert other.name in body
    response = client.post(
        "/me/email/",
        {
            f"digest_{community.pk}": "daily",
            f"newsletter_{community.pk}": "on",
            f"digest_{other.pk}": "never",
        },
    )
    assert response.status_code == 302
    chosen = {p.community_id: (p.digest, p.newsletter) for p in MailPreference.objects.all()}
    assert chosen == {community.pk: ("daily", True), other.pk: ("never", False)}
    # The settings page links to it.
    assert "/me/email/" in client.get("/me/preferences/").content.decode()


def test_choices_for_a_community_one_is_not_in_are_ignored(alice, make_community):
    stranger = make_community(slug="ailleurs")
    set_preferences(user=alice, choices={stranger.pk: ("daily", True)})
    assert not MailPreference.objects.exists()
