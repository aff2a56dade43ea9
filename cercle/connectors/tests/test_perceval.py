"""The perceval reader: perceval's real item shapes, threading, and what it does with bad input.

The fixtures in data/ are perceval items shaped as perceval writes them (envelope of
perceval/backend.py; Discourse topics as tests/data/discourse/discourse_topic_1150.json of
grimoirelab-perceval; Stack Exchange questions as its tests/data/stackexchange/ and as
grimoirelab-elk's tests/data/stackexchange.json, from perceval 0.2.0 without "category" to
today's). Mail items are also made from real mbox archives by `perceval_items`, which follows
perceval's `message_to_dict`, and must read exactly as read_mbox reads the mbox itself.
"""

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cercle.connectors.readers import (
    ArchiveError,
    ReadReport,
    read_mbox,
    read_perceval,
    read_perceval_tags,
    read_perceval_upvotes,
)

from .perceval_items import envelope, mbox_to_perceval, write_items
from .test_mbox_crosscheck import random_archive
from .test_sample_archives import CLEARWATER

DATA = Path(__file__).parent / "data"
DISCOURSE = DATA / "perceval-discourse.jsonl"
STACKEXCHANGE = DATA / "perceval-stackexchange.jsonl"
MBOX = DATA / "perceval-mbox.jsonl"
FIELDS = ("source_id", "thread_id", "parent_id", "author_key", "author_name", "created_at")


def read(*paths):
    report = ReadReport()
    posts = list(read_perceval(list(paths), report=report))
    return {post.source_id: post for post in posts}, report, posts


def lines(path):
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def assert_parents_first(posts):
    met = set()
    for post in posts:
        assert post.parent_id is None or post.parent_id in met, post.source_id
        assert post.thread_id in met | {post.source_id}, post.source_id
        met.add(post.source_id)


# Mail ----------------------------------------------------------------------------------------


def test_mail_items_are_threaded_as_indicators_md_says():
    posts, report, ordered = read(MBOX)
    assert [p.source_id for p in ordered] == [
        "4CF64D10.9020206@domain.com",
        "4CF675C1.2090402@domain.com",
        "20101202090000.GA1@other.org",
        "new-thread@example.net",
    ]
    first = posts["4CF64D10.9020206@domain.com"]
    assert (first.thread_id, first.parent_id) == (first.source_id, None)
    assert (first.author_key, first.author_name) == ("goran@domain.com", "Göran Lastname")
    assert first.created_at == datetime(2010, 12, 1, 13, 26, 40, tzinfo=UTC)
    assert first.title == "[List-name] Protocol Buffers anyone?"
    assert first.body.endswith("/Göran")  # trailing blank lines dropped, as read_mbox does
    # In-Reply-To; a multipart message's plain part.
    reply = posts["4CF675C1.2090402@domain.com"]
    assert reply.parent_id == first.source_id
    assert reply.body == "Yes, we use them.\n\n> A message in English"
    # No reference: the subject rule (RE:, tags, case, spaces); an HTML-only body as text. The
    # Pipermail backend writes the same items as MBox.
    by_subject = posts["20101202090000.GA1@other.org"]
    assert (by_subject.parent_id, by_subject.thread_id) == (first.source_id, first.source_id)
    assert by_subject.author_key == "third@other.org"
    assert by_subject.author_name == "Third, Person"
    assert by_subject.body == "We looked at them\xa0too.\nRegards,\nThird"
    assert posts["new-thread@example.net"].parent_id is None
    assert report.counts["joined-by-subject"] == 1
    assert (report.posts, report.threads, report.counts["items"]) == (4, 2, 5)
    assert [(s.position, s.code) for s in report.skipped] == [("line 5", "duplicate")]
    assert all(p.kind == "message" and p.body_format == "" for p in ordered)


