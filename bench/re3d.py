"""re3d: precision and recall of linking re3d's Organisation mentions to knowledge-base entries.

Data: ``../shared/data/re3d/<source>/{documents.json,entities.json}`` (Dstl's re3d, mongoexport JSON lines; 7 source
folders, 98 documents about the Syria/Iraq conflict). Read in place, never copied. re3d gives Organisation spans but
no identities; the gold identities are ours: ``bench/data/re3d_links.yaml`` maps each distinct Organisation surface
string to a knowledge-base id, a state force ("Military Forces of Iraq"), a government ("Government of Syria"),
``missing`` (an armed group the KB lacks), ``null`` (not an actor the KB should hold) or ``context`` / ``context:<x>``
(pronouns and generic descriptions; see the file's header for the rules).

Each document goes through ``Pipeline.run(article, until="actors")`` and its ``doc.actor_mentions`` are aligned to
the gold spans one-to-one, best character overlap first (overlap / union of the two spans; re3d's offsets index the
document text exactly, which the script checks). Normalisation keeps the text's length, so our offsets are the
document's. Scores, per source folder and overall:

- **KB linking** (headline): precision = of our knowledge-base links (``actor.kb_id``) on gold spans that are
  scored (every class but ``context``), the share that are the gold id; recall = of gold spans whose gold is a KB id,
  the share we link to that id; F1. Islamic State strings are gold ``islamic_state``; its Syrian and Iraqi branches
  (``is_syria``, ``is_iraq``), which the resolver picks by the article's country, count as right.
- **KB + state forces**: the same with the resolver's state forces (no kb_id, type state, "Military/Police Forces
  of X") as links too, scored against the gold state forces. A government span read as that country's state
  forces is not counted either way (shown apart).
- ``missing`` spans we flag ``unknown_to_kb``; false KB links on ``null``, ``missing`` and government spans;
  ``context:<x>`` spans linked to <x>; our links that fall on no scored Organisation span.

re3d marks some spans inside others ("ISIL" inside "ISIL tactical units"); an inner span that starts where its outer
span starts, or has the same gold value, is dropped so that the pair is scored once.

re3d has no dev/test split in ../shared/README.md, so the numbers are reported on all documents (``--split all``,
the default). For tuning and looking at errors use the dev subset only: ``--split dev`` = documents whose index
(source folders in name order, documents in file order) % 10 < 3; ``--split test`` = the rest.

    python bench/re3d.py [--split all|dev|test] [--markdown] [-v] [--top 12] [--timeout S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalkit import (  # noqa: E402
    BENCH, DEFAULT_TIMEOUT, SHARED_DATA, Progress, call_with_timeout, failures_note, load_pipeline, missing, render,
    short,
)
from scorer import prf  # noqa: E402

DATA = SHARED_DATA / "re3d"
GOLD = BENCH / "data" / "re3d_links.yaml"
#: A gold id -> the ids that count as right for it (the resolver names a branch from the article's country).
ACCEPT = {"islamic_state": {"islamic_state", "is_syria", "is_iraq"}}
STATE_PREFIXES = ("Military Forces of ", "Police Forces of ")
SCORED = ("kb", "state", "government", "missing", "null")


def norm(value: str) -> str:
    """A surface string as a gold key: stripped, inner whitespace collapsed, case kept."""
    return " ".join(value.split())


# -- gold ---------------------------------------------------------------------------------------------------------
def classify(value: object, kb_ids: set[str]) -> tuple[str, str]:
    """(class, target) of a gold value: kb, state, government, missing, null, context or context_ref."""
    if value is None:
        return "null", ""
    value = str(value)
    if value in ("missing", "context"):
        return value, ""
    if value.startswith("context:"):
        target = value.split(":", 1)[1].strip()
        if not (target in kb_ids or target.startswith(STATE_PREFIXES) or target.startswith("Government of ")):
            raise ValueError(f"unknown context target {target!r}")
        return "context_ref", target
    if value in kb_ids:
        return "kb", value
    if value.startswith(STATE_PREFIXES):
        return "state", value
    if value.startswith("Government of "):
        return "government", value
    raise ValueError(f"gold value {value!r} is no KB id, state force, government, missing, null or context")


def load_gold(path: Path, kb_ids: set[str]) -> dict[str, tuple[str, str]]:
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    gold = {}
    for key, value in raw.items():
        try:
            gold[norm(str(key))] = classify(value, kb_ids)
        except ValueError as e:
            raise SystemExit(f"{path}: {key!r}: {e}") from e
    return gold


# -- data ---------------------------------------------------------------------------------------------------------
@dataclass
class Span:
    start: int
    end: int
    value: str
    cls: str = ""
    target: str = ""


@dataclass
class Document:
    id: str
    source: str
    index: int
    title: str
    text: str
    spans: list[Span] = field(default_factory=list)
    others: list[tuple[int, int, str]] = field(default_factory=list)  # non-Organisation entities (start, end, type)


def json_lines(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def locate(text: str, start: int, end: int, value: str) -> tuple[int, int] | None:
    """The span of ``value`` at ``start``:``end`` (whitespace-insensitive), or its nearest occurrence within 50
    characters, or None."""
    if 0 <= start < end <= len(text) and norm(text[start:end]) == norm(value):
        return start, end
    pattern = re.compile(r"\s+".join(re.escape(w) for w in value.split()))
    hits = [m for m in pattern.finditer(text, max(0, start - 50), min(len(text), end + 50))]
    best = min(hits, key=lambda m: abs(m.start() - start), default=None)
    return None if best is None else (best.start(), best.end())


def read_corpus(root: Path) -> tuple[list[Document], Counter]:
    """Documents with their Organisation spans; counts of blank, relocated and dropped spans."""
    docs: list[Document] = []
    counts: Counter = Counter()
    for folder in sorted(p for p in root.iterdir() if (p / "documents.json").exists()):
        by_id = {}
        for raw in json_lines(folder / "documents.json"):
            doc = Document(raw["_id"], folder.name, len(docs), raw.get("title") or "", raw["text"])
            docs.append(doc)
            by_id[doc.id] = doc
        for ent in json_lines(folder / "entities.json"):
            doc = by_id.get(ent["documentId"])
            if doc is None:
                continue
            if ent["type"] != "Organisation":
                doc.others.append((ent["begin"], ent["end"], ent["type"]))
                continue
            if not ent["value"].strip():
                counts["blank"] += 1
                continue
            where = locate(doc.text, ent["begin"], ent["end"], ent["value"])
            if where is None:
                counts["dropped"] += 1
                continue
            counts["relocated"] += where != (ent["begin"], ent["end"])
            counts["exact"] += where == (ent["begin"], ent["end"])
            doc.spans.append(Span(where[0], where[1], norm(ent["value"])))
    return docs, counts


def drop_nested(spans: list[Span]) -> tuple[list[Span], int]:
    """Drop a span inside another that starts where the outer one starts or has the same gold value."""
    dropped = set()
    for i, inner in enumerate(spans):
        for j, outer in enumerate(spans):
            if i == j or j in dropped or not (outer.start <= inner.start and inner.end <= outer.end):
                continue
            if (outer.start, outer.end) == (inner.start, inner.end):
                continue
            if inner.start == outer.start or (inner.cls, inner.target) == (outer.cls, outer.target):
                dropped.add(i)
                break
    return [s for i, s in enumerate(spans) if i not in dropped], len(dropped)


def in_split(index: int, split: str) -> bool:
    if split == "all":
        return True
    return (index % 10 < 3) == (split == "dev")


# -- our side -----------------------------------------------------------------------------------------------------
@dataclass
class Link:
    """What one of our actor mentions says: its KB id, or its state force, or neither."""

    text: str
    start: int
    end: int
    kb: str
    state: str
    name: str
    unknown: bool
    how: str

    @property
    def any(self) -> str:
        return self.kb or self.state


def link_of(mention) -> Link:  # type: ignore[no-untyped-def]
    actor = mention.actor
    state = ""
    if not actor.kb_id and not actor.unknown_to_kb and actor.type is not None and actor.type.name == "STATE" \
            and actor.name.startswith(STATE_PREFIXES):
        state = actor.name
    how = getattr(mention.how, "name", str(mention.how)).lower()
    return Link(mention.text, mention.start, mention.end, actor.kb_id, state, actor.name, actor.unknown_to_kb, how)


def align(spans: list[Span], links: list[Link]) -> dict[int, Link]:
    """One-to-one, greedily by the number of shared characters (ties: overlap / union, then the mention with a
    link): "Lebanon's Hezbollah" goes to the gold "Hezbollah movement" rather than to the gold "Lebanon"."""
    pairs = []
    for i, s in enumerate(spans):
        for j, m in enumerate(links):
            inter = min(s.end, m.end) - max(s.start, m.start)
            if inter > 0:
                union = max(s.end, m.end) - min(s.start, m.start)
                pairs.append((inter, inter / union, bool(m.any), -j, i, j))
    pairs.sort(reverse=True)
    taken_s, taken_m, out = set(), set(), {}
    for *_, i, j in pairs:
        if i not in taken_s and j not in taken_m:
            out[i] = links[j]
            taken_s.add(i)
            taken_m.add(j)
    return out


# -- scoring ------------------------------------------------------------------------------------------------------
def right_kb(target: str, kb: str) -> bool:
    return bool(kb) and kb in ACCEPT.get(target, {target})


def government_reading(target: str, link: Link | None) -> bool:
    """Our link reads a government span as that country's state forces ("Government of Iraq" -> "Military Forces of
    Iraq"; the KRG -> the Peshmerga, whose KB name is "Military Forces of Iraq (Kurdistan Region)")."""
    if link is None or not link.any:
        return False
    country = target[len("Government of "):]
    return link.name in (f"Military Forces of {country}", f"Police Forces of {country}")


