"""The bell and the topic list's unread counts run on every page as written-out SQL: they count
exactly what the querysets that define them (visible_notifications, unread_counts) count."""

from cercle.communities.actions.joining import join, leave
from cercle.communities.models import Membership
from cercle.communities.permissions import get_community_access
from cercle.discussions import actions
from cercle.discussions.models import Topic
from cercle.notifications import actions as notify
from cercle.notifications import selectors
from cercle.notifications.models import Notification


def defined_bell(user) -> int:
    return selectors.visible_notifications(user).filter(read_at__isnull=True).count()


def test_the_bell_counts_the_visible_unread_notifications(
    community, make_community, alice, bob, committed
):
    elsewhere = make_community(animator=bob)
    join(community=elsewhere, user=alice, accepts_charter=True)
    with committed():
        topics = [
            actions.start_topic(
                community=where, author=alice, kind="discussion", title=f"T{i}", body="?"
            )
            for i, where in enumerate([community, community, elsewhere])
        ]
        replies = [
            actions.reply(topic=topic, author=bob, body=f"R{i}")
            for topic in topics
            for i in range(3)
        ]
        actions.reply(topic=topics[0], author=bob, body=f"@{alice.name} lis ceci")
    assert selectors.unread_count(alice) == defined_bell(alice) == 10

    notify.mark_read(notification=Notification.objects.get(post=replies[0]))
    actions.delete_post(post=replies[1], by=bob)  # its notification leads nowhere now
    actions.delete_post(post=topics[1].opening_post, by=bob)  # the whole topic, 3 replies
    assert selectors.unread_count(alice) == defined_bell(alice) == 5

    leave(membership=Membership.objects.get(community=elsewhere, user=alice))
    assert selectors.unread_count(alice) == defined_bell(alice) == 2
    assert selectors.unread_count(bob) == defined_bell(bob) == 0


def test_the_topic_lists_unread_counts_are_those_of_whats_new(
    client, community, alice, bob, make_member
):
    carol = make_member()
    topics = [
        actions.start_topic(
            community=community, author=author, kind="discussion", title=f"T{i}", body="?"
        )
        for i, author in enumerate([bob, bob, carol, alice, bob])
    ]
    late = make_member()  # joined after the openings: they are not new to them
    for topic in topics:
        for i in range(3):
            actions.reply(topic=topic, author=[bob, carol, alice][i], body=f"R{i}")
    actions.delete_post(post=topics[2].posts.latest("created_at"), by=bob)
    client.force_login(alice)
    client.get(f"/c/{community.slug}/t/{topics[0].pk}/")  # alice has read the first topic
    actions.reply(topic=topics[0], author=carol, body="Après sa lecture")
    actions.reply(topic=topics[1], author=carol, body="Avant son « tout lu »")
    notify.mark_community_read(user=late, communities=[community])
    actions.reply(topic=topics[1], author=bob, body="Après son « tout lu »")

    shown = {}
    for reader in (alice, bob, carol, late):
        page = list(Topic.objects.filter(community=community))
        selectors.annotate_unread(reader, get_community_access(reader, community.slug), page)
        shown[reader.name] = {topic.title: topic.unread_count for topic in page}
        defined = selectors.unread_counts(reader, page, selectors.floors(reader, community))
        assert {t.pk: t.unread_count for t in page if t.unread_count} == defined
    assert shown[alice.name] == {"T0": 1, "T1": 5, "T2": 3, "T3": 2, "T4": 3}
    assert shown[late.name] == {"T0": 0, "T1": 1, "T2": 0, "T3": 0, "T4": 0}
