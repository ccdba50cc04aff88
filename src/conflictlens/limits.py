"""Per-document limits: a time budget and input-shape guards, so one document cannot stall a batch.

* :func:`check_shape` refuses text with a run of one repeated character (16,000 ``(`` in a row cost the
  tokenizer half a minute) before it is parsed, and :func:`check_entities` a parse with more named entities
  than any article has (repeated place sentences pasted thousands of times).
* :class:`Deadline` stops a document that has used ``time_budget`` seconds of CPU: with a CPU-time alarm where
  the process allows one (the main thread of a POSIX process, no alarm of the caller's pending), and otherwise
  between stages. CPU time, not wall time: a busy machine, or more workers than cores, must not fail a document
  that passes on a quiet one (one worker and N workers give the same events).

Each failure is a :class:`~conflictlens.errors.LimitError` for that document only; ``Pipeline.pipe`` and the CLI
report it and go on with the next document.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from types import FrameType

from .errors import LimitError

_RUN_CACHE: dict[int, re.Pattern[str]] = {}


def _run_pattern(length: int) -> re.Pattern[str]:
    pattern = _RUN_CACHE.get(length)
    if pattern is None:
        pattern = _RUN_CACHE[length] = re.compile(r"(\S)\1{%d,}" % (length - 1))
    return pattern


def check_shape(text: str, *, max_run: int, doc_id: str | None = None) -> None:
    """Raise :class:`LimitError` when ``text`` repeats one non-space character more than ``max_run`` times in a row
    (0 turns the check off)."""
    if max_run <= 0 or len(text) <= max_run:
        return
    match = _run_pattern(max_run + 1).search(text)
    if match is not None:
        run = len(match.group(0))
        raise LimitError(f"a run of {run:,} {match.group(1)!r} characters at offset {match.start():,} "
                         f"(over max_char_run = {max_run:,}); not text worth parsing", doc_id=doc_id)


def check_entities(count: int, *, max_entities: int, doc_id: str | None = None) -> None:
    """Raise :class:`LimitError` when a parse found more than ``max_entities`` named entities (0: no limit)."""
    if max_entities > 0 and count > max_entities:
        raise LimitError(f"{count:,} named entities, over max_entities = {max_entities:,} (too many place and actor "
                         "candidates to resolve in time)", doc_id=doc_id)


class Deadline:
    """``with Deadline(seconds, doc_id):`` raises :class:`LimitError` once the process has used ``seconds`` of CPU.

    The alarm interrupts Python code anywhere (not inside one long C call, which the shape guards prevent);
    where no alarm can be set, :meth:`check` between stages does the same job later.
    """

    def __init__(self, seconds: float, doc_id: str | None = None) -> None:
        self.seconds = seconds
        self.doc_id = doc_id
        self.started = 0.0
        self._previous: object = None
        self._armed = False

    def __enter__(self) -> Deadline:
        self.started = time.process_time()
        if self.seconds > 0 and _can_alarm():
            self._previous = signal.signal(signal.SIGPROF, self._expired)
            signal.setitimer(signal.ITIMER_PROF, self.seconds)
            self._armed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, self._previous)  # type: ignore[arg-type]
            self._armed = False

    @property
    def elapsed(self) -> float:
        return time.process_time() - self.started

    def check(self) -> None:
        """Raise :class:`LimitError` if the budget is spent (the fallback when no alarm is armed)."""
        if self.seconds > 0 and self.elapsed > self.seconds:
            self._fail()

    def _expired(self, signum: int, frame: FrameType | None) -> None:  # noqa: ARG002 - signal handler signature
        self._fail()

    def _fail(self) -> None:
        raise LimitError(f"took more than {self.seconds:g} s of CPU (time_budget); stopped", doc_id=self.doc_id)


def _can_alarm() -> bool:
    """A CPU-time alarm is ours to set: POSIX, main thread, and no profiling timer of the caller's pending."""
    return (hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_PROF)[0] == 0
            and signal.getsignal(signal.SIGPROF) in (signal.SIG_DFL, signal.SIG_IGN, None))
