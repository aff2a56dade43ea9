"""An animator merges two identities of one person (their posts, reactions and membership
follow) and can undo it; members cannot."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cercle.communities.models import Membership
from cercle.connectors import identities
from cercle.connectors.importing import run_import
from cercle.connectors.models import IdentityMerge, SourceIdentity
from cercle.discussions.models import Post, Reaction, Topic
from cercle.lib.errors import Refused

from .archives import message, write_mbox

pytestmark = pytest.mark.django_db

JO = "Jo Martin <jo@example.org>"
JO_AT_WORK = "Jo M. <jo.martin@work.example>"
SAM = "Sam <sam@example.org>"


@pytest.fixture
def people(tmp_path, community, alice):
    path = write_mbox(
        tmp_path / "list.mbox",
        message("a@x", sender=SAM, body="Who uses the calendar?"),
        message("b@x", days=1, sender=JO, in_reply_to="a@x", body="We do."),
        message("c@x", days=2, sender=JO_AT_WORK, in_reply_to="b@x", body="From work too."),
        message("d@x", days=3, subject="Budget", sender=JO_AT_WORK, body="A new thread."),
    )
    run_import("mbox", [path], community=community)
    found = {i.key: i for i in SourceIdentity.objects.filter(community=community)}
    return found["jo@example.org"], found["jo.martin@work.example"], found["sam@example.org"]


def manage_url(community) -> str:
    return f"/c/{community.slug}/manage/identities/"


def test_merge_and_undo_on_the_animators_page(client, community, bob, people):
    jo, jo_at_work, _sam = people
    opening = Post.objects.get(community=community, parent=None, topic__title="Our tools")
    # Both of Jo's identities found Sam's question useful: after the merge, Jo did once.
    for who in (jo, jo_at_work):
        Reaction.objects.create(post=opening, user=who.user, kind="useful")
    membership_at_work = Membership.objects.get(community=community, user=jo_at_work.user)

    client.force_login(bob)
    page = client.get(manage_url(community)).content.decode()
    assert "Jo M." in page
    assert "jo.martin@work.example" in page
    response = client.post(
        f"{manage_url(community)}{jo_at_work.pk}/merge/", {"into": "jo@example.org"}
    )
    assert response.status_code == 302
    assert Post.objects.filter(community=community, author=jo.user).count() == 3
    assert not Post.objects.filter(author=jo_at_work.user).exists()
    budget = Topic.objects.get(community=community, title="Budget")
    assert (budget.author, budget.last_post_by) == (jo.user, jo.user)
    assert Reaction.objects.filter(post=opening).count() == 1
    assert not Membership.objects.filter(community=community, user=jo_at_work.user).exists()
    assert SourceIdentity.objects.get(pk=jo_at_work.pk).user == jo.user  # later imports follow
    assert "merged" in client.get(manage_url(community)).content.decode()

    merge = IdentityMerge.objects.get(community=community)
    client.post(f"{manage_url(community)}merges/{merge.pk}/undo/")
    assert Post.objects.filter(community=community, author=jo.user).count() == 1
    assert Post.objects.filter(community=community, author=jo_at_work.user).count() == 2
    budget.refresh_from_db()
    assert (budget.author, budget.last_post_by) == (jo_at_work.user, jo_at_work.user)
    assert set(Reaction.objects.filter(post=opening).values_list("user", flat=True)) == {
        jo.user.pk,
        jo_at_work.user.pk,
    }
    restored = Membership.objects.get(community=community, user=jo_at_work.user)
    assert (restored.role, restored.state, restored.joined_at) == (
        membership_at_work.role,
        membership_at_work.state,
        membership_at_work.joined_at,
    )
    assert SourceIdentity.objects.get(pk=jo_at_work.pk).user == jo_at_work.user
    assert IdentityMerge.objects.get(pk=merge.pk).is_undone


def test_an_imported_identity_merged_into_a_member(community, bob, alice, people):
    jo, _jo_at_work, _sam = people
    merge = identities.merge_identities(community=community, person=jo.user, into=alice, by=bob)
    assert Post.objects.filter(community=community, author=alice).count() == 1
    identities.undo_merge(merge=merge, by=bob)
    assert not Post.objects.filter(community=community, author=alice).exists()
    assert Membership.objects.get(community=community, user=alice).is_active  # theirs stays


def test_members_cannot_merge(client, community, alice, people):
    jo, jo_at_work, _sam = people
    client.force_login(alice)
    assert client.get(manage_url(community)).status_code == 403
    response = client.post(
        f"{manage_url(community)}{jo_at_work.pk}/merge/", {"into": "jo@example.org"}
    )
    assert response.status_code == 403
    assert not IdentityMerge.objects.exists()
    with pytest.raises(Refused, match="animators"):
        identities.merge_identities(
            community=community, person=jo_at_work.user, into=jo.user, by=alice
        )


def test_a_claimed_account_is_not_merged_away(community, bob, people):
    jo, _jo_at_work, sam = people
    identities.claim(address="jo@example.org", password="a long and quiet river 7")
    with pytest.raises(Refused, match="claimed their account"):
        identities.merge_identities(community=community, person=jo.user, into=sam.user, by=bob)


def test_merges_are_undone_latest_first(community, bob, people):
    jo, jo_at_work, sam = people
    first = identities.merge_identities(
        community=community, person=jo_at_work.user, into=jo.user, by=bob
    )
    second = identities.merge_identities(community=community, person=jo.user, into=sam.user, by=bob)
    with pytest.raises(Refused, match="undo that merge first"):
        identities.undo_merge(merge=first, by=bob)
    identities.undo_merge(merge=second, by=bob)
    identities.undo_merge(merge=first, by=bob)
    assert Post.objects.filter(author=jo_at_work.user).count() == 2
    assert Post.objects.filter(author=jo.user).count() == 1
    assert Post.objects.filter(author=sam.user).count() == 1


def test_the_command_line(community, people):
    def run(*args):
        out = StringIO()
        call_command("identities", *args, "--community", community.slug, stdout=out)
        return out.getvalue()

    assert "jo.martin@work.example" in run("list")
    assert "2 posts" in run("merge", "jo.martin@work.example", "jo@example.org")
    merge = IdentityMerge.objects.get()
    assert "undone" in run("undo", str(merge.pk))
    with pytest.raises(CommandError, match="already undone"):
        run("undo", str(merge.pk))
    with pytest.raises(CommandError, match="Nobody"):
        run("merge", "nobody@example.org", "jo@example.org")


def test_the_page_costs_the_same_queries_whatever_the_number_of_people(
    tmp_path, client, page_queries, make_community, bob
):
    def community_of(size: int):
        target = make_community(animator=bob)
        path = write_mbox(
            tmp_path / f"{size}.mbox",
            *(
                message(f"{size}-{i}@x", days=i, sender=f"P{i} <p{i}@example.org>")
                for i in range(size)
            ),
        )
        run_import("mbox", [path], community=target)
        return target

    small, large = community_of(2), community_of(30)
    client.force_login(bob)
    assert page_queries(manage_url(small)) == page_queries(manage_url(large))
