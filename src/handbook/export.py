"""The glossary for other tools: CSV (a spreadsheet review), JSON, SKOS Turtle.

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
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from handbook.model import Content, SourcedText

FORMATS = {"csv": "glossary.csv", "json": "glossary.json", "skos": "glossary.ttl"}
SEPARATOR = "; "


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
    writer.writerows(rows)
    return out.getvalue()


def to_data(content: Content, base_uri: str = "") -> dict:
    concepts = []
    for cid, c in sorted(content.concepts.items()):
        concepts.append(
            {
                "id": cid,
                "uri": base_uri + cid if base_uri else None,
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
    ns = Namespace(base_uri)
    graph.bind("hb", ns)
    scheme = URIRef(base_uri.rstrip("/:#") or base_uri)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    words = content.languages
    for lang in words.codes:
        graph.add((scheme, DCTERMS.title, Literal(words.word("glossary", lang), lang=lang)))
    for cid, c in sorted(content.concepts.items()):
        node = ns[cid]
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
            graph.add((node, SKOS.broader, ns[other]))
            graph.add((ns[other], SKOS.narrower, node))
        for other in c.related:
            graph.add((node, SKOS.related, ns[other]))
            graph.add((ns[other], SKOS.related, node))
        graph.add((node, DCTERMS.modified, Literal(c.reviewed.date, datatype=XSD.date)))
        if c.status in ("superseded", "retired"):
            graph.add((node, OWL.deprecated, Literal(True)))
    return graph


def to_skos(content: Content, base_uri: str = "urn:x-handbook:glossary:") -> str:
    return to_graph(content, base_uri).serialize(format="turtle")


EXPORTERS: dict[str, Callable[[Content, str], str]] = {"csv": to_csv, "json": to_json, "skos": to_skos}


def write_export(content: Content, fmt: str, path: Path, base_uri: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A byte-order mark lets spreadsheet programs open the CSV as UTF-8 (ä, ö).
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    path.write_text(EXPORTERS[fmt](content, base_uri), encoding=encoding)


def write_downloads(content: Content, folder: Path, base_uri: str) -> list[Path]:
    """Every export format into `folder` (the site's downloads/)."""
    written = []
    for fmt, name in FORMATS.items():
        write_export(content, fmt, folder / name, base_uri)
        written.append(folder / name)
    return written
