"""The FastAPI application: the API, the web UI, the static files and the guard.

:func:`create_app` builds one app around one :class:`~accord.server.service.Service`
(an open store and a pipeline). ``accord serve`` runs it with uvicorn; tests run it
in-process. Errors become JSON for API clients and ``.json`` twins, and a short page
for browsers, with the status that fits:

=====================================  ======
accord's input errors (empty, binary)  422
input over a size limit                413
a malformed filter (bad date, ...)     400
unknown document or actor              404
another upload is being ingested       409
=====================================  ======
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import AccordError, InputError, InputTooLargeError
from ..pipeline import Pipeline
from ..report import html as article_html
from ..store.queries import QueryError
from . import api, pages
from .guard import Guard, wants_json
from .service import BusyError, Service, Settings
from .views import NotFoundError

STATIC = Path(__file__).parent / "static"
logger = logging.getLogger("accord.server")

DESCRIPTION = """Structured, evidence-linked data from international-affairs news.

`POST /api/analyze` answers one article's Analysis record; the other routes read the
corpus store (documents, events, dyads, the actor network, actor profiles) and fill
it (`POST /api/ingest`). Lists are paged with `limit` and `offset`. When the server
has a token, send it as `Authorization: Bearer TOKEN`."""


def create_app(settings: Settings, *, pipeline: Pipeline | None = None) -> Guard:
    """The app for ``settings``, behind its :class:`~accord.server.guard.Guard`.
    ``pipeline`` shares an already loaded pipeline (tests); else it loads on first use."""
    service = Service(settings, pipeline=pipeline)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="accord",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served below from vendored files: no CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> Response:
        return pages.TEMPLATES.TemplateResponse(request, "docs.html", {"data": None})

    @app.get("/article.css", include_in_schema=False)
    def article_css() -> Response:
        return Response(article_html.STYLE, media_type="text/css")

    _handle_errors(app)
    return Guard(
        app, token=settings.token, max_body=settings.max_body, max_upload=settings.max_upload
    )


def _status(exc: AccordError | NotFoundError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InputTooLargeError):
        return 413
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, QueryError):
        return 400
    if isinstance(exc, BusyError):
        return 409
    return 500


def _handle_errors(app: FastAPI) -> None:
    def answer(request: Request, status: int, message: str, code: str | None) -> Response:
        if wants_json(request.scope):
            error: dict[str, Any] = {"status": status, "message": message}
            if code:
                error["code"] = code
            return JSONResponse({"error": error}, status_code=status)
        return pages.TEMPLATES.TemplateResponse(
            request, "error.html", {"data": {"status": status, "message": message}}, status
        )

    @app.exception_handler(AccordError)
    async def accord_error(request: Request, exc: AccordError) -> Response:
        message = str(exc).removeprefix(f"[{exc.code}] ")
        return answer(request, _status(exc), message, exc.code)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return answer(request, 404, str(exc), None)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "the request failed."
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return answer(request, exc.status_code, message, None)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        # The details go to the server's log, not to the client.
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return answer(request, 500, "the server failed to answer; see its log.", None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [_problem(err) for err in exc.errors()]
        return answer(request, 422, "; ".join(problems) or "invalid request.", None)


def _problem(err: dict[str, Any]) -> str:
    """One validation error as "where: what" ("published: ...", "limit: ...")."""
    where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
    if err.get("type") == "json_invalid":
        return f"the body is not valid JSON ({err.get('ctx', {}).get('error', 'malformed')})"
    return f"{where}: {err.get('msg', 'invalid')}"
