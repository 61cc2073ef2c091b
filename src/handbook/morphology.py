"""Finnish morphology for the term finder: which Voikko runs, and a lemma cache on disk.

Two backends give the same answers (tests/test_morphology.py compares them word by word):
- **libvoikko**, the C library (Debian `libvoikko1` + `voikko-fi`, used through the
  `libvoikko` module): about 0.01 ms per word form. Used when it is installed.
- **pyvoikko**, pure Python (faster with the `kfst-rs` wheel, which it picks up by
  itself): about 2 ms per word form without it. The fallback for a machine without the
  C library.
Both run the same Voikko finite-state morphology; libvoikko's raw FST output is read
here with the same rules pyvoikko applies to it, so lemmas and compound parts agree.
`HANDBOOK_ANALYSER=pyvoikko` (or `libvoikko`) forces one.

Voikko's answer for a word form never changes for one version of the analyser and its
dictionary, so the answers are kept in `.cache/lemmas/` keyed by that version and the
word form: a build analyses only word forms no earlier build has seen.
`HANDBOOK_CACHE=off` turns every cache of the build off (the tests compare the output).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from importlib import metadata
from pathlib import Path
from typing import Protocol

Analyses = tuple[tuple[str, tuple[str, ...]], ...]  # (lemma, compound part lemmas) each

_TAG = re.compile(r"(\[[^\]]+\])")
_ADJECTIVES = {"l", "nl"}  # word classes whose compound parts keep their base form


def caches_enabled() -> bool:
    return os.environ.get("HANDBOOK_CACHE", "on").lower() not in ("off", "0", "no", "false")


class Backend(Protocol):
    version: str  # names the analyser and its dictionary: the lemma cache's key

    def lookup(self, word: str) -> Analyses: ...


def _segment(chunks: list[str]) -> tuple[str, str, str]:
    """(base form, surface form, word class) of one compound part of Voikko's FST output.

    [Xp]...[X] holds a base form, [Xr]/[Xs]...[X] is skipped, other text is the surface
    form; the same reading as pyvoikko's (analysis.py, `_from_unitary_voikko_analysis`).
    """
    in_base = in_skip = False
    base = surface = base_part = text = ""
    word_class = ""
    flags = set()
    for chunk in chunks:
        if chunk in ("[Xp]", "[Xj]"):
            in_base = True
            base += text
            surface += text
            text = base_part = ""
        elif chunk in ("[Xr]", "[Xs]"):
            in_skip = True
        elif chunk == "[X]":
            in_base = in_skip = False
        elif chunk.startswith("["):
            name, arg = chunk[1], chunk[2:-1]
            if name == "L":
                word_class = arg
            elif name == "D":
                flags.add(arg)
        elif in_skip:
            pass
        elif in_base:
            base_part += chunk
        else:
            text += chunk
    base += base_part
    surface += text
    if not base:
        base = surface[:-1] if surface.endswith("-") else surface
    if "e" in flags and surface.endswith("is-"):
        base = surface[:-1]
    return base, surface, word_class


def read_fst_output(output: str) -> tuple[str, tuple[str, ...]] | None:
    """(lemma, compound part lemmas) of one analysis, from Voikko's raw FST output."""
    chunks = [c for c in _TAG.split(output) if c]
    segments: list[list[str]] = [[]]
    for chunk in chunks:
        if chunk == "[Bc]":  # a compound boundary
            segments.append([])
        else:
            segments[-1].append(chunk)
    parts = [_segment(s) for s in segments if any(c.startswith("[L") for c in s)]
    if not parts:
        return None
    if len(parts) == 1:
        base = parts[0][0].lower()
        return (base.replace("=", ""), tuple(base.split("="))) if base else None
    last = len(parts) - 1
    base = "".join(
        (b if i == last or cls in _ADJECTIVES else form) + ("-" if form.endswith("-") else "")
        for i, (b, form, cls) in enumerate(parts)
    ).lower()
    if not base:
        return None
    return base.replace("=", ""), tuple((b or form).lower() for b, form, _ in parts)


def _voikko_dictionary() -> str:
    """The version and build of the installed voikko-fi dictionary, from its index.txt."""
    roots = [Path.home() / ".voikko", Path("/usr/lib/voikko"), Path("/usr/share/voikko"),
             Path("/usr/local/lib/voikko"), Path("/usr/local/share/voikko")]
    for root in roots:
        for index in sorted(root.glob("*/mor-standard/index.txt")):
            fields = dict(
                line.split(": ", 1) for line in index.read_text("utf-8").splitlines() if ": " in line
            )
            return f"voikko-fi {fields.get('SM-Version', '?')} ({fields.get('Build-Date', '?')})"
    return "voikko-fi ?"