def test_clearwater_as_perceval_items_reads_as_the_mbox(tmp_path):
    """The real archive, turned into perceval's MBox items: the same posts, threads, parents,
    authors, dates and texts as read_mbox gives from the mbox files themselves."""
    items = mbox_to_perceval(CLEARWATER, "https://lists.projectclearwater.org/clearwater")
    path = write_items(tmp_path / "clearwater.jsonl.gz", items)
    expected_report = ReadReport()
    expected = list(read_mbox(CLEARWATER, report=expected_report))
    _posts, report, ordered = read(path)
    assert len(items) == 1809
    assert [p.source_id for p in ordered] == [p.source_id for p in expected]
    for post, wanted in zip(ordered, expected, strict=True):
        for name in (*FIELDS, "author_email", "title", "body"):
            assert getattr(post, name) == getattr(wanted, name), (post.source_id, name)
    assert (report.posts, report.threads, len(report.authors)) == (1808, 674, 249)
    assert [s.code for s in report.skipped] == ["duplicate"]
    assert report.notes == expected_report.notes == []
    assert_parents_first(ordered)


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_random_archives_as_perceval_items_read_as_the_mbox(tmp_path, seed):
    """Ties, skewed clocks, unreadable dates (the unixfrom date is used), duplicates, every
    reply prefix, 8-bit headers (perceval leaves them as surrogate escapes)."""
    (tmp_path / "mbox").mkdir()
    random_archive(tmp_path / "mbox", seed)
    path = write_items(tmp_path / "items.jsonl", mbox_to_perceval(tmp_path / "mbox"))
    expected_report = ReadReport()
    expected = list(read_mbox(tmp_path / "mbox", report=expected_report))
    _, report, ordered = read(path)
    for post, wanted in zip(ordered, expected, strict=True):
        for name in (*FIELDS, "title", "body"):
            assert getattr(post, name) == getattr(wanted, name), (post.source_id, name)
    for code in ("posts", "threads", "duplicate", "joined-by-subject", "date-from-separator"):
        assert report.counts[code] == expected_report.counts[code], code
    assert report.counts["date-from-separator"] > 0


def test_mail_without_message_id_or_readable_date(tmp_path):
    base = {"From": "a at x.org (A)", "Subject": "Hello", "body": {"plain": "hi"}}
    items = [
        envelope("MBox", "message", "list", "1", {**base, "Date": "not a date"}),
        envelope(
            "MBox",
            "message",
            "list",
            "2",
            {**base, "unixfrom": "a at x.org  Sun Jan  9 00:09:48 2011", "Date": "nonsense"},
        ),
        envelope("MBox", "message", "list", "3", {**base, "Message-ID": "<m3@x>"}),
    ]
    _posts, report, ordered = read(write_items(tmp_path / "mail.jsonl", items))
    assert [s.code for s in report.skipped] == ["no-date", "no-date"]
    # The unixfrom date stands in for an unreadable Date header; a synthetic id is given.
    assert [n.code for n in report.notes] == ["date-from-separator", "synthetic-id"]
    assert ordered[0].source_id.startswith("synthetic.")
    assert ordered[0].created_at == datetime(2011, 1, 9, 0, 9, 48, tzinfo=UTC)


def test_undecoded_bytes_of_perceval_are_read_back(tmp_path):
    """perceval decodes with surrogateescape and json writes the escapes: "\\udce9" is the
    byte 0xE9 it could not decode (here Latin-1 in a header that declared nothing)."""
    data = {
        "Message-ID": "<a@x>",
        "Date": "Sun, 09 Jan 2011 00:09:48 +0000",
        "From": "Ren\udce9 <rene@x.org>",
        "Subject": "Caf\udcc3\udca9",  # UTF-8 bytes left undecoded
        "body": {"plain": "d\udce9j\udce0"},
    }
    path = tmp_path / "mail.jsonl"
    path.write_text(json.dumps(envelope("MBox", "message", "l", "a", data)) + "\n")
    assert "\\udce9" in path.read_text()
    posts, report, _ = read(path)
    post = posts["a@x"]
    assert (post.author_name, post.title, post.body) == ("René", "Café", "déjà")
    assert report.notes == []


# Discourse -----------------------------------------------------------------------------------


