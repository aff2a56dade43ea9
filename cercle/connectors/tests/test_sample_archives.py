"""The readers on real archives nobody here wrote (see the samples' README).

The samples live outside the repository, in the `shared/data` folder beside it (as on the
developers' machines and in CI); CERCLE_SAMPLE_ARCHIVES may name another folder. Without them
these tests fail rather than pass unseen.
"""

import os
from collections import Counter
from itertools import pairwise
from pathlib import Path

from cercle.connectors.readers import ReadReport, read_mbox, read_stackexchange

from .crosscheck import assert_same

REPO = Path(__file__).resolve().parents[3]
SAMPLES = Path(os.environ.get("CERCLE_SAMPLE_ARCHIVES", REPO.parent / "shared" / "data"))
CLEARWATER = SAMPLES / "clearwater-mailing-list"
BEER = SAMPLES / "beer-stackexchange"


def test_clearwater_mailing_list():
    report = ReadReport()
    posts = list(read_mbox(CLEARWATER, report=report))
    # README: "about 1,850 messages, 250 senders"; 1,850 lines start with "From ", of which 1,809
    # are separators: the other 41 are pipermail's unescaped body lines.
    assert report.counts["separators"] == 1809
    assert report.posts == 1808
    assert [s.code for s in report.skipped] == ["duplicate"]  # archived twice in 2017-June
    assert report.threads == 674
    assert len(report.authors) == 249
    assert report.notes == []
    assert len({p.source_id for p in posts}) == len(posts)
    assert posts[0].created_at.isoformat() == "2015-07-16T11:04:48+00:00"
    assert posts[-1].created_at.year == 2019
    assert all(p.created_at <= q.created_at for p, q in pairwise(posts))
    assert all("@" in p.author_key and " " not in p.author_key for p in posts)


def test_clearwater_agrees_with_the_naive_reading():
    assert_same(CLEARWATER)


def test_beer_stackexchange():
    report = ReadReport()
    posts = list(read_stackexchange(BEER, report=report))
    assert report.counts["rows"] == 2354
    assert report.counts["question"] == 663
    assert report.counts["answer"] == 1572
    # 58 tag wikis, 58 tag wiki excerpts, 3 wiki placeholders.
    assert report.counts["other-post-type"] == 119
    assert {s.code for s in report.skipped} == {"other-post-type"}
    assert report.threads == 663
    authors = Counter(p.author_key.split(":")[0] for p in posts)
    assert len(report.authors) == 788
    assert authors["name"] == 10  # posts by 7 users known by their display name only
    questions = {p.source_id for p in posts if p.kind == "question"}
    assert all(p.parent_id in questions for p in posts if p.kind == "answer")
    assert posts[0].created_at.isoformat() == "2014-01-21T20:26:05.383000+00:00"
