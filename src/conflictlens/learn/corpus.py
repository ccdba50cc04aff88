"""Our training corpus (``corpus/articles``): loading, validation, folds and balance.

Each article is news-like text we wrote with its gold events and the sentences that must not be coded (see
``corpus/README.md``). The held-out fold is fixed by a hash of the article id (one article in five), so every
training run and every report uses the same split; ``--stats`` prints the balance per sub-type, country and style.

    python -m conflictlens.learn.corpus [--stats] [--check] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import DataFileError

STYLES = frozenset("wire local state_media monitor claim official liveblog translated truncated headline analysis history "
                   "anniversary diplomacy trial sport business politics disaster crime humanitarian".split())
MENTION_LABELS = frozenset({"background", "plan", "denial", "reaction", "hypothetical"})
HELDOUT_SHARE = 5  # one article in five
#: ACLED's generic constructed names (they need no KB entry).
GENERIC = re.compile(
    r"^(Military Forces of .+|Police Forces of .+|Government of .+|Civilians \(.+\)|Protesters \(.+\)|Rioters \(.+\)|"
    r"Unidentified Armed Group \(.+\)|Opposition Rebels \(.+\)|Islamist Militia \(.+\)|Militia \(Pro-Government\)|"
    r"Unidentified Gang \(.+\)|Labor Group \(.+\)|Students \(.+\)|Prisoners \(.+\)|.+ Communal Militia \(.+\)|"
    r".+ Ethnic Militia \(.+\))$")


@dataclass(frozen=True)
class GoldEvent:
    sub_event_type: str
    actor1: str
    actor2: str
    assoc_actor1: str
    assoc_actor2: str
    location: str
    admin1: str
    country: str
    event_date: dt.date | None
    fatalities: int
    evidence: tuple[str, ...]  # the stating span first, then restatements

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the evidence and its restatements in ``text``."""
        return [(i, i + len(s)) for s in self.evidence if (i := text.find(s)) >= 0]


@dataclass(frozen=True)
class Article:
    id: str
    batch: str
    style: str
    country: str
    published: dt.date
    publisher: str
    title: str
    text: str
    events: tuple[GoldEvent, ...]
    mentions: tuple[tuple[str, str], ...]  # (exact text, label)
    new_actors: frozenset[str] = field(default_factory=frozenset)

    @property
    def heldout(self) -> bool:
        return fold_of(self.id) == 0


def fold_of(article_id: str, folds: int = HELDOUT_SHARE) -> int:
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest(), 16) % folds


def default_dir() -> Path:
    """``corpus/articles`` of the source checkout (the corpus is not shipped in the wheel)."""
    return Path(__file__).resolve().parents[3] / "corpus" / "articles"


def _event(raw: dict) -> GoldEvent:
    day = raw.get("event_date")
    return GoldEvent(
        sub_event_type=str(raw.get("sub_event_type") or ""), actor1=str(raw.get("actor1") or ""),
        actor2=str(raw.get("actor2") or ""), assoc_actor1=str(raw.get("assoc_actor1") or ""),
        assoc_actor2=str(raw.get("assoc_actor2") or ""), location=str(raw.get("location") or ""),
        admin1=str(raw.get("admin1") or ""), country=str(raw.get("country") or ""),
        event_date=day if isinstance(day, dt.date) else None, fatalities=int(raw.get("fatalities") or 0),
        evidence=tuple(str(s) for s in [raw.get("evidence") or "", *(raw.get("also") or [])] if s))


def _article(raw: dict, batch: str) -> Article:
    new_actors = frozenset(str(a) for e in raw.get("events") or [] for a in e.get("new_actors") or [])
    published = raw.get("published")
    return Article(
        id=str(raw["id"]), batch=batch, style=str(raw.get("style") or ""), country=str(raw.get("country") or ""),
        published=published if isinstance(published, dt.date) else dt.date(1970, 1, 1),
        publisher=str(raw.get("publisher") or ""), title=str(raw.get("title") or ""), text=str(raw.get("text") or ""),
        events=tuple(_event(e) for e in raw.get("events") or []),
        mentions=tuple((str(m.get("text") or ""), str(m.get("label") or "")) for m in raw.get("mentions") or []),
        new_actors=new_actors)


