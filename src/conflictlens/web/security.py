"""The write token, the check every write goes through, and the request size limit.

Every write (review, ingest) needs ``Authorization: Bearer <token>``. The token is ``CONFLICTLENS_TOKEN`` when set,
otherwise the one kept in ``<user config dir>/conflictlens/token``, generated on first run (readable by its owner
only). A read-only app refuses every write, token or not.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from platformdirs import user_config_dir
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

TOKEN_ENV = "CONFLICTLENS_TOKEN"
#: Largest request body accepted (an upload of articles); reviews are far smaller.
MAX_BODY = 8 * 1024 * 1024


def token_path(config_dir: str | Path | None = None) -> Path:
    return Path(config_dir or user_config_dir("conflictlens")) / "token"


def load_token(config_dir: str | Path | None = None) -> tuple[str, str]:
    """The write token and where it came from (``env`` or the token file's path); creates the file if needed."""
    from_env = os.environ.get(TOKEN_ENV, "").strip()
    if from_env:
        return from_env, "env"
    path = token_path(config_dir)
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token, str(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    log.info("generated a write token in %s", path)
    return token, str(path)


def token_matches(header: str | None, token: str) -> bool:
    """Whether an Authorization header carries the token (compared in constant time)."""
    if not header or not token:
        return False
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(given.strip().encode(), token.encode())


class BodyLimit:
    """ASGI middleware: answers 413 when a request body is (or turns out to be) over ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _too_large(send, self.max_bytes)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(send, self.max_bytes)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, max_bytes: int) -> None:
    body = b'{"ok": false, "error": "request body over %d bytes"}' % max_bytes
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
