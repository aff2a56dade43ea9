"""The mbox reader against the rules of docs/indicators.md, "The activity model"."""

import gzip
import os
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from cercle.connectors.readers import (
    ArchiveError,
    ReadReport,
    normalize_subject,
    parse_date_header,
    read_mbox,
)

BASE = datetime(2011, 1, 9, 0, 9, 48, tzinfo=UTC)
SEPARATOR = "From jo at example.org  Sun Jan  9 00:09:48 2011"


def at(days: float = 0, seconds: int = 0) -> str:
    """A Date header value, `days` and `seconds` after BASE."""
    return format_datetime(BASE + timedelta(days=days, seconds=seconds))


def mail(
    message_id: str | None,
    date: str | None,
    subject: str = "Topic",
    *,
    in_reply_to: str | None = None,
    references: str | None = None,
    sender: str = "jo at example.org (Jo)",
    separator: str = SEPARATOR,
    extra: str = "",
    body: str = "Hello.",
) -> str:
    headers = [f"From: {sender}"]
    if date is not None:
        headers.append(f"Date: {date}")
    headers.append(f"Subject: {subject}")
    if in_reply_to:
        headers.append(f"In-Reply-To: {in_reply_to}")
    if references:
        headers.append(f"References: {references}")
    if message_id is not None:
        headers.append(f"Message-ID: <{message_id}>")
    return "\n".join([separator, *headers]) + "\n" + extra + "\n" + body + "\n\n"


def write(folder, name, *messages, compress=False):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(messages).encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def read(*paths):
    report = ReadReport()
    posts = list(read_mbox(list(paths), report=report))
    return {post.source_id: post for post in posts}, report, posts


# Separators and bodies ---------------------------------------------------------------------------


def test_from_lines_in_a_body_are_text_not_separators(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0), body="From my log:\nFrom jo at example.org we heard\nbye"),
        mail("b@x", at(1), separator="From bo@example.org Mon Jan 10 00:09:48 2011"),
    )
    posts, report, _ = read(path)
    assert set(posts) == {"a@x", "b@x"}
    assert posts["a@x"].body == "From my log:\nFrom jo at example.org we heard\nbye"
    assert report.counts["separators"] == 2


def test_separator_sender_and_date_forms(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0), separator="From MAILER-DAEMON Sun Jan  9 00:09:48 2011"),
        mail("b@x", at(0), separator="From jo@example.org Sun Jan  9 00:09:48 2011 +0000"),
        # "my log:" is not a sender: two words that are not "user at domain".
        mail("c@x", at(0), separator="From my log: Sun Jan  9 00:09:48 2011"),
    )
    posts, _, _ = read(path)
    assert set(posts) == {"a@x", "b@x"}
    assert "From my log: Sun Jan  9 00:09:48 2011" in posts["b@x"].body


def test_crlf_lines_are_read(tmp_path):
    text = mail("a@x", at(0), "Caf\u00e9 talk", body="line one\nline two")
    path = tmp_path / "a.mbox"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    posts, _, _ = read(path)
    assert posts["a@x"].title == "Caf\u00e9 talk"
    assert posts["a@x"].created_at == BASE
    assert posts["a@x"].body == "line one\r\nline two"


def test_text_before_the_first_separator_is_reported(tmp_path):
    path = write(tmp_path, "a.txt", "stray line\n\n", mail("a@x", at(0)))
    posts, report, _ = read(path)
    assert set(posts) == {"a@x"}
    assert [s.code for s in report.skipped] == ["preamble"]


def test_a_file_with_no_separator_is_reported(tmp_path):
    path = write(tmp_path, "notes.txt", "Just some notes.\nFrom my log: nothing\n")
    posts, report, _ = read(path)
    assert posts == {}
    assert [(s.file, s.code) for s in report.skipped] == [(str(path), "not-mbox")]


# Dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Sun, 9 Jan 2011 00:09:48", BASE),
        ("Sun, 9 Jan 2011 00:09:48 -0000", BASE),
        ("Sun, 9 Jan 2011 02:09:48 +0200", BASE),
        ("Sat, 8 Jan 2011 19:09:48 -0500 (EST)", BASE),
        ("9 Jan 11 00:09:48 GMT", BASE),
        ("2011-01-08 16:09:48 GMT-08:00", BASE),
        ("2011-01-09T00:09:48Z", BASE),
    ],
)
def test_date_header_forms(header, expected):
    assert parse_date_header(header) == expected