def right_any(cls: str, target: str, link: Link | None) -> bool:
    """Our link (KB id or state force) is the gold one; for a government target, its state forces."""
    if link is None or not link.any:
        return False
    if target.startswith("Government of "):
        return government_reading(target, link)
    if target.startswith(STATE_PREFIXES):
        return not link.kb and link.state == target
    return right_kb(target, link.kb)


@dataclass
class Row:
    """One scored gold span with what we said about it."""

    doc: Document
    span: Span
    link: Link | None

    @property
    def kb(self) -> str:
        return self.link.kb if self.link else ""

    @property
    def any(self) -> str:
        return self.link.any if self.link else ""


@dataclass
class Tally:
    docs: int = 0
    errors: int = 0
    rows: list[Row] = field(default_factory=list)
    outside: list[tuple[Document, Link, str]] = field(default_factory=list)

    def of(self, *classes: str) -> list[Row]:
        return [r for r in self.rows if r.span.cls in classes]

    def kb_counts(self) -> tuple[int, int, int]:
        """(gold KB spans, our KB links on scored spans, right links)."""
        gold = len(self.of("kb"))
        readings = sum(bool(r.kb) and government_reading(r.span.target, r.link) for r in self.of("government"))
        links = sum(bool(r.kb) for r in self.of(*SCORED)) - readings
        right = sum(right_kb(r.span.target, r.kb) for r in self.of("kb"))
        return gold, links, right

    def any_counts(self) -> tuple[int, int, int, int]:
        """(gold KB + state spans, our links on scored spans less government readings, right, government readings)."""
        gold = len(self.of("kb", "state"))
        readings = sum(government_reading(r.span.target, r.link) for r in self.of("government"))
        links = sum(bool(r.any) for r in self.of(*SCORED)) - readings
        right = sum(right_any(r.span.cls, r.span.target, r.link) for r in self.of("kb", "state"))
        return gold, links, right, readings


