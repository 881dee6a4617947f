"""A time limit on a block of Python code, in any thread.

Analysis time grows with a document's length, which the input checks already bound
(:data:`accord.text.DEFAULT_MAX_CHARS`); :func:`time_limit` bounds it in seconds too,
so that no document, however strange, can hold a worker or a server thread forever.

When the time is up, a watchdog timer raises an exception *in the thread that runs
the block* (CPython's ``PyThreadState_SetAsyncExc``, the mechanism behind
``KeyboardInterrupt``), which the block turns into :class:`AnalysisTimeoutError`.
Unlike ``SIGALRM`` this works in any thread (the API server analyses in a thread
pool) and in worker processes alike. Like a signal, it takes effect at the next
Python bytecode: a single C call that never returns would not be interrupted, which
is why accord's own patterns are kept free of catastrophic backtracking (tested on
the hostile corpus).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import InputError

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "AnalysisTimeoutError",
    "add_time_limit_option",
    "time_limit",
    "time_limit_from",
    "time_limit_from_env",
]

#: Seconds one document may take by default (a 1,000,000-character document, the
#: largest accepted, takes about a minute and a half on one core).
DEFAULT_TIME_LIMIT = 300.0


class AnalysisTimeoutError(InputError):
    """A document took longer than the time limit; it is skipped (ingest) or refused."""

    code = "A107"


class _Expired(BaseException):
    """Raised into the limited thread by the watchdog. A BaseException, so that no
    ``except Exception`` on the way (ours or a library's) can swallow it."""


def time_limit_from_env() -> float | None:
    """``$ACCORD_TIME_LIMIT`` (seconds; 0 or "none" for no limit), else the default."""
    value = os.environ.get("ACCORD_TIME_LIMIT", "").strip().lower()
    if not value:
        return DEFAULT_TIME_LIMIT
    if value in ("0", "none", "off"):
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise InputError(f"ACCORD_TIME_LIMIT must be a number of seconds, not {value!r}") from None
    return seconds if seconds > 0 else None


def add_time_limit_option(command: argparse.ArgumentParser) -> None:
    """The ``--time-limit`` option of the commands that analyse."""
    command.add_argument(
        "--time-limit",
        type=float,
        metavar="S",
        help=f"seconds one document may take, 0 for no limit (default: $ACCORD_TIME_LIMIT "
        f"or {DEFAULT_TIME_LIMIT:g})",
    )


def time_limit_from(args: argparse.Namespace) -> float | None:
    """The time limit a command was given (``--time-limit``, else the environment)."""
    given: float | None = getattr(args, "time_limit", None)
    if given is None:
        return time_limit_from_env()
    return given if given > 0 else None


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


@contextmanager
def time_limit(seconds: float | None, what: str = "the analysis") -> Iterator[None]:
    """Run the block, or raise :class:`AnalysisTimeoutError` once it has taken
    ``seconds`` (None: no limit)."""
    if seconds is None:
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    done = fired = False

    def expire() -> None:
        nonlocal fired
        with lock:
            if not done:
                fired = True
                _raise_in(target, _Expired)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    try:
        try:
            timer.start()
            yield
        finally:
            with lock:
                done = True
                if fired:
                    _raise_in(target, None)  # withdraw it if it has not landed yet
            timer.cancel()
    except _Expired:
        raise AnalysisTimeoutError(f"{what} took longer than {seconds:g} s.") from None
