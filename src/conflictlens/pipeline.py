"""The pipeline: registered stages run in order over one :class:`Doc` per article.

The model and the resources are loaded once per :class:`Pipeline`, so ``pipe`` over a batch pays the
start-up cost only once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .config import Settings, load_settings
from .document import Doc
from .errors import ConflictLensError, PipelineError, ResourceError, StageError
from .files import atomic_open, safe_component
from .limits import Deadline
from .model import Article, Event
from .registry import StageFn, StageSpec, get_stage
from .resources import Resources
from .serialize import to_jsonable

log = logging.getLogger(__name__)

ALWAYS_PRESENT = frozenset({"article"})


@dataclass(frozen=True)
class Outcome:
    """The result of one article in a batch: its events, or the error that stopped it."""

    article: Article
    events: list[Event]
    error: ConflictLensError | None = None


def check_order(specs: list[StageSpec]) -> None:
    """Raise :class:`PipelineError` if a stage requires something no earlier stage assigns."""
    available = set(ALWAYS_PRESENT)
    for spec in specs:
        missing = [r for r in spec.requires if r not in available]
        if missing:
            raise PipelineError(f"stage {spec.name!r} requires {', '.join(missing)}, which no earlier stage assigns")
        available.update(spec.assigns)


class Pipeline:
    """Article -> events. Build once, call many times.

    >>> pipeline = Pipeline()                                  # doctest: +SKIP
    >>> events = pipeline.extract("Gunmen attacked ...", published="2024-03-01")  # doctest: +SKIP
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        resources: Resources | None = None,
        dump_dir: str | Path | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self.resources = resources or Resources.from_settings(self.settings)
        self.specs = [get_stage(name) for name in self.settings.stages]
        check_order(self.specs)
        self.stages: list[tuple[StageSpec, StageFn]] = [(s, s.factory(self.resources)) for s in self.specs]
        self.dump_dir = Path(dump_dir) if dump_dir else None

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.specs]

    def run(self, article: Article, *, until: str | None = None) -> Doc:
        """Run the stages over one article and return the working document.

        ``until`` names the last stage to run (e.g. "places" for geoparsing only).
        """
        if until is not None and until not in self.stage_names:
            raise PipelineError(f"unknown stage {until!r}; stages: {', '.join(self.stage_names)}")
        from .ingest.fields import check_article

        doc = Doc(article=check_article(article))
        with Deadline(self.settings.time_budget, article.id) as deadline:
            for spec, stage in self.stages:
                doc = self._run_stage(doc, spec, stage, deadline)
                if spec.name == until:
                    break
        return doc

    def _run_stage(self, doc: Doc, spec: StageSpec, stage: StageFn, deadline: Deadline) -> Doc:
        """One stage over ``doc``, its errors tagged with the document and stage."""
        article = doc.article
        started = time.perf_counter()
        try:
            result = stage(doc)
            deadline.check()
        except ConflictLensError as e:
            e.doc_id = e.doc_id or article.id
            e.stage = e.stage or spec.name
            raise
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, LookupError, RecursionError) as e:
            # A bug in a stage must name the document and stage, and must not end a whole batch.
            raise StageError(f"{type(e).__name__}: {e}", doc_id=article.id, stage=spec.name) from e
        if not isinstance(result, Doc):
            raise PipelineError(f"stage {spec.name!r} returned {type(result).__name__}, not Doc", stage=spec.name)
        result.assigned.update(spec.assigns)
        log.debug("%s: stage %s took %.1f ms", article.id, spec.name, 1000 * (time.perf_counter() - started))
        if self.dump_dir is not None:
            self._dump(result, spec)
        return result

    def extract(self, text: str | Article, **article_fields: object) -> list[Event]:
        """Events of one text (or :class:`Article`). Keyword arguments fill the article (published, publisher...)."""
        article = text if isinstance(text, Article) else make_article(text, max_chars=self.settings.max_chars, **article_fields)
        return self.run(article).events

    def pipe(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        """Process a batch; a failing article yields an :class:`Outcome` with its error and the batch goes on."""
        for article in articles:
            try:
                with self._memory_zone():
                    events = self.run(article).events
            except ConflictLensError as e:
                log.info("%s", e)  # the caller reports it (the CLI: one error line per document)
                yield Outcome(article, [], e)
            else:
                yield Outcome(article, events)

    def _memory_zone(self) -> contextlib.AbstractContextManager:
        """spaCy's ``memory_zone`` (≥ 3.8): the strings and lexemes one document adds to the vocabulary are freed
        after it, so a long batch keeps a flat memory. Only ``pipe`` uses it: its outcomes hold plain records,
        while ``run`` returns the spaCy parse, which must outlive the call."""
        if "parse" not in self.stage_names:
            return contextlib.nullcontext()
        zone = getattr(self.resources.nlp, "memory_zone", None)
        return zone() if zone is not None else contextlib.nullcontext()

    def _dump(self, doc: Doc, spec: StageSpec) -> None:
        if self.dump_dir is None:
            return
        # The id comes from the input: made one safe path component, so "../x", "/abs" or NUL cannot escape DIR.
        folder = self.dump_dir / safe_component(doc.id)
        index = self.stage_names.index(spec.name) + 1
        payload = {name: to_jsonable(getattr(doc, name)) for name in spec.assigns if name != "nlp"}
        if "nlp" in spec.assigns and doc.nlp is not None:
            payload["sentences"] = [
                {"start": s.start_char, "end": s.end_char, "text": s.text} for s in doc.nlp.sents
            ]
            payload["entities"] = [
                {"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text} for e in doc.nlp.ents
            ]
        path = folder / f"{index:02d}-{spec.name}.json"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with atomic_open(path, "w", encoding="utf-8") as stream:
                json.dump(payload, stream, ensure_ascii=False, indent=2)
        except OSError as e:
            raise ResourceError(f"cannot write {path}: {e.strerror or e}", doc_id=doc.id, stage=spec.name) from e


def make_article(text: str, *, max_chars: int | None = None, **fields: object) -> Article:
    """Build an :class:`Article` with the checks every reader applies (:func:`~conflictlens.ingest.fields.build_article`).

    Raises :class:`InputError` for a text or field of the wrong type, unusable text or an unreadable date.
    """
    from .ingest.fields import build_article

    name = fields.get("id") if isinstance(fields.get("id"), str) and fields.get("id") else "<text>"
    limit = max_chars if max_chars is not None else load_settings().max_chars
    return build_article(text, name=str(name), max_chars=limit, fields={k: v for k, v in fields.items() if v is not None})