@pytest.mark.parametrize(
    "header",
    ["garbage", "09/08/2015 10:49PM", "Mon, 31 Feb 2011 10:00:00 +0000", "Sun, 9 Jan 2011 25:00"],
)
def test_unreadable_date_headers(header):
    assert parse_date_header(header) is None


def test_date_without_zone_is_utc(tmp_path):
    path = write(tmp_path, "a.txt", mail("a@x", "Mon, 10 Jan 2011 08:00:00"))
    posts, _, _ = read(path)
    assert posts["a@x"].created_at == datetime(2011, 1, 10, 8, 0, tzinfo=UTC)


def test_missing_or_unreadable_date_falls_back_to_the_separator(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", None, separator="From jo at example.org  Wed Feb  2 10:11:12 2011"),
        mail("b@x", "09/08/2015 10:49PM", separator="From jo@x.org Thu Feb  3 10:11:12 2011"),
    )
    posts, report, _ = read(path)
    assert posts["a@x"].created_at == datetime(2011, 2, 2, 10, 11, 12, tzinfo=UTC)
    assert posts["b@x"].created_at == datetime(2011, 2, 3, 10, 11, 12, tzinfo=UTC)
    assert report.counts["date-from-separator"] == 2
    assert report.skipped == []


def test_a_message_with_no_date_at_all_is_skipped_and_reported(tmp_path):
    # The separator's date does not exist (30 February) and there is no readable Date header.
    impossible = "From jo at example.org  Wed Feb 30 10:11:12 2011"
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", None, separator=impossible),
        mail("b@x", "garbage", separator=impossible),
        mail("c@x", at(0)),
    )
    posts, report, _ = read(path)
    assert set(posts) == {"c@x"}
    assert [(s.position, s.code) for s in report.skipped] == [
        ("line 1", "no-date"),
        ("line 8", "no-date"),
    ]


# Headers -----------------------------------------------------------------------------------------


def test_encoded_and_folded_headers_are_decoded(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail(
            "a@x",
            at(0),
            "[Liste] =?utf-8?q?Caf=C3=A9_cr=C3=A8me?=\n =?iso-8859-1?q?_br=FBl=E9e?= and\n more",
            sender="jo at example.org (=?UTF-8?B?SsO0IETDvHJy?=)",
        ),
    )
    posts, _, _ = read(path)
    assert posts["a@x"].title == "[Liste] Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e and more"
    assert posts["a@x"].author_name == "J\u00f4 D\u00fcrr"


@pytest.mark.parametrize(
    ("sender", "key", "email", "name"),
    [
        (
            "Jo.Smith at Example.ORG (Jo Smith)",
            "jo.smith@example.org",
            "Jo.Smith@Example.ORG",
            "Jo Smith",
        ),
        ("jo at example.org", "jo@example.org", "jo@example.org", ""),
        ('"Smith, Jo" <Jo@Example.org>', "jo@example.org", "Jo@Example.org", "Smith, Jo"),
        ("Jo Smith <jo at example.org>", "jo@example.org", "jo@example.org", "Jo Smith"),
    ],
)
def test_author_is_the_lower_cased_address(tmp_path, sender, key, email, name):
    path = write(tmp_path, "a.txt", mail("a@x", at(0), sender=sender))
    posts, _, _ = read(path)
    post = posts["a@x"]
    assert (post.author_key, post.author_email, post.author_name) == (key, email, name)


def test_without_from_header_the_separator_sender_is_the_author(tmp_path):
    text = f"{SEPARATOR}\nDate: {at(0)}\nMessage-ID: <a@x>\n\nHi\n\n"
    posts, _, _ = read(write(tmp_path, "a.txt", text))
    assert posts["a@x"].author_key == "jo@example.org"


def test_undecodable_message_is_skipped_and_reported_and_the_rest_goes_on(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0), extra='Content-Type: text/plain; charset="x-no-such-charset"\n'),
        mail("b@x", at(1), "=?x-unknown?q?Caf=E9?="),
        mail("c@x", at(2), in_reply_to="<a@x>"),
    )
    posts, report, _ = read(path)
    assert set(posts) == {"c@x"}
    assert [(s.position, s.code) for s in report.skipped] == [
        ("line 1", "undecodable"),
        ("line 10", "undecodable"),
    ]
    # The skipped message is not in the archive: nothing can answer it.
    assert posts["c@x"].parent_id is None


