"""A small hand-built dataset for the web tests: articles coded by hand (no model), one of them hostile.

Two outlets report the same clash in Sarmin on 4 March (a1, a5): the store merges them into one event.
"""

from __future__ import annotations

import datetime as dt

from conflictlens.model import Actor, ActorType, Article, Event, Evidence, FramingLabel, Place, SourceClaim
from conflictlens.pipeline import Outcome

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HOSTILE = "<script>window.pwned = 1</script>"

GOV = Actor("Military Forces of Syria (2000-2024)", ActorType.STATE, "SY")
HTS = Actor("HTS: Hayat Tahrir al Sham", ActorType.REBEL, "SY")
SDF = Actor("SDF: Syrian Democratic Forces", ActorType.REBEL, "SY")
CIV = Actor("Civilians (Syria)", ActorType.CIVILIANS, "SY")
PROT = Actor("Protesters (Iraq)", ActorType.PROTESTERS, "IQ")

SARMIN = Place("Sarmin", "Sarmin", 163000, 35.9, 36.72, "Syria", "SY", 760, "Idlib", geo_precision=1,
               kind="populated_place", confidence=0.9)
RAQQA = Place("Raqqa", "Ar Raqqah", 163915, 35.95, 39.01, "Syria", "SY", 760, "Raqqa", geo_precision=1,
              kind="populated_place", confidence=0.9)
BAGHDAD = Place("Baghdad", "Baghdad", 98182, 33.34, 44.4, "Iraq", "IQ", 368, "Baghdad", geo_precision=1,
                kind="populated_place", confidence=0.9)
ALEPPO = Place("Aleppo", "", None, None, None, "Syria", "SY", 760, "Aleppo", kind="unresolved")

#: doc id, publisher, published, text, event fields
DOCS = [
    ("a1", "Outlet A", "2024-03-04", "Government troops clashed with HTS in Sarmin on Monday, killing 3.",
     dict(event_type="Battles", sub_event_type="Armed clash", plover_event="ASSAULT", actor1=GOV, actor2=HTS,
          place=SARMIN, fatalities=3, trigger="clashed")),
    ("a2", "Outlet B", "2024-03-09", "HTS shelled Sarmin again, residents said. " + HOSTILE,
     dict(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
          plover_event="ASSAULT", actor1=HTS, actor2=GOV, place=SARMIN, trigger="shelled")),
    ("a3", "Outlet A", "2024-03-06", "SDF fighters attacked civilians in Raqqa.",
     dict(event_type="Violence against civilians", sub_event_type="Attack", plover_event="ASSAULT", actor1=SDF,
          actor2=CIV, place=RAQQA, trigger="attacked")),
    ("a4", "Outlet B", "2024-03-06", "Protesters protested in Baghdad against prices.",
     dict(event_type="Protests", sub_event_type="Peaceful protest", plover_event="PROTEST", actor1=PROT,
          actor2=None, place=BAGHDAD, trigger="protested")),
    ("a5", "Outlet C", "2024-03-04", "Government forces clashed with HTS terrorists near Sarmin, a monitor said.",
     dict(event_type="Battles", sub_event_type="Armed clash", plover_event="ASSAULT", actor1=GOV, actor2=HTS,
          place=SARMIN, confidence=0.55, trigger="clashed")),
    ("a6", "Outlet A", "2024-03-07", "HTS accused SDF of an attack in Aleppo.",
     dict(event_type="", sub_event_type="", plover_event="ACCUSE", actor1=HTS, actor2=SDF, place=ALEPPO,
          trigger="accused")),
]


def _span(text: str, field: str, word: str) -> Evidence | None:
    if not word or word not in text:
        return None
    start = text.index(word)
    return Evidence(field, start, start + len(word), word, "test")


def article_of(doc: str, publisher: str, published: str, text: str) -> Article:
    return Article(text=text, id=doc, title=f"Report {doc}", published=dt.date.fromisoformat(published),
                   publisher=publisher, url=f"https://example.org/{doc}")


def event_of(article: Article, fields: dict) -> Event:
    text = article.text
    spans = [_span(text, "actor1", fields["actor1"].name.split(":")[0].split(" (")[0] if fields["actor1"] else ""),
             _span(text, "trigger", fields.get("trigger", "")), _span(text, "location", fields["place"].name)]
    framing = ()
    if "terrorists" in text:
        framing = (FramingLabel(fields["actor2"].name, "terrorists", "delegitimising", _span(text, "framing", "terrorists")),)
    values = dict(
        event_id=f"evt-{article.id}", doc_id=article.id, disorder_type="Political violence", plover_mode="",
        event_date=article.published, time_precision=1, date_phrase="", interaction=12,
        source=SourceClaim((article.publisher or "",), article.publisher or "", "National"), notes=text[:60],
        confidence=0.8, framing=framing, evidence=tuple(e for e in spans if e is not None),
    )
    values.update(fields)
    return Event(**values)


class FakePipeline:
    """Codes any article as one protest in Baghdad (no model); 'FAIL' in the text makes it fail."""

    def pipe(self, articles):
        from conflictlens.errors import StageError

        for article in articles:
            if "FAIL" in article.text:
                yield Outcome(article, [], StageError("could not code this", doc_id=article.id, stage="events"))
                continue
            fields = dict(DOCS[3][4])
            yield Outcome(article, [event_of(article, {**fields, "trigger": "protest"})])


def seed(store) -> dict[str, str]:
    """Store DOCS through the store's own ingest; returns doc id -> dataset event id."""
    from conflictlens.store import DedupSettings

    for doc, publisher, published, text, fields in DOCS:
        article = article_of(doc, publisher, published, text)
        store.add_article(article, [event_of(article, fields)], dedup=DedupSettings())
    ids = {}
    for report_doc in DOCS:
        for stored in store.events():
            if any(s.doc_id == report_doc[0] for s in stored.sources):
                ids[report_doc[0]] = stored.event_id
    return ids
