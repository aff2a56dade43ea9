"""`cercle import perceval` and `cercle import csv`: the two readers are wired to the importer,
threads and parents come through, and a second run adds nothing."""

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from cercle.discussions.models import Post, Topic

from .archives import table_counts
from .test_import_failures import run

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def test_a_csv_export_becomes_threads_with_their_parents(community):
    run("csv", str(DATA / "import-example.csv"), "--community", community.slug)
    first = Topic.objects.get(community=community, title="Comment animer une première rencontre ?")
    posts = {p.body.split(",")[0]: p for p in Post.objects.filter(topic=first)}
    opening = first.opening_post
    assert opening.parent is None
    assert all(p.parent_id is not None for p in posts.values() if p.pk != opening.pk)
    assert first.post_count == Post.objects.filter(topic=first).count() > 1

    before = table_counts()
    run("csv", str(DATA / "import-example.csv"), "--community", community.slug)
    after = table_counts()
    # Only the run itself is recorded again.
    assert after.pop("connectors.ImportRun") == before.pop("connectors.ImportRun") + 1
    assert after == before


def test_perceval_discourse_items_keep_who_answered_whom(community):
    run("perceval", str(DATA / "perceval-discourse.jsonl"), "--community", community.slug)
    replies = Post.objects.filter(community=community, parent__isnull=False)
    assert replies.exists()
    # A reply's parent is in the same thread, and opening posts have no parent.
    assert all(r.parent.topic_id == r.topic_id for r in replies.select_related("parent"))
    assert (
        not Post.objects.filter(community=community, parent__isnull=True)
        .exclude(pk__in=Topic.objects.values("opening_post"))
        .exists()
    )


def test_a_csv_without_its_columns_changes_nothing(tmp_path, community):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,who,when\n1,a,2024-01-01\n", encoding="utf-8")
    before = table_counts()
    with pytest.raises(CommandError, match="source_id"):
        run("csv", str(bad), "--community", community.slug)
    assert table_counts() == before
