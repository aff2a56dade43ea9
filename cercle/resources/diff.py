"""The differences between two versions of a wiki page, line by line (difflib).

The result is data — which lines were removed, added or kept — that the template renders with
Django's escaping: a text never becomes HTML on the way, whatever it contains.
"""

import difflib
from dataclasses import dataclass

CONTEXT = 3


@dataclass(frozen=True)
class Line:
    op: str  # "same", "removed", "added", or "gap" (unchanged lines left out)
    text: str = ""
    old: int | None = None  # line numbers, from 1
    new: int | None = None


def diff_lines(old: str, new: str, *, context: int = CONTEXT) -> list[Line]:
    """The changed lines with `context` unchanged ones around them; [] if nothing changed."""
    a = (old or "").splitlines()
    b = (new or "").splitlines()
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for n, group in enumerate(matcher.get_grouped_opcodes(context)):
        if n or group[0][1] > 0 or group[0][3] > 0:
            lines.append(Line("gap"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(
                    Line("same", a[i], old=i + 1, new=j + 1)
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            if tag in ("replace", "delete"):
                lines.extend(Line("removed", a[i], old=i + 1) for i in range(i1, i2))
            if tag in ("replace", "insert"):
                lines.extend(Line("added", b[j], new=j + 1) for j in range(j1, j2))
    if lines and lines[-1].op == "same" and lines[-1].old is not None and lines[-1].old < len(a):
        lines.append(Line("gap"))
    if not any(line.op in ("removed", "added") for line in lines):
        return []
    return lines


def counts(lines: list[Line]) -> tuple[int, int]:
    """How many lines were added and removed."""
    added = sum(1 for line in lines if line.op == "added")
    removed = sum(1 for line in lines if line.op == "removed")
    return added, removed
