"""Checked content files kept between runs, so that an unchanged file is neither parsed
nor checked again.

    cache = ContentCache.open(root, salt)
    result = cache.file(path, shown, kind, work)   # work() parses, checks and builds
    cache.save()

An entry is the result of one file (the model object, its problems, its references),
keyed by the SHA-256 of the file's bytes. The whole cache is keyed by a `salt`: the code
that reads and checks files, the schemas and languages.yaml; change any of them and no
old entry is used. Checks across files (ids, references, the trees' graphs) are not
cached: they run on every load, on the objects of every file.

In memory for `mkdocs serve` (one per project and salt), and on disk in
`.cache/content/<salt>.pickle`. `HANDBOOK_CACHE=off` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from handbook.morphology import caches_enabled

FORMAT = 1  # bump when the shape of an entry changes
_open: dict[tuple[str, str], ContentCache] = {}
_last: list[ContentCache] = []


def last() -> ContentCache | None:
    """The cache of the latest load_content in this process (its counts are that load's)."""
    return _last[0] if _last else None


def fingerprint(parts: Iterable[bytes | str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:24]


def code_fingerprint(modules: Iterable[Any], files: Iterable[Path]) -> str:
    """The salt: the source of the modules that read and check files, and `files`."""
    parts: list[bytes | str] = [str(FORMAT)]
    for module in modules:
        source = Path(module.__file__)
        parts += [module.__name__, source.read_bytes()]
    for file in files:
        parts += [file.name, file.read_bytes() if file.exists() else b"-"]
    return fingerprint(parts)


@dataclass
class ContentCache:
    folder: Path | None  # None: in memory only (caches off)
    salt: str
    entries: dict[str, tuple[str, Any]] = field(default_factory=dict)  # shown path → (hash, result)
    hits: int = 0  # files whose result came from the cache (the tests count them)
    misses: int = 0
    _used: set[str] = field(default_factory=set)
    _seen: dict[str, str] = field(default_factory=dict)  # key → hash of the bytes this load used
    _unsaved: bool = False

    @classmethod
    def open(cls, root: Path, salt: str) -> ContentCache:
        if not caches_enabled():
            off = cls(None, salt)
            _last[:] = [off]
            return off
        key = (str(Path(root).resolve()), salt)
        cache = _open.get(key)
        if cache is None:
            cache = cls(Path(root) / ".cache" / "content", salt)
            cache._read()
            _open.clear()  # one project and salt at a time: a stale one is garbage
            _open[key] = cache
        cache.hits = cache.misses = 0
        cache._used = set()
        cache._seen = {}
        _last[:] = [cache]
        return cache

    def summary(self) -> str:
        where = "off" if self.folder is None else f"{self.hits} unchanged file(s) from .cache/content"
        return f"Content: {self.misses} file(s) read and checked, {where}"

    @property
    def file_path(self) -> Path | None:
        return self.folder / f"{self.salt}.pickle" if self.folder else None

    def _read(self) -> None:
        path = self.file_path
        try:
            with path.open("rb") as stream:  # type: ignore[union-attr]
                data = pickle.load(stream)
        except Exception:  # none yet, or damaged, or written by other code: start afresh
            return
        if isinstance(data, dict) and data.get("salt") == self.salt:
            self.entries = data.get("entries") or {}

    def file(self, path: Path, shown: Path, kind: str, work: Callable[[], Any]) -> Any:
        """`work()`'s result for this file: from the cache when its bytes are unchanged."""
        key = f"{kind}:{shown}"
        self._used.add(key)
        if self.folder is None:
            self.misses += 1
            return work()
        before = _hash(path)
        entry = self.entries.get(key)
        if entry is not None and before is not None and entry[0] == before:
            self.hits += 1
            self._seen[key] = before
            return entry[1]
        self.misses += 1
        result = work()
        if before is not None and _hash(path) == before:  # not saved again while read
            self.entries[key] = (before, result)
            self._unsaved = True
            self._seen[key] = before
        else:  # which version was read is unknown: this load's fingerprint matches no other
            self._seen[key] = f"changing-{os.getpid()}-{id(result)}-{len(self._seen)}"
        return result

    def fingerprint(self) -> str:
        """All files of the latest load, as they were read: equal only for the same content."""
        return fingerprint([self.salt, *(f"{k}={self._seen[k]}" for k in sorted(self._seen))])

    def save(self) -> None:
        """Write the entries of this load's files (entries of deleted files are dropped)."""
        if self.folder is None:
            return
        gone = set(self.entries) - self._used
        for key in gone:
            del self.entries[key]
        if not (self._unsaved or gone):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.pickle"):
            if old.name != f"{self.salt}.pickle":
                old.unlink(missing_ok=True)  # another code or schema version: never read again
        path = self.file_path
        temporary = path.with_suffix(f".{os.getpid()}.tmp")  # type: ignore[union-attr]
        with temporary.open("wb") as stream:
            pickle.dump({"salt": self.salt, "entries": self.entries}, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # type: ignore[arg-type]
        self._unsaved = False


def _hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def remembered(root: Path, name: str, key: str, compute: Callable[[], Any]) -> Any:
    """compute()'s result, kept in `.cache/<name>/<key>.pickle` for the next run with the
    same key (the caller's key names everything the result is made of). One file per name
    is kept: the one of the latest key."""
    if not caches_enabled():
        return compute()
    folder = Path(root) / ".cache" / name
    path = folder / f"{key}.pickle"
    memory = _remembered.get(name)
    if memory is not None and memory[0] == key:
        return memory[1]
    try:
        with path.open("rb") as stream:
            result = pickle.load(stream)
    except Exception:  # none yet, or damaged: computed again
        result = compute()
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.pickle"):
            old.unlink(missing_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as stream:
            pickle.dump(result, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    _remembered[name] = (key, result)
    return result


_remembered: dict[str, tuple[str, Any]] = {}


@cache
def package_fingerprint() -> str:
    """This package's code and templates, read once per process (code does not change
    under a running process; a new version is a new process)."""
    return source_fingerprint(Path(__file__).parent)


def source_fingerprint(package_dir: Path) -> str:
    """Every file of the package (code and templates): any change gives another key."""
    files = sorted(p for p in Path(package_dir).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return fingerprint(part for f in files for part in (str(f.relative_to(package_dir)), f.read_bytes()))
