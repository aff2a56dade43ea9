"""Members report a message, a topic or a member; the queue shows them to those who moderate."""

import pytest

from cercle.activity.models import ActivityEvent, ObjectKind, Verb
from cercle.communities.actions.groups import create_group, join_group
from cercle.communities.models import GroupRole
from cercle.discussions import actions as discussions
from cercle.lib.errors import Refused
from cercle.moderation.actions.reports import dismiss, report
from cercle.moderation.models import Report, ReportOutcome, ReportTarget


def test_a_member_reports_a_message(client, community, alice, rude_post, dave):
    client.force_login(alice)
    url = f"/c/{community.slug}/moderation/report/post/{rude_post.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "charter", "details": "Insulte."})
    assert response.status_code == 302
    made = Report.objects.get()
    assert (made.target, made.post, made.topic, made.reported_user) == (
        ReportTarget.POST,
        rude_post,
        rude_post.topic,
        dave,
    )
    assert (made.reporter, made.reason, made.details) == (alice, "charter", "Insulte.")
    assert made.handled_at is None
    assert made.created_at is not None
    event = ActivityEvent.objects.get(verb=Verb.REPORTED)
    assert (event.actor, event.object_kind, event.object_id) == (alice, ObjectKind.REPORT, made.pk)


def test_a_member_reports_a_topic(client, community, bob, topic, alice):
    client.force_login(bob)
    response = client.post(
        f"/c/{community.slug}/moderation/report/topic/{topic.pk}/", {"reason": "off_topic"}
    )
    assert response.status_code == 302
    made = Report.objects.get()
    assert (made.target, made.topic, made.post, made.reported_user) == (
        ReportTarget.TOPIC,
        topic,
        None,
        alice,
    )


def test_a_member_reports_a_member(client, community, alice, dave):
    client.force_login(alice)
    url = f"/c/{community.slug}/moderation/report/member/{dave.pk}/"
    response = client.post(url, {"reason": "other", "details": "Messages privés insistants."})
    assert response.status_code == 302
    made = Report.objects.get()
    assert (made.target, made.reported_user, made.post, made.topic) == (
        ReportTarget.MEMBER,
        dave,
        None,
        None,
    )


def test_other_needs_a_text_and_the_form_says_so(client, community, alice, dave):
    client.force_login(alice)
    response = client.post(
        f"/c/{community.slug}/moderation/report/member/{dave.pk}/", {"reason": "other"}
    )
    assert response.status_code == 200
    assert "Say in a few words what the problem is." in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_twice_or_oneself_is_refused(community, alice, dave, rude_post):
    report(community=community, reporter=alice, reason="spam", post=rude_post)
    with pytest.raises(Refused, match="already reported"):
        report(community=community, reporter=alice, reason="spam", post=rude_post)
    with pytest.raises(Refused, match="your own message"):
        report(community=community, reporter=dave, reason="spam", post=rude_post)
    with pytest.raises(Refused, match="report yourself"):
        report(community=community, reporter=dave, reason="spam", member=dave)
    assert Report.objects.count() == 1


