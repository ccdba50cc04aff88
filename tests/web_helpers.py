"""A small hand-built dataset for the web tests: articles, events with evidence spans, one hostile article."""

from __future__ import annotations

import datetime as dt

from conflictlens.model import Article

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HOSTILE = "<script>window.pwned = 1</script>"


def record(event_id: str, doc_id: str, text: str, *, date: str, event_type: str, sub: str, actor1: str,
           actor2: str = "", country: str = "Syria", admin1: str = "Idlib", location: str = "Sarmin",
           lat: float | None = 35.9, lon: float | None = 36.7, confidence: float = 0.8, fatalities: int = 0,
           plover: str = "ASSAULT", assoc1: str = "") -> dict:
    """A flat record (as serialize.event_to_record gives), with evidence for actor1, trigger and location."""
    evidence = []
    for field, word in (("actor1", actor1.split(":")[0]), ("trigger", None), ("location", location)):
        if field == "trigger":
            for verb in ("clashed", "shelled", "attacked", "accused", "protested", "defected", "agreed"):
                if verb in text:
                    word = verb
                    break
        if word and word in text:
            start = text.index(word)
            evidence.append({"field": field, "start": start, "end": start + len(word), "text": word,
                             "stage": "test", "how": "explicit"})
    return {
        "event_id": event_id, "doc_id": doc_id, "event_date": date, "year": int(date[:4]) if date else None,
        "time_precision": 1, "date_phrase": "", "disorder_type": "Political violence", "event_type": event_type,
        "sub_event_type": sub, "actor1": actor1, "assoc_actor_1": assoc1, "inter1": 1, "actor2": actor2,
        "assoc_actor_2": "", "inter2": 2 if actor2 else None, "interaction": 12, "civilian_targeting": "",
        "iso": 760, "region": "", "country": country, "admin1": admin1, "admin2": "", "admin3": "",
        "location": location, "latitude": lat, "longitude": lon, "geo_precision": 1, "geonameid": None,
        "source": "Test News", "source_scale": "National", "notes": text[:80], "fatalities": fatalities,
        "fatalities_phrase": "", "plover_event": plover, "plover_mode": "", "confidence": confidence,
        "modality": "asserted", "source_chain": ["Test News", "local sources"],
        "framing": [{"actor": actor2, "label": "terrorists", "category": "delegitimising"}] if actor2 else [],
        "evidence": evidence, "reasons": [], "actors": {}, "place": None,
    }


GOV = "Military Forces of Syria (2000-2024)"
HTS = "HTS: Hayat Tahrir al Sham"
SDF = "SDF: Syrian Democratic Forces"

DOCS = [
    ("a1", "Government troops clashed with HTS in Sarmin on Monday. Military sources said.", "2024-03-04",
     dict(event_type="Battles", sub="Armed clash", actor1=GOV, actor2=HTS, fatalities=3)),
    ("a2", "HTS shelled Sarmin again, residents said. " + HOSTILE, "2024-03-05",
     dict(event_type="Explosions/Remote violence", sub="Shelling/artillery/missile attack", actor1=HTS, actor2=GOV)),
    ("a3", "SDF fighters attacked civilians in Raqqa.", "2024-03-06",
     dict(event_type="Violence against civilians", sub="Attack", actor1=SDF, actor2="Civilians (Syria)",
          admin1="Raqqa", location="Raqqa", lat=35.95, lon=39.0)),
    ("a4", "Protesters protested in Baghdad against prices.", "2024-03-06",
     dict(event_type="Protests", sub="Peaceful protest", actor1="Protesters (Iraq)", country="Iraq",
          admin1="Baghdad", location="Baghdad", lat=33.3, lon=44.4, plover="PROTEST")),
    ("a5", "Government forces clashed with HTS near Sarmin, a monitor said.", "2024-03-04",
     dict(event_type="Battles", sub="Armed clash", actor1=GOV, actor2=HTS, confidence=0.55)),
    ("a6", "HTS accused SDF of an attack in Aleppo.", "2024-03-07",
     dict(event_type="", sub="", actor1=HTS, actor2=SDF, plover="ACCUSE", admin1="Aleppo", location="Aleppo",
          lat=None, lon=None)),
]


def seed(engine) -> dict[str, str]:
    """Store DOCS; returns doc id -> event id."""
    from conflictlens.web.ingest import store_records

    ids = {}
    with engine.begin() as conn:
        for n, (doc, text, date, fields) in enumerate(DOCS):
            article = Article(text=text, id=doc, title=f"Report {doc}", published=dt.date.fromisoformat(date),
                              publisher="Outlet A" if n % 2 == 0 else "Outlet B", url=f"https://example.org/{doc}")
            event_id = f"evt-{doc}"
            store_records(conn, article, [record(event_id, doc, text, date=date, **fields)])
            ids[doc] = event_id
    return ids
