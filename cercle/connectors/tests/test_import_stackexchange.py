"""A Stack Exchange dump with its comments, users and votes: questions with their accepted
answer, comments under the post they answer, up-votes as "useful" reactions, once."""

import pytest

from cercle.communities.models import Membership
from cercle.connectors.importing import run_import
from cercle.connectors.models import ImportedItem, SourceIdentity
from cercle.discussions.models import Post, Reaction, ReactionKind, Topic, TopicKind

from .archives import stackexchange_dump

pytestmark = pytest.mark.django_db

POSTS = [
    'Id="1" PostTypeId="1" AcceptedAnswerId="3" CreationDate="2014-01-21T20:26:05.383" '
    'Body="&lt;p&gt;What are &lt;strong&gt;citra&lt;/strong&gt; hops?&lt;/p&gt;'
    '&lt;script&gt;x()&lt;/script&gt;" '
    'OwnerUserId="7" Title="What is a citra hop?" Tags="&lt;hops&gt;&lt;ipa&gt;"',
    'Id="2" PostTypeId="2" ParentId="1" CreationDate="2014-01-21T21:00:00.000" '
    'Body="&lt;p&gt;A hop.&lt;/p&gt;" OwnerUserId="8"',
    'Id="3" PostTypeId="2" ParentId="1" CreationDate="2014-01-22T08:00:00.000" '
    'Body="&lt;p&gt;A citrus-like hop.&lt;/p&gt;" OwnerDisplayName="user764"',
    'Id="4" PostTypeId="1" CreationDate="2014-01-23T08:00:00.000" Body="&lt;p&gt;Ales?&lt;/p&gt;" '
    'Title="Ales" Tags="|ale|brewing|"',
]
COMMENTS = [
    'Id="10" PostId="2" Text="Which one?" CreationDate="2014-01-21T22:00:00.000" UserId="7"',
    'Id="11" PostId="1" Text="Good question" CreationDate="2014-01-21T23:00:00.000" UserId="8"',
]
USERS = ['Id="7" DisplayName="Hopper"', 'Id="8" DisplayName="Brewer"']
VOTES = [
    'Id="1" PostId="1" VoteTypeId="2" CreationDate="2014-01-22T00:00:00.000"',
    'Id="2" PostId="1" VoteTypeId="2" CreationDate="2014-01-22T00:00:00.000"',
    'Id="3" PostId="3" VoteTypeId="2" CreationDate="2014-01-23T00:00:00.000"',
    'Id="4" PostId="3" VoteTypeId="3" CreationDate="2014-01-23T00:00:00.000"',  # a down-vote
    'Id="5" PostId="1" VoteTypeId="2" CreationDate="2014-01-24T00:00:00.000"',
    'Id="6" PostId="99" VoteTypeId="2" CreationDate="2014-01-24T00:00:00.000"',  # no such post
]


def by_external(community) -> dict[str, Post]:
    items = ImportedItem.objects.filter(community=community).select_related("post__author")
    return {item.external_id: item.post for item in items}


def useful(post: Post) -> int:
    return Reaction.objects.filter(post=post, kind=ReactionKind.USEFUL).count()


def test_questions_answers_comments_votes_and_tags(tmp_path, community):
    dump = stackexchange_dump(tmp_path / "dump", POSTS, Comments=COMMENTS, Users=USERS, Votes=VOTES)
    summary = run_import("stackexchange", [dump], community=community, batch_size=2)
    assert (summary.posts, summary.threads, summary.reactions) == (6, 2, 4)
    assert summary.votes_without_post == 1
    posts = by_external(community)
    question = Topic.objects.get(opening_post=posts["1"])
    assert question.kind == TopicKind.QUESTION
    assert question.accepted_answer == posts["3"]  # its answer came in a later batch
    assert question.post_count == 5
    assert sorted(t.slug for t in question.tags.all()) == ["hops", "ipa"]
    assert posts["c10"].parent == posts["2"]  # a comment answers the post it is under
    assert posts["c11"].parent == posts["1"]
    assert posts["2"].parent == posts["1"]
    assert posts["1"].author.name == "Hopper"  # names from Users.xml
    assert posts["3"].author.name == "user764"  # no user id: their display name
    assert posts["4"].author.name == "deleted user"
    assert "<strong>citra</strong>" in posts["1"].body_html
    assert "<script" not in posts["1"].body_html
    assert posts["1"].body == "What are citra hops?"  # what an edit or a quote starts from
    assert (useful(posts["1"]), useful(posts["3"]), useful(posts["2"])) == (3, 1, 0)
    voters = Reaction.objects.filter(post=posts["1"]).values_list("user__name", flat=True)
    assert sorted(voters) == [f"Stack Exchange voter {k}" for k in (1, 2, 3)]
    # Voters are no members; authors are, and cannot log in until they claim their account.
    assert not Membership.objects.filter(community=community, user__name__contains="voter")
    assert SourceIdentity.objects.filter(community=community).count() == 4
    assert all(identity.user.is_unclaimed for identity in SourceIdentity.objects.all())


def test_a_newer_dump_adds_new_answers_votes_and_accepted_answer(tmp_path, community):
    older = stackexchange_dump(
        tmp_path / "older",
        [POSTS[0].replace('AcceptedAnswerId="3" ', ""), POSTS[1]],
        Votes=VOTES[:2],
    )
    run_import("stackexchange", [older], community=community)
    again = run_import("stackexchange", [older], community=community)
    assert (again.posts, again.reactions, again.unchanged) == (0, 0, 2)

    newer = stackexchange_dump(tmp_path / "newer", POSTS, Comments=COMMENTS, Votes=VOTES)
    summary = run_import("stackexchange", [newer], community=community)
    assert (summary.posts, summary.threads, summary.unchanged) == (4, 1, 2)
    assert summary.replies_to_earlier_threads == 3  # answer 3 and both comments
    assert summary.reactions == 2  # the third up-vote of post 1, the one of post 3
    posts = by_external(community)
    question = Topic.objects.get(opening_post=posts["1"])
    assert question.accepted_answer == posts["3"]
    assert question.post_count == 5
    assert question.last_post_at == posts["3"].created_at
    assert (useful(posts["1"]), useful(posts["3"])) == (3, 1)


def test_a_newer_dump_accepts_an_answer_imported_before(tmp_path, community):
    """The question and both answers came with the older dump; the newer one only says which
    answer was accepted."""
    unaccepted = POSTS[0].replace('AcceptedAnswerId="3" ', "")
    older = stackexchange_dump(tmp_path / "older", [unaccepted, *POSTS[1:3]])
    run_import("stackexchange", [older], community=community)
    posts = by_external(community)
    question = Topic.objects.get(opening_post=posts["1"])
    assert question.accepted_answer is None

    newer = stackexchange_dump(tmp_path / "newer", POSTS[:3])
    summary = run_import("stackexchange", [newer], community=community)
    assert (summary.posts, summary.unchanged) == (0, 3)
    question.refresh_from_db()
    assert question.accepted_answer == posts["3"]
