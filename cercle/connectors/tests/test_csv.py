"""The CSV reader against its documented format (docs/import-csv.md)."""

import gzip
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cercle.connectors.readers import CSV_COLUMNS, ArchiveError, ReadReport, read_csv

EXAMPLE = Path(__file__).parent / "data" / "import-example.csv"
HEADER = ",".join(CSV_COLUMNS)


def read(*paths):
    report = ReadReport()
    posts = list(read_csv(list(paths), report=report))
    return {post.source_id: post for post in posts}, report, posts


def write(folder, name, *rows, header=HEADER, encoding="utf-8", newline="\n"):
    path = folder / name
    data = newline.join([header, *rows]) + newline
    raw = data.encode(encoding)
    path.write_bytes(gzip.compress(raw) if name.endswith(".gz") else raw)
    return path


def assert_parents_first(posts):
    met = set()
    for post in posts:
        assert post.parent_id is None or post.parent_id in met, post.source_id
        assert post.thread_id in met | {post.source_id}, post.source_id
        met.add(post.source_id)


def skips(report):
    return [(s.position, s.code) for s in report.skipped]


def test_the_documented_example():
    posts, report, ordered = read(EXAMPLE)
    assert [p.source_id for p in ordered] == ["m1", "m2", "m3", "m4", "m5", "m6"]
    opening = posts["m1"]
    assert (opening.thread_id, opening.parent_id, opening.kind) == ("m1", None, "message")
    assert opening.title == "Comment animer une première rencontre ?"
    assert opening.body == (
        "Bonjour à toutes et à tous,\n\n"
        "Nous lançons notre communauté le mois prochain. Des idées pour la première rencontre ?"
    )
    assert (opening.author_key, opening.author_name, opening.author_email) == (
        "csv:u1",
        "Camille Martin",
        "camille@example.org",
    )
    assert opening.created_at == datetime(2024, 3, 1, 8, 30, tzinfo=UTC)  # +01:00
    # An explicit parent; quotes doubled inside a quoted field.
    assert (posts["m2"].parent_id, posts["m3"].parent_id) == ("m1", "m2")
    assert posts["m2"].body.startswith('Un tour de table "qui suis-je,')
    # An empty parent: the thread's opening post. No author_id: the email is the author.
    assert (posts["m4"].parent_id, posts["m4"].thread_id) == ("m1", "m1")
    assert posts["m4"].author_key == "lou.perrin@example.net"
    assert posts["m4"].created_at == datetime(2024, 3, 2, 8, 0, tzinfo=UTC)  # no zone: UTC
    # A second thread; a date without a time; a reply with no thread follows its parent.
    assert (posts["m5"].thread_id, posts["m5"].parent_id) == ("m5", None)
    assert posts["m5"].created_at == datetime(2024, 3, 4, tzinfo=UTC)
    assert (posts["m6"].thread_id, posts["m6"].parent_id) == ("m5", "m5")
    assert (report.posts, report.threads, len(report.authors)) == (6, 2, 4)
    assert report.skipped == report.notes == []


def test_rows_in_any_order_come_out_parents_first(tmp_path):
    rows = EXAMPLE.read_text(encoding="utf-8").split("\nm")
    header, rows = rows[0], ["m" + row for row in rows[1:]]
    random.Random(4).shuffle(rows)
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text(header + "\n" + "\n".join(r.rstrip("\n") for r in rows) + "\n")
    expected = read(EXAMPLE)[2]
    _, _, ordered = read(shuffled)
    assert [(p.source_id, p.thread_id, p.parent_id) for p in ordered] == [
        (p.source_id, p.thread_id, p.parent_id) for p in expected
    ]


def test_a_large_shuffled_file(tmp_path):
    rng = random.Random(7)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    rows, parent_of = [], {}
    for i in range(3000):
        thread = f"t{i // 30}"
        parent = "" if i % 30 == 0 or rng.random() < 0.3 else f"p{rng.randrange(i // 30 * 30, i)}"
        parent_of[f"p{i}"] = parent
        # Clocks are skewed: a reply may be dated before the post it answers.
        when = start + timedelta(hours=i, minutes=rng.randrange(-300, 300))
        rows.append(f"p{i},{thread},{parent},u{rng.randrange(50)},,,{when.isoformat()},T{i},b")
    rng.shuffle(rows)
    _, report, ordered = read(write(tmp_path, "big.csv", *rows))
    assert report.posts == 3000
    assert report.threads == 100
    assert_parents_first(ordered)
    openings = {p.source_id for p in ordered if p.parent_id is None}
    for post in ordered:
        wanted = parent_of[post.source_id]
        if post.parent_id is not None:
            assert post.parent_id == wanted or (not wanted and post.parent_id in openings)


