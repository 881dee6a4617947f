"""The REST API under ``/api``: analyse one article, read and fill the corpus.

Every list is paged (``limit``, at most :data:`~accord.server.views.MAX_LIMIT`, and
``offset``; the answer's ``next_offset`` is null on the last page). Errors are JSON,
``{"error": {"status": ..., "code": ..., "message": ...}}``, with a 4xx status for
what the client can fix. The OpenAPI description is at ``/openapi.json`` and
browsable at ``/docs``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputTooLargeError
from ..records import Analysis
from ..store import queries
from . import views
from .service import IngestReport, Service


class ErrorDetail(BaseModel):
    status: int
    message: str
    code: str | None = Field(default=None, description="accord's error code, e.g. A101")


class ErrorBody(BaseModel):
    """Every error answer: ``{"error": {"status", "message", "code"?}}``."""

    error: ErrorDetail


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": what}
    for status, what in [
        (400, "a malformed filter (a bad date, an empty range)"),
        (401, "the server has a token and the request does not carry it"),
        (404, "no such document or actor"),
        (409, "another upload is being ingested"),
        (413, "the body or upload is over its limit"),
        (422, "unusable input (accord's A1xx codes) or a malformed request"),
        (500, "a bug; the server's log has the details"),
    ]
}

router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)

Limit = Annotated[int, Query(ge=1, le=views.MAX_LIMIT, description="rows per page")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Day = Annotated[str | None, Query(description="YYYY-MM-DD, YYYY-MM or YYYY (inclusive)")]
Quads = Annotated[
    str | None,
    Query(pattern=r"^[1-4](,[1-4])*$", description="quad classes, e.g. 1,2 (cooperation)"),
]
Code = Annotated[str | None, Query(max_length=40, description="an actor code, e.g. JPN")]


class AnalyzeRequest(BaseModel):
    """One article to analyse: plain text, Markdown or HTML, and what is known of it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the article: plain text, Markdown or HTML")
    published: str | None = Field(default=None, description="YYYY-MM-DD")
    title: str | None = None
    source: str | None = Field(default=None, description="the outlet")
    url: str | None = None
    format: Literal["auto", "text", "markdown", "html"] = "auto"


class Page(BaseModel):
    items: list[dict[str, Any]]
    limit: int
    offset: int
    next_offset: int | None


def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


@router.post("/analyze", response_model=Analysis)
def analyze(body: AnalyzeRequest, request: Request) -> Analysis:
    """Analyse one article and answer its Analysis record (nothing is stored)."""
    svc = service(request)
    if len(body.text.encode("utf-8", "surrogatepass")) > svc.settings.max_body:
        raise InputTooLargeError(f"the text is over {svc.settings.max_body:,} bytes.")
    return svc.analyze(
        body.text,
        format=body.format,
        published=body.published,
        title=body.title,
        source=body.source,
        url=body.url,
    )


@router.get("/documents")
def documents(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="words in title or text")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = views.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stored documents, newest first, with their counts of events, quotes and flags."""
    return views.document_list(
        service(request).store,
        search=q,
        outlet=outlet,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )


@router.get("/documents/{doc_id}", response_model=Analysis)
def document(doc_id: Annotated[str, Path(max_length=64)], request: Request) -> Analysis:
    """One stored document's Analysis record."""
    record: Analysis = views.document_view(service(request).store, doc_id)["record"]
    return record


@router.get("/events", response_model=Page)
def events(
    request: Request,
    actor: Code = None,
    source: Code = None,
    target: Code = None,
    code: Annotated[str | None, Query(pattern=r"^[0-9]{1,4}$", description="CAMEO prefix")] = None,
    root: Annotated[str | None, Query(pattern=r"^[0-9]{2}$")] = None,
    quad_class: Quads = None,
    modality: Annotated[str | None, Query(max_length=20)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: Day = None,
    until: Day = None,
    newest_first: bool = False,
    limit: Limit = views.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stored events with their document and sentence; the store's event filters."""
    store = service(request).store
    return views.page(
        lambda **kw: queries.events(store, **kw),
        limit,
        offset,
        actor=actor,
        source=source,
        target=target,
        code=code,
        root=root,
        quad_class=quad_class,
        modality=modality,
        outlet=outlet,
        since=since,
        until=until,
        newest_first=newest_first,
    )


@router.get("/dyads", response_model=Page)
def dyads(
    request: Request,
    actor: Code = None,
    quad_class: Quads = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = views.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The most active pairs of actors, either direction, once per story."""
    store = service(request).store
    return views.page(
        lambda **kw: queries.dyads(store, **kw),
        limit,
        offset,
        actor=actor,
        quad_class=quad_class,
        since=since,
        until=until,
    )


@router.get("/dyads/{a}/{b}")
def dyad_series(
    a: Annotated[str, Path(max_length=40)],
    b: Annotated[str, Path(max_length=40)],
    request: Request,
    directed: bool = False,
    since: Day = None,
    until: Day = None,
) -> dict[str, Any]:
    """The time series of one dyad: per month and quad class, events (once per story),
    Goldstein sum and distinct outlets."""
    return views.dyad_timeline(
        service(request).store, a, b, directed=directed, since=since, until=until
    )


@router.get("/network")
def network(
    request: Request,
    actor: Code = None,
    quad_class: Quads = None,
    since: Day = None,
    until: Day = None,
    min_weight: Annotated[int, Query(ge=1)] = 1,
    max_edges: Annotated[int, Query(ge=1, le=5000)] = 300,
) -> dict[str, Any]:
    """The actor network: nodes with their activity, directed edges with their
    cooperation and conflict counts, heaviest first."""
    return views.network_data(
        service(request).store,
        since=since,
        until=until,
        quad_class=quad_class,
        actor=actor,
        min_weight=min_weight,
        max_edges=max_edges,
    )


@router.get("/actors", response_model=Page)
def actors(
    request: Request,
    since: Day = None,
    until: Day = None,
    limit: Limit = views.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The most active actor codes, with their events, stories and documents."""
    store = service(request).store
    found = views.page(
        lambda **kw: queries.actors(store, **kw), limit, offset, since=since, until=until
    )
    views.named(found["items"])
    return found


@router.get("/actors/{code}")
def actor(
    code: Annotated[str, Path(max_length=40)],
    request: Request,
    at: Day = None,
    recent: Annotated[int, Query(ge=0, le=views.MAX_LIMIT)] = 20,
) -> dict[str, Any]:
    """One actor: memberships on ``at`` (default today), partners, adversaries and
    recent events with their sentences."""
    return views.actor_profile(service(request).store, code, at=at, recent=recent)


@router.post("/ingest", response_model=IngestReport)
def ingest(
    request: Request,
    file: Annotated[UploadFile, File(description="an article, a JSON Lines file or a feed")],
) -> IngestReport:
    """Analyse and store the articles of one uploaded file in the server's store.
    A bad record is reported with its line and the others go in; a document already
    stored is counted, not stored twice."""
    svc = service(request)
    data = file.file.read(svc.settings.max_upload + 1)
    if len(data) > svc.settings.max_upload:
        raise InputTooLargeError(f"the upload is over {svc.settings.max_upload:,} bytes.")
    return svc.ingest_upload(file.filename or "upload.txt", data)