def test_discourse_topics():
    posts, report, ordered = read(DISCOURSE)
    assert_parents_first(ordered)
    assert [p.source_id for p in ordered] == [
        "d18952",
        "d19133",
        "d19140",
        "d19155",
        "d19180",
        "d19200",
        "d19201",
        "d19202",
        "d19300",  # from the topic fetched again by a later, incremental run
    ]
    opening = posts["d18952"]
    assert (opening.thread_id, opening.parent_id, opening.kind) == ("d18952", None, "message")
    assert opening.title == "[Support] uBlock Origin"
    assert opening.tags == ["ublock", "support"]
    assert opening.accepted_answer_id == "d19140"  # Discourse Solved's accepted answer, post 3
    assert (opening.author_key, opening.author_name) == ("discourse:2544", "Raymond Hill")
    assert opening.created_at == datetime(2016, 1, 26, 20, 7, 49, 559000, tzinfo=UTC)
    assert opening.body == "<p>This is the new support and feedback thread for uBlock Origin</p>"
    assert opening.body_format == "html"
    assert opening.score == 6  # its likes
    # Parents: reply_to_post_number, else the opening post.
    parents = {p.source_id: p.parent_id for p in ordered}
    assert parents["d19133"] == "d18952"  # no reply_to_post_number
    assert parents["d19140"] == "d19133"  # replies to post 2
    assert parents["d19155"] == "d19140"  # replies to post 3
    assert parents["d19180"] == "d18952"  # replies to post 8, which is deleted
    assert parents["d19300"] == "d19155"  # a new post replying to one of the first version
    assert all(p.thread_id == "d18952" for p in ordered[:5] + ordered[8:])
    assert all(p.title == "" and p.tags == [] for p in ordered if p.parent_id)
    # Tags written as objects (Discourse 3); a post without user id.
    second = posts["d19200"]
    assert (second.title, second.tags, second.thread_id) == (
        "Tracking pixels in webmail",
        ["privacy"],
        "d19200",
    )
    assert (posts["d19202"].author_key, posts["d19202"].author_name) == (
        "name:anon94105",
        "anon94105",
    )
    assert posts["d19202"].parent_id == "d19200"
    # Small actions, whispers, hidden and deleted posts are not conversation posts; the topic
    # read again adds only its new post, and what was skipped is not reported twice.
    assert [(s.position, s.code) for s in report.skipped] == [
        ("line 1, topic 1149, post 19141", "other-post-type"),
        ("line 1, topic 1149, post 19150", "hidden"),
        ("line 1, topic 1149, post 19160", "hidden"),
        ("line 1, topic 1149, post 19170", "deleted"),
        ("line 3, topic 1149", "duplicate"),
    ]
    assert report.counts["duplicate"] == 9
    assert [n.code for n in report.notes] == ["parent-gone"]
    assert (report.posts, report.threads, report.counts["items"]) == (9, 2, 3)


def test_discourse_private_deleted_and_malformed_topics(tmp_path):
    topic = json.loads(lines(DISCOURSE)[1])
    private = json.loads(json.dumps(topic))
    private["data"].update(id=1, archetype="private_message")
    deleted = json.loads(json.dumps(topic))
    deleted["data"].update(id=2, deleted_at="2016-04-01T00:00:00.000Z")
    malformed = json.loads(json.dumps(topic))
    malformed["data"].update(id=3, post_stream=None)
    undated = json.loads(json.dumps(topic))
    undated["data"]["post_stream"]["posts"][0]["created_at"] = "yesterday"
    path = write_items(tmp_path / "t.jsonl", [private, deleted, malformed, undated])
    _posts, report, ordered = read(path)
    assert [s.code for s in report.skipped] == ["private", "deleted", "malformed-item", "no-date"]
    # The undated first post is left out: the first post kept opens the thread.
    assert [(p.source_id, p.parent_id) for p in ordered] == [
        ("d19201", None),
        ("d19202", "d19201"),
    ]
    assert ordered[0].title == "Tracking pixels in webmail"


# Stack Exchange ------------------------------------------------------------------------------