def test_outsiders_cannot_report(client, community, charlie, rude_post):
    with pytest.raises(Refused, match="Only active members"):
        report(community=community, reporter=charlie, reason="spam", post=rude_post)
    client.force_login(charlie)
    url = f"/c/{community.slug}/moderation/report/post/{rude_post.pk}/"
    assert client.post(url, {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


def test_a_message_of_another_community_cannot_be_reported_here(
    client, community, alice, other_community
):
    """Guessing the id of a message elsewhere: 404 through the page, refused by the action."""
    client.force_login(alice)
    url = f"/c/{community.slug}/moderation/report/post/{other_community.post.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "spam"}).status_code == 404
    url = f"/c/{community.slug}/moderation/report/topic/{other_community.topic.pk}/"
    assert client.post(url, {"reason": "spam"}).status_code == 404
    url = f"/c/{community.slug}/moderation/report/member/{other_community.member.pk}/"
    assert client.post(url, {"reason": "spam"}).status_code == 404
    with pytest.raises(Refused, match="no such message"):
        report(community=community, reporter=alice, reason="spam", post=other_community.post)
    # And through the other community's address, alice is not a member there.
    url = f"/c/{other_community.slug}/moderation/report/post/{other_community.post.pk}/"
    assert client.post(url, {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


def test_reporting_needs_the_csrf_token(client, community, alice, rude_post):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    url = f"/c/{community.slug}/moderation/report/post/{rude_post.pk}/"
    assert strict.post(url, {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


# --- The queue --------------------------------------------------------------------------------


@pytest.fixture
def waiting(community, alice, rude_post):
    return report(community=community, reporter=alice, reason="charter", post=rude_post)


@pytest.mark.parametrize(("who", "status"), [("bob", 200), ("moderator", 200), ("alice", 403)])
def test_the_queue_is_for_moderators_and_animators(
    client, community, waiting, request, who, status
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/c/{community.slug}/moderation/")
    assert response.status_code == status
    detail = client.get(f"/c/{community.slug}/moderation/reports/{waiting.pk}/")
    assert detail.status_code == (200 if status == 200 else 403)
    if status == 200:
        page = detail.content.decode()
        assert "Vous êtes tous nuls." in page  # the content
        assert "Vos astuces ?" in page  # its context: the neighbouring messages
        assert "Reports made by Alice Membre" in page  # the reporter's history
        assert "History of Dave Troll" in page


def test_outsiders_and_anonymous_visitors_see_no_queue(client, community, charlie, waiting):
    assert client.get(f"/c/{community.slug}/moderation/").status_code == 302  # to log in
    client.force_login(charlie)
    assert client.get(f"/c/{community.slug}/moderation/").status_code == 403
    assert client.get(f"/c/{community.slug}/moderation/reports/{waiting.pk}/").status_code == 403


def test_a_hidden_communitys_queue_does_not_exist_for_outsiders(
    client, make_community, bob, charlie
):
    hidden = make_community(animator=bob, visibility="hidden")
    client.force_login(charlie)
    assert client.get(f"/c/{hidden.slug}/moderation/").status_code == 404
    assert client.get(f"/c/{hidden.slug}/moderation/log/").status_code == 404


def test_group_animators_see_their_groups_reports_only(
    client, community, bob, alice, dave, make_member
):
    local = create_group(community=community, by=bob, name="Lyon", kind="local")
    other = create_group(community=community, by=bob, name="Paris", kind="local")
    gina = make_member("Gina Groupe")
    join_group(group=local, user=gina, role=GroupRole.ANIMATOR)
    in_lyon = discussions.start_topic(
        community=community, author=dave, kind="discussion", title="À Lyon", body="Spam lyonnais"
    )
    in_paris = discussions.start_topic(
        community=community, author=dave, kind="discussion", title="À Paris", body="Spam parisien"
    )
    for topic, group in ((in_lyon, local), (in_paris, other)):
        topic.group = group
        topic.save(update_fields=["group"])
    mine = report(community=community, reporter=alice, reason="spam", topic=in_lyon)
    theirs = report(community=community, reporter=alice, reason="spam", topic=in_paris)
    client.force_login(gina)
    page = client.get(f"/c/{community.slug}/moderation/").content.decode()
    assert "À Lyon" in page
    assert "À Paris" not in page
    assert client.get(f"/c/{community.slug}/moderation/reports/{mine.pk}/").status_code == 200
    assert client.get(f"/c/{community.slug}/moderation/reports/{theirs.pk}/").status_code == 404
    # She can dismiss her group's report, not the other one.
    assert (
        client.post(f"/c/{community.slug}/moderation/reports/{theirs.pk}/dismiss/").status_code
        == 404
    )
    client.post(f"/c/{community.slug}/moderation/reports/{mine.pk}/dismiss/", {"note": "Vu."})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.outcome == ReportOutcome.DISMISSED
    assert mine.handled_by == gina
    assert theirs.is_open
    # A moderator filters by group.
    client.force_login(bob)
    page = client.get(f"/c/{community.slug}/moderation/?group={other.slug}").content.decode()
    assert "À Paris" in page
    assert "À Lyon" not in page


def test_dismissing_records_who_and_when(client, community, moderator, waiting):
    client.force_login(moderator)
    response = client.post(f"/c/{community.slug}/moderation/reports/{waiting.pk}/dismiss/")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.outcome == ReportOutcome.DISMISSED
    assert waiting.handled_by == moderator
    assert waiting.handled_at >= waiting.created_at
    assert ActivityEvent.objects.filter(verb=Verb.HANDLED_REPORT, object_id=waiting.pk).exists()
    with pytest.raises(Refused, match="handled already"):
        dismiss(report=waiting, by=moderator)


def test_members_cannot_dismiss(client, community, alice, waiting):
    client.force_login(alice)
    url = f"/c/{community.slug}/moderation/reports/{waiting.pk}/dismiss/"
    assert client.post(url).status_code == 403
    waiting.refresh_from_db()
    assert waiting.is_open


def test_a_report_of_another_community_is_a_404_for_its_moderators(
    client, community, bob, other_community
):
    elsewhere = report(
        community=other_community,
        reporter=other_community.animator,
        reason="spam",
        post=other_community.post,
    )
    client.force_login(bob)
    base = f"/c/{community.slug}/moderation/reports/{elsewhere.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}dismiss/").status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_open
