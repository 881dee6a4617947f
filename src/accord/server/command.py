"""``accord serve``: the API and the web UI on one port, with uvicorn.

The server binds 127.0.0.1 unless told otherwise, and refuses (exit 2) to bind any
other address without ``--token``: off loopback, every request must carry it.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
from pathlib import Path
from typing import Any

from ..deadline import add_time_limit_option, time_limit_from
from ..errors import AccordError
from ..store.store import default_path
from .service import DEFAULT_MAX_BODY, DEFAULT_MAX_UPLOAD, Settings

_MB = 1024 * 1024


class ServeError(AccordError):
    """The server cannot start as asked (an unsafe address, a bad option)."""

    code = "A430"


def register_command(commands: Any) -> None:
    """Add ``serve`` to the CLI's subcommands."""
    cmd = commands.add_parser(
        "serve",
        help="serve the REST API and the web UI over the corpus store",
        description="Serve the API (/api, OpenAPI at /docs) and the web UI (/) over the "
        "store. Binds 127.0.0.1 by default; any other address needs --token (or "
        "$ACCORD_TOKEN), which every request must then send as 'Authorization: Bearer "
        "TOKEN' (the UI asks for it once and keeps it in a cookie).",
    )
    cmd.add_argument("--db", metavar="FILE", help="the store (default ./accord.duckdb)")
    cmd.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    cmd.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    cmd.add_argument("--token", metavar="T", help="the access token (or $ACCORD_TOKEN)")
    cmd.add_argument(
        "--max-body-mb",
        type=float,
        default=DEFAULT_MAX_BODY / _MB,
        metavar="MB",
        help=f"largest request body, e.g. an article (default {DEFAULT_MAX_BODY // _MB})",
    )
    cmd.add_argument(
        "--max-upload-mb",
        type=float,
        default=DEFAULT_MAX_UPLOAD / _MB,
        metavar="MB",
        help=f"largest file to ingest (default {DEFAULT_MAX_UPLOAD // _MB})",
    )
    cmd.add_argument("--model", metavar="NAME", help="spaCy model")
    add_time_limit_option(cmd)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (``localhost`` counts)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def settings_from(args: argparse.Namespace) -> Settings:
    """Check the options and make the server's settings (raises :class:`ServeError`)."""
    token = args.token or os.environ.get("ACCORD_TOKEN") or None
    if not is_loopback(args.host) and token is None:
        raise ServeError(
            f"refusing to serve on {args.host} without --token: off loopback, every "
            "request must be authenticated."
        )
    if token is not None and (len(token) < 16 or not token.isprintable() or " " in token):
        raise ServeError("the token must be at least 16 printable characters, no spaces.")
    if not 0 < args.port < 65536:
        raise ServeError(f"bad port {args.port}.")
    if args.max_body_mb <= 0 or args.max_upload_mb <= 0:
        raise ServeError("size limits must be positive.")
    return Settings(
        db=Path(args.db) if args.db else default_path(),
        token=token,
        max_body=int(args.max_body_mb * _MB),
        max_upload=int(args.max_upload_mb * _MB),
        model=args.model,
        time_limit=time_limit_from(args),
    )


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    settings = settings_from(args)
    app = create_app(settings)
    print(f"accord: serving {settings.db} on http://{args.host}:{args.port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
