"""A disk cache for start-up work whose result depends only on its inputs.

Building a :class:`~accord.Pipeline` parses the knowledge base's YAML and the event
patterns, tokenises some 16,000 names for the phrase matchers and reads megabytes of
model weights: seconds of work that give the same result every time the inputs are
the same. Each result is kept in a pickle named by a hash of everything it is built
from (the input bytes, the code or library version that builds it), so a change to
any of them is a new file, never a stale result.

The files live in ``$ACCORD_CACHE_DIR`` (``off`` turns caching off), else
``$XDG_CACHE_HOME/accord``, else ``~/.cache/accord``. A cache file that cannot be
read is rebuilt and one that cannot be written is skipped: the cache only ever
saves time. Each kind keeps its :data:`KEEP` most recently used files (a user with
several knowledge-base extensions keeps one per set); older ones are removed when a
new one is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Files kept of each kind, the most recently used.
KEEP = 4


def cache_dir() -> Path | None:
    """The cache's folder, or ``None`` when ``$ACCORD_CACHE_DIR`` turns it off."""
    setting = os.environ.get("ACCORD_CACHE_DIR")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "false") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "accord"


def cache_key(parts: Iterable[bytes | str]) -> str:
    """A hash of ``parts``, each length-prefixed so that no two lists of parts collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def cached(kind: str, key: str, build: Callable[[], T], expect: type[T]) -> T:
    """The ``expect`` kept under ``kind`` and ``key``; else ``build()``, kept for next time.

    ``key`` must be a hash of every input of ``build`` (:func:`cache_key`)."""
    folder = cache_dir()
    path = folder / f"{kind}-{key[:24]}.pickle" if folder is not None else None
    if path is not None:
        value = _read(path)
        if isinstance(value, expect):
            with contextlib.suppress(OSError):
                os.utime(path)  # used now: the last to be pruned
            return value
    value = build()
    if path is not None:
        _write(path, value)
        _prune(path.parent, kind)
    return value


def _prune(folder: Path, kind: str) -> None:
    """Remove all but the :data:`KEEP` most recently used files of ``kind``."""
    try:
        files = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in files[:-KEEP]:
            stale.unlink()
    except OSError:
        return


def _read(path: Path) -> object:
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        return None


def _write(path: Path, value: object) -> None:
    """Write through a temporary file, so a reader never sees half a pickle."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as f:
            temporary = f.name
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PickleError):
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