def test_stackexchange_questions():
    posts, report, ordered = read(STACKEXCHANGE)
    assert_parents_first(ordered)
    question = posts["38611467"]
    assert (question.kind, question.thread_id, question.parent_id) == ("question", "38611467", None)
    assert question.title == "Python: get every possible combination of weights for a portfolio"
    assert question.tags == ["python", "list", "itertools", "cartesian-product"]
    assert question.accepted_answer_id == "38611750"
    assert (question.author_key, question.author_name) == ("se:6644341", "Chris Waller")
    assert question.created_at == datetime(2016, 7, 27, 11, 17, 23, tzinfo=UTC)
    assert question.score == 3
    assert question.body_format == "markdown"
    assert question.body.startswith("I have a portfolio of 5 stocks")
    answer = posts["38611682"]
    assert (answer.kind, answer.thread_id, answer.parent_id) == ("answer", "38611467", "38611467")
    assert answer.author_name == "Ma'ayan"  # the API escapes names and titles as HTML
    assert answer.body.endswith("It works for n stocks & more.")
    # Comments: on the question, and on an answer (in the answer's own "comments"). perceval's
    # API filter gives them no text.
    assert posts["c64609951"].parent_id == "38611467"
    assert posts["c64610100"].parent_id == "38611682"
    assert posts["c64610100"].thread_id == "38611467"
    assert posts["c64610100"].kind == "comment"
    assert posts["c64610100"].body == ""
    # A question by a deleted user (perceval 0.2.0 items have no "category").
    lone = posts["38611900"]
    assert (lone.author_key, lone.score) == ("name:user6643935", -1)
    assert (
        lone.title == "I need to figure out how to make my program repeat. (Python's coding class)"
    )
    # perceval's own test question: a comment on a post that is not in the item is an orphan.
    assert posts["c60495069"].parent_id == "1"
    assert [(s.code, s.position) for s in report.skipped] == [
        ("orphan", "line 3, question 1, post c60495070"),
        ("duplicate", "line 3, question 1"),  # answer 1 has the same id as question 1
    ]
    assert report.counts["question"] == 3
    assert report.counts["answer"] == 2
    assert report.counts["comment"] == 4


def test_stackexchange_question_fetched_again_adds_only_new_posts(tmp_path):
    first = json.loads(lines(STACKEXCHANGE)[0])
    again = json.loads(json.dumps(first))
    again["data"]["comments"].append(
        {"comment_id": 7, "post_id": 38611750, "creation_date": 1469700000, "owner": {}}
    )
    path = write_items(tmp_path / "q.jsonl", [first, again])
    _posts, report, ordered = read(path)
    assert ordered[-1].source_id == "c7"
    assert (ordered[-1].parent_id, ordered[-1].author_key) == ("38611750", "deleted-user")
    assert report.counts["duplicate"] == 6
    assert len(ordered) == 7


def test_upvotes_and_tags():
    votes = list(read_perceval_upvotes([DISCOURSE, STACKEXCHANGE, MBOX]))
    counts = {}
    for source_id, at in votes:
        counts[source_id] = counts.get(source_id, 0) + 1
        assert at.tzinfo is UTC
    # Stack Exchange: up_vote_count of questions and answers; Discourse: likes. Counted once
    # for the topic fetched twice; a vote is dated at its post's creation.
    assert counts == {
        "d18952": 6,
        "d19140": 2,
        "d19155": 1,
        "38611467": 3,
        "38611682": 2,
        "38611750": 4,
        "1": 1,
    }
    assert ("38611750", datetime(2016, 7, 27, 11, 41, 40, tzinfo=UTC)) in votes
    assert list(read_perceval_tags([DISCOURSE, STACKEXCHANGE])) == [
        "ublock",
        "support",
        "privacy",
        "python",
        "list",
        "itertools",
        "cartesian-product",
        "pandas",
    ]


# Files: formats, mixing, compression ---------------------------------------------------------


def test_mixed_kinds_in_one_file_and_unknown_ones_are_skipped(tmp_path):
    git = envelope("Git", "commit", "https://github.com/x/y", "abc", {"commit": "abc"})
    issue = envelope("GitHub", "issue", "https://github.com/x/y", "1", {"number": 1})
    post = envelope("Discourse", "post", "https://forum", "p1", {"id": 1})
    mixed = lines(MBOX)[:2] + [json.dumps(git) + "\n"] * 3 + lines(DISCOURSE)[:1]
    mixed += [json.dumps(issue) + "\n", json.dumps(post) + "\n", *lines(STACKEXCHANGE)[:1]]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(mixed), encoding="utf-8")
    _posts, report, ordered = read(path)
    assert_parents_first(ordered)
    # Discourse and Stack Exchange posts as they are read; mail, threaded, at the end.
    assert [p.kind for p in ordered][-2:] == ["message", "message"]
    assert ordered[-1].parent_id == ordered[-2].source_id
    assert report.counts["question"] == 1
    assert [(s.position, s.code, s.reason.split(" (")[0]) for s in report.skipped][-3:] == [
        ("line 3", "unsupported-item", "3 Git item(s) of category 'commit'"),
        ("line 7", "unsupported-item", "1 GitHub item(s) of category 'issue'"),
        ("line 8", "unsupported-item", "1 Discourse item(s) of category 'post'"),
    ]
    assert report.counts["unsupported-item"] == 5