def test_mime_bodies_are_decoded_to_plain_text(tmp_path):
    multipart = 'Content-Type: multipart/alternative; boundary="XX"\nMIME-Version: 1.0\n'
    body = (
        "--XX\nContent-Type: text/html; charset=utf-8\n\n<p>ignored</p>\n"
        "--XX\nContent-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n\nCaf=E9 cr=E8me\n--XX--\n"
    )
    html_only = "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n"
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0), extra=multipart, body=body),
        mail("b@x", at(1), extra=html_only, body="PHA+Q2Fmw6k8YnI+Y3LDqG1lPC9wPg=="),
        mail("c@x", at(2), extra="Content-Type: text/plain; charset=utf-8\n", body="Caf\u00e9"),
    )
    posts, _, _ = read(path)
    assert posts["a@x"].body == "Caf\u00e9 cr\u00e8me"
    assert posts["b@x"].body == "Caf\u00e9\ncr\u00e8me"
    assert posts["c@x"].body == "Caf\u00e9"


def test_message_without_message_id_gets_a_stable_synthetic_id(tmp_path):
    path = write(tmp_path, "a.txt", mail(None, at(0), "One"), mail(None, at(0), "Two"))
    first, report, _ = read(path)
    again, _, _ = read(path)
    assert len(first) == 2
    assert set(first) == set(again)
    assert all(i.endswith("@cercle.invalid") for i in first)
    assert report.counts["synthetic-id"] == 2


# Duplicates, files and folders -------------------------------------------------------------------


def test_duplicates_count_once_the_first_met_in_file_name_order(tmp_path):
    # Name order, not chronology: "2011-August" comes before "2011-July".
    write(tmp_path, "2011-July.txt", mail("a@x", at(0), body="July copy"))
    write(tmp_path, "2011-August.txt", mail("a@x", at(0), body="August copy"), mail("b@x", at(1)))
    posts, report, _ = read(tmp_path)
    assert posts["a@x"].body == "August copy"
    assert report.posts == 2
    assert [(s.file, s.code) for s in report.skipped] == [
        (str(tmp_path / "2011-July.txt"), "duplicate")
    ]


def test_folders_are_read_recursively_in_name_order(tmp_path):
    write(tmp_path, "b.txt", mail("same@x", at(0), body="from b"))
    write(tmp_path, "a/z.txt", mail("same@x", at(0), body="from a/z"))
    write(tmp_path, "a.txt", mail("other@x", at(0)))
    write(tmp_path, ".hidden", mail("hidden@x", at(0)))
    posts, report, ordered = read(tmp_path)
    assert report.files == [str(tmp_path / n) for n in ("a/z.txt", "a.txt", "b.txt")]
    assert posts["same@x"].body == "from a/z"
    # Same second: the order met decides the order of the posts.
    assert [p.source_id for p in ordered] == ["same@x", "other@x"]


def test_gzip_is_detected_by_its_bytes_not_its_name(tmp_path):
    write(tmp_path, "2011-01.txt", mail("a@x", at(0)), compress=True)
    write(tmp_path, "2011-02.txt.gz", mail("b@x", at(1), in_reply_to="<a@x>"))
    posts, _, _ = read(tmp_path)
    assert posts["b@x"].parent_id == "a@x"


def test_truncated_gzip_is_reported_and_the_rest_goes_on(tmp_path):
    data = gzip.compress("".join(mail(f"{i}@x", at(i), body="x" * 500) for i in range(50)).encode())
    (tmp_path / "a.gz").write_bytes(data[: len(data) // 2])
    write(tmp_path, "b.txt", mail("b@x", at(0)))
    posts, report, _ = read(tmp_path)
    assert "b@x" in posts
    assert "0@x" in posts
    assert [s.code for s in report.skipped] == ["corrupt-file"]


def test_a_missing_path_raises(tmp_path):
    with pytest.raises(ArchiveError, match="no-such"):
        read_mbox(tmp_path / "no-such")


# Threading: explicit references ------------------------------------------------------------------


def test_in_reply_to_beats_references(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0)),
        mail("b@x", at(1)),
        mail("c@x", at(2), in_reply_to="<b@x>", references="<a@x>"),
    )
    posts, _, _ = read(path)
    assert posts["c@x"].parent_id == "b@x"
    assert posts["c@x"].thread_id == "b@x"


def test_references_are_tried_from_last_to_first(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0)),
        mail("b@x", at(1), in_reply_to="<a@x>"),
        mail("c@x", at(2), references="<a@x> <b@x>"),
        mail("d@x", at(3), references="<a@x>\n <unknown@x>"),
        mail("e@x", at(4), in_reply_to="<unknown@x> (Jo's message of Sunday)", references="<b@x>"),
    )
    posts, _, _ = read(path)
    assert posts["c@x"].parent_id == "b@x"
    assert posts["d@x"].parent_id == "a@x"  # the unknown last reference is passed over
    assert posts["e@x"].parent_id == "b@x"
    assert {p.thread_id for p in posts.values()} == {"a@x"}


