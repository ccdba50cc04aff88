"""A subprocess for the crash and concurrency tests: ingests synthetic articles through a fake pipeline (no model),
slowly enough to be killed mid-run. Usage: python tests/store_worker.py DB_URL N_ARTICLES [SECONDS_PER_ARTICLE
[forward|reverse [GO_FILE]]]: the articles in that order, starting once GO_FILE exists (so that two workers start
together)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass

from conflictlens.ingest import InputItem
from conflictlens.model import Actor, ActorType, Article, Event, Place
from conflictlens.store import DedupSettings, open_store
from conflictlens.store.ingest import ingest


def synthetic_article(i: int) -> Article:
    """Article i: three outlets tell each event (i // 3); every fourth article also tells a second event."""
    day = dt.date(2024, 1, 1) + dt.timedelta(days=i // 3)
    return Article(text=f"Synthetic report number {i} about event {i // 3}.", id=f"syn-{i}", publisher=f"Outlet {i % 3}",
                   published=day + dt.timedelta(days=1), url=f"https://example.org/{i}")


def synthetic_events(article: Article) -> list[Event]:
    i = int(article.id.split("-")[1])
    group = i // 3
    events = []
    for k in ((group, 0), (group, 1)) if i % 4 == 0 else ((group, 0),):
        g, extra = k
        place = Place(name=f"Town {g}", location=f"Town {g}", latitude=10.0 + g * 0.5 + extra, longitude=20.0 + (i % 3) * 0.01,
                      country="Mali", country_code="ML", admin1=f"Region {g}", geo_precision=1, kind="populated_place",
                      confidence=0.8)
        events.append(Event(
            event_id=f"evt-{i}-{extra}", doc_id=article.id, event_type="Battles", sub_event_type="Armed clash",
            disorder_type="Political violence", plover_event="FIGHT", plover_mode="", event_date=article.published - dt.timedelta(days=1 + (i % 2)),  # type: ignore[operator]
            time_precision=1, date_phrase="", actor1=Actor(f"Group {g}", ActorType.REBEL, "ML"),
            actor2=Actor("Military Forces of Mali", ActorType.STATE, "ML"), place=place, fatalities=3 + i % 5,
            confidence=0.5 + (i % 5) / 10))
    return events


@dataclass(frozen=True)
class _Outcome:
    article: Article
    events: list[Event]
    error: None = None


class FakePipeline:
    def __init__(self, seconds: float):
        self.seconds = seconds

    def pipe(self, articles):  # type: ignore[no-untyped-def]
        for article in articles:
            time.sleep(self.seconds)
            yield _Outcome(article, synthetic_events(article))


def main(url: str, n: int, seconds: float, order: str = "forward", go_file: str = "") -> None:
    store = open_store(url)
    numbers = range(n) if order == "forward" else range(n - 1, -1, -1)
    items = (InputItem(f"syn-{i}", article=synthetic_article(i)) for i in numbers)
    print("ready", flush=True)
    while go_file and not os.path.exists(go_file):
        time.sleep(0.005)
    for _ in ingest(store, FakePipeline(seconds), items, dedup=DedupSettings()):
        pass
    store.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) if len(sys.argv) > 3 else 0.01, *sys.argv[4:6])
