"""What a run on a terminal shows while it works: the phase it is in from the first second, then a bar.

The pipeline reports through the "newsfacts" logger, as anywhere else (CI logs, a scheduler);
records that carry ``extra={"phase": ...}`` name a start-up or closing phase, records that
carry ``extra={"done": n, "total": t, "rate": files/s, "eta": s}`` count files loaded (0 of N as loading
starts, then after each batch). On a terminal the command line puts ``LiveProgress`` on that logger
and on ``listeners``: a rich progress display with the stage at work (reading, extracting,
loading, ...), files done, rate, elapsed time and ETA; every other record prints above it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# (event, stage) callbacks, event "start" or "end", called by each stage of a run (flows/stages.py: Run.stage):
# a terminal's display labels its bar with the stage at work; the tests kill or hold a run at a stage.
StageListener = Callable[[str, str], None]
listeners: list[StageListener] = []

# What the bar says while a stage works on a batch.
STAGE_LABELS = {
    "discover": "discovering files", "read": "reading", "extract": "extracting", "transform": "tabulating",
    "load": "loading", "quotes": "linking quotes", "validate": "validating", "publish": "publishing",
}  # fmt: skip


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
        listeners.append(self.on_stage)
        self.progress.start()
        return self

    def stop(self) -> None:
        if self.on_stage in listeners:
            listeners.remove(self.on_stage)
        self.progress.stop()

    def on_stage(self, event: str, stage: str) -> None:
        """A stage started: the bar says which (the files counted so far stay)."""
        if event == "start":
            self.progress.update(self.task, description=STAGE_LABELS.get(stage, stage))

    def emit(self, record: logging.LogRecord) -> None:
        done, total = getattr(record, "done", None), getattr(record, "total", None)
        if done is not None and total is not None:
            rate, eta = getattr(record, "rate", 0.0), getattr(record, "eta", 0.0)
            self.progress.update(
                self.task,
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