def test_reference_to_an_unknown_or_later_message_is_ignored(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        # Met first but dated later: it cannot be the parent of an earlier message.
        mail("late@x", at(5), "Other"),
        mail("a@x", at(0), "Topic", in_reply_to="<late@x>", references="<gone@x> <late@x>"),
        mail("b@x", at(1), "Topic", in_reply_to="<gone@x>"),
    )
    posts, report, ordered = read(path)
    assert posts["a@x"].parent_id is None
    assert posts["b@x"].parent_id is None
    assert [p.source_id for p in ordered] == ["a@x", "b@x", "late@x"]
    assert report.threads == 3
    assert report.counts["ignored-later-references"] == 1


def test_a_reply_dated_before_its_parent_by_clock_skew_opens_a_thread(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0, seconds=10)),
        mail("b@x", at(0, seconds=5), "Other", in_reply_to="<a@x>"),
    )
    posts, _, _ = read(path)
    assert posts["b@x"].parent_id is None


def test_same_second_messages_naming_each_other_do_not_loop(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0), "One", in_reply_to="<b@x>"),
        mail("b@x", at(0), "Two", in_reply_to="<a@x>"),
        mail("c@x", at(0), "Three", references="<c@x>"),  # names itself
    )
    posts, _, ordered = read(path)
    # Tie rule: at the same second only the message met first can be the parent.
    assert posts["a@x"].parent_id is None
    assert posts["b@x"].parent_id == "a@x"
    assert posts["c@x"].parent_id is None
    assert [p.source_id for p in ordered] == ["a@x", "b@x", "c@x"]


def test_same_second_reply_met_after_its_parent_is_a_reply(tmp_path):
    path = write(tmp_path, "a.txt", mail("a@x", at(0)), mail("b@x", at(0), in_reply_to="<a@x>"))
    posts, _, _ = read(path)
    assert posts["b@x"].parent_id == "a@x"


def test_a_duplicate_answers_to_the_first_copy(tmp_path):
    write(tmp_path, "1.txt", mail("a@x", at(0)))
    write(tmp_path, "2.txt", mail("a@x", at(0)), mail("b@x", at(1), in_reply_to="<a@x>"))
    posts, _, _ = read(tmp_path)
    assert posts["b@x"].parent_id == "a@x"


# Threading: the subject rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix",
    [
        "Re:",
        "RE:",
        "re:",
        "Re :",
        "AW:",
        "Aw:",
        "Sv:",
        "SV:",
        "Antw:",
        "R\u00e9f:",
        "R\u00c9F:",
        "Re\u0301f:",
        "Fwd:",
        "FWD:",
        "Tr:",
        "TR:",
        "Re: Re:",
        "Re: AW: Fwd:",
        "Re:Re:",
    ],
)
def test_each_reply_prefix_joins_the_thread(tmp_path, prefix):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0), "[list] Broken  Build"),
        mail("b@x", at(1), f"{prefix} [list] broken build"),
    )
    posts, _, _ = read(path)
    assert posts["b@x"].parent_id == "a@x"
    assert posts["b@x"].thread_id == "a@x"


@pytest.mark.parametrize(
    "subject", ["Broken build", "Fw: Broken build", "Re- Broken build", "Ref: Broken build"]
)
def test_no_listed_reply_prefix_opens_a_thread(tmp_path, subject):
    path = write(tmp_path, "a.txt", mail("a@x", at(0), "Broken build"), mail("b@x", at(1), subject))
    posts, _, _ = read(path)
    assert posts["b@x"].parent_id is None


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("[Clearwater] Re: [Clearwater] Topic", (True, "topic")),
        ("Re: [Project Clearwater] RE: Topic  of\tthe   day", (True, "topic of the day")),
        ("[a][b]Topic", (False, "topic")),
        (
            "Trouble: the tr prefix needs its colon",
            (False, "trouble: the tr prefix needs its colon"),
        ),
        ("Topic: Re: inner", (False, "topic: re: inner")),
        ("", (False, "")),
    ],
)
def test_normalize_subject(subject, expected):
    assert normalize_subject(subject) == expected


def test_list_tags_are_removed_before_comparing(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0), "[Clearwater] Homestead conf"),
        mail("b@x", at(1), "Re: [Project Clearwater] HOMESTEAD   conf"),
        mail("c@x", at(2), "[Clearwater] Re: homestead conf"),
    )
    posts, _, _ = read(path)
    assert posts["b@x"].parent_id == "a@x"
    assert posts["c@x"].parent_id == "a@x"


