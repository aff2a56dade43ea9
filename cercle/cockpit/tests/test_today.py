"""Today's to-do list: items appear, the one-click actions work, and done items disappear."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.activity.models import ActivityEvent, Verb
from cercle.cockpit.actions import recompute
from cercle.cockpit.models import AnimatorAction
from cercle.communities.actions.groups import create_group, join_group
from cercle.communities.actions.joining import join, request_to_join
from cercle.communities.models import GroupRole, Membership, Role
from cercle.discussions import actions
from cercle.members.actions import update_profile
from cercle.members.models import Profile
from cercle.notifications.models import Kind, Notification

TODAY = "/c/reseau/today/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def newcomer(community, make_user, name, *, days=10, skills=(), interests=()):
    user = make_user(name, f"{name.split()[0].lower()}@example.org")
    join(
        community=community,
        user=user,
        accepts_charter=True,
        at=timezone.now() - timedelta(days=days),
    )
    if skills or interests:
        update_profile(
            profile=Profile.objects.get(user=user),
            fields={},
            skills=list(skills),
            interests=list(interests),
        )
    return user


def profile(user, *, skills=(), interests=()):
    update_profile(
        profile=Profile.objects.get(user=user),
        fields={},
        skills=list(skills),
        interests=list(interests),
    )


def ago(**kw):
    return timezone.now() - timedelta(**kw)


def page(client, url=TODAY):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Newcomers waiting for an answer, and asking a member who knows ------------------------


def test_a_newcomers_first_topic_unanswered_for_a_day_is_listed_until_answered(
    community, alice, make_user, as_bob
):
    nina = newcomer(community, make_user, "Nina Nouvelle")
    topic = actions.start_topic(
        community=community,
        author=nina,
        kind="discussion",
        title="Bonjour à tous",
        body="Je me présente.",
        at=ago(days=2),
    )
    fresh = newcomer(community, make_user, "Fred Frais")
    actions.start_topic(
        community=community,
        author=fresh,
        kind="discussion",
        title="Tout neuf",
        body="Coucou",
        at=ago(hours=3),
    )
    html = page(as_bob)
    assert f'id="newcomer-{topic.opening_post_id}"' in html
    assert f"?reply_to={topic.opening_post_id}#reply" in html  # the composer, on her message
    assert "Tout neuf" not in html  # not yet a day old
    actions.reply(topic=topic, author=alice, body="Bienvenue Nina !")
    assert f'id="newcomer-{topic.opening_post_id}"' not in page(as_bob)


def test_asking_a_member_who_knows_notifies_and_mails_them(
    community, alice, bob, make_user, make_member, as_bob, smtp_inbox, committed
):
    carl = make_member("Carl Expert", "carl@example.org")
    profile(carl, skills=["Marchés publics"])
    nina = newcomer(community, make_user, "Nina Nouvelle")
    topic = actions.start_topic(
        community=community,
        author=nina,
        kind="question",
        title="Marchés publics : quel seuil ?",
        body="Je ne sais pas.",
        at=ago(days=2),
    )
    html = page(as_bob)
    item = html.split(f'id="newcomer-{topic.opening_post_id}"')[1].split("</li>")[0]
    assert "Carl Expert" in item
    assert "skills: Marchés publics" in item

    with committed():
        response = as_bob.post(
            "/c/reseau/today/ask/",
            {"topic": topic.pk, "member": carl.pk, "message": "Tu saurais ?"},
        )
    assert response.status_code == 302
    note = Notification.objects.get(recipient=carl)
    assert note.kind == Kind.FROM_ANIMATORS
    assert note.topic == topic
    assert "asks for your help" in note.summary()
    (mail,) = smtp_inbox.to("carl@example.org")
    text = smtp_inbox.text(mail)
    assert "Tu saurais ?" in text
    assert f"/c/reseau/t/{topic.pk}/" in text
    assert ActivityEvent.objects.filter(verb=Verb.ASKED_FOR_HELP, object_id=carl.pk).exists()
    # Asked: the item leaves the list, and comes back after two days if still unanswered.
    assert f'id="newcomer-{topic.opening_post_id}"' not in page(as_bob)
    AnimatorAction.objects.update(created_at=ago(hours=49))
    html = page(as_bob)
    assert f'id="newcomer-{topic.opening_post_id}"' in html
    assert "Carl Expert was asked to help" in html


def test_a_member_cannot_be_asked_to_answer_their_own_topic(community, make_user, as_bob):
    nina = newcomer(community, make_user, "Nina Nouvelle")
    topic = actions.start_topic(
        community=community,
        author=nina,
        kind="question",
        title="Une question",
        body="?",
        at=ago(days=2),
    )
    response = as_bob.post("/c/reseau/today/ask/", {"topic": topic.pk, "member": nina.pk})
    assert response.status_code == 302
    assert not AnimatorAction.objects.exists()


# --- Questions without an accepted answer ---------------------------------------------------


def test_an_open_question_is_listed_until_accepted_or_set_aside(
    community, alice, make_member, as_bob
):
    carl = make_member("Carl Expert")
    actions.start_topic(
        community=community,
        author=carl,
        kind="discussion",
        title="Avant",
        body="!",
        at=ago(days=60),
    )
    question = actions.start_topic(
        community=community,
        author=alice,
        kind="question",
        title="Quel logiciel ?",
        body="?",
        at=ago(days=10),
    )
    other = actions.start_topic(
        community=community,
        author=alice,
        kind="question",
        title="Quel tableur ?",
        body="?",
        at=ago(days=9),
    )
    answer = actions.reply(topic=question, author=carl, body="Celui-ci.", at=ago(days=9))
    html = page(as_bob)
    assert f'id="question-{question.pk}"' in html
    assert f'id="question-{other.pk}"' in html
    actions.accept_answer(topic=question, post=answer, by=alice)
    response = as_bob.post(
        "/c/reseau/today/set-aside/",
        {"item": "question", "topic": other.pk},
        HTTP_HX_REQUEST="true",
    )
    assert 'class="todo-done"' in response.content.decode()
    html = page(as_bob)
    assert f'id="question-{question.pk}"' not in html
    assert f'id="question-{other.pk}"' not in html


# --- Join requests and reports --------------------------------------------------------------


def test_join_requests_are_listed_for_the_communitys_animators(community, make_user, as_bob):
    community.entry_mode = "request"
    community.save()
    mehdi = make_user("Mehdi Demandeur")
    membership = request_to_join(
        community=community, user=mehdi, motivation="Je dirige une PME.", accepts_charter=True
    )
    html = page(as_bob)
    assert "Mehdi Demandeur" in html
    assert f"/c/reseau/manage/requests/{membership.pk}/" in html  # approve, in one click
    assert f'id="request-{membership.pk}"' in html
    as_bob.post(f"/c/reseau/manage/requests/{membership.pk}/", {"decision": "approve"})
    assert f'id="request-{membership.pk}"' not in page(as_bob)


def test_open_reports_are_listed_with_a_link_to_review_them(community, alice, bob, as_bob):
    from cercle.moderation.models import Report

    topic = actions.start_topic(
        community=community, author=alice, kind="discussion", title="Pub", body="Achetez !"
    )
    report = Report.objects.create(
        community=community,
        target="topic",
        topic=topic,
        reported_user=alice,
        reporter=bob,
        reason="spam",
    )
    html = page(as_bob)
    assert f'id="report-{report.pk}"' in html
    assert f"/c/reseau/moderation/reports/{report.pk}/" in html
    Report.objects.filter(pk=report.pk).update(handled_at=timezone.now(), handled_by=bob)
    assert f'id="report-{report.pk}"' not in page(as_bob)


# --- Regulars who went quiet -----------------------------------------------------------------


def regular_gone_quiet(community, make_member, *, quiet_days=70):
    sam = make_member("Sam Silencieux", "sam@example.org")
    Membership.objects.filter(user=sam).update(joined_at=ago(days=400))
    topic = actions.start_topic(
        community=community,
        author=sam,
        kind="discussion",
        title="Mon fil",
        body="Début",
        at=ago(days=300),
    )
    for month in range(7):
        for n in range(2):
            actions.reply(
                topic=topic,
                author=sam,
                body=f"Suite {month}-{n}",
                at=ago(days=quiet_days + 30 * month, hours=n),
            )
    return sam


def test_a_regular_who_went_quiet_gets_a_personal_message(
    community, make_member, as_bob, smtp_inbox, committed
):
    sam = regular_gone_quiet(community, make_member)
    recompute(community)
    html = page(as_bob)
    assert f'id="silent-{sam.pk}"' in html
    form = as_bob.get("/c/reseau/today/write/", {"member": sam.pk})
    assert form.status_code == 200
    assert "We have not read you in Réseau des dirigeants" in form.content.decode()
    with committed():
        response = as_bob.post(
            "/c/reseau/today/write/",
            {"member": sam.pk, "message": "Bonjour Sam, tu nous manques !"},
        )
    assert response.status_code == 302
    (mail,) = smtp_inbox.to("sam@example.org")
    assert "Bonjour Sam, tu nous manques !" in smtp_inbox.text(mail)
    assert "Bob Animateur" in mail["Subject"]
    assert Notification.objects.get(recipient=sam).kind == Kind.FROM_ANIMATORS
    assert ActivityEvent.objects.filter(verb=Verb.WROTE_TO_MEMBER, object_id=sam.pk).exists()
    assert f'id="silent-{sam.pk}"' not in page(as_bob)


def test_an_empty_personal_message_is_refused(community, make_member, as_bob):
    sam = regular_gone_quiet(community, make_member)
    response = as_bob.post("/c/reseau/today/write/", {"member": sam.pk, "message": "  "})
    assert response.status_code == 200
    assert not AnimatorAction.objects.exists()


# --- Thanks ---------------------------------------------------------------------------------


def recent_work(community, people):
    topic = actions.start_topic(
        community=community,
        author=people[0],
        kind="question",
        title="Récent",
        body="?",
        at=ago(days=5),
    )
    for person in people[1:]:
        answer = actions.reply(topic=topic, author=person, body="Voilà", at=ago(days=4))
        actions.react(post=answer, user=people[0], kind="thanks", at=ago(days=3))
    return topic


def test_thanks_reach_the_member_and_the_item_disappears(
    community, alice, bob, make_member, client, smtp_inbox, committed
):
    carl = make_member("Carl Expert", "carl@example.org")
    recent_work(community, [alice, carl])
    client.force_login(bob)
    html = page(client)
    assert f'id="thanks-{carl.pk}"' in html
    assert f'id="thanks-{bob.pk}"' not in html  # never oneself

    with committed():
        response = client.post(
            "/c/reseau/today/thank/",
            {"member": carl.pk, "message": "Merci pour tes réponses !"},
            HTTP_HX_REQUEST="true",
        )
    assert "Thanks sent to Carl Expert." in response.content.decode()
    (mail,) = smtp_inbox.to("carl@example.org")
    assert "thanks you" in mail["Subject"]
    assert "Merci pour tes réponses !" in smtp_inbox.text(mail)
    assert Notification.objects.get(recipient=carl).kind == Kind.THANKS
    assert ActivityEvent.objects.filter(verb=Verb.THANKED_MEMBER, object_id=carl.pk).exists()
    assert f'id="thanks-{carl.pk}"' not in page(client)

    # Thanked once a month through the list.
    again = client.post("/c/reseau/today/thank/", {"member": carl.pk}, HTTP_HX_REQUEST="true")
    assert "already thanked" in again.content.decode()
    assert AnimatorAction.objects.count() == 1

    # Carl sees it on his participation page.
    client.force_login(carl)
    mine = client.get("/c/reseau/me/participation/").content.decode()
    assert "Bob Animateur thanked you" in mine
    assert "Merci pour tes réponses !" in mine


def test_a_member_who_chose_no_email_is_only_notified_in_cercle(
    community, alice, bob, make_member, as_bob, smtp_inbox, committed
):
    from cercle.notifications.actions import set_preferences

    carl = make_member("Carl Expert", "carl@example.org")
    set_preferences(user=carl, choices={Kind.THANKS: (True, False)})
    with committed():
        as_bob.post("/c/reseau/today/thank/", {"member": carl.pk})
    assert not smtp_inbox.to("carl@example.org")
    assert Notification.objects.filter(recipient=carl, kind=Kind.THANKS).exists()


# --- Introductions --------------------------------------------------------------------------


def test_two_members_who_share_interests_are_introduced_once(
    community, alice, bob, make_user, make_member, as_bob, smtp_inbox, committed
):
    carl = make_member("Carl Expert", "carl@example.org")
    Membership.objects.filter(user=carl).update(joined_at=ago(days=200))  # not a newcomer
    profile(carl, skills=["Marchés publics", "Achats"])
    nina = newcomer(community, make_user, "Nina Nouvelle", days=5, interests=["Marchés publics"])
    recent_work(community, [alice, carl])
    html = page(as_bob)
    key = f"introduction-{nina.pk}-{carl.pk}"
    assert f'id="{key}"' in html
    assert "Marchés publics" in html.split(f'id="{key}"')[1].split("</li>")[0]

    with committed():
        response = as_bob.post("/c/reseau/today/introduce/", {"member": nina.pk, "other": carl.pk})
    assert response.status_code == 302
    nina_mail = smtp_inbox.to("nina@example.org")[0]
    carl_mail = smtp_inbox.to("carl@example.org")[0]
    assert "Carl Expert" in nina_mail["Subject"]
    assert f"/c/reseau/members/{carl.pk}/" in smtp_inbox.text(nina_mail)
    assert "Nina Nouvelle" in carl_mail["Subject"]
    assert set(
        Notification.objects.filter(kind=Kind.INTRODUCTION).values_list("recipient", flat=True)
    ) == {nina.pk, carl.pk}
    assert ActivityEvent.objects.filter(verb=Verb.INTRODUCED_MEMBERS).count() == 1
    assert f'id="{key}"' not in page(as_bob)
    again = as_bob.post("/c/reseau/today/introduce/", {"member": carl.pk, "other": nina.pk})
    assert again.status_code == 302
    assert AnimatorAction.objects.count() == 1


def test_members_who_already_talked_are_not_introduced(
    community, alice, make_user, make_member, as_bob
):
    carl = make_member("Carl Expert")
    profile(carl, skills=["Marchés publics"])
    nina = newcomer(community, make_user, "Nina Nouvelle", days=5, interests=["Marchés publics"])
    topic = recent_work(community, [alice, carl])
    post = actions.reply(topic=topic, author=nina, body="Moi aussi", at=ago(days=2))
    actions.reply(topic=topic, author=carl, body="Bienvenue", reply_to=post, at=ago(days=1))
    assert f"introduction-{nina.pk}-{carl.pk}" not in page(as_bob)


# --- Who sees what --------------------------------------------------------------------------


def test_a_group_animator_sees_and_acts_on_their_group_only(
    community, bob, alice, make_user, make_member, client
):
    lyon = create_group(community=community, by=bob, name="Lyon", kind="local")
    nantes = create_group(community=community, by=bob, name="Nantes", kind="local")
    join_group(group=lyon, user=alice, role=GroupRole.ANIMATOR)
    lea = newcomer(community, make_user, "Léa Lyon")
    join_group(group=lyon, user=lea)
    noe = newcomer(community, make_user, "Noé Nantes")
    join_group(group=nantes, user=noe)
    in_lyon = actions.start_topic(
        community=community,
        author=lea,
        kind="discussion",
        title="À Lyon",
        body="!",
        group=lyon,
        at=ago(days=2),
    )
    in_nantes = actions.start_topic(
        community=community,
        author=noe,
        kind="discussion",
        title="À Nantes",
        body="!",
        group=nantes,
        at=ago(days=2),
    )
    community.entry_mode = "request"
    community.save()
    request_to_join(
        community=community,
        user=make_user("Mehdi Demandeur"),
        motivation="Oui",
        accepts_charter=True,
    )
    client.force_login(alice)
    html = page(client)
    assert f'id="newcomer-{in_lyon.opening_post_id}"' in html
    assert f'id="newcomer-{in_nantes.opening_post_id}"' not in html
    assert "Mehdi Demandeur" not in html  # join requests are the community animators'
    assert client.post("/c/reseau/today/thank/", {"member": noe.pk}).status_code == 403
    assert client.post("/c/reseau/today/thank/", {"member": lea.pk}).status_code == 302
    assert AnimatorAction.objects.get().member == lea


def test_a_co_animator_has_the_whole_list_and_a_moderator_none(community, make_member, client):
    co = make_member("Colette Coanim")
    Membership.objects.filter(user=co).update(role=Role.CO_ANIMATOR)
    moderator = make_member("Mona Modératrice")
    Membership.objects.filter(user=moderator).update(role=Role.MODERATOR)
    client.force_login(co)
    assert client.get(TODAY).status_code == 200
    client.force_login(moderator)
    assert client.get(TODAY).status_code == 403
    assert client.post("/c/reseau/today/thank/", {"member": co.pk}).status_code == 403
    assert not AnimatorAction.objects.exists()


def test_someone_of_another_community_cannot_be_acted_on(
    community, bob, as_bob, make_user, make_community
):
    stranger = make_user("Sami Ailleurs")
    make_community(animator=stranger, slug="ailleurs")
    response = as_bob.post("/c/reseau/today/thank/", {"member": stranger.pk})
    assert response.status_code == 404
    assert not AnimatorAction.objects.exists()


def test_an_empty_day_says_so(community, as_bob):
    assert "Nothing is waiting for you today" in page(as_bob)


# --- Cost -----------------------------------------------------------------------------------


def busy_day(community, bob, alice, make_user, make_member, n):
    """Something in every section of the list, `n` times over."""
    for i in range(n):
        carl = make_member(f"Carl {n}-{i}")
        profile(carl, skills=["Marchés publics"])
        nina = newcomer(
            community, make_user, f"Nina{n}x{i} Nouvelle", days=5, interests=["Marchés publics"]
        )
        actions.start_topic(
            community=community,
            author=nina,
            kind="question",
            title="Marchés publics ?",
            body="?",
            at=ago(days=2),
        )
        question = actions.start_topic(
            community=community,
            author=alice,
            kind="question",
            title=f"Question {n}-{i}",
            body="?",
            at=ago(days=10),
        )
        answer = actions.reply(topic=question, author=carl, body="Voilà", at=ago(days=9))
        actions.react(post=answer, user=alice, kind="thanks", at=ago(days=8))


def test_the_list_costs_the_same_queries_at_two_sizes(
    community, bob, alice, make_user, make_member, client, page_queries
):
    make_member_regular = regular_gone_quiet(community, make_member)
    busy_day(community, bob, alice, make_user, make_member, 1)
    recompute(community)
    client.force_login(bob)
    small = page_queries(TODAY)
    busy_day(community, bob, alice, make_user, make_member, 6)
    recompute(community)
    assert page_queries(TODAY) == small
    assert make_member_regular.name in client.get(TODAY).content.decode()
