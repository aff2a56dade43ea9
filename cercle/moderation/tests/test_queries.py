"""The moderation pages cost the same number of queries whatever the number of reports,
decisions and messages waiting."""

from cercle.discussions import actions as discussions
from cercle.moderation.actions import content, submit
from cercle.moderation.actions.people import warn
from cercle.moderation.actions.reports import report
from cercle.moderation.actions.rules import set_rules
from cercle.moderation.models import Report


def _grow(community, *, start, n, topic, reporters, target, bob, moderator):
    """n reported messages, each hidden or not, warnings, messages waiting."""
    for i in range(start, start + n):
        post = discussions.reply(topic=topic, author=target, body=f"Message douteux {i}")
        for reporter in reporters:
            report(community=community, reporter=reporter, reason="spam", post=post)
        if i % 2:
            content.hide_post(post=post, by=moderator, reason=f"Spam {i}", message="Non.")
        warn(community=community, member=target, by=bob, reason=f"Avertissement {i}")
        submit.reply(topic=topic, author=target, body=f"En attente {i}")


def test_moderation_pages_do_not_grow(
    client, page_queries, community, bob, alice, moderator, dave, topic, make_member
):
    set_rules(
        community=community,
        by=bob,
        values={"premoderate_first_posts": 1000, "new_posts_per_day": None, "posts_per_hour": None},
    )
    reporters = [alice, make_member()]
    urls = {
        "queue": f"/c/{community.slug}/moderation/",
        "handled": f"/c/{community.slug}/moderation/?handled=1",
        "decisions": f"/c/{community.slug}/moderation/decisions/",
        "log": f"/c/{community.slug}/moderation/log/",
        "member": f"/c/{community.slug}/moderation/members/{dave.pk}/",
    }

    def counts(viewer) -> dict[str, int]:
        client.force_login(viewer)
        return {name: page_queries(url) for name, url in urls.items()}

    def mine() -> int:
        client.force_login(dave)
        return page_queries(f"/c/{community.slug}/moderation/me/")

    _grow(
        community,
        start=0,
        n=2,
        topic=topic,
        reporters=reporters,
        target=dave,
        bob=bob,
        moderator=moderator,
    )
    first = Report.objects.order_by("pk").first()
    urls["report"] = f"/c/{community.slug}/moderation/reports/{first.pk}/"
    few, few_mine = counts(bob), mine()
    _grow(
        community,
        start=2,
        n=12,
        topic=topic,
        reporters=reporters,
        target=dave,
        bob=bob,
        moderator=moderator,
    )
    assert counts(bob) == few
    assert mine() == few_mine
    assert max(few.values()) <= 13  # the report page: its context and two histories
