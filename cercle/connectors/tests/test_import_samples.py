"""Importing the real sample archives gives exactly what the readers read (see
test_sample_archives.py), once, and a newer archive adds only what is new."""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min

from cercle.activity.models import ActivityEvent
from cercle.communities.models import Community, Membership, MembershipState, Role
from cercle.connectors.importing import run_import
from cercle.connectors.models import ImportedItem, ImportRun, SourceIdentity
from cercle.connectors.readers import ReadReport, read_mbox, read_stackexchange
from cercle.discussions import search
from cercle.discussions.models import Post, SearchDocument, Topic, TopicKind
from cercle.members.models import tag_slug

from .archives import BEER, CLEARWATER

pytestmark = pytest.mark.django_db


def import_clearwater(**options):
    stdout, stderr = StringIO(), StringIO()
    call_command(
        "import",
        "mbox",
        str(CLEARWATER),
        "--community",
        "clearwater",
        stdout=stdout,
        stderr=stderr,
        **options,
    )
    return stdout.getvalue(), stderr.getvalue()


def structure(community) -> set[tuple]:
    """Each post as (its id in the archive, its thread's, its parent's), from the database."""
    item_of = dict(
        ImportedItem.objects.filter(community=community).values_list("post_id", "external_id")
    )
    return {
        (item_of[pk], item_of[opening], item_of.get(parent))
        for pk, opening, parent in Post.objects.filter(community=community).values_list(
            "pk", "topic__opening_post_id", "parent_id"
        )
    }


def test_clearwater_becomes_a_read_only_archive_with_every_thread(make_user):
    animator = make_user("Ana Animatrice", "ana@example.org")
    events_before = ActivityEvent.objects.count()
    out, err = import_clearwater(create=True, archive=True, animator=animator.email)

    community = Community.objects.get(slug="clearwater")
    assert community.is_archive
    assert Membership.objects.get(community=community, user=animator).role == Role.ANIMATOR
    posts = Post.objects.filter(community=community)
    topics = Topic.objects.filter(community=community)
    assert posts.count() == 1808
    assert topics.count() == 674
    assert SourceIdentity.objects.filter(community=community).count() == 249
    imported_members = Membership.objects.filter(
        community=community, state=MembershipState.ACTIVE, user__imported_at__isnull=False
    )
    assert imported_members.count() == 249
    assert "1,808 new posts in 674 new threads" in out
    assert "249 new members" in out
    assert "duplicate" in out  # the message archived twice, with its reason
    assert "1,808/1,808 posts" in err  # the progress bar's last state

    # The threads are the reader's, parent by parent.
    expected = {
        (p.source_id, p.thread_id, p.parent_id) for p in read_mbox(CLEARWATER, report=ReadReport())
    }
    assert structure(community) == expected
    # Topic counters, opening posts and latest activity agree with the posts.
    facts = {
        row["topic"]: row
        for row in posts.values("topic").annotate(
            n=Count("pk"), first=Min("created_at"), last=Max("created_at")
        )
    }
    for topic in topics:
        assert topic.post_count == facts[topic.pk]["n"]
        assert topic.last_post_at == facts[topic.pk]["last"]
        assert topic.created_at == facts[topic.pk]["first"]
        assert topic.opening_post.parent_id is None
        assert topic.opening_post.topic_id == topic.pk
        assert topic.kind == TopicKind.DISCUSSION
    # Only the community's creation was recorded in the activity log, not each post.
    assert ActivityEvent.objects.count() - events_before <= 3

    # The search index holds what `cercle reindex_search` would write; mail is escaped text.
    documents = SearchDocument.objects.filter(community=community).select_related("post__topic")
    assert documents.count() == 1808
    for document in documents:
        post = document.post
        assert document.text == search.plain_text(post.body_html)
        title = post.topic.title if post.parent_id is None else ""
        assert document.stems == search.stems_of(f"{title} {document.text}")
        assert document.topic_id == post.topic_id
        assert "<script" not in post.body_html.lower()
        assert "<a " not in post.body_html  # plain text: no link nor tag comes from a mail
    assert search.count([community.pk], "Homestead") > 0

    # Importing again adds nothing.
    before = [Model.objects.count() for Model in (Post, Topic, Membership, SourceIdentity)]
    out, _err = import_clearwater()
    assert [Model.objects.count() for Model in (Post, Topic, Membership, SourceIdentity)] == before
    assert "0 new posts in 0 new threads" in out
    assert "1,808 posts already imported" in out
    assert ImportRun.objects.filter(community=community).count() == 2


