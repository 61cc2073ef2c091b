"""The glossary for other tools: XLSX (a content owner's review in Excel), CSV (for
machines), JSON, SKOS Turtle.

Spreadsheets: Finnish Excel's list separator is ";", so it opens a comma CSV in one
column; the .xlsx opens the same in every locale and is what people review. Any cell
that begins with =, +, -, @ (or a tab or carriage return) would be run as a formula by a
spreadsheet ("formula injection"): in the CSV such a cell gets a leading apostrophe
(OWASP's advice; a spreadsheet shows the text, a program can strip it); in the XLSX the
cell is stored as text with Excel's quote prefix, so its value stays exactly the term.

SKOS choices:
- prefLabel: the preferred term, one per language; altLabel: accepted terms.
- Not-recommended terms are skos:hiddenLabel: every SKOS reader keeps them and search
  tools match them (someone searching for the old title finds the concept), while
  displays do not offer them as names. hiddenLabel alone does not say *why* a label is
  hidden, so each also gets a skos:editorialNote in its language ("Ei suositeltava
  termi: …" / "Not recommended term: …"). SKOS-XL would carry a status on the label
  itself, but many SKOS readers ignore skosxl:Label and would lose the term.
- definition: each source's definition, one literal per language; the sources as
  dct:source (the citation; its URL as well when the source has one).
- broader / narrower / related; skos:note, skos:example; dct:modified = last review;
  owl:deprecated for superseded or retired concepts.
- URIs: the concept's URI is its page's canonical address (`<site_url>glossary/<id>/`,
  with the trailing slash the pages have), so every URI resolves to the concept page; the
  scheme is the glossary's index page `<site_url>glossary/`, with a prefLabel per language.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from handbook.model import Content, SourcedText

FORMATS = {
    "xlsx": "glossary.xlsx",
    "csv": "glossary.csv",
    "json": "glossary.json",
    "skos": "glossary.ttl",
}
SEPARATOR = "; "
# What a spreadsheet reads as the start of a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Without --base-uri and without a site_url: URIs that at least name this glossary.
FALLBACK_BASE = "urn:x-handbook:glossary:"


def concept_uri(base_uri: str, concept_id: str) -> str:
    """The concept's URI: with an http(s) base, its page's address (trailing slash)."""
    if base_uri.startswith(("http://", "https://")):
        return f"{base_uri.rstrip('/')}/{concept_id}/"
    return base_uri + concept_id


def scheme_uri(base_uri: str) -> str:
    if base_uri.startswith(("http://", "https://")):
        return base_uri.rstrip("/") + "/"
    return base_uri.rstrip("/:#") or base_uri


def neutralised(value: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _scoped(content: Content, d: SourcedText, lang: str) -> str:
    """A definition's text with its scope label, as every page shows it."""
    from handbook.rendering import scope_label

    label = scope_label(content, d, lang)
    return f"{d.text[lang]} ({label})" if label else d.text[lang]


def _scope_fields(content: Content, d: SourcedText) -> dict:
    region = content.region(d)
    return {"scope": "regional", "region": region} if region else {}


def _source_label(content: Content, source_id: str) -> str:
    source = content.sources.get(source_id)
    return source.citation if source else source_id


def to_rows(content: Content) -> list[dict[str, str]]:
    """One row per concept and language."""
    rows = []
    for cid, c in sorted(content.concepts.items()):
        for lang in content.languages.codes:
            terms = c.terms[lang]
            rows.append(
                {
                    "id": cid,
                    "language": lang,
                    "preferred": terms.preferred,
                    "accepted": SEPARATOR.join(terms.accepted),
                    "not_recommended": SEPARATOR.join(terms.not_recommended),
                    "definitions": "\n".join(
                        f"[{d.source}] {_scoped(content, d, lang)}" for d in c.definitions
                    ),
                    "sources": SEPARATOR.join(
                        dict.fromkeys(_source_label(content, d.source) for d in c.definitions)
                    ),
                    "note": (c.note or {}).get(lang, ""),
                    "example": (c.example or {}).get(lang, ""),
                    "broader": SEPARATOR.join(c.broader),
                    "related": SEPARATOR.join(c.related),
                    "service": "yes" if c.is_service else "",
                    "status": c.status,
                    "reviewed": c.reviewed.date,
                }
            )
    return rows