def test_the_opening_post_is_the_earliest_row_without_parent(tmp_path):
    path = write(
        tmp_path,
        "t.csv",
        "b,T,,u2,,,2024-01-02T00:00:00,Second,",
        "a,T,,u1,,,2024-01-01T00:00:00,First,",
        "c,T,b,u3,,,2024-01-03T00:00:00,,",
    )
    posts, _, ordered = read(path)
    assert [p.source_id for p in ordered] == ["a", "b", "c"]
    assert posts["a"].parent_id is None
    assert (posts["b"].parent_id, posts["b"].thread_id) == ("a", "a")
    assert (posts["c"].parent_id, posts["c"].thread_id) == ("b", "a")
    assert posts["b"].title == "Second"  # a reply keeps the title it was given


def test_a_reply_dated_before_its_parent_still_comes_after_it(tmp_path):
    path = write(
        tmp_path,
        "t.csv",
        "a,T,,u1,,,2024-01-01T10:00:00Z,Hello,",
        "b,T,c,u2,,,2024-01-01T09:00:00Z,,",
        "c,T,a,u3,,,2024-01-01T11:00:00Z,,",
        "d,U,,u3,,,2024-01-01T10:30:00Z,Other,",
    )
    _, _, ordered = read(path)
    assert [p.source_id for p in ordered] == ["a", "d", "c", "b"]
    assert ordered[-1].created_at == datetime(2024, 1, 1, 9, tzinfo=UTC)  # its date is kept


def test_bad_rows_are_skipped_with_their_line_and_the_rest_goes_on(tmp_path):
    path = write(
        tmp_path,
        "t.csv",
        "a,T,,u1,,,2024-01-01T10:00:00Z,Hello,",  # line 2
        'b,T,a,u2,,,2024-01-01T11:00:00Z,,"two',  # line 3: a body on two lines
        'lines"',
        "c,T,a,u3,,,01/02/2024 10:00,,",  # line 5: not ISO 8601
        "d,T,c,u3,,,2024-01-01T12:00:00Z,,",  # line 6: its parent is skipped
        "a,T,,u4,,,2024-01-01T13:00:00Z,Again,",  # line 7: duplicate id
        "e,T,zz,u3,,,2024-01-01T14:00:00Z,,",  # line 8: no such parent
        "f,T,a,,Anonymous,,2024-01-01T15:00:00Z,,",  # line 9: no author_id, no email
        ",T,a,u1,,,2024-01-01T16:00:00Z,,",  # line 10: no source_id
        "g,T,a,u1,,,2024-01-01T17:00:00Z",  # line 11: a field short
        "h,U,a,u1,,,2024-01-01T18:00:00Z,,",  # line 12: its parent is in thread T
        "i,T,j,u1,,,2024-01-01T19:00:00Z,,",  # lines 13-14: parents in a loop
        "j,T,i,u1,,,2024-01-01T20:00:00Z,,",
        "k,T,b,u5,,not-an-address,2024-01-01T21:00:00Z,,",  # line 15: kept, email dropped
    )
    posts, report, ordered = read(path)
    assert [p.source_id for p in ordered] == ["a", "b", "k"]
    assert posts["b"].body == "two\nlines"
    assert (posts["k"].author_key, posts["k"].author_email) == ("csv:u5", "")
    assert skips(report) == [
        ("line 5", "bad-date"),
        ("line 9", "no-author"),
        ("line 10", "no-id"),
        ("line 11", "malformed-row"),
        ("line 7", "duplicate"),  # found once every row is read
        ("line 6", "orphan"),  # found when the threads are built
        ("line 8", "orphan"),
        ("line 12", "thread-mismatch"),
        ("line 13", "orphan"),
        ("line 14", "orphan"),
    ]
    reasons = {s.position: s.reason for s in report.skipped}
    assert "'01/02/2024 10:00' is not an ISO 8601 date" in reasons["line 5"]
    assert "already on line 2" in reasons["line 7"]
    assert reasons["line 6"] == "its parent 'c' (line 5) is skipped"
    assert reasons["line 8"] == "parent 'zz' is not a source_id of the file(s)"
    assert "its parent 'a' (line 2) is in thread 'T'" in reasons["line 12"]
    assert "loop" in reasons["line 13"]
    assert [(n.position, n.code) for n in report.notes] == [("line 15", "bad-email")]
    assert report.counts["rows"] == 13
    assert report.counts["skipped"] == 10


