"""The kinds of archive `cercle import KIND ...` knows, each with its reader.

A reader is named by its dotted path and imported when used, so that adding a kind is one line
here. It is called as `reader(paths, report=report)` with the list of paths given (or, for
`single_source` readers, the one path) and yields `ArchivePost`s, parents before their children,
filling the `ReadReport`; it raises `ArchiveError` for an archive it cannot read at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .readers import ArchiveError, ArchivePost, ReadReport


@dataclass(frozen=True)
class Reader:
    """How to read one kind of archive."""

    read: str  # dotted path of `reader(paths, *, report) -> Iterable[ArchivePost]`
    # The reader takes one path (a dump folder) rather than a list of files and folders.
    single_source: bool = False
    # Kinds of post whose body is HTML (sanitised, not escaped); other bodies are plain text.
    html_kinds: frozenset[str] = field(default_factory=frozenset)
    # Dotted path of `upvotes(path) -> Iterable[(post source_id, datetime)]`: "useful" reactions.
    upvotes: str | None = None

    def posts(self, paths: list[Path], report: ReadReport) -> Iterator[ArchivePost]:
        reader = import_string(self.read)
        if self.single_source:
            if len(paths) != 1:
                raise ArchiveError(_("This kind of archive is one folder: give exactly one."))
            return iter(reader(paths[0], report=report))
        return iter(reader(paths, report=report))

    def votes(self, paths: list[Path]) -> Iterable[tuple[str, datetime]]:
        if self.upvotes is None:
            return ()
        upvotes: Callable[..., Iterable[tuple[str, datetime]]] = import_string(self.upvotes)
        return upvotes(paths[0]) if self.single_source else upvotes(paths)


READERS: dict[str, Reader] = {
    "mbox": Reader("cercle.connectors.readers.read_mbox"),
    "stackexchange": Reader(
        "cercle.connectors.readers.read_stackexchange",
        single_source=True,
        html_kinds=frozenset({"question", "answer"}),
        upvotes="cercle.connectors.readers.read_stackexchange_upvotes",
    ),
    # Each perceval item says what its body is (ArchivePost.body_format).
    "perceval": Reader(
        "cercle.connectors.readers.read_perceval",
        upvotes="cercle.connectors.readers.read_perceval_upvotes",
    ),
    "csv": Reader("cercle.connectors.readers.read_csv"),
}


def get_reader(kind: str) -> Reader:
    try:
        return READERS[kind]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise ArchiveError(
            _("Unknown kind of archive %(kind)r: choose one of %(known)s.")
            % {"kind": kind, "known": known}
        ) from None
