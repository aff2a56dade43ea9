"""The Stack Exchange reader against the rules of docs/indicators.md, "The activity model"."""

from datetime import UTC, datetime

import pytest

from cercle.connectors.readers import (
    ArchiveError,
    ReadReport,
    parse_tags,
    read_stackexchange,
    read_stackexchange_tags,
    read_stackexchange_upvotes,
)

POSTS = """\ufeff<?xml version="1.0" encoding="utf-8"?>
<posts>
  <row Id="1" PostTypeId="1" AcceptedAnswerId="3" CreationDate="2014-01-21T20:26:05.383"
       Score="18" Body="&lt;p&gt;What are citra hops?&lt;/p&gt;&#xA;" OwnerUserId="7"
       Title="What is a citra hop?" Tags="&lt;hops&gt;&lt;ipa&gt;" AnswerCount="1" />
  <row Id="2" PostTypeId="5" CreationDate="2014-01-21T20:27:00.000" Score="0" Body="wiki" />
  <row Id="3" PostTypeId="2" ParentId="1" CreationDate="2014-01-21T20:31:18.540" Score="-2"
       Body="&lt;p&gt;A hop.&lt;/p&gt;" OwnerDisplayName="user764" />
  <row Id="4" PostTypeId="1" CreationDate="2014-01-22T08:00:00.000" Score="1" Body="b"
       Title="Ales" Tags="|ale|brewing|" />
  <row Id="5" PostTypeId="2" ParentId="4" CreationDate="2014-01-22T09:00:00.000" Body="c" />
  <row Id="6" PostTypeId="2" ParentId="4" CreationDate="2014-01-22T10:00:00.000" Body="d" />
  <row Id="7" PostTypeId="4" CreationDate="2014-01-22T10:00:00.000" Body="excerpt" />
</posts>
"""


def dump(folder, posts=POSTS, **files):
    folder.mkdir(exist_ok=True)
    (folder / "Posts.xml").write_text(posts, encoding="utf-8")
    for name, rows in files.items():
        body = "\n".join(f"  <row {row} />" for row in rows)
        (folder / f"{name}.xml").write_text(f"<{name.lower()}>\n{body}\n</{name.lower()}>\n")
    return folder


def read(folder):
    report = ReadReport()
    posts = list(read_stackexchange(folder, report=report))
    return {post.source_id: post for post in posts}, report, posts


def test_questions_and_answers(tmp_path):
    posts, report, ordered = read(dump(tmp_path / "se"))
    assert [p.source_id for p in ordered] == ["1", "3", "4", "5", "6"]
    question = posts["1"]
    assert (question.kind, question.thread_id, question.parent_id) == ("question", "1", None)
    assert question.title == "What is a citra hop?"
    assert question.body == "<p>What are citra hops?</p>\n"
    assert question.tags == ["hops", "ipa"]
    assert question.accepted_answer_id == "3"
    assert question.score == 18
    assert question.created_at == datetime(2014, 1, 21, 20, 26, 5, 383000, tzinfo=UTC)
    answer = posts["3"]
    assert (answer.kind, answer.thread_id, answer.parent_id) == ("answer", "1", "1")
    assert answer.score == -2
    assert answer.title == ""
    assert posts["4"].tags == ["ale", "brewing"]
    assert posts["4"].accepted_answer_id is None
    assert (report.counts["question"], report.counts["answer"], report.threads) == (2, 3, 2)


def test_other_post_types_are_skipped_and_counted(tmp_path):
    _, report, _ = read(dump(tmp_path / "se"))
    assert report.counts["other-post-type"] == 2
    assert [(s.position, s.code) for s in report.skipped] == [
        ("Id 2", "other-post-type"),
        ("Id 7", "other-post-type"),
    ]
    assert "tag wiki" in report.skipped[0].reason


def test_authors_by_user_id_display_name_or_the_one_deleted_user(tmp_path):
    posts, report, _ = read(dump(tmp_path / "se"))
    assert (posts["1"].author_key, posts["1"].author_name) == ("se:7", "user7")
    assert (posts["3"].author_key, posts["3"].author_name) == ("name:user764", "user764")
    assert posts["5"].author_key == posts["6"].author_key == "deleted-user"
    assert report.authors == {"se:7", "name:user764", "deleted-user"}


def test_users_xml_gives_the_names(tmp_path):
    folder = dump(tmp_path / "se", Users=['Id="7" DisplayName="Jo Brewer"'])
    posts, _, _ = read(folder)
    assert posts["1"].author_name == "Jo Brewer"


