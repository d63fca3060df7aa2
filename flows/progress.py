"""What a run on a terminal shows while it works: the phase it is in from the first second, then a bar.

The pipeline reports through the "newsfacts" logger, as anywhere else (CI logs, a scheduler);
records that carry ``extra={"phase": ...}`` name a start-up or closing phase, records that
carry ``extra={"done": n, "total": t, "rate": files/s, "eta": s}`` count files through extraction. On a terminal the
command line puts ``LiveProgress`` on that logger: a rich progress display with the phase,
files done, rate, elapsed time and ETA; every other record prints above it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def phase(log: logging.Logger, text: str) -> None:
    """Say which phase the run is in ('starting the Prefect server'), for a terminal's progress display and the log."""
    log.info("%s", text, extra={"phase": text})


class LiveProgress(logging.Handler):
    """A logging handler that draws the run's progress on a terminal (``start`` / ``stop`` around the run)."""

    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        super().__init__(logging.INFO)
        self.console = console or Console(stderr=True)
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", style="bold", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}", markup=False),
            TimeElapsedColumn(),
            TextColumn("{task.fields[eta]}", markup=False),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("starting", total=None, rate="", eta="")

    def start(self) -> LiveProgress:
        self.progress.start()
        return self

    def stop(self) -> None:
        self.progress.stop()

    def emit(self, record: logging.LogRecord) -> None:
        done, total = getattr(record, "done", None), getattr(record, "total", None)
        if done is not None and total is not None:
            rate, eta = getattr(record, "rate", 0.0), getattr(record, "eta", 0.0)
            self.progress.update(
                self.task,
                description="extracting",
                completed=done,
                total=max(total, 1),
                rate=f"{rate:.1f} files/s" if rate else "",
                eta=f"ETA {eta:.0f}s" if done < total else "",
            )
            return
        text = getattr(record, "phase", None)
        if text is not None:
            self.progress.update(self.task, description=text)
            return
        from rich.text import Text

        self.progress.console.print(Text(self.format(record)))  # a Text: never markup or emoji codes