def to_csv(content: Content, base_uri: str = "") -> str:
    out = io.StringIO()
    rows = to_rows(content)
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["id"], lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: neutralised(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


# Column widths in characters for the XLSX; long texts wrap within them.
_WIDE = {"definitions": 80, "note": 50, "example": 50, "sources": 40}


def to_xlsx(content: Content, base_uri: str = "") -> bytes:
    """The same rows as the CSV as an Excel workbook: header frozen, columns sized, text wrapped."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = to_rows(content)
    columns = list(rows[0]) if rows else ["id"]
    book = Workbook()
    sheet = book.active
    sheet.title = content.languages.word("glossary", content.languages.codes[0])[:31]
    sheet.append(columns)
    for row in rows:
        sheet.append([row[name] for name in columns])
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows():
        for cell in line:
            cell.alignment = wrap
            if isinstance(cell.value, str) and cell.value:
                # openpyxl reads a string starting with "=" as a formula: force text, and
                # Excel's quote prefix keeps it text when someone edits the cell.
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_START):
                    cell.quotePrefix = True
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, name in enumerate(columns, start=1):
        longest = max((len(line) for row in rows for line in row[name].split("\n")), default=0)
        width = _WIDE.get(name, min(max(longest, len(name)) + 2, 40))
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    newest = max((c.reviewed.date for c in content.concepts.values()), default="")
    return _reproducible_zip(out.getvalue(), newest)


def _reproducible_zip(data: bytes, day: str) -> bytes:
    """The workbook with the time of the build taken out: openpyxl stamps the file's
    created/modified properties and every zip entry with the clock, so two builds of the
    same content differed. Both become `day` (the newest review, YYYY-MM-DD)."""
    import re
    import zipfile

    valid = re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
    year, month, date = (int(part) for part in day.split("-")) if valid else (1980, 1, 1)
    stamp = f"{year:04d}-{month:02d}-{date:02d}T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", stamp.encode(), body)
            entry = zipfile.ZipInfo(info.filename, date_time=(max(year, 1980), month, date, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, body)
    return out.getvalue()


def to_data(content: Content, base_uri: str = "") -> dict:
    concepts = []
    for cid, c in sorted(content.concepts.items()):
        concepts.append(
            {
                "id": cid,
                "uri": concept_uri(base_uri, cid) if base_uri else None,
                "status": c.status,
                "service": c.is_service,
                "terms": {
                    lang: {
                        "preferred": t.preferred,
                        "accepted": list(t.accepted),
                        "not_recommended": list(t.not_recommended),
                    }
                    for lang, t in c.terms.items()
                },
                "definitions": [
                    {**d.text, "source": d.source, **_scope_fields(content, d)} for d in c.definitions
                ],
                "note": c.note,
                "example": c.example,
                "broader": list(c.broader),
                "related": list(c.related),
                "confused_with": [x.concept for x in c.confused_with],
                "reviewed": {"date": c.reviewed.date, "against": list(c.reviewed.against)},
            }
        )
    sources = {
        sid: {"citation": s.citation, "date": s.date, "url": s.url}
        for sid, s in sorted(content.sources.items())
    }
    return {"languages": list(content.languages.codes), "concepts": concepts, "sources": sources}


def to_json(content: Content, base_uri: str = "") -> str:
    return json.dumps(to_data(content, base_uri), ensure_ascii=False, indent=2) + "\n"


def to_graph(content: Content, base_uri: str):
    """The glossary as an rdflib Graph in SKOS."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD

    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    graph.bind("owl", OWL)
    graph.bind("hb", Namespace(scheme_uri(base_uri)))
    scheme = URIRef(scheme_uri(base_uri))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    words = content.languages
    for lang in words.codes:
        graph.add((scheme, DCTERMS.title, Literal(words.word("glossary", lang), lang=lang)))
        graph.add((scheme, SKOS.prefLabel, Literal(words.word("glossary", lang), lang=lang)))

    def uri(concept_id: str) -> URIRef:
        return URIRef(concept_uri(base_uri, concept_id))

    for cid, c in sorted(content.concepts.items()):
        node = uri(cid)
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, scheme))
        graph.add((node, SKOS.notation, Literal(cid)))
        if not c.broader:
            graph.add((node, SKOS.topConceptOf, scheme))
            graph.add((scheme, SKOS.hasTopConcept, node))
        for lang, terms in c.terms.items():
            # SKOS: pref, alt and hidden labels are disjoint; a term listed twice keeps
            # its strongest kind.
            taken = {terms.preferred.lower()}
            graph.add((node, SKOS.prefLabel, Literal(terms.preferred, lang=lang)))
            for term in terms.accepted:
                if term.lower() not in taken:
                    taken.add(term.lower())
                    graph.add((node, SKOS.altLabel, Literal(term, lang=lang)))
            for term in terms.not_recommended:
                if term.lower() not in taken:
                    taken.add(term.lower())
                    graph.add((node, SKOS.hiddenLabel, Literal(term, lang=lang)))
                    note = f"{words.word('not_recommended_term', lang)}: {term}"
                    graph.add((node, SKOS.editorialNote, Literal(note, lang=lang)))
        for d in c.definitions:
            for lang in d.text:
                graph.add((node, SKOS.definition, Literal(_scoped(content, d, lang), lang=lang)))
        for source_id in dict.fromkeys(d.source for d in c.definitions):
            source = content.sources.get(source_id)
            graph.add((node, DCTERMS.source, Literal(_source_label(content, source_id))))
            if source and source.url:
                graph.add((node, DCTERMS.source, URIRef(source.url)))
        for field, prop in ((c.note, SKOS.note), (c.example, SKOS.example)):
            for lang, text in (field or {}).items():
                graph.add((node, prop, Literal(text, lang=lang)))
        for other in c.broader:
            graph.add((node, SKOS.broader, uri(other)))
            graph.add((uri(other), SKOS.narrower, node))
        for other in c.related:
            graph.add((node, SKOS.related, uri(other)))
            graph.add((uri(other), SKOS.related, node))
        graph.add((node, DCTERMS.modified, Literal(c.reviewed.date, datatype=XSD.date)))
        if c.status in ("superseded", "retired"):
            graph.add((node, OWL.deprecated, Literal(True)))
    return graph


def to_skos(content: Content, base_uri: str = FALLBACK_BASE) -> str:
    return to_graph(content, base_uri).serialize(format="turtle")


EXPORTERS: dict[str, Callable[[Content, str], str | bytes]] = {
    "xlsx": to_xlsx,
    "csv": to_csv,
    "json": to_json,
    "skos": to_skos,
}


def export_bytes(content: Content, fmt: str, base_uri: str) -> bytes:
    """One export as the bytes of its file."""
    data = EXPORTERS[fmt](content, base_uri)
    if isinstance(data, bytes):
        return data
    # A byte-order mark lets spreadsheet programs open the CSV as UTF-8 (ä, ö).
    return data.encode("utf-8-sig" if fmt == "csv" else "utf-8")


def write_export(content: Content, fmt: str, path: Path, base_uri: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export_bytes(content, fmt, base_uri))


def write_downloads(content: Content, folder: Path, base_uri: str) -> list[Path]:
    """Every export format into `folder` (the site's downloads/)."""
    written = []
    for fmt, name in FORMATS.items():
        write_export(content, fmt, folder / name, base_uri)
        written.append(folder / name)
    return written
