"""The review web app and REST API over the stored dataset (``conflictlens serve``).

Pages with JSON twins (Events, Event, Actors, Articles, Framing, Review log), the API under ``/api`` with
OpenAPI, bearer-token writes, and every script, style sheet and the base map vendored under ``static/``.
Needs the ``web`` extra (FastAPI, uvicorn, SQLAlchemy).
"""

from __future__ import annotations

from .app import create_app
from .security import load_token

__all__ = ["create_app", "load_token"]