class LibVoikko:
    """The C library, through the `libvoikko` module."""

    def __init__(self) -> None:
        import libvoikko  # raises ImportError/OSError where the C library is missing

        self._voikko = libvoikko.Voikko("fi")
        self.version = f"libvoikko {libvoikko.Voikko.getVersion()}, {_voikko_dictionary()}"

    def lookup(self, word: str) -> Analyses:
        found = []
        for analysis in self._voikko.analyze(word):
            read = read_fst_output(analysis.get("FSTOUTPUT", ""))
            if read:
                found.append(read)
        return tuple(dict.fromkeys(found))


class PyVoikko:
    """Pure Python; uses the kfst-rs accelerator when that wheel is installed."""

    def __init__(self) -> None:
        import pyvoikko  # imported on first use: it takes about a second

        self._pyvoikko = pyvoikko
        accelerated = ""
        with contextlib.suppress(metadata.PackageNotFoundError):
            accelerated = f", kfst-rs {metadata.version('kfst-rs')}"
        self.version = f"pyvoikko {metadata.version('pyvoikko')}{accelerated}"

    def lookup(self, word: str) -> Analyses:
        found = []
        for analysis in self._pyvoikko.analyse(word):
            base = (analysis.BASEFORM or "").lower()
            if not base:
                continue
            if analysis.COMPOUND_PARTS:
                parts = tuple((p.BASEFORM or p.FORM or "").lower() for p in analysis.COMPOUND_PARTS)
            else:
                parts = tuple(base.split("="))
            found.append((base.replace("=", ""), parts))
        return tuple(dict.fromkeys(found))


BACKENDS: dict[str, type] = {"libvoikko": LibVoikko, "pyvoikko": PyVoikko}


class Morphology:
    """One backend and its answers: in memory, and on disk once `attach`ed to a folder.

    The memory holds one entry per distinct word form of the content, so it is bounded by
    the content, also in a `mkdocs serve` that runs for hours."""

    def __init__(self, backend: Backend, note: str = "") -> None:
        self.backend = backend
        self.note = note  # why this backend, for the build log
        self.answers: dict[str, Analyses] = {}
        self.looked_up = 0  # word forms sent to the backend (the tests count them)
        self.loaded_from: Path | None = None
        self._unsaved = False
        self._file: Path | None = None

    @classmethod
    def choose(cls) -> Morphology:
        wanted = os.environ.get("HANDBOOK_ANALYSER", "").strip().lower()
        if wanted:
            if wanted not in BACKENDS:
                raise ValueError(f"HANDBOOK_ANALYSER={wanted}: use one of {', '.join(BACKENDS)}")
            return cls(BACKENDS[wanted](), f"HANDBOOK_ANALYSER={wanted}")
        try:
            return cls(LibVoikko())
        except Exception as error:  # ImportError, OSError, libvoikko.VoikkoException
            # No C library (or no Finnish dictionary for it): the pure-Python fallback.
            return cls(PyVoikko(), f"libvoikko not available: {error}")

    def describe(self) -> str:
        text = f"Finnish analysis: {self.backend.version}"
        return f"{text} ({self.note})" if self.note else text

    def summary(self) -> str:
        """How many word forms the analyser was asked since the last summary."""
        asked, self.looked_up = self.looked_up, 0
        where = f", {len(self.answers) - asked} known from {self.loaded_from}" if self.loaded_from else ""
        return f"Finnish analysis: {asked} new word form(s) analysed{where}"

    def analyses(self, word: str) -> Analyses:
        found = self.answers.get(word)
        if found is None:
            found = self.backend.lookup(word)
            self.looked_up += 1
            self.answers[word] = found
            self._unsaved = True
        return found

    def cache_file(self, folder: Path) -> Path:
        key = hashlib.sha256(self.backend.version.encode("utf-8")).hexdigest()[:16]
        return folder / "lemmas" / f"{key}.json"

    def attach(self, folder: Path) -> None:
        """Read the answers an earlier build saved under `folder` for this same analyser
        version (a file of another version is never read), and save new ones there."""
        if not caches_enabled():
            return
        file = self.cache_file(Path(folder))
        if file == self._file:
            return
        self._file = file
        try:
            data = json.loads(file.read_text("utf-8"))
        except (OSError, ValueError):
            return  # no cache yet, or a damaged one: it is written again on save
        if not isinstance(data, dict) or data.get("analyser") != self.backend.version:
            return
        for word, found in (data.get("words") or {}).items():
            if word not in self.answers:
                self.answers[word] = tuple((lemma, tuple(parts)) for lemma, parts in found)
        self.loaded_from = file

    def save(self) -> None:
        if not (self._unsaved and self._file and caches_enabled()):
            return
        data = {"analyser": self.backend.version, "words": dict(sorted(self.answers.items()))}
        self._file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        os.replace(temporary, self._file)  # never a half-written cache for another build
        self._unsaved = False