def merge(tallies: list[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        out.docs += t.docs
        out.errors += t.errors
        out.rows += t.rows
        out.outside += t.outside
    return out


def run(pipeline, docs: list[Document], gold: dict,  # type: ignore[no-untyped-def]
        timeout: float | None) -> tuple[dict[str, Tally], list, Counter]:
    """Run each document up to the actors stage and score it; tallies per source folder."""
    from conflictlens.model import Article

    tallies: dict[str, Tally] = defaultdict(Tally)
    failures, counts = [], Counter()
    progress = Progress(len(docs), "re3d", every=10)
    for doc in docs:
        tally = tallies[doc.source]
        tally.docs += 1
        article = Article(text=doc.text, id=doc.id, title=doc.title or None)
        result, error = call_with_timeout(lambda: pipeline.run(article, until="actors"), timeout)
        if error:
            tally.errors += 1
            failures.append((doc, error))
        links = [link_of(m) for m in (result.actor_mentions if result is not None else [])]
        for s in doc.spans:
            s.cls, s.target = gold.get(s.value, ("unannotated", ""))
        counts["unannotated"] += sum(s.cls == "unannotated" for s in doc.spans)
        spans, dropped = drop_nested([s for s in doc.spans if s.cls != "unannotated"])
        counts["nested"] += dropped
        aligned = align(spans, links)
        tally.rows += [Row(doc, s, aligned.get(i)) for i, s in enumerate(spans)]
        used = {id(link) for link in aligned.values()}
        for link in links:
            if link.any and id(link) not in used:
                kinds = sorted({t for a, b, t in doc.others if a < link.end and link.start < b}
                               | ({"Organisation"} if any(s.start < link.end and link.start < s.end
                                                          for s in doc.spans) else set()))
                tally.outside.append((doc, link, "/".join(kinds) or "none"))
        progress.step()
    return tallies, failures, counts


# -- report -------------------------------------------------------------------------------------------------------
def kb_row(name: str, t: Tally) -> list:
    gold, links, right = t.kb_counts()
    p, r, f = prf(right, links - right, gold - right)
    miss = t.of("missing")
    null = t.of("null")
    return [name, t.docs, len(t.rows), gold, links, right, f"{100 * p:.1f}", f"{100 * r:.1f}", f"{100 * f:.1f}",
            f"{sum(bool(r.link and r.link.unknown) for r in miss)}/{len(miss)}",
            f"{sum(bool(r.kb) for r in null)}/{len(null)}"]


def any_row(name: str, t: Tally) -> list:
    gold, links, right, readings = t.any_counts()
    p, r, f = prf(right, links - right, gold - right)
    state = t.of("state")
    gov = t.of("government")
    return [name, gold, links, right, f"{100 * p:.1f}", f"{100 * r:.1f}", f"{100 * f:.1f}",
            f"{sum(right_any('state', r.span.target, r.link) for r in state)}/{len(state)}",
            f"{readings}/{len(gov)}"]


def class_rows(t: Tally) -> list[list]:
    """Per gold class: spans, right, wrong KB id, other link, unknown_to_kb, no link."""
    rows = []
    labels = {"kb": "KB id", "state": "state force", "government": "government / state", "missing": "missing",
              "null": "null", "context_ref": "context:x", "context": "context"}
    for cls, label in labels.items():
        group = t.of(cls)
        gradable = cls not in ("missing", "null", "context")
        right = sum(right_any(cls, r.span.target, r.link) for r in group) if gradable else 0
        kb_links = sum(bool(r.kb) and not right_any(cls, r.span.target, r.link) for r in group)  # wrong ones
        state_links = sum(bool(r.link and r.link.state) and not right_any(cls, r.span.target, r.link) for r in group)
        unknown = sum(bool(r.link and r.link.unknown) for r in group)
        other = sum(bool(r.link) and not r.any and not r.link.unknown for r in group)
        none = sum(r.link is None for r in group)
        rows.append([label, len(group), right if gradable else "–", kb_links,
                     state_links, unknown, other, none])
    return rows


def describe_link(link: Link | None) -> str:
    if link is None:
        return "no mention"
    if link.kb:
        return f"{link.kb} ({link.how}, \"{short(link.text, 60)}\")"
    if link.state:
        return f"{link.state} ({link.how}, \"{short(link.text, 60)}\")"
    if link.unknown:
        return f"unknown_to_kb \"{short(link.name, 60)}\""
    return f"unlinked: {short(link.name, 60)} (\"{short(link.text, 60)}\")"


def family(row: Row) -> str | None:
    """The error family of a scored row, or None when it is right (or not an error)."""
    cls, target, link = row.span.cls, row.span.target, row.link
    if cls == "kb":
        if right_kb(target, row.kb):
            return None
        if row.kb:
            return "wrong KB id"
        if link is not None and link.state:
            return "KB actor read as a state force"
        if link is not None and link.unknown:
            return "KB actor flagged unknown_to_kb"
        return "KB actor not linked" + (" (mention without link)" if link is not None else " (no mention)")
    if cls == "state":
        if right_any(cls, target, link):
            return None
        if row.kb:
            return "state force linked to a KB entry"
        if link is not None and link.state:
            return "wrong state force"
        return "state force not linked"
    if cls in ("null", "missing", "government"):
        if cls == "government" and government_reading(target, link):
            return None
        if row.kb:
            return f"false KB link on {cls}"
        if cls != "government" and link is not None and link.state:
            return f"state force on {cls}"
        if cls == "missing" and not (link is not None and link.unknown):
            return "missing actor not flagged"
        return None
    if cls == "context_ref":
        if right_any(cls, target, link) or not row.any:
            return None
        return "wrong link on context:x"
    return None


def gold_label(span: Span) -> str:
    if span.cls == "context_ref":
        return f"context:{span.target}"
    return span.target or span.cls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="re3d: link Organisation mentions to the actor knowledge base.")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all",
                        help="all documents (default, for reporting); dev = index %% 10 < 3 (for tuning); test")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--top", type=int, default=12, help="most frequent errors to show (default 12)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds before a document is given up, counted as no mentions (%(default)g; 0 = none)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error and our links outside spans")
    args = parser.parse_args(argv)

    if missing(args.data, "re3d data"):
        return 0
    started = time.perf_counter()
    pipeline = load_pipeline()
    build_s = time.perf_counter() - started
    from conflictlens.actors.kb import shipped_entries

    gold = load_gold(args.gold, {e.id for e in shipped_entries()})
    corpus, read_counts = read_corpus(args.data)
    docs = [d for d in corpus if in_split(d.index, args.split)]
    t0 = time.perf_counter()
    tallies, failures, counts = run(pipeline, docs, gold, args.timeout)
    run_s = time.perf_counter() - t0
    sources = sorted(tallies)
    total = merge([tallies[s] for s in sources])
    md = args.markdown

    n_spans = sum(len(d.spans) for d in docs)
    print(("### " if md else "") + f"re3d — linking Organisation mentions to the knowledge base ({args.split} "
          f"documents: {len(docs)}; {dt.date.today():%Y-%m-%d}; pipeline build {build_s:.1f} s, {run_s:.0f} s up "
          "to the actors stage)\n")
    print(f"{n_spans} Organisation spans in these documents ({read_counts['blank']} blank span(s) of the corpus "
          f"skipped; offsets: {read_counts['exact']} exact, {read_counts['relocated']} relocated, "
          f"{read_counts['dropped']} dropped over the whole corpus); {counts['nested']} nested spans dropped "
          f"(pairs scored once), {counts['unannotated']} spans without a gold entry; {len(total.rows)} scored. "
          "Gold: `bench/data/re3d_links.yaml`. re3d has no dev/test split in ../shared/README.md: reported on all "
          "documents; tune and read errors on `--split dev` only (document index % 10 < 3).\n")

    header = ["source", "docs", "spans", "gold KB", "our KB links", "right", "P", "R", "F1", "missing flagged",
              "null false links"]
    table = [kb_row(s, tallies[s]) for s in sources] + [kb_row("overall", total)]
    print(("#### " if md else "") + "Knowledge-base links (headline)\n")
    print(render(header, table, md))
    print("\nP = right / our KB links on scored spans (links on `null`, `missing` and government spans are false "
          "links, except a government read as its own forces: the Kurdistan Regional Government as the Peshmerga); "
          "R = right / gold KB spans. `islamic_state` gold accepts its `is_syria` / `is_iraq` branches. "
          "missing flagged = `missing` spans that we mark `unknown_to_kb`; null false links = `null` spans with "
          "a KB link.\n")

    header = ["source", "gold KB+state", "our links", "right", "P", "R", "F1", "state forces right",
              "gov. read as its forces"]
    table = [any_row(s, tallies[s]) for s in sources] + [any_row("overall", total)]
    print(("#### " if md else "") + "Knowledge-base links and state forces\n")
    print(render(header, table, md))
    print("\nLinks include the resolver's state forces (\"Military Forces of X\", built from country names). A "
          "government span (\"the Government of Iraq\", \"the Asad regime\", \"Turkey\") read as the same "
          "country's forces is counted in neither P nor R (last column).\n")

    print(("#### " if md else "") + "By gold class (all sources)\n")
    print(render(["gold class", "spans", "right", "KB link (wrong)", "state force (wrong)", "unknown_to_kb",
                  "other mention", "no mention"], class_rows(total), md))
    kinds = Counter(kind for _, _, kind in total.outside)
    print(f"\n`context` spans (pronouns, generic descriptions) are not scored; `context:x` spans (a generic string "
          f"whose every re3d occurrence refers to x) are counted here only. Our links on no scored Organisation "
          f"span: {len(total.outside)} (by re3d annotation under them: "
          + ", ".join(f"{k} {v}" for k, v in kinds.most_common()) + ").")
    print(failures_note([e for _, e in failures], len(docs)) + "\n")

    errors = [(family(r), r) for r in total.rows]
    errors = [(f, r) for f, r in errors if f]
    by_family = Counter(f for f, _ in errors)
    print(("#### " if md else "") + "Errors by family\n")
    print(render(["family", "spans"], [[f, n] for f, n in by_family.most_common()], md))
    pairs = Counter((f, r.span.value, gold_label(r.span), describe_link(r.link).split(" (")[0].split(" \"")[0])
                    for f, r in errors)
    print()
    print(("#### " if md else "") + f"Most frequent errors (top {args.top})\n")
    print(render(["family", "re3d string", "gold", "ours", "n"],
                 [[f, s, g, o, n] for (f, s, g, o), n in pairs.most_common(args.top)], md))
    print()

    if args.verbose:
        print(f"== errors ({args.split} documents), by family")
        for fam in by_family:
            print(f"-- {fam}")
            for f, r in errors:
                if f == fam:
                    d = r.doc
                    print(f"  [{d.source} {d.id[:8]} #{d.index}] \"{r.span.value}\" gold {gold_label(r.span)}; "
                          f"ours {describe_link(r.link)}")
                    print(f"      {short(d.text[max(0, r.span.start - 80): r.span.end + 80], 240)}")
        print("== our links on no scored Organisation span")
        for d, link, kind in total.outside:
            print(f"  [{d.source} {d.id[:8]} #{d.index}] \"{link.text}\" -> {link.any} ({link.how}; under: {kind})")
    for d, error in failures:
        print(f"error in {d.source} {d.id}: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
