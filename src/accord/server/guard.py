"""The server's outer wall: token check, request size limits, security headers.

One ASGI middleware in front of every route, so no route can forget it:

- **Token.** When the server has a token (it must, off loopback), every request
  carries it, as ``Authorization: Bearer TOKEN`` or as the cookie the login page
  sets (``HttpOnly``, ``SameSite=Strict``, so another site cannot ride on it).
  Tokens are compared in constant time.
- **Size.** A request body larger than its limit is refused with 413 before the
  route sees it: by its ``Content-Length`` when it declares one, else by counting
  what arrives. Uploads to ingest have their own, larger limit; a body within its
  limit is read whole here and handed on.
- **Headers.** A Content-Security-Policy allows scripts from the server only (no
  inline script, no other origin), and pages may not be framed.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http import HTTPStatus
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote, unquote

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "accord_token"
LOGIN_PATH = "/login"
#: Routes whose bodies are uploads (the larger limit).
UPLOAD_PATHS = frozenset({"/api/ingest"})

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

_LOGIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>accord: sign in</title>
<link rel="stylesheet" href="/static/accord.css"><link rel="icon" href="data:,"></head>
<body><main class="narrow"><h1>accord</h1>
<p>This server needs its access token.</p>
<form method="post" action="/login">
<label>Token <input type="password" name="token" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></main></body></html>
"""


_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it grows past ``limit`` (a body
    sent in chunks, without a Content-Length, is counted as it arrives). Reading it
    here, before any route, is what lets a too-large body get its 413: inside the
    route, the framework would report any failure while parsing as a 400."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away; the route sees an empty body
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read, then waits as the real one."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def wants_json(scope: Scope) -> bool:
    """Whether the client is a program (API or JSON twin) rather than a browser page."""
    path: str = scope.get("path", "")
    return path.startswith("/api/") or path.endswith(".json") or path == "/openapi.json"


async def send_error(send: Send, scope: Scope, status: int, message: str) -> None:
    """An error as JSON for API clients, as a small page for browsers."""
    if wants_json(scope):
        body = json.dumps({"error": {"status": status, "message": message}}).encode()
        kind = b"application/json"
    else:
        title = HTTPStatus(status).phrase
        body = (
            f"<!doctype html><title>{status} {title}</title><h1>{status} {title}</h1>"
            f"<p>{_escape(message)}</p>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    if status == HTTPStatus.UNAUTHORIZED:
        headers.append((b"www-authenticate", b'Bearer realm="accord"'))
    await send({"type": "http.response.start", "status": status, "headers": headers + _HEADERS})
    await send({"type": "http.response.body", "body": body})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Guard:
    """ASGI middleware: see the module docstring."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body: int, max_upload: int) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if self.token is not None and not self._authorised(scope):
            if path == LOGIN_PATH:
                await self._login(scope, receive, send)
            elif scope.get("method") == "GET" and not wants_json(scope):
                await _send_login_page(send)
            else:
                await send_error(send, scope, 401, "missing or wrong access token.")
            return
        limit = self.max_upload if path in UPLOAD_PATHS else self.max_body
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await send_error(send, scope, 413, f"the request body is over {limit:,} bytes.")
            return
        if scope.get("method") in _BODY_METHODS:
            body = await _read_body(receive, limit)
            if body is None:
                await send_error(send, scope, 413, f"the request body is over {limit:,} bytes.")
                return
            receive = _replay(body, receive)

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, secured_send)

    def _authorised(self, scope: Scope) -> bool:
        assert self.token is not None
        given: str | None = None
        auth = _header(scope, b"authorization")
        if auth is not None and auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        else:
            cookies = SimpleCookie(_header(scope, b"cookie") or "")
            if COOKIE in cookies:
                given = unquote(cookies[COOKIE].value)
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        """``POST /login`` with the right token sets the cookie; anything else shows
        the form again (401)."""
        if scope.get("method") != "POST":
            await _send_login_page(send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > 4096:
                await send_error(send, scope, 413, "the login form is too large.")
                return
            if not message.get("more_body"):
                break
        given = parse_qs(body.decode("utf-8", "replace")).get("token", [""])[0]
        assert self.token is not None
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            await _send_login_page(send)
            return
        cookie = f"{COOKIE}={quote(given, safe='')}; Path=/; HttpOnly; SameSite=Strict"
        headers = [(b"location", b"/"), (b"set-cookie", cookie.encode()), *_HEADERS]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


async def _send_login_page(send: Send) -> None:
    body = _LOGIN_PAGE.encode()
    headers = [(b"content-type", b"text/html; charset=utf-8"), *_HEADERS]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            text: str = value.decode("latin-1")
            return text
    return None