def test_comments_belong_to_the_thread_of_their_post(tmp_path):
    comments = [
        'Id="10" PostId="1" Score="2" Text="Nice question" CreationDate="2014-01-21T21:00:00.000"'
        ' UserId="8"',
        'Id="11" PostId="3" Text="On the answer" CreationDate="2014-01-21T21:05:00.000"'
        ' UserDisplayName="Anon"',
        'Id="12" PostId="5" Text="Gone" CreationDate="2014-01-23T00:00:00.000"',
        'Id="13" PostId="2" Text="On a tag wiki" CreationDate="2014-01-23T00:00:00.000"',
        'Id="14" PostId="99" Text="On a deleted post" CreationDate="2014-01-23T00:00:00.000"',
    ]
    posts, report, _ = read(dump(tmp_path / "se", Comments=comments))
    on_question, on_answer, by_deleted = posts["c10"], posts["c11"], posts["c12"]
    assert (on_question.kind, on_question.parent_id, on_question.thread_id) == ("comment", "1", "1")
    assert (on_question.author_key, on_question.body, on_question.score) == (
        "se:8",
        "Nice question",
        2,
    )
    assert (on_answer.parent_id, on_answer.thread_id, on_answer.author_key) == (
        "3",
        "1",
        "name:Anon",
    )
    assert (by_deleted.parent_id, by_deleted.thread_id) == ("5", "4")
    assert by_deleted.author_key == "deleted-user"
    assert [(s.position, s.code) for s in report.skipped if s.code == "orphan"] == [
        ("Id 13", "orphan"),
        ("Id 14", "orphan"),
    ]
    assert report.counts["comment"] == 3


def test_an_answer_met_before_its_question_waits_for_it(tmp_path):
    posts_xml = """<posts>
      <row Id="5" PostTypeId="2" ParentId="9" CreationDate="2014-01-01T00:00:00.000" Body="a" />
      <row Id="6" PostTypeId="2" ParentId="8" CreationDate="2014-01-01T00:00:00.000" Body="o" />
      <row Id="9" PostTypeId="1" CreationDate="2014-01-02T00:00:00.000" Body="q" Title="Q" />
    </posts>"""
    posts, report, ordered = read(dump(tmp_path / "se", posts_xml))
    assert [p.source_id for p in ordered] == ["9", "5"]
    assert posts["5"].parent_id == "9"
    assert [(s.position, s.code) for s in report.skipped] == [("Id 6", "orphan")]


def test_creation_date_has_no_zone_and_is_utc(tmp_path):
    posts, _, _ = read(dump(tmp_path / "se"))
    assert posts["5"].created_at == datetime(2014, 1, 22, 9, 0, tzinfo=UTC)
    assert posts["5"].created_at.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    ("value", "tags"),
    [("<a><b-c>", ["a", "b-c"]), ("|a|b-c|", ["a", "b-c"]), ("", []), ("<c#>", ["c#"])],
)
def test_parse_tags(value, tags):
    assert parse_tags(value) == tags


def test_upvotes_and_tags(tmp_path):
    folder = dump(
        tmp_path / "se",
        Votes=[
            'Id="1" PostId="1" VoteTypeId="2" CreationDate="2014-01-22T00:00:00.000"',
            'Id="2" PostId="1" VoteTypeId="3" CreationDate="2014-01-22T00:00:00.000"',
            'Id="3" PostId="3" VoteTypeId="2" CreationDate="2014-01-23T00:00:00.000"',
            'Id="4" PostId="4" VoteTypeId="1" CreationDate="2014-01-23T00:00:00.000"',
        ],
        Tags=['Id="1" TagName="hops" Count="3"', 'Id="2" TagName="ipa" Count="1"'],
    )
    assert list(read_stackexchange_upvotes(folder)) == [
        ("1", datetime(2014, 1, 22, tzinfo=UTC)),
        ("3", datetime(2014, 1, 23, tzinfo=UTC)),
    ]
    assert list(read_stackexchange_tags(folder)) == ["hops", "ipa"]


def test_without_votes_or_tags_files_there_is_nothing(tmp_path):
    folder = dump(tmp_path / "se")
    assert list(read_stackexchange_upvotes(folder)) == []
    assert list(read_stackexchange_tags(folder)) == []


def test_file_names_are_matched_whatever_their_case(tmp_path):
    folder = tmp_path / "se"
    folder.mkdir()
    (folder / "posts.xml").write_text(POSTS, encoding="utf-8")
    posts, _, _ = read(folder)
    assert "1" in posts


def test_missing_folder_or_posts_raise_archive_error(tmp_path):
    with pytest.raises(ArchiveError, match="no such folder"):
        read_stackexchange(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArchiveError, match=r"empty: no Posts\.xml"):
        read_stackexchange(tmp_path / "empty")


def test_truncated_xml_raises_archive_error_naming_file_and_line(tmp_path):
    folder = dump(tmp_path / "se", POSTS[: POSTS.index('<row Id="4"') + 20])
    report = ReadReport()
    reader = read_stackexchange(folder, report=report)
    with pytest.raises(ArchiveError, match=r"Posts\.xml: malformed or truncated XML at line 9, "):
        list(reader)
    assert report.counts["question"] == 1  # what came before the damage was read


def test_malformed_xml_raises_archive_error(tmp_path):
    posts = '<posts>\n  <row Id="1" PostTypeId="1" Body="a < b" />\n</posts>'
    with pytest.raises(ArchiveError, match="at line 2, column"):
        list(read_stackexchange(dump(tmp_path / "se", posts)))


def test_malformed_comments_raise_archive_error_too(tmp_path):
    folder = dump(tmp_path / "se")
    (folder / "Comments.xml").write_text("<comments>\n<row Id='1' PostId='1'")
    with pytest.raises(ArchiveError, match=r"Comments\.xml: malformed or truncated XML at line 2"):
        list(read_stackexchange(folder))
