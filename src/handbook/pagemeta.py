"""The `sources:` and `reviewed:` front matter of hand-written pages, checked against
sources.yaml, so every content page can show where its facts come from and when they
were last checked."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from handbook.model import Content, Source


class PageMetaError(ValueError):
    """A wrong front matter field; `field` names it, so the editor's line can be found."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class PageSources:
    sources: tuple[Source, ...]
    reviewed_iso: str
    reviewed: str  # in the page language's date format


def page_sources(meta: dict[str, Any], content: Content, lang: str) -> PageSources | None:
    """None for a page without the two fields (e.g. a page of links); raises ValueError
    with an editor's message when they are wrong."""
    ids, reviewed = meta.get("sources"), meta.get("reviewed")
    if ids is None and reviewed is None:
        return None
    if not ids or not isinstance(ids, list):
        raise PageMetaError(
            "sources",
            "'sources:' must list the ids (sources.yaml) the page's facts come from, "
            "e.g. 'sources: [hki-tyokyvyn-tuen-palvelut]'.",
        )
    unknown = [str(i) for i in ids if i not in content.sources]
    if unknown:
        raise PageMetaError("sources", f"unknown source {', '.join(repr(u) for u in unknown)} in 'sources:'; "
                         "use ids listed in sources.yaml.")
    if isinstance(reviewed, datetime.date):
        iso = reviewed.isoformat()
    else:
        try:
            iso = datetime.date.fromisoformat(str(reviewed)).isoformat()
        except ValueError:
            raise PageMetaError(
                "reviewed",
                "'reviewed:' must be the date the page was last checked against its sources, "
                "as YYYY-MM-DD, e.g. 'reviewed: 2026-11-24'.",
            ) from None
    if iso > datetime.date.today().isoformat():
        raise PageMetaError(
            "reviewed",
            f"'reviewed: {iso}' is in the future; write the day the page was last checked "
            "against its sources (today or earlier).",
        )
    return PageSources(
        sources=tuple(content.sources[i] for i in ids),
        reviewed_iso=iso,
        reviewed=content.languages.get(lang).format_date(iso),
    )
