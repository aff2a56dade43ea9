"""Reading an archive in a second process while this one writes it.

An import spends about as long reading as writing: parsing the XML or the mail, turning bodies
into HTML and plain text, stemming their words for search. None of that needs the database, so
a forked child process reads and prepares the posts (cercle.connectors.prepare) and hands them
over in batches through a bounded queue while the parent writes the batch before: with two
cores, the two halves run at once, and the queue's bound keeps the memory flat.

The child never uses the database connection it inherits, and it ends with os._exit (as every
multiprocessing fork child does), so nothing of the parent's connection is touched or closed.
What the reader reports (counts, skipped items, notes, files) comes back with each batch, so
that the parent's ReadReport says what a reader run in place says; an exception in the child,
an ArchiveError above all, is raised again in the parent, with the child's traceback as a note.

`settings.IMPORT_READ_IN_CHILD = False`, or a platform without fork, reads in place.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import signal
import traceback
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from .prepare import Prepared, Preparer
from .readers import ArchiveError, ReadReport
from .registry import Reader

VOTE_BATCH_SIZE = 5000
QUEUED_BATCHES = 4  # batches read ahead of the writer, at most
POLL_SECONDS = 2.0  # how often a waiting parent checks that the child is still alive

Vote = tuple[str, datetime]


class ArchiveStream:
    """The archive as batches: `posts()` yields lists of Prepared posts, then `votes()` lists
    of up-votes (post source id, date). Use it as a context manager: leaving it stops the
    child, whether the import finished or failed."""

    def __init__(
        self,
        reader: Reader,
        paths: list[Path],
        report: ReadReport,
        *,
        batch_size: int,
        in_child: bool | None = None,
    ) -> None:
        if in_child is None:
            in_child = settings.IMPORT_READ_IN_CHILD
        if "fork" not in multiprocessing.get_all_start_methods():
            in_child = False
        self.report = report
        self.process = None
        self.pending: tuple | None = None
        self.ended = False
        if in_child:
            context = multiprocessing.get_context("fork")
            self.queue = context.Queue(maxsize=QUEUED_BATCHES)
            self.process = context.Process(
                target=_child,
                args=(self.queue, reader, paths, batch_size),
                name="cercle-import-reader",
                daemon=True,
            )
            self.process.start()
        else:
            self.messages = _messages(reader, paths, report, batch_size, sent=None)

    def __enter__(self) -> ArchiveStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process is not None:
            if self.process.is_alive():  # the import failed before reading everything
                self.process.kill()
            self.process.join()
            self.queue.close()
            self.process = None

    def posts(self) -> Iterator[list[Prepared]]:
        while (message := self._next()) is not None:
            if message[0] != "posts":
                self.pending = message
                return
            yield message[1]

    def votes(self) -> Iterator[list[Vote]]:
        while (message := self._next()) is not None:
            yield message[1]

    def _next(self) -> tuple | None:
        """The next ("posts" | "votes", batch), or None at the end."""
        if self.pending is not None:
            message, self.pending = self.pending, None
            return message
        if self.ended:
            return None
        if self.process is None:
            message = next(self.messages, None)
        else:
            kind, batch, delta = self._receive()
            _apply(self.report, delta)
            if kind == "error":
                raise batch
            message = None if kind == "end" else (kind, batch)
        self.ended = message is None
        return message

    def _receive(self) -> tuple:
        while True:
            try:
                return self.queue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not self.process.is_alive():
                    try:
                        return self.queue.get(timeout=POLL_SECONDS)
                    except queue.Empty:
                        raise ArchiveError(
                            _("Reading the archive stopped unexpectedly (exit code %(code)s).")
                            % {"code": self.process.exitcode}
                        ) from None


def _messages(
    reader: Reader, paths: list[Path], report: ReadReport, batch_size: int, sent: _Sent | None
) -> Iterator[tuple]:
    """("posts", [Prepared...]), then ("votes", [vote...]): the archive in batches. With
    `sent` (the child's bookkeeping), each message also carries what the report gained."""
    prepare = Preparer(reader.html_kinds)

    def message(kind: str, batch: list) -> tuple:
        return (kind, batch) if sent is None else (kind, batch, sent.delta(report))

    batch: list[Any] = []
    for post in reader.posts(paths, report):
        batch.append(prepare(post))
        if len(batch) >= batch_size:
            yield message("posts", batch)
            batch = []
    if batch:
        yield message("posts", batch)
    batch = []
    for vote in reader.votes(paths):
        batch.append(vote)
        if len(batch) >= VOTE_BATCH_SIZE:
            yield message("votes", batch)
            batch = []
    if batch:
        yield message("votes", batch)


def _child(out: multiprocessing.Queue, reader: Reader, paths: list[Path], batch_size: int) -> None:
    # The parent's handlers are not this process's business (a worker's graceful stop on
    # SIGTERM, say): the defaults end it when its parent's import ends.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    report = ReadReport()
    sent = _Sent()
    try:
        for message in _messages(reader, paths, report, batch_size, sent):
            out.put(message)
        out.put(("end", None, (*sent.delta(report), report.authors)))
    except BaseException as error:
        out.put(("error", _portable(error), sent.delta(report)))
    finally:
        out.close()
        out.join_thread()


class _Sent:
    """What the child has sent of its report, so that each message carries only what the
    report gained since: counts as differences (the parent counts too: orphans), the skipped
    items, notes and files added."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.skipped = self.notes = self.files = 0

    def delta(self, report: ReadReport) -> tuple:
        counts = {
            key: value - self.counts.get(key, 0)
            for key, value in report.counts.items()
            if value != self.counts.get(key, 0)
        }
        delta = (
            counts,
            report.skipped[self.skipped :],
            report.notes[self.notes :],
            report.files[self.files :],
        )
        self.counts = dict(report.counts)
        self.skipped, self.notes = len(report.skipped), len(report.notes)
        self.files = len(report.files)
        return delta


def _apply(report: ReadReport, delta: tuple) -> None:
    counts, skipped, notes, files, *authors = delta
    report.counts.update(counts)
    report.skipped.extend(skipped)
    report.notes.extend(notes)
    report.files.extend(files)
    if authors:
        report.authors = authors[0]


def _portable(error: BaseException) -> BaseException:
    """The child's exception as the parent can receive it, its traceback as a note."""
    error.add_note("In the process reading the archive:\n" + "".join(traceback.format_exc()))
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 (our own object, round-tripped)
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}\n{error.__notes__[-1]}")
    return error
