"""Re-clustering: rebuild every dataset event from the stored reports under (new) thresholds.

Runs in the caller's transaction, in memory: reports that may found events first (in ingest order), then
background mentions, which may only join. Reports split off by an undo stay on their own; undone merges stay in
the log, the others are replaced by the new decisions.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING

import sqlalchemy as sa

from . import schema as s
from .codec import event_from_json
from ..model import Event
from .dedup import Candidate, DedupSettings, best_match, date_window, family, is_background
from .merge import cluster_id, day_span, materialize
from .records import ReclusterResult

if TYPE_CHECKING:
    from .sql import SQLStore


def recluster(store: SQLStore, conn: sa.Connection, dedup: DedupSettings, run_id: str | None) -> ReclusterResult:
    from .sql import _now, _source_ref

    rows = conn.execute(
        sa.select(s.reports.c.id.label("report_id"), s.reports.c.record, s.reports.c.pinned, s.articles)
        .join(s.articles, s.articles.c.id == s.reports.c.article_id).order_by(s.reports.c.seq)
    ).all()
    reports = [(row, event_from_json(row.record)) for row in rows]
    founders = [(r, e) for r, e in reports if not is_background(e, r.published, dedup)]
    background = [(r, e) for r, e in reports if is_background(e, r.published, dedup)]

    background_ids = {r.report_id for r, _ in background}
    clusters: dict[str, list[tuple[sa.Row, Event]]] = {}
    records: dict[str, Event] = {}
    owners: dict[str, set[str]] = defaultdict(set)
    # (family, country, date) -> events; country "" = unknown, "*" = any (what a report with no country may join)
    index: dict[tuple[str, str, dt.date], list[str]] = defaultdict(list)
    assignment: dict[str, str | None] = {}
    merges = []
    for row, event in founders + background:
        country = event.place.country_code if event.place else ""
        window = date_window(event, dedup)
        candidates = []
        if window is not None and not row.pinned:
            day, seen = window[0], set()
            while day <= window[1]:
                for key in ((country, "") if country else ("*",)):
                    for cid in index.get((family(event), key, day), ()):
                        if cid not in seen:
                            seen.add(cid)
                            members = [e for _, e in clusters[cid]]
                            candidates.append(Candidate(cid, records[cid], frozenset(owners[cid]), *day_span(members)))
                day += dt.timedelta(days=1)
        found = best_match(event, candidates, row.id, dedup)
        if found:
            cid = found[0]
            merges.append({"event_id": cid, "report_id": row.report_id, "score": found[1].score,
                           "reason": found[1].reason, "settings": json.dumps(dedup.as_dict()), "run_id": run_id,
                           "created_at": _now()})
        elif row.report_id in background_ids and not row.pinned:
            assignment[row.report_id] = None
            continue
        else:
            cid = cluster_id(row.report_id)
            clusters[cid] = []
            if event.event_date is not None:
                for key in (country, "*"):
                    index[(family(event), key, event.event_date)].append(cid)
        clusters[cid].append((row, event))
        owners[cid].add(row.id)
        assignment[row.report_id] = cid
        members = clusters[cid]
        records[cid] = materialize(cid, [e for _, e in members], [_source_ref(r, r.report_id) for r, _ in members])

    conn.execute(s.merges.delete().where(s.merges.c.undone_at.is_(None)))
    conn.execute(s.reports.update().values(event_id=None))
    conn.execute(s.event_actors.delete())
    conn.execute(s.events.delete())
    store._insert_events(conn, [(records[cid], [_source_ref(r, r.report_id) for r, _ in members], day_span([e for _, e in members]))
                                for cid, members in clusters.items()])
    assigned = [{"key": report_id, "event_id": cid} for report_id, cid in assignment.items() if cid is not None]
    if assigned:
        conn.execute(s.reports.update().where(s.reports.c.id == sa.bindparam("key")), assigned)
    if merges:
        conn.execute(s.merges.insert(), merges)
    return ReclusterResult(reports=len(reports), events=len(clusters), merges=len(merges))
