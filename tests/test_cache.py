"""The start-up cache: a result is built once per set of inputs, and never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.cache import KEEP, cache_dir, cache_key, cached


class Builds:
    """A build function that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_result_is_built_once_and_read_back(folder: Path) -> None:
    build = Builds({"a": (1, 2)})
    key = cache_key(["input"])
    assert cached("thing", key, build, dict) == {"a": (1, 2)}
    assert cached("thing", key, build, dict) == {"a": (1, 2)}
    assert build.calls == 1
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["thing"]


def test_other_inputs_are_another_key(folder: Path) -> None:
    first, second = Builds({"v": 1}), Builds({"v": 2})
    assert cached("thing", cache_key(["one"]), first, dict) == {"v": 1}
    assert cached("thing", cache_key(["two"]), second, dict) == {"v": 2}
    assert second.calls == 1
    assert len(list(folder.glob("thing-*.pickle"))) == 2


def test_parts_are_not_confused_by_where_they_are_cut() -> None:
    assert cache_key(["ab", "c"]) != cache_key(["a", "bc"])
    assert cache_key([b"ab"]) == cache_key(["ab"])


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05N."])
def test_an_unreadable_or_unexpected_file_is_rebuilt(folder: Path, content: bytes) -> None:
    key = cache_key(["input"])
    folder.mkdir()
    (folder / f"thing-{key[:24]}.pickle").write_bytes(content)  # b"\x80\x05N." is None
    build = Builds({"fresh": True})
    assert cached("thing", key, build, dict) == {"fresh": True}
    assert build.calls == 1
    assert cached("thing", key, Builds({}), dict) == {"fresh": True}  # and was rewritten


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() is None
    build = Builds({"v": 1})
    cached("thing", cache_key(["x"]), build, dict)
    cached("thing", cache_key(["x"]), build, dict)
    assert build.calls == 2
    assert not list(tmp_path.rglob("*"))


def test_the_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "accord"


def test_a_folder_that_cannot_be_made_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(blocker / "cache"))
    build = Builds({"v": 1})
    assert cached("thing", cache_key(["x"]), build, dict) == {"v": 1}
    assert cached("thing", cache_key(["x"]), build, dict) == {"v": 1}
    assert build.calls == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_each_kind_keeps_its_most_recently_used_files(folder: Path) -> None:
    keys = [cache_key([str(i)]) for i in range(KEEP + 2)]
    cached("thing", keys[0], Builds({"n": 0}), dict)
    cached("other", cache_key(["x"]), Builds({}), dict)
    for n, key in enumerate(keys[1:], start=1):
        os.utime(folder / f"thing-{keys[0][:24]}.pickle", (n, n))  # ... but 0 stays in use
        cached("thing", keys[0], Builds({}), dict)
        cached("thing", key, Builds({"n": n}), dict)
    kept = {p.name for p in folder.glob("thing-*.pickle")}
    assert len(kept) == KEEP
    assert f"thing-{keys[0][:24]}.pickle" in kept  # read back each time: recently used
    assert f"thing-{keys[1][:24]}.pickle" not in kept  # the oldest went
    assert len(list(folder.glob("other-*.pickle"))) == 1  # other kinds are left alone
