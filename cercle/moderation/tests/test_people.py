"""Decisions about a member: warn, silence, suspend, exclude; each reversible."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.activity.models import ActivityEvent, Verb
from cercle.communities.actions.invitations import create_invitation_link, invite_by_email
from cercle.communities.actions.joining import accept_invitation, join, request_to_join
from cercle.communities.models import Invitation, Membership, MembershipState
from cercle.discussions import actions as discussions
from cercle.discussions.models import Post, Reaction
from cercle.lib.errors import Refused
from cercle.moderation.actions.exclude import exclude
from cercle.moderation.actions.people import silence, warn
from cercle.moderation.actions.reverse import reverse
from cercle.moderation.actions.suspend import suspend
from cercle.moderation.models import ModerationAction, Standing
from cercle.notifications.models import Kind, Notification

SILENCED = "silenced you in this community"


def _state(community, user) -> str:
    return Membership.objects.get(community=community, user=user).state


def test_a_warning_is_recorded_sent_and_withdrawable(
    client, community, moderator, bob, dave, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/c/{community.slug}/moderation/members/{dave.pk}/",
            {
                "verb": "warn",
                "warn-reason": "Ton agressif, à plusieurs reprises.",
                "warn-message": "Dave, la charte demande la bienveillance.",
            },
        )
    assert response.status_code == 302
    action = ModerationAction.objects.get()
    assert (action.kind, action.target_user, action.by) == ("warn", dave, moderator)
    assert Notification.objects.filter(recipient=dave, kind=Kind.MODERATION).count() == 1
    assert "la charte demande la bienveillance" in smtp_inbox.text(
        smtp_inbox.to("dave@example.org")[0]
    )
    assert ActivityEvent.objects.filter(verb=Verb.WARNED, context_id=dave.pk).exists()
    # The person reads it on their page, with the private message.
    client.force_login(dave)
    page = client.get(f"/c/{community.slug}/moderation/me/").content.decode()
    assert "la charte demande la bienveillance" in page
    reverse(action=action, by=bob, reason="Avertissement retiré.")
    action.refresh_from_db()
    assert action.reversed_by == bob


@pytest.fixture
def silenced(community, moderator, dave):
    return silence(community=community, member=dave, by=moderator, reason="Flood.", days=3)


def test_a_silenced_member_still_reads(client, community, dave, topic, silenced):
    client.force_login(dave)
    response = client.get(f"/c/{community.slug}/t/{topic.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vos astuces ?" in page
    assert SILENCED in page  # instead of the reply form
    assert 'name="body"' not in page


def test_silence_is_enforced_on_every_write_path(
    client, community, alice, bob, moderator, dave, topic, rude_post
):
    question = discussions.start_topic(
        community=community, author=alice, kind="question", title="Q ?", body="?"
    )
    answer = discussions.reply(topic=question, author=dave, body="Peut-être")
    own_topic = discussions.start_topic(
        community=community, author=dave, kind="question", title="Ma question", body="?"
    )
    alice_answer = discussions.reply(topic=own_topic, author=alice, body="Voilà.")
    idea = discussions.start_topic(
        community=community,
        author=alice,
        kind="idea",
        title="Idée",
        body="!",
        poll=discussions.PollSpec(question="Oui ?", choices=["Oui", "Non"]),
    )
    own_answer = Post.objects.get(pk=answer.pk)
    silence(community=community, member=dave, by=moderator, reason="Flood.", days=3)
    attempts = {
        "reply": lambda: discussions.reply(topic=topic, author=dave, body="Encore"),
        "new topic": lambda: discussions.start_topic(
            community=community, author=dave, kind="discussion", title="T", body="B"
        ),
        "react": lambda: discussions.react(post=topic.opening_post, user=dave, kind="like"),
        "vote for an idea": lambda: discussions.vote_idea(topic=idea, user=dave),
        "vote in a poll": lambda: discussions.vote_poll(
            poll=idea.poll, user=dave, choice_ids=[idea.poll.choices.first().pk]
        ),
        "edit": lambda: discussions.edit_post(post=own_answer, by=dave, body="Non"),
        "accept an answer": lambda: discussions.accept_answer(
            topic=own_topic, post=alice_answer, by=dave
        ),
    }
    for attempt in attempts.values():  # every path refused, with the same clear message
        with pytest.raises(Refused, match=SILENCED):
            attempt()
    # Through the pages too.
    client.force_login(dave)
    response = client.post(f"/c/{community.slug}/t/{topic.pk}/", {"body": "Je parle quand même"})
    assert SILENCED in response.content.decode()
    response = client.post(
        f"/c/{community.slug}/discussions/new/",
        {"kind": "discussion", "title": "Moi", "body": "Je parle"},
    )
    assert SILENCED in response.content.decode()
    client.post(f"/c/{community.slug}/p/{topic.opening_post_id}/react/", {"kind": "like"})
    assert not Reaction.objects.filter(user=dave).exists()
    # rude_post, the answer and his question only
    assert Post.objects.filter(author=dave).count() == 3


def test_silence_ends_by_itself_and_can_be_lifted(community, bob, dave, topic, silenced):
    Standing.objects.filter(membership__user=dave).update(
        silenced_until=timezone.now() - timedelta(minutes=1)
    )
    discussions.reply(topic=topic, author=dave, body="Je suis de retour.")
    again = silence(community=community, member=dave, by=bob, reason="Re-flood.")
    with pytest.raises(Refused, match="until further notice"):
        discussions.reply(topic=topic, author=dave, body="Encore")
    reverse(action=again, by=bob, reason="Levé.")
    discussions.reply(topic=topic, author=dave, body="Merci.")


def test_reversing_an_old_silence_does_not_lift_a_newer_one(
    community, bob, moderator, dave, topic, silenced
):
    Standing.objects.filter(membership__user=dave).update(
        silenced_until=timezone.now() - timedelta(minutes=1)
    )
    silence(community=community, member=dave, by=bob, reason="Encore du flood.")
    reverse(action=silenced, by=bob, reason="La première était excessive.")
    with pytest.raises(Refused, match=SILENCED):
        discussions.reply(topic=topic, author=dave, body="Enfin ?")


def test_who_may_act_on_whom(community, bob, alice, moderator, dave, make_member):
    with pytest.raises(Refused, match="Only moderators"):
        warn(community=community, member=dave, by=alice, reason="?")
    with pytest.raises(Refused, match="Only animators can suspend"):
        suspend(community=community, member=dave, by=moderator, reason="?")
    with pytest.raises(Refused, match="Only animators can suspend"):
        exclude(community=community, member=dave, by=moderator, reason="?")
    with pytest.raises(Refused, match="higher role"):
        silence(community=community, member=bob, by=moderator, reason="?")
    with pytest.raises(Refused, match="yourself"):
        warn(community=community, member=bob, by=bob, reason="?")
    assert not ModerationAction.objects.exists()


# --- Suspension -------------------------------------------------------------------------------


def test_a_suspended_member_is_locked_out(client, community, bob, dave, topic):
    action = suspend(community=community, member=dave, by=bob, reason="Récidive.", days=7)
    assert action.ends_at is not None
    assert _state(community, dave) == MembershipState.SUSPENDED
    assert ActivityEvent.objects.filter(verb=Verb.SUSPENDED, context_id=dave.pk).exists()
    client.force_login(dave)
    for url in (
        f"/c/{community.slug}/discussions/",
        f"/c/{community.slug}/t/{topic.pk}/",
        f"/c/{community.slug}/members/",
    ):
        assert client.get(url).status_code == 403, url
    with pytest.raises(Refused, match="suspended"):
        discussions.reply(topic=topic, author=dave, body="?")
    with pytest.raises(Refused, match="suspended"):
        join(community=community, user=dave, accepts_charter=True)
    # They can still read why.
    page = client.get(f"/c/{community.slug}/moderation/me/").content.decode()
    assert "Récidive." in page


def test_a_suspension_lifts_by_itself_at_the_next_visit(client, community, bob, dave):
    suspend(community=community, member=dave, by=bob, reason="Une semaine.", days=7)
    Standing.objects.filter(membership__user=dave).update(
        suspended_until=timezone.now() - timedelta(seconds=1)
    )
    client.force_login(dave)
    assert client.get(f"/c/{community.slug}/discussions/").status_code == 200
    assert _state(community, dave) == MembershipState.ACTIVE
    assert ActivityEvent.objects.filter(verb=Verb.REINSTATED, context_id=dave.pk).exists()


def test_a_suspension_without_end_lasts_until_reversed(client, community, bob, dave):
    action = suspend(community=community, member=dave, by=bob, reason="Jusqu'à nouvel ordre.")
    client.force_login(dave)
    assert client.get(f"/c/{community.slug}/discussions/").status_code == 403
    reverse(action=action, by=bob, reason="Discussion apaisée.")
    assert _state(community, dave) == MembershipState.ACTIVE
    assert client.get(f"/c/{community.slug}/discussions/").status_code == 200


# --- Exclusion --------------------------------------------------------------------------------


@pytest.fixture
def excluded(community, bob, dave):
    return exclude(community=community, member=dave, by=bob, reason="Harcèlement.")


def test_an_excluded_member_is_out_and_cannot_rejoin_by_any_door(
    client, community, bob, alice, dave, excluded
):
    assert _state(community, dave) == MembershipState.SUSPENDED
    assert Standing.objects.get(membership__user=dave).excluded_at is not None
    client.force_login(dave)
    assert client.get(f"/c/{community.slug}/discussions/").status_code == 403
    # Joining an open community.
    with pytest.raises(Refused):
        join(community=community, user=dave, accepts_charter=True)
    client.post(f"/c/{community.slug}/join/", {"accepts_charter": "on"})
    assert _state(community, dave) == MembershipState.SUSPENDED
    # Asking to join.
    community.entry_mode = "request"
    community.save(update_fields=["entry_mode"])
    with pytest.raises(Refused):
        request_to_join(community=community, user=dave, motivation="Pardon", accepts_charter=True)
    # An invitation by email is not even sent; a link is refused.
    sent, skipped = invite_by_email(community=community, inviter=alice, emails=[dave.email])
    assert (sent, skipped) == ([], [dave.email])
    link = create_invitation_link(community=community, inviter=bob, max_uses=5, days=3)
    with pytest.raises(Refused):
        accept_invitation(invitation=link, user=dave, accepts_charter=True)
    client.post(f"/i/{link.token}/", {"accepts_charter": "on"})
    assert _state(community, dave) == MembershipState.SUSPENDED
    assert Invitation.objects.get(pk=link.pk).use_count == 0
    # It never lifts by itself.
    Standing.objects.filter(membership__user=dave).update(
        suspended_until=timezone.now() - timedelta(days=1)
    )
    client.get(f"/c/{community.slug}/")
    assert _state(community, dave) == MembershipState.SUSPENDED


def test_an_old_invitation_does_not_bring_an_excluded_member_back(community, alice, dave, bob):
    (invitation,), _ = invite_by_email(
        community=community, inviter=alice, emails=["dave.alt@example.org"]
    )
    invitation.email = dave.email
    invitation.save(update_fields=["email"])
    exclude(community=community, member=dave, by=bob, reason="Harcèlement.")
    with pytest.raises(Refused):
        accept_invitation(invitation=invitation, user=dave, accepts_charter=True)


def test_someone_who_left_can_be_excluded_and_the_exclusion_reversed(
    community, bob, dave, excluded
):
    reverse(action=excluded, by=bob, reason="Erreur sur la personne.")
    assert _state(community, dave) == MembershipState.ACTIVE
    from cercle.communities.actions.joining import leave

    leave(membership=Membership.objects.get(community=community, user=dave))
    again = exclude(community=community, member=dave, by=bob, reason="Harcèlement hors ligne.")
    assert _state(community, dave) == MembershipState.SUSPENDED
    reverse(action=again, by=bob, reason="Levée.")
    assert _state(community, dave) == MembershipState.LEFT
    join(community=community, user=dave, accepts_charter=True)
    assert _state(community, dave) == MembershipState.ACTIVE


def test_the_person_finds_the_decision_under_the_bell(client, community, moderator, dave):
    warn(community=community, member=dave, by=moderator, reason="Ton.", message="Doucement.")
    client.force_login(dave)
    page = client.get("/notifications/").content.decode()
    assert "The moderators of Réseau des dirigeants have written to you" in page
    notification = Notification.objects.get(recipient=dave)
    response = client.get(f"/notifications/{notification.pk}/")
    assert response["Location"] == f"/c/{community.slug}/moderation/me/"
    assert "Doucement." in client.get(response["Location"]).content.decode()
