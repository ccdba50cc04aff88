"""`serve`: the review web app and REST API over a dataset."""

from __future__ import annotations

import ipaddress

import click

from .base import cli

def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.option("--db", "db_url", default=None, help="The store: postgresql://…, sqlite:///PATH or a path [default: "
              "CONFLICTLENS_DB, else the SQLite file in the user data directory].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--read-only", is_flag=True, help="Refuse every write (review, ingest), token or not.")
@click.option("--tile-url", default="", help="Optional tile server URL template ({z}/{x}/{y}) for online users; "
              "by default the map uses the shipped country layer and needs no network.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False), default=None, help="Settings TOML file.")
def serve(db_url: str | None, host: str, port: int, read_only: bool, tile_url: str, config: str | None) -> None:
    """Serve the review web app and the REST API (/api, OpenAPI at /openapi.json).

    Writes need 'Authorization: Bearer <token>': CONFLICTLENS_TOKEN, or the token generated on first run into
    the user config directory (its path is printed at start).

    \b
    Example:
      conflictlens serve --db sqlite:///events.sqlite3 --port 8000
    """
    try:
        import uvicorn

        from ..web import create_app, load_token
    except ImportError as e:
        raise click.ClickException(f"serve needs the web extra: pip install 'conflictlens[web]' ({e})") from e
    from ..errors import ConflictLensError
    from ..store import DedupSettings, open_store
    from .base import _settings

    settings = _settings(config)
    try:
        store = open_store(db_url or settings.db or None)
    except ConflictLensError as e:
        raise click.ClickException(str(e)) from e
    token, where = load_token()
    hosts = None
    if _is_loopback(host):
        hosts = ["localhost", "127.0.0.1", "::1", "[::1]", host]
    else:
        click.echo(f"warning: listening on {host}, reachable from other machines; writes still need the token", err=True)
    app = create_app(store, token=token, read_only=read_only, tile_url=tile_url, max_chars=settings.max_chars,
                     dedup=DedupSettings.from_settings(settings), allowed_hosts=hosts)
    click.echo(f"conflictlens serving {store.engine.url.render_as_string(hide_password=True)} on http://{host}:{port}/ "
               f"({'read-only' if read_only else 'write token: ' + ('$CONFLICTLENS_TOKEN' if where == 'env' else where)})",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