def test_an_opening_post_without_title_takes_its_first_line(tmp_path):
    path = write(
        tmp_path,
        "t.csv",
        'a,T,,u1,,,2024-01-01,,"\n  Where do we meet?  \nDetails."',
        "b,U,,u1,,,2024-01-02,,",
    )
    posts, report, _ = read(path)
    assert posts["a"].title == "Where do we meet?"
    assert posts["b"].title == "U"  # no body either: the thread's name
    assert [(n.position, n.code) for n in report.notes] == [
        ("line 2", "no-title"),
        ("line 5", "no-title"),
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "source_id,thread,parent,author,author_name,email,created_at,title,body",
            "missing column(s): author_id; unknown column(s): 'author'",
        ),
        ("source_id,thread,parent,author_id,author_name,email,created_at,title", "body"),
        ("id;fil;parent;auteur", "missing column(s): source_id, thread, author_id"),
        (HEADER + ",title", "column(s) named twice: title"),
    ],
)
def test_missing_or_misnamed_columns_are_fatal(tmp_path, header, message):
    path = write(tmp_path, "t.csv", "a,T,,u1,,,2024-01-01,Hi,", header=header)
    with pytest.raises(ArchiveError, match=r"t\.csv: line 1: ") as error:
        read(path)
    assert message in str(error.value)
    assert f"The header must be: {HEADER}" in str(error.value)


def test_empty_file_and_missing_path(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ArchiveError, match="empty file"):
        read(tmp_path / "empty.csv")
    with pytest.raises(ArchiveError, match="no such file or folder"):
        read_csv(tmp_path / "missing.csv")


def test_header_case_order_extra_columns_and_crlf(tmp_path):
    header = "Body,Title,Created_At,Email,Author_Name,Author_ID,Parent,Thread,Source_ID,Likes"
    path = write(
        tmp_path,
        "t.csv",
        "Hello,Hi,2024-01-01,,,u1,,T,a,3",
        header=header,
        newline="\r\n",
    )
    posts, report, _ = read(path)
    assert (posts["a"].title, posts["a"].body, posts["a"].author_key) == ("Hi", "Hello", "csv:u1")
    assert [(n.code, n.reason) for n in report.notes] == [
        ("extra-columns", "column(s) 'likes' ignored")
    ]


def test_encodings_and_separators(tmp_path):
    """UTF-8 with a byte order mark; the French Excel's semicolons and Windows-1252."""
    row = "a;T;;u1;Hélène Dupré;;2024-01-01T10:00:00;Café « équipe »;Déjà vu, encore"
    bom = tmp_path / "bom.csv"
    tabs = HEADER.replace(",", "\t") + "\n" + row.replace(";", "\t") + "\n"
    bom.write_bytes(b"\xef\xbb\xbf" + tabs.encode())
    excel = write(tmp_path, "excel.csv", row, header=HEADER.replace(",", ";"), encoding="cp1252")
    for path in (bom, excel):
        posts, report, _ = read(path)
        post = posts["a"]
        assert (post.author_name, post.title) == ("Hélène Dupré", "Café « équipe »")
        assert post.body == "Déjà vu, encore"
    assert [(n.position, n.code) for n in report.notes] == [("line 2", "repaired-text")]
    assert "read as Windows-1252" in report.notes[0].reason


def test_several_files_gzip_and_folders(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder, "1-threads.csv.gz", "a,T,,u1,,,2024-01-01,Hi,")
    write(folder, "2-replies.csv", "b,T,a,u2,,,2024-01-02,,", "a,T,,u3,,,2024-01-03,Dup,")
    (folder / "notes.txt").write_text("not a csv")
    _posts, report, ordered = read(folder)
    assert [(p.source_id, p.parent_id) for p in ordered] == [("a", None), ("b", "a")]
    assert [Path(f).name for f in report.files] == ["1-threads.csv.gz", "2-replies.csv"]
    assert report.skipped[0].reason == (
        f"source_id 'a' already on line 2 of {folder / '1-threads.csv.gz'}: the first row is kept"
    )


def test_broken_quoting_is_fatal(tmp_path):
    """A quote left open would swallow every row after it: the file is refused, with the line
    of the row where it starts."""
    path = write(tmp_path, "t.csv", "a,T,,u1,,,2024-01-01,Hi,x", 'b,T,a,u1,,,2024-01-02,,"never')
    with pytest.raises(ArchiveError, match=r"t\.csv: line 3: unexpected end of data"):
        read(path)
    path = write(tmp_path, "t.csv", 'a,T,,u1,,,2024-01-01,Hi,"x"y')
    with pytest.raises(ArchiveError, match=r"t\.csv: line 2: .* quotes"):
        read(path)


def test_the_users_documentation_shows_the_example_file():
    doc = (Path(__file__).resolve().parents[3] / "docs" / "import-csv.md").read_text()
    shown = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    assert shown == EXAMPLE.read_text(encoding="utf-8")
    assert ",".join(CSV_COLUMNS) in doc
