"""The ASGI app: settings, errors as ``{"ok": false, "error": ...}``, security headers, static files, routers.

``create_app`` builds an app over one database; nothing happens at import time. Tests run it in-process with
Starlette's TestClient.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConflictLensError
from ..store import DedupSettings, SQLStore, open_store
from .ingest import Pipe
from .review import NotFound, ReviewError
from .security import MAX_BODY, BodyLimit, token_matches
from .tables import attach

log = logging.getLogger(__name__)


@dataclass
class WebConfig:
    """What the routes need: the database, the write token, and the options of ``conflictlens serve``."""

    store: SQLStore
    token: str
    read_only: bool = False
    tile_url: str = ""
    max_chars: int = 200_000
    dedup: DedupSettings = field(default_factory=DedupSettings)
    pipeline: Pipe | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def engine(self) -> Any:
        return self.store.engine

    def coder(self) -> Pipe:
        """The pipeline, built on first use (loading the model takes seconds) and shared by every ingest."""
        with self._lock:
            if self.pipeline is None:
                from ..pipeline import Pipeline

                self.pipeline = Pipeline()
            return self.pipeline


def config_of(request: Request) -> WebConfig:
    return request.app.state.web  # type: ignore[no-any-return]


def require_write(request: Request) -> WebConfig:
    """Dependency of every write route: refuses in read-only mode (403) and without the token (401)."""
    config = config_of(request)
    if config.read_only:
        raise HTTPException(403, "this server is read-only (--read-only)")
    if not token_matches(request.headers.get("authorization"), config.token):
        raise HTTPException(401, "writes need the header 'Authorization: Bearer <token>' (see `conflictlens serve`)")
    return config


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message}, status_code=status)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api") or path.endswith(".json")) and "text/html" in request.headers.get("accept", "")


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            from .pages import error_page

            return error_page(request, exc.status_code, str(exc.detail))
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return error(422, problems or "invalid request")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if _wants_html(request):
            from .pages import error_page

            return error_page(request, 404, str(exc))
        return error(404, str(exc))

    @app.exception_handler(ReviewError)
    async def bad_review(request: Request, exc: ReviewError) -> Response:
        return error(400, str(exc))

    @app.exception_handler(ConflictLensError)
    async def failed(request: Request, exc: ConflictLensError) -> Response:
        log.warning("request failed: %s", exc)
        return error(400 if isinstance(exc, ValueError) else 500, str(exc))


def _csp(tile_url: str) -> str:
    tiles = ""
    if tile_url.startswith(("https://", "http://")):
        scheme, rest = tile_url.split("://", 1)
        host = rest.split("/", 1)[0].replace("{s}", "*")
        tiles = f" {scheme}://{host}"
    return ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data:{tiles}; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'; object-src 'none'")


def static_dir() -> Path:
    return Path(str(resources.files("conflictlens.web").joinpath("static")))


def create_app(db: str | SQLStore | None, *, token: str, read_only: bool = False, tile_url: str = "",
               max_chars: int = 200_000, dedup: DedupSettings | None = None, pipeline: Pipe | None = None,
               max_body: int = MAX_BODY, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web app over the store at ``db`` (a store, a URL or path for ``open_store``, or None for the default
    store). Writes need ``token``. ``allowed_hosts`` (``conflictlens serve`` passes the loopback names) refuses
    requests for any other Host, so a web page cannot read the data through DNS rebinding."""
    store = db if isinstance(db, SQLStore) else open_store(db)
    attach(store.engine)
    app = FastAPI(title="conflictlens", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Coded conflict events with their evidence, human review and exports. "
                              "Writes need `Authorization: Bearer <token>`; errors are `{\"ok\": false, \"error\": ...}`.")
    app.state.web = WebConfig(store=store, token=token, read_only=read_only, tile_url=tile_url,
                              max_chars=max_chars, dedup=dedup or DedupSettings(), pipeline=pipeline)
    _install_errors(app)
    csp = _csp(tile_url)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.add_middleware(BodyLimit, max_bytes=max_body)
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
