"""The progress bar of ``analyze``: a "loading model" step first, then documents with a rate and an honest ETA.

The ETA divides the documents left by the rate measured since the first results arrived, so the model's
load time (tens of seconds on a busy machine) does not make the first estimate far off; before any
result it says so instead of guessing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

# Terminals at least this wide also show words per second.
WIDE = 100
# Results needed before an ETA is shown (a first batch can be unrepresentative).
MIN_DONE_FOR_ETA = 2


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


@dataclass
class Rate:
    """Documents done since the analysis began (after the model load), and the rate and ETA they give."""

    total: int | None
    started: float | None = None
    base: int = 0  # documents done when the clock started (skipped ones of a resumed run)
    done: int = 0

    def begin(self, now: float, done: int = 0) -> None:
        if self.started is None:
            self.started, self.base = now, done

    def per_second(self, now: float) -> float | None:
        if self.started is None or self.done - self.base < MIN_DONE_FOR_ETA or now <= self.started:
            return None
        return (self.done - self.base) / (now - self.started)

    def eta(self, now: float) -> str:
        rate = self.per_second(now)
        if self.total is None:
            return ""
        if rate is None:
            return "ETA after the first results"
        return "ETA " + _clock(max(self.total - self.done, 0) / rate)


class EtaColumn(ProgressColumn):
    """The ETA recomputed at every refresh from the measured rate (it keeps moving between batches)."""

    def __init__(self, rate: Rate) -> None:
        super().__init__()
        self.rate = rate

    def render(self, task: Task) -> Text:
        return Text(self.rate.eta(time.perf_counter()) if not task.finished else "")


class RunProgress:
    """A rich progress bar on stderr that starts with the model load."""

    def __init__(self, console: Console, total: int | None, workers: int = 1) -> None:
        self.rate = Rate(total)
        self.bar = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}[/bold]"), BarColumn(bar_width=24),
                            MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                            EtaColumn(self.rate), console=console, transient=False)
        what = "loading model" if workers == 1 else f"loading model in {workers} workers"
        self.task: TaskID = self.bar.add_task(what, total=None, rate="")
        self.total = total
        self.loaded = False

    def start(self) -> None:
        self.bar.start()

    def model_loaded(self) -> None:
        """The model is loaded: the bar now counts documents and the ETA clock starts."""
        if not self.loaded:
            self.loaded = True
            self.rate.begin(time.perf_counter(), self.rate.done)
            self.bar.update(self.task, description="analyse", total=self.total)

    def advance(self, n: int, words: int, analysed: int) -> None:
        """``n`` more documents done (analysed, failed or skipped); ``words``/``analysed`` are the run's totals."""
        now = time.perf_counter()
        if n and not self.loaded and analysed:
            self.model_loaded()
        self.rate.done += n
        secs = max(now - (self.rate.started or now), 1e-9)
        speed = f"{analysed / secs:,.1f} docs/s" if self.rate.started and analysed else ""
        if speed and self.bar.console.width >= WIDE:
            speed += f" {words / secs:,.0f} words/s"
        self.bar.update(self.task, advance=n, rate=speed)

    def stop(self) -> None:
        if self.total is not None:
            self.bar.update(self.task, total=max(self.total, self.rate.done), completed=self.rate.done)
        self.bar.stop()
