"""A progress bar for the console, fed by run_import's `progress(done, total)` callback.

On a terminal it redraws one line; elsewhere (a log file, CI) it writes a line every few
seconds, so that a long import still shows it is alive without filling the log.
"""

from __future__ import annotations

import time
from typing import TextIO

from django.utils.translation import gettext as _

WIDTH = 30


class ProgressBar:
    def __init__(self, stream: TextIO, *, interval: float | None = None) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.2 if self.tty else 5.0)
        self.started = time.monotonic()
        self.shown = 0.0
        self.drawn = False

    def start(self, what: str) -> None:
        self.stream.write(what + "\n")
        self.stream.flush()

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.shown < self.interval and done != total:
            return
        self.shown = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        if total:
            share = min(done / total, 1.0)
            bar = "#" * int(WIDTH * share)
            left = (total - done) / rate if rate and done < total else 0
            line = _("[%(bar)s] %(done)s/%(total)s posts, %(rate)s/s, %(left)d s left") % {
                "bar": bar.ljust(WIDTH),
                "done": f"{done:,}",
                "total": f"{total:,}",
                "rate": f"{rate:,.0f}",
                "left": left,
            }
        else:
            line = _("%(done)s posts, %(rate)s/s") % {"done": f"{done:,}", "rate": f"{rate:,.0f}"}
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
            self.drawn = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
