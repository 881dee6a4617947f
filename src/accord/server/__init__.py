"""The REST API and the web UI (``accord serve``): FastAPI over the corpus store.

``accord.server.app.create_app(Settings(db=...))`` builds the ASGI app; this package
itself imports nothing heavy, so the CLI starts fast. See docs/api.md.
"""

from __future__ import annotations

from .service import Settings

__all__ = ["Settings"]