def test_default_indented_output_gzip_and_folders(tmp_path):
    """perceval without --json-line writes indented items; files may be gzipped; a folder is
    read for its .json/.jsonl/.ndjson files, in name order."""
    items = [json.loads(line) for line in lines(DISCOURSE) + lines(MBOX)]
    folder = tmp_path / "out"
    folder.mkdir()
    write_items(folder / "a-discourse.json.gz", items[:3], pretty=True)
    write_items(folder / "b-mail.jsonl", items[3:])
    (folder / "README.md").write_text("not an item")
    (folder / ".hidden.jsonl").write_text("{broken")
    expected = read(DISCOURSE, MBOX)[2]
    _posts, report, ordered = read(folder)
    assert [(p.source_id, p.parent_id) for p in ordered] == [
        (p.source_id, p.parent_id) for p in expected
    ]
    assert [Path(f).name for f in report.files] == ["a-discourse.json.gz", "b-mail.jsonl"]
    # Positions are lines of the files: an indented item is named by its first line.
    third = sum(len(json.dumps(i, indent=4).splitlines()) for i in items[:2]) + 1
    assert [(Path(s.file).name, s.position, s.code) for s in report.skipped[-2:]] == [
        ("a-discourse.json.gz", f"line {third}, topic 1149", "duplicate"),
        ("b-mail.jsonl", "line 5", "duplicate"),
    ]
    # A byte order mark and blank lines are no trouble; a file named explicitly is read
    # whatever its name.
    odd = tmp_path / "export.txt"
    odd.write_bytes(b"\xef\xbb\xbf" + b"\n\n".join(line.encode() for line in lines(MBOX)))
    assert len(read(odd)[2]) == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"backend_name": "MBox"\n', "line 2, column 24 is not valid JSON"),
        (b"[{\n", "line 2, column 3 is not valid JSON"),
        (b"From jo@x.org Sun Jan  9 00:09:48 2011\n", "line 2, column 1 is not valid JSON"),
        (b'{\n    "backend_name": "MBox",\n    oops\n}\n', "line 4, column 5 is not valid"),
        (b'{\n    "backend_name": "MBox",\n', "the item starting at line 2 is truncated"),
        (b'"just a string"\n', "line 2 is not a perceval item"),
        (b'{"uuid": "x", "data": {}}\n', "line 2 is not a perceval item"),
        (b'{"backend_name": "MBox", "data": "\xe9"}\n', "line 2 is not valid JSON (not UTF-8)"),
    ],
)
def test_malformed_input_names_the_file_and_line(tmp_path, content, message):
    path = tmp_path / "items.jsonl"
    path.write_bytes(lines(MBOX)[0].encode() + content)
    with pytest.raises(ArchiveError, match=r"items\.jsonl") as error:
        read(path)
    assert message in str(error.value)


def test_truncated_gzip_and_missing_path(tmp_path):
    data = gzip.compress(DISCOURSE.read_bytes())
    path = tmp_path / "items.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ArchiveError, match="truncated or corrupt compressed data"):
        read(path)
    with pytest.raises(ArchiveError, match="no such file or folder"):
        read_perceval(tmp_path / "missing.jsonl")


def test_items_are_streamed(tmp_path):
    """Posts of an item are yielded before the next lines are read."""
    path = tmp_path / "items.jsonl"
    path.write_text(lines(STACKEXCHANGE)[0] + "{not json\n", encoding="utf-8")
    posts = read_perceval(path)
    assert next(posts).source_id == "38611467"
    with pytest.raises(ArchiveError, match="line 2"):
        list(posts)


def test_a_second_site_of_the_same_backend_is_skipped(tmp_path):
    other = json.loads(lines(STACKEXCHANGE)[1])
    other["origin"] = "superuser"
    path = tmp_path / "items.jsonl"
    path.write_text(lines(STACKEXCHANGE)[0] + json.dumps(other) + "\n", encoding="utf-8")
    posts, report, _ = read(path)
    assert "38611900" not in posts
    assert [(s.position, s.code) for s in report.skipped] == [("line 2", "other-site")]
    assert "'superuser'" in report.skipped[0].reason
