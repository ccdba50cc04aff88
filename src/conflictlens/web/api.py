"""The REST API under ``/api`` (documented at ``/openapi.json`` and ``/api/docs``). Pydantic lives here only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from . import actors as actor_queries
from . import dataset, exports
from .app import WebConfig, config_of, require_write
from .query import EventQuery
from .ingest import ingest_bytes
from .review import EDITABLE, review, split_report

router = APIRouter(prefix="/api")
Format = Literal["json", "jsonl", "csv", "acled", "geojson", "parquet"]


class ReviewBody(BaseModel):
    """One review action. ``edit`` needs ``field`` and ``value``; ``merge`` needs ``other_id``; ``split`` needs
    ``other_id`` (an event merged into this one by review) or ``merge_id`` (a report the store merged)."""

    action: Literal["accept", "edit", "reject", "merge", "split", "reopen"]
    field: str = Field("", max_length=40, description="for edit: one of " + ", ".join(EDITABLE))
    value: str | int | float | None = Field(None, description="for edit: the new value")
    other_id: str = Field("", max_length=80, description="for merge/split: the other event's id")
    merge_id: int | None = Field(None, description="for split: the id of a store merge to undo")
    who: str = Field("", max_length=80, description="reviewer's name for the audit log")


class PastedArticle(BaseModel):
    text: str = Field(..., min_length=1, max_length=2_000_000)
    title: str = Field("", max_length=1000)
    publisher: str = Field("", max_length=200)
    url: str = Field("", max_length=2000)
    published: str = Field("", max_length=40, description="YYYY-MM-DD")


def query_of(request: Request) -> EventQuery:
    try:
        return EventQuery.from_params(request.query_params)
    except ValueError as e:
        raise HTTPException(400, str(e)) from e


def _records(config: WebConfig, query: EventQuery) -> Iterator[dict[str, Any]]:
    with config.engine.connect() as conn:
        yield from dataset.iter_events(conn, query)


def download(config: WebConfig, query: EventQuery, fmt: str) -> Response:
    """A file of every matching reviewed record (rejected and merged ones left out)."""
    media, extension = exports.FORMATS[fmt]
    headers = {"Content-Disposition": f'attachment; filename="conflictlens-events.{extension}"'}
    if fmt == "parquet":
        return Response(exports.parquet_bytes(_records(config, query)), media_type=media, headers=headers)
    return StreamingResponse(exports.text_chunks(_records(config, query), fmt), media_type=media, headers=headers)


@router.get("/events", summary="Events, filtered and paginated, or downloaded in a format")
def list_events(request: Request, limit: int = Query(50, ge=1, le=dataset.MAX_PAGE), offset: int = Query(0, ge=0),
                format: Format = "json", since: str = "", until: str = "", country: str = "", admin1: str = "",
                event_type: str = "", sub_event_type: str = "", actor: str = "",
                min_confidence: float | None = None, max_confidence: float | None = None,
                review: str = "") -> Any:
    config, query = config_of(request), query_of(request)
    if format != "json":
        return download(config, query, format)
    with config.engine.connect() as conn:
        return JSONResponse({"ok": True, **dataset.event_page(conn, query, limit=limit, offset=offset)})


@router.get("/export", summary="Every matching reviewed event as a file (same filters as /api/events)")
def export(request: Request, format: Format = "csv") -> Response:
    return download(config_of(request), query_of(request), "jsonl" if format == "json" else format)


@router.get("/points", summary="Map points [event_id, lat, lon, event_type] of the matching events")
def points(request: Request) -> Any:
    with config_of(request).engine.connect() as conn:
        return JSONResponse({"ok": True, **dataset.points(conn, query_of(request))})


@router.get("/timeline", summary="Matching events per day and type")
def timeline(request: Request) -> Any:
    with config_of(request).engine.connect() as conn:
        return JSONResponse({"ok": True, "days": dataset.timeline(conn, query_of(request))})


@router.get("/facets", summary="Values for the filters (countries, admin-1 units of a country, types)")
def facets(request: Request) -> Any:
    with config_of(request).engine.connect() as conn:
        return {"ok": True, **dataset.facets(conn, query_of(request))}


@router.get("/events/{event_id}", summary="One event with its reports, evidence and review log")
def event(request: Request, event_id: str) -> Any:
    with config_of(request).engine.connect() as conn:
        return {"ok": True, **dataset.event_detail(conn, event_id)}


@router.get("/events/{event_id}/log", summary="The review log of one event")
def event_log(request: Request, event_id: str) -> Any:
    with config_of(request).engine.connect() as conn:
        return {"ok": True, "log": dataset.review_history(conn, event_id)}


@router.post("/events/{event_id}/review", summary="Accept, edit a field, reject, merge or split (token)")
def review_event(event_id: str, body: ReviewBody, config: WebConfig = Depends(require_write)) -> Any:
    if body.action == "split" and body.merge_id is not None:
        split_report(config.store, event_id, body.merge_id, who=body.who)
    else:
        with config.store.writing() as conn:  # serialised with ingests: a review reads, then writes
            review(conn, event_id, body.action, who=body.who, field=body.field, value=body.value,
                   other_id=body.other_id)
    with config.engine.connect() as conn:
        detail = dataset.event_detail(conn, event_id)
    return {"ok": True, "event": detail["event"], "log": detail["log"][:5]}


@router.get("/review-log", summary="Every review action, newest first")
def review_log(request: Request, limit: int = Query(200, ge=1, le=5000)) -> Any:
    with config_of(request).engine.connect() as conn:
        return {"ok": True, "log": dataset.review_history(conn, limit=limit)}


@router.get("/actors", summary="Actors by number of events, with knowledge-base info")
def actors(request: Request, q: str = Query("", max_length=200), limit: int = Query(200, ge=1, le=2000)) -> Any:
    with config_of(request).engine.connect() as conn:
        return {"ok": True, "actors": actor_queries.actor_list(conn, q=q, limit=limit)}


@router.get("/relations", summary="An actor's relations (fought, attacked, accused, allied, defected) over time")
def relations(request: Request, actor: str = Query(..., min_length=1, max_length=300), since: str = "",
              until: str = "") -> Any:
    with config_of(request).engine.connect() as conn:
        return {"ok": True, **actor_queries.relations(conn, actor, since=since, until=until)}


@router.get("/framing", summary="Labels each outlet attaches to each actor")
def framing(request: Request, outlet: str = "", actor: str = "") -> Any:
    with config_of(request).engine.connect() as conn:
        return {"ok": True, "labels": actor_queries.framing(conn, outlet=outlet, actor=actor)}


@router.get("/articles", summary="Ingested and failed articles (without text)")
def articles(request: Request, status: Literal["", "ok", "failed"] = "",
             limit: int = Query(50, ge=1, le=dataset.MAX_PAGE), offset: int = Query(0, ge=0)) -> Any:
    with config_of(request).engine.connect() as conn:
        return {"ok": True, **dataset.article_page(conn, status=status, limit=limit, offset=offset)}


@router.post("/ingest", summary="Code and store one pasted article (token)")
def ingest(body: PastedArticle, config: WebConfig = Depends(require_write)) -> Any:
    defaults = {k: v for k, v in (("title", body.title), ("publisher", body.publisher), ("url", body.url),
                                  ("published", body.published)) if v}
    summary = ingest_bytes(config.store, body.title or "pasted", body.text.encode("utf-8"), config.coder(),
                           max_chars=config.max_chars, dedup=config.dedup, defaults=defaults)
    return {"ok": True, **summary}


@router.post("/ingest/upload", summary="Code and store an uploaded text or JSONL file sent as the body (token)")
async def upload(request: Request, name: str = Query("upload", max_length=200), publisher: str = "",
                 published: str = "", config: WebConfig = Depends(require_write)) -> Any:
    data = await request.body()
    defaults = {k: v for k, v in (("publisher", publisher), ("published", published)) if v}
    summary = await run_in_threadpool(ingest_bytes, config.store, name, data, config.coder(),
                                      max_chars=config.max_chars, dedup=config.dedup, defaults=defaults)
    return {"ok": True, **summary}


@router.post("/token", summary="Check a write token: 200 when it is right (token)")
def check_token(config: WebConfig = Depends(require_write)) -> Any:
    return {"ok": True, "read_only": config.read_only}


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> Any:
    from .pages import render

    return render(request, "api_docs.html", {"spec": request.app.openapi(), "json_url": "/openapi.json"}, title="API")