def test_a_newer_archive_adds_only_its_new_posts_to_the_old_threads(make_user, tmp_path):
    older = tmp_path / "older"
    older.mkdir()
    for path in sorted(CLEARWATER.iterdir()):
        if path.name < "2016-July":  # 2015 and the first half of 2016 (names sort by year)
            shutil.copy(path, older / path.name)
    animator = make_user()
    first = run_import("mbox", [older], community="clearwater", create=True, animator=animator)
    community = Community.objects.get(slug="clearwater")
    assert 0 < first.posts < 1808

    second = run_import("mbox", [CLEARWATER], community=community)
    assert second.unchanged == first.posts
    assert second.posts == 1808 - first.posts
    assert second.replies_to_earlier_threads > 0  # replies to threads of the older archive
    assert Post.objects.filter(community=community).count() == 1808

    # The new posts have the parents the whole archive gives them; the posts already there
    # stay as they were imported. A few of those opened a thread in the older archive and are
    # replies in the whole one (their parent, dated earlier, was archived in a later month):
    # they stay thread openers, so there are that many more threads.
    full = {p.source_id: p for p in read_mbox(CLEARWATER, report=ReadReport())}
    older_openers = {p.source_id for p in read_mbox(older, report=ReadReport()) if p.is_opening}
    reopened = {i for i in older_openers if not full[i].is_opening}
    assert Topic.objects.filter(community=community).count() == 674 + len(reopened)
    new_items = ImportedItem.objects.filter(community=community, run__isnull=False).exclude(
        run=ImportRun.objects.filter(community=community).order_by("pk").first()
    )
    external = dict(
        ImportedItem.objects.filter(community=community).values_list("post_id", "external_id")
    )
    for external_id, parent_id in new_items.values_list("external_id", "post__parent_id"):
        assert external.get(parent_id) == full[external_id].parent_id
    for topic in Topic.objects.filter(community=community):
        assert topic.post_count == topic.posts.count()
        assert topic.last_post_at == max(p.created_at for p in topic.posts.all())


def test_beer_stackexchange_questions_answers_accepted_answers_and_tags(make_user):
    summary = run_import(
        "stackexchange", [BEER], community="beer", create=True, animator=make_user()
    )
    community = Community.objects.get(slug="beer")
    assert summary.posts == 663 + 1572
    assert summary.threads == 663
    assert summary.identities == 788
    assert summary.members == 788
    assert {s.code for s in summary.skipped} == {"other-post-type"}
    topics = Topic.objects.filter(community=community)
    assert topics.filter(kind=TopicKind.QUESTION).count() == 663
    posts = list(read_stackexchange(BEER, report=ReadReport()))
    answer_ids = {p.source_id for p in posts if p.kind == "answer"}
    accepted = {
        p.source_id: p.accepted_answer_id
        for p in posts
        if p.kind == "question" and p.accepted_answer_id in answer_ids
    }
    external = dict(
        ImportedItem.objects.filter(community=community).values_list("post_id", "external_id")
    )
    found = {
        external[topic.opening_post_id]: external[topic.accepted_answer_id]
        for topic in topics.exclude(accepted_answer=None)
    }
    assert found == accepted
    tagged = {p.source_id: {tag_slug(t) for t in p.tags} for p in posts if p.kind == "question"}
    for topic in topics.prefetch_related("tags")[:50]:
        assert {t.slug for t in topic.tags.all()} == tagged[external[topic.opening_post_id]]
    # HTML bodies are sanitised, and shown as HTML; the index is what reindexing would write.
    html = Post.objects.filter(community=community).values_list("body_html", flat=True)
    assert any("<p>" in h for h in html)
    assert not any("<script" in h.lower() or "onerror" in h.lower() for h in html)
    for text, body_html in SearchDocument.objects.filter(community=community).values_list(
        "text", "post__body_html"
    ):
        assert text == search.plain_text(body_html)
