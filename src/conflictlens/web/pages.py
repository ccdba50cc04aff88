"""HTML pages, each with a JSON twin at the same path plus ``.json`` (datasette's manner).

Each page handler builds one dict; the twin returns it as JSON and the page renders it with a Jinja template
(autoescaped: article text, actor names and labels are always shown as text).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from . import actors as actor_queries
from . import dataset
from .app import config_of
from .query import EventQuery
from .highlight import segments
from .review import EDITABLE

router = APIRouter(include_in_schema=False)
_env = Environment(loader=FileSystemLoader(str(resources.files("conflictlens.web").joinpath("templates"))),
                   autoescape=select_autoescape(default=True, default_for_string=True))
templates = Jinja2Templates(env=_env)
TYPE_COLOURS = {
    "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c", "Riots": "#8c564b", "Strategic developments": "#1f77b4", "(PLOVER only)": "#7f7f7f",
}


def render(request: Request, template: str, context: dict[str, Any], *, title: str, status: int = 200) -> Response:
    config = config_of(request)
    base = {"title": title, "version": __version__, "read_only": config.read_only, "tile_url": config.tile_url,
            "colours": TYPE_COLOURS, "json_url": _json_url(request)}
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status)


def _json_url(request: Request) -> str:
    path = request.url.path.rstrip("/") or "/events"
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{path}.json{query}"


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"status": status, "message": message}, title="Error", status=status)


def _twin(request: Request, data: dict[str, Any], as_json: bool, template: str, title: str) -> Response:
    if as_json:
        return JSONResponse({"ok": True, **data})
    return render(request, template, {"data": data}, title=title)


def _query(request: Request) -> EventQuery:
    try:
        return EventQuery.from_params(request.query_params)
    except ValueError as e:
        raise HTTPException(400, str(e)) from e


def _int(request: Request, name: str, default: int) -> int:
    try:
        return max(0, int(request.query_params.get(name, default)))
    except ValueError as e:
        raise HTTPException(400, f"{name} must be a whole number") from e


@router.get("/")
def home() -> Response:
    return RedirectResponse("/events", status_code=302)


@router.get("/events")
@router.get("/events.json")
def events_page(request: Request) -> Response:
    query = _query(request)
    with config_of(request).engine.connect() as conn:
        page = dataset.event_page(conn, query, limit=min(_int(request, "limit", 50), dataset.MAX_PAGE) or 50,
                                  offset=_int(request, "offset", 0))
        data = {**page, "facets": dataset.facets(conn, query)}
    return _twin(request, data, request.url.path.endswith(".json"), "events.html", "Events")


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str) -> Response:
    as_json = event_id.endswith(".json")
    event_id = event_id.removesuffix(".json")
    with config_of(request).engine.connect() as conn:
        detail = dataset.event_detail(conn, event_id)
    if as_json:
        return JSONResponse({"ok": True, **detail})
    for report in detail["reports"]:
        report["segments"] = segments(report["text"], report["evidence"])
    return render(request, "event.html", {"data": detail, "editable": list(EDITABLE)}, title=event_id)


@router.get("/actors")
@router.get("/actors.json")
def actors_page(request: Request) -> Response:
    q = request.query_params.get("q", "")[:200]
    with config_of(request).engine.connect() as conn:
        data = {"q": q, "actors": actor_queries.actor_list(conn, q=q, limit=500)}
    return _twin(request, data, request.url.path.endswith(".json"), "actors.html", "Actors")


@router.get("/actor")
@router.get("/actor.json")
def actor_page(request: Request) -> Response:
    name = request.query_params.get("name", "")[:300]
    if not name:
        raise HTTPException(400, "give the actor's name: /actor?name=...")
    since, until = request.query_params.get("since", "")[:10], request.query_params.get("until", "")[:10]
    with config_of(request).engine.connect() as conn:
        data = actor_queries.relations(conn, name, since=since, until=until)
    return _twin(request, data, request.url.path.endswith(".json"), "actor.html", name)


@router.get("/articles")
@router.get("/articles.json")
def articles_page(request: Request) -> Response:
    status = request.query_params.get("status", "")
    if status not in ("", "ok", "failed"):
        raise HTTPException(400, "status must be ok or failed")
    with config_of(request).engine.connect() as conn:
        data = {"status": status, **dataset.article_page(conn, status=status, limit=min(_int(request, "limit", 50), 500)
                                                          or 50, offset=_int(request, "offset", 0))}
    return _twin(request, data, request.url.path.endswith(".json"), "articles.html", "Articles")


@router.get("/framing")
@router.get("/framing.json")
def framing_page(request: Request) -> Response:
    outlet, actor = request.query_params.get("outlet", "")[:200], request.query_params.get("actor", "")[:300]
    with config_of(request).engine.connect() as conn:
        data = {"outlet": outlet, "actor": actor, "labels": actor_queries.framing(conn, outlet=outlet, actor=actor)}
    return _twin(request, data, request.url.path.endswith(".json"), "framing.html", "Framing")


@router.get("/review-log")
@router.get("/review-log.json")
def review_log_page(request: Request) -> Response:
    with config_of(request).engine.connect() as conn:
        data = {"log": dataset.review_history(conn, limit=500)}
    return _twin(request, data, request.url.path.endswith(".json"), "review_log.html", "Review log")


@router.get("/favicon.ico")
def favicon() -> Response:
    return HTMLResponse("", status_code=204)