def test_thirty_days_at_most_from_the_most_recent_message(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0), "Topic"),
        mail("b@x", at(30), "Re: Topic"),  # exactly 30 days: joins
        mail("c@x", at(55), "Re: Topic"),  # 25 days after b, 55 after the opening: joins
        mail("d@x", at(85, seconds=1), "Re: Topic"),  # 30 days and 1 second after c: opens
        mail("e@x", at(86), "Re: Topic"),  # joins d's thread, d being the most recent
    )
    posts, _, _ = read(path)
    assert posts["b@x"].parent_id == "a@x"
    assert posts["c@x"].parent_id == "a@x"  # the thread's opening post, not b
    assert posts["d@x"].parent_id is None
    assert posts["e@x"].parent_id == "d@x"
    assert posts["e@x"].thread_id == "d@x"


def test_subject_rule_joins_the_thread_of_the_most_recent_message(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("old@x", at(0), "Topic"),
        mail("new@x", at(10), "Topic"),  # no prefix: a new thread with the same subject
        mail("explicit@x", at(11), "Something else", in_reply_to="<old@x>"),
        mail("r1@x", at(12), "Re: Topic"),
        mail("r2@x", at(13), "Re: Something else"),
    )
    posts, _, _ = read(path)
    assert posts["new@x"].parent_id is None
    assert posts["r1@x"].parent_id == "new@x"
    # The most recent "something else" is a reply in old@x's thread: r2 joins that thread.
    assert posts["r2@x"].parent_id == "old@x"


def test_explicit_reference_wins_over_the_subject(tmp_path):
    path = write(
        tmp_path,
        "a.txt",
        mail("a@x", at(0), "Topic"),
        mail("b@x", at(1), "Other"),
        mail("c@x", at(2), "Re: Topic", in_reply_to="<b@x>"),
    )
    posts, _, _ = read(path)
    assert posts["c@x"].parent_id == "b@x"


def test_subject_rule_uses_the_date_order_not_the_file_order(tmp_path):
    write(tmp_path, "1.txt", mail("reply@x", at(5), "Re: Topic"))
    write(tmp_path, "2.txt", mail("first@x", at(0), "Topic"))
    posts, _, ordered = read(tmp_path)
    assert posts["reply@x"].parent_id == "first@x"
    assert [p.source_id for p in ordered] == ["first@x", "reply@x"]


def test_parents_always_come_first(tmp_path):
    messages = [
        mail(f"{i}@x", at(i % 3), "Re: Loop", in_reply_to=f"<{(i + 1) % 9}@x>") for i in range(9)
    ]
    _, report, ordered = read(write(tmp_path, "a.txt", *messages))
    seen = set()
    for post in ordered:
        assert post.parent_id is None or post.parent_id in seen
        assert post.thread_id in seen | {post.source_id}
        seen.add(post.source_id)
    assert report.posts == 9


def test_the_threader_database_file_is_removed_when_done_closed_or_failed(tmp_path, monkeypatch):
    spool_dir = tmp_path / "tmp"
    spool_dir.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(spool_dir))
    path = write(tmp_path, "a.txt", mail("a@x", at(0)), mail("b@x", at(1), in_reply_to="<a@x>"))

    # The threader's database is in use, yet its file is already unlinked (as the spool is):
    # nothing is left behind even if the process is killed.
    posts = read_mbox(path)
    next(posts)
    assert not list(spool_dir.iterdir())
    assert len(list(posts)) == 1

    # Where an open file cannot be unlinked, it is removed when done, closed or failed.
    unlink = os.unlink
    refused = []

    def refuse_first(name):
        if not refused:
            refused.append(name)
            raise PermissionError(name)
        unlink(name)

    monkeypatch.setattr("os.unlink", refuse_first)

    def cercle_files():
        return [p.name[:14] for p in spool_dir.iterdir()]

    posts = read_mbox(path)
    next(posts)
    assert cercle_files() == ["cercle-thread-"]
    assert len(list(posts)) == 1
    assert not cercle_files()  # exhausted

    refused.clear()
    posts = read_mbox(path)
    next(posts)
    assert cercle_files() == ["cercle-thread-"]
    posts.close()
    assert not cercle_files()  # closed early

    def fail(*args):
        raise RuntimeError("boom")

    refused.clear()
    monkeypatch.setattr("cercle.connectors.readers.mbox._split_headers", fail)
    with pytest.raises(RuntimeError):
        list(read_mbox(path))
    assert refused
    assert not cercle_files()  # failed in the first pass
