"""The web UI: HTML pages, each with a ``.json`` twin made by the same view code.

``/`` analyses a pasted or uploaded article; ``/documents`` lists and searches the
stored ones and ``/documents/{id}`` shows one; ``/corpus`` is the dashboard (network,
dyad timeline, top actors and dyads, latest documents); ``/actors/{code}`` is an
actor's profile. Add ``.json`` to any of these paths for the data the page shows.

Templates are Jinja2 with autoescaping on, and the marked article is built by
:mod:`accord.report.html` from offsets over escaped text: nothing an article
contains is ever inserted as markup.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from ..errors import InputTooLargeError
from ..records import Analysis
from ..report import html as article_html
from ..store.queries import QUAD_CLASSES
from . import views
from .api import Code, Day, Limit, Offset, Quads, service

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals.update(
    quad_classes=QUAD_CLASSES,
    layers=article_html.LAYERS,
    marked=lambda record: Markup(article_html.marked_text(record)),
    json_script=lambda value, element_id: Markup(
        article_html.json_script(jsonable_encoder(value), element_id)
    ),
    details=article_html.details,
)

router = APIRouter(include_in_schema=False)

View = Callable[..., dict[str, Any]]


def page(
    path: str, template: str, *, methods: tuple[str, ...] = ("GET",)
) -> Callable[[View], View]:
    """Register ``view`` twice: at ``path`` rendered by ``template``, and at
    ``path.json`` as JSON. The view takes ``request`` and the page's parameters and
    returns the data both show."""

    def register(view: View) -> View:
        signature = inspect.signature(view)

        @functools.wraps(view)
        def as_json(**kwargs: Any) -> Response:
            return JSONResponse(jsonable_encoder(view(**kwargs)))

        @functools.wraps(view)
        def as_html(**kwargs: Any) -> Response:
            data = view(**kwargs)
            return TEMPLATES.TemplateResponse(kwargs["request"], template, {"data": data})

        for endpoint in (as_json, as_html):
            endpoint.__signature__ = signature  # type: ignore[attr-defined]
        # The twin first: "/documents/{id}" would also match "/documents/x.json".
        router.add_api_route(f"{path}.json", as_json, methods=list(methods))
        router.add_api_route(path, as_html, methods=list(methods), response_class=HTMLResponse)
        return view

    return register


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The article view, empty: a form to paste or upload an article."""
    return TEMPLATES.TemplateResponse(request, "analyze.html", {"data": None})


@page("/analyze", "analyze.html", methods=("POST",))
def analyze_form(
    request: Request,
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    published: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    format: Annotated[Literal["auto", "text", "markdown", "html"], Form()] = "auto",
) -> dict[str, Any]:
    """Analyse the pasted text, or the uploaded file if there is one."""
    svc = service(request)
    raw: str | bytes = text
    suffix = None
    if file is not None and file.filename:
        raw = file.file.read(svc.settings.max_body + 1)
        suffix = Path(file.filename).suffix.lower() or None
    if len(raw) > svc.settings.max_body:
        raise InputTooLargeError(f"the article is over {svc.settings.max_body:,} bytes.")
    record = svc.analyze(
        raw,
        format=format,
        suffix=suffix,
        published=published or None,
        title=title or None,
        source=source or None,
        url=url or None,
    )
    return {"record": record, "stored": False}


@page("/documents", "documents.html")
def document_list(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = views.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    return views.document_list(
        service(request).store,
        search=q or None,
        outlet=outlet or None,
        since=since or None,
        until=until or None,
        limit=limit,
        offset=offset,
    )


@page("/documents/{doc_id}", "analyze.html")
def document(request: Request, doc_id: str) -> dict[str, Any]:
    found = views.document_view(service(request).store, doc_id)
    return {**found, "stored": True}


@page("/corpus", "corpus.html")
def corpus(
    request: Request,
    since: Day = None,
    until: Day = None,
    quad_class: Annotated[str | None, Query(pattern=r"^([1-4](,[1-4])*)?$")] = None,
    actor: Code = None,
    a: Code = None,
    b: Code = None,
) -> dict[str, Any]:
    return views.corpus_overview(
        service(request).store,
        since=since or None,
        until=until or None,
        quad_class=quad_class or None,
        actor=actor or None,
        a=a or None,
        b=b or None,
    )


@page("/actors/{code}", "actor.html")
def actor(request: Request, code: str, at: Day = None) -> dict[str, Any]:
    return views.actor_profile(service(request).store, code, at=at or None)


def record_of(data: dict[str, Any] | None) -> Analysis | None:
    """The record a page shows, if any (for templates)."""
    if data is None:
        return None
    record = data.get("record")
    return record if isinstance(record, Analysis) else None


def web_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: a stored ``javascript:`` or
    ``data:`` URL is shown as text, never made a link."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def with_params(current: Any, **changes: Any) -> str:
    """The query string ``current`` with ``changes`` set (and ``offset`` dropped)."""
    params = {k: v for k, v in current.items() if k != "offset"}
    params.update({k: str(v) for k, v in changes.items() if v is not None})
    return urlencode(params)


def pager(current: Any, offset: int) -> str:
    """The query string ``current`` at another ``offset``."""
    params = dict(current.items())
    params["offset"] = str(offset)
    return urlencode(params)


TEMPLATES.env.globals.update(
    record_of=record_of, web_url=web_url, with_params=with_params, pager=pager
)
__all__ = ["TEMPLATES", "Quads", "page", "router"]