def load_corpus(folder: Path | None = None) -> list[Article]:
    """Every article under ``folder`` (default: the checkout's corpus), in file order."""
    folder = folder or default_dir()
    if not folder.is_dir():
        raise DataFileError(f"no corpus at {folder}")
    articles = []
    for path in sorted(folder.glob("*/*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            raise DataFileError(f"{path}: {e}") from e
        for raw in data if isinstance(data, list) else [data]:
            if not isinstance(raw, dict) or "id" not in raw:
                raise DataFileError(f"{path}: an article without an id")
            articles.append(_article(raw, path.parent.name))
    return articles


def load_sentences(folder: Path | None = None) -> list[tuple[str, str, str]]:
    """(id, text, label) of the labelled single sentences in ``corpus/sentences/*.yaml`` (``folder``; default: next
    to the articles): sentences we wrote in the registers the typer misread on real news (aid agencies named in an
    attack, long wire sentences, local-press words for protests and arrests, events against background). Labels are
    ACLED sub-types or ``none`` / ``background`` / ``irrealis``."""
    folder = folder or default_dir().parent / "sentences"
    out: list[tuple[str, str, str]] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.yaml")):
        try:
            rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as e:
            raise DataFileError(f"{path}: {e}") from e
        for i, row in enumerate(rows):
            if isinstance(row, dict) and row.get("text") and row.get("label"):
                out.append((f"{path.stem}-{i:04d}", str(row["text"]).strip(), str(row["label"]).strip()))
    return out


def problems(article: Article, subtypes: set[str], known_actors: set[str]) -> list[str]:
    """What is wrong with one article (empty when it is valid)."""
    out = []
    if article.style not in STYLES:
        out.append(f"style {article.style!r} is not one of corpus/README.md's styles")
    if not article.text.strip():
        out.append("empty text")
    for i, e in enumerate(article.events):
        if e.sub_event_type not in subtypes:
            out.append(f"event {i}: unknown sub-type {e.sub_event_type!r}")
        if not e.evidence or any(s not in article.text for s in e.evidence):
            out.append(f"event {i}: evidence is not an exact substring of the text")
        if e.event_date is None:
            out.append(f"event {i}: no event_date")
        elif e.event_date > article.published:
            out.append(f"event {i}: dated after publication")
        for name in [n.strip() for field_ in (e.actor1, e.actor2, e.assoc_actor1, e.assoc_actor2)
                     for n in field_.split(";")]:
            if name and name not in known_actors and name not in article.new_actors and not GENERIC.match(name):
                out.append(f"event {i}: actor {name!r} is neither in the KB, a generic ACLED name nor in new_actors")
    for text, label in article.mentions:
        if label not in MENTION_LABELS:
            out.append(f"mention label {label!r}")
        if not text or text not in article.text:
            out.append(f"mention is not an exact substring: {text[:60]!r}")
    return out


def balance(articles: list[Article]) -> dict[str, Counter]:
    return {
        "style": Counter(a.style for a in articles),
        "country": Counter(a.country or "--" for a in articles),
        "batch": Counter(a.batch for a in articles),
        "sub_event_type": Counter(e.sub_event_type for a in articles for e in a.events),
        "no codable event": Counter("none" if not a.events else "some" for a in articles),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conflictlens.learn.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="corpus/articles (default: the checkout's)")
    parser.add_argument("--stats", action="store_true", help="print the balance per style, country and sub-type")
    parser.add_argument("--check", action="store_true", help="validate every article; exit 1 on a problem")
    args = parser.parse_args(argv)
    from ..actors.kb import load_kb
    from ..ontology import acled_subtypes

    articles = load_corpus(args.folder)
    words = [len(a.text.split()) for a in articles]
    print(f"{len(articles)} articles, {sum(len(a.events) for a in articles)} gold events, "
          f"{sum(a.heldout for a in articles)} held out; words per article median "
          f"{sorted(words)[len(words) // 2] if words else 0}")
    status = 0
    if args.check:
        known = {e.name for e in load_kb(()).entries.values()}
        ids = Counter(a.id for a in articles)
        for a in articles:
            for p in problems(a, set(acled_subtypes()), known) + (["duplicate id"] if ids[a.id] > 1 else []):
                print(f"{a.batch}/{a.id}: {p}")
                status = 1
    if args.stats:
        for name, counter in balance(articles).items():
            print(f"\n{name} ({len(counter)}):")
            for key, n in counter.most_common():
                print(f"  {n:5d}  {key}")
    return status


if __name__ == "__main__":
    sys.exit(main())
