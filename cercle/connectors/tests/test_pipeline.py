"""Reading an archive in a child process (cercle.connectors.pipeline) gives exactly what
reading it in place gives, and every way the child can fail reaches the import as an error that
leaves the database as it was."""

import os
import signal
from pathlib import Path

import pytest

from cercle.connectors import registry
from cercle.connectors.importing import run_import
from cercle.connectors.pipeline import ArchiveStream
from cercle.connectors.readers import ArchiveError, ArchivePost, ReadReport
from cercle.connectors.registry import Reader, get_reader

from .archives import BASE, BEER, CLEARWATER, message, table_counts, write_mbox


def read(kind: str, paths: list[Path], *, in_child: bool, batch_size: int = 100):
    report = ReadReport()
    with ArchiveStream(
        get_reader(kind), paths, report, batch_size=batch_size, in_child=in_child
    ) as stream:
        posts = [post for batch in stream.posts() for post in batch]
        votes = [vote for batch in stream.votes() for vote in batch]
    return posts, votes, report


@pytest.mark.parametrize(("kind", "path"), [("mbox", CLEARWATER), ("stackexchange", BEER)])
def test_a_child_reads_exactly_what_reading_in_place_reads(kind, path):
    in_place = read(kind, [path], in_child=False)
    in_child = read(kind, [path], in_child=True)
    posts, votes, report = in_child
    assert posts == in_place[0]
    assert votes == in_place[1]
    assert report.summary() == in_place[2].summary()
    assert report.skipped == in_place[2].skipped
    assert report.notes == in_place[2].notes
    assert report.files == in_place[2].files
    assert len(posts) == report.posts > 1000  # many batches crossed the queue


def test_an_archive_error_in_the_child_reaches_the_import(tmp_path):
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "Posts.xml").write_text('<?xml version="1.0"?>\n<posts>\n  <row Id="1" PostTy')
    with pytest.raises(ArchiveError, match="truncated XML") as raised:
        read("stackexchange", [folder], in_child=True)
    assert "In the process reading the archive" in raised.value.__notes__[-1]


def dying_reader(paths, *, report):
    """Two posts, then the process dies as if killed (out of memory, say)."""
    for n in range(2):
        yield ArchivePost(
            source_id=f"m{n}@example.org",
            thread_id="m0@example.org",
            parent_id=None if n == 0 else "m0@example.org",
            author_key="jo@example.org",
            author_name="Jo",
            created_at=BASE,
            kind="message",
            body="Hello",
        )
    os._exit(3)


def failing_reader(paths, *, report):
    raise LookupError("a bug in a reader")
    yield  # pragma: no cover (a generator that fails when first asked)


@pytest.mark.django_db
def test_a_child_that_dies_fails_the_import_and_changes_nothing(tmp_path, monkeypatch, community):
    monkeypatch.setitem(
        registry.READERS, "dying", Reader("cercle.connectors.tests.test_pipeline.dying_reader")
    )
    path = write_mbox(tmp_path / "list.mbox", message("m0@example.org"))
    before = table_counts()
    with pytest.raises(ArchiveError, match=r"stopped unexpectedly.*exit code 3"):
        run_import("dying", [path], community=community, batch_size=1)
    assert table_counts() == before


@pytest.mark.django_db
def test_an_unexpected_error_in_the_child_keeps_its_kind_and_its_traceback(
    tmp_path, monkeypatch, community
):
    monkeypatch.setitem(
        registry.READERS,
        "failing",
        Reader("cercle.connectors.tests.test_pipeline.failing_reader"),
    )
    before = table_counts()
    with pytest.raises(LookupError, match="a bug in a reader") as raised:
        run_import("failing", [tmp_path], community=community)
    assert "failing_reader" in raised.value.__notes__[-1]
    assert table_counts() == before


def test_leaving_early_stops_the_child():
    # As in the worker, whose SIGTERM handler lets the task at hand finish.
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        stream = ArchiveStream(
            get_reader("mbox"), [CLEARWATER], ReadReport(), batch_size=10, in_child=True
        )
        with stream:
            next(stream.posts())  # the writer fails after its first batch
            child = stream.process
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not child.is_alive()
    assert stream.process is None
