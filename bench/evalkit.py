"""Small helpers shared by the benchmarks (case2021.py, acled_notes.py, fakes.py, re3d.py, the rankers' training).

Standard library only; conflictlens is imported lazily by :func:`load_pipeline`, so ``--help`` and the skip path
(``../shared`` absent) work without it. Never copies anything from ``../shared``: the data are read in place.
"""

from __future__ import annotations

import importlib.util
import random
import signal
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# ../shared beside the checkout; a git worktree one level deeper (wt/<name>) finds it beside its parent.
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")
SHARED_DATA = SHARED / "data"


def missing(path: Path, what: str) -> bool:
    """True (after printing a note) when a ../shared input is absent: the caller then exits 0."""
    if path.exists():
        return False
    print(f"note: {what} not found at {path} (../shared is absent on a user's machine); skipped", file=sys.stderr)
    return True


def ensure_conflictlens() -> None:
    """Put the repository's ``src`` on sys.path, only when conflictlens is not importable already."""
    if importlib.util.find_spec("conflictlens") is None:
        sys.path.insert(0, str(ROOT / "src"))


def load_pipeline(event_threshold: float | None = None):
    """One :class:`conflictlens.pipeline.Pipeline` (built once per script); ``event_threshold`` overrides the
    verifier's (0: every candidate, as ``extract --candidates``)."""
    ensure_conflictlens()
    from conflictlens.config import load_settings
    from conflictlens.pipeline import Pipeline

    if event_threshold is None:
        return Pipeline()
    return Pipeline(load_settings().with_overrides(event_threshold=event_threshold))


def add_threshold_option(parser) -> None:  # type: ignore[no-untyped-def]
    """``--threshold``, the verifier threshold a benchmark runs with (see :func:`load_pipeline`)."""
    parser.add_argument("--threshold", type=float, default=None,
                        help="override event_threshold; 0 reads each text as a classification: the best candidate "
                             "whatever the verifier thinks of it (the shipped threshold decides by default)")


#: Seconds one document may take before it is given up (a hung document must not stop a benchmark).
DEFAULT_TIMEOUT = 10.0


class DocumentTimeout(BaseException):
    """Raised inside the pipeline by the alarm of :func:`safe_extract` (a BaseException, so that no
    ``except Exception`` inside the pipeline swallows it)."""


def rules_pipeline_and_training_fold(model_module, limit: int = 0) -> tuple:
    """A pipeline with ``model_module``'s learned ranker switched off (its ``default_model`` gives none, so the rules
    choose), and our corpus' training-fold articles (the first ``limit`` when given): what a ranker trains on."""
    ensure_conflictlens()
    from conflictlens.learn.corpus import load_corpus
    from conflictlens.pipeline import Pipeline

    model_module.default_model = lambda: None
    articles = [a for a in load_corpus() if not a.heldout]
    return Pipeline(), articles[:limit] if limit else articles


def matched_training_mentions(pipeline, articles: list, until: str):
    """Our corpus' ``articles`` through ``pipeline`` up to the stage ``until``, each typed event mention matched to
    a gold event: yields (article, doc, mention, gold index); progress on stderr every 100 articles. What the
    rankers' training scripts (train_attach.py, train_roles.py) read."""
    ensure_conflictlens()
    from conflictlens.learn.gold import match_events
    from conflictlens.model import Article

    for n, a in enumerate(articles):
        if n % 100 == 0:
            print(f"  {n}/{len(articles)}", file=sys.stderr)
        doc = pipeline.run(Article(text=a.text, id=a.id, title=a.title, published=a.published, publisher=a.publisher),
                           until=until)
        if doc.text != a.text:
            continue  # offsets would not index the gold
        sents = [(s.start_char, s.end_char) for s in doc.sentences()]
        mentions = [m for m in doc.event_mentions if m.event_type]
        found = [(m.event_type, m.trigger_start, sents[m.sent]) for m in mentions]
        for m, g in zip(mentions, match_events(a, found)):
            if g is not None:
                yield a, doc, m, g


def _alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise DocumentTimeout


def call_with_timeout(func, timeout: float | None = DEFAULT_TIMEOUT) -> tuple[object, str]:
    """(func(), error message): a call that raises or takes longer than ``timeout`` seconds returns (None, the
    error) instead, for reporting. The timeout uses SIGALRM (main thread, Unix); elsewhere, or with ``timeout``
    None/0, there is none."""
    use_alarm = bool(timeout) and hasattr(signal, "setitimer")
    previous = signal.signal(signal.SIGALRM, _alarm) if use_alarm else None
    try:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        return func(), ""
    except DocumentTimeout:
        return None, f"timeout: gave up after {timeout:g} s"
    except Exception as e:  # noqa: BLE001 - a benchmark must go on; the error is counted and printed
        return None, f"{type(e).__name__}: {e}"
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def safe_extract(pipeline, text: str, *, timeout: float | None = DEFAULT_TIMEOUT, **fields) -> tuple[list, str]:
    """(events, error message): a document whose processing fails or takes longer than ``timeout`` seconds
    counts as "no events", and the error is returned for reporting (see :func:`call_with_timeout`)."""
    events, error = call_with_timeout(lambda: list(pipeline.extract(text, **fields)), timeout)
    return (events or []), error


def failures_note(errors: list[str], total: int, what: str = "documents") -> str:
    """One sentence on documents that timed out or failed (counted as "no events" in every score)."""
    errors = [e for e in errors if e]
    timed_out = sum(e.startswith("timeout") for e in errors)
    if not errors:
        return f"All {total} {what} processed without error or timeout."
    return (f"{timed_out} of {total} {what} timed out and {len(errors) - timed_out} failed; they count as "
            "\"no events\" above (details on stderr).")


def acled_typed(events: list) -> list:
    """Events with an ACLED event type (PLOVER-only events, e.g. accusations, have event_type "")."""
    return [e for e in events if e.event_type]


def top_event(events: list):
    """The ACLED-typed event with the highest confidence (the first one on ties), or None."""
    typed = acled_typed(events)
    return max(typed, key=lambda e: e.confidence) if typed else None


def sample(rows: list, limit: int | None, seed: int) -> list:
    """A fixed-seed random sample of ``limit`` rows in their original order (all rows when limit is None/too big)."""
    if not limit or limit >= len(rows):
        return list(rows)
    picked = sorted(random.Random(seed).sample(range(len(rows)), limit))
    return [rows[i] for i in picked]


def pct(n: float, d: float) -> str:
    """n/d in percent with one decimal, "–" for d == 0."""
    return f"{100 * n / d:.1f}" if d else "–"


def _numeric(cell: str) -> bool:
    try:
        float(cell.rstrip("%"))
        return True
    except ValueError:
        return cell in ("", "–")


def render(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    """A table as markdown, or as aligned plain text: numeric columns right-aligned, the others left-aligned."""
    rows = [[str(c) for c in row] for row in rows]
    right = [i > 0 and all(_numeric(r[i]) for r in rows) for i in range(len(header))]
    if markdown:
        rule = "|" + "|".join("---:" if r else "---" for r in right) + "|"
        return "\n".join(["| " + " | ".join(header) + " |", rule] + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(x) for x in col) for col in zip(header, *rows)]

    def line(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if right[i] else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def short(text: str, width: int = 220) -> str:
    """One line of at most ``width`` characters, for example snippets in -v output."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


class Progress:
    """A progress line on stderr every ``every`` documents (only when stderr is a terminal or ``force``)."""

    def __init__(self, total: int, label: str, every: int = 50, force: bool = False) -> None:
        self.total, self.label, self.every = total, label, every
        self.show = force or sys.stderr.isatty()
        self.start = time.perf_counter()
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.show and (self.done % self.every == 0 or self.done == self.total):
            rate = self.done / max(1e-9, time.perf_counter() - self.start)
            print(f"  {self.label}: {self.done}/{self.total} ({rate:.1f} docs/s)", file=sys.stderr)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.start
