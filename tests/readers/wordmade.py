"""Shared by the readers' tests: Word packages written part by part, to show one thing Word writes.

``word_package`` writes a .docx whose body is the XML given, with the parts the main
part relates (footnotes, endnotes, numbering, comments, headers …) and, where asked,
its main part at another path or in Strict Open XML's namespaces. ``fiche_around``
puts a fiche's section headings around a body, so that the text lands in the essence.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

TRANSITIONAL = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
}
STRICT = {
    **TRANSITIONAL,
    "w": "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "r": "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "m": "http://purl.oclc.org/ooxml/officeDocument/math",
    "wp": "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
    "a": "http://purl.oclc.org/ooxml/drawingml/main",
}
_TYPES = {
    False: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    True: "http://purl.oclc.org/ooxml/officeDocument/relationships/",
}
# the root element of each kind of part the main part relates
ROOTS = {
    "footnotes": "w:footnotes",
    "endnotes": "w:endnotes",
    "numbering": "w:numbering",
    "comments": "w:comments",
    "header": "w:hdr",
    "footer": "w:ftr",
    "styles": "w:styles",
}
SEPARATORS = (
    '<w:{0} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{0}>'
    '<w:{0} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{0}>'
)

BEFORE = "<w:p><w:r><w:t>Fiche 1: Mededeling over een proef</w:t></w:r></w:p>" + "".join(
    f"<w:p><w:r><w:t>{heading}</w:t></w:r></w:p>" for heading in ("1. Algemene gegevens", "2. Essentie voorstel")
)
AFTER = "".join(
    f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    for text in (
        "3. Nederlandse positie ten aanzien van de mededeling",
        "a) Essentie Nederlands beleid op dit terrein",
        "Beleid.",
        "b) Beoordeling + inzet ten aanzien van dit voorstel",
        "Beoordeling.",
        "c) Eerste inschatting van krachtenveld",
        "Krachtenveld.",
    )
)


def fiche_around(body: str) -> str:
    """``body`` (paragraphs) between a fiche's title and sections 1 and 2, and section 3."""
    return BEFORE + body + AFTER


def _declarations(namespaces: dict[str, str]) -> str:
    return " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in namespaces.items())


def word_package(
    folder: Path,
    body: str,
    *,
    parts: dict[str, str] | None = None,
    main: str = "word/document.xml",
    strict: bool = False,
    section: str = "",
    name: str = "word.docx",
) -> Path:
    """A .docx whose body is ``body``; ``parts`` maps a kind of part ("endnotes", "header" …)
    to its content (inside its root element), related from the main part at ``main`` as
    ``rId1``, ``rId2`` … in order; ``section`` is the content of the body's ``w:sectPr``."""
    namespaces = STRICT if strict else TRANSITIONAL
    declarations = _declarations(namespaces)
    types = _TYPES[strict]
    folder_name, _, main_name = main.rpartition("/")
    relationships = []
    files = {
        main: f"<w:document {declarations}><w:body>{body}<w:sectPr>{section}</w:sectPr></w:body></w:document>",
    }
    for n, (kind, content) in enumerate((parts or {}).items(), start=1):
        root = ROOTS[kind]
        files[f"{folder_name}/{kind}.xml"] = f"<{root} {declarations}>{content}</{root}>"
        relationships.append(f'<Relationship Id="rId{n}" Type="{types}{kind}" Target="{kind}.xml"/>')
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    files["_rels/.rels"] = (
        f'<Relationships xmlns="{rels}"><Relationship Id="rId1" Type="{types}officeDocument" Target="/{main}"/>'
        "</Relationships>"
    )
    files[f"{folder_name}/_rels/{main_name}.rels"] = (
        f'<Relationships xmlns="{rels}">{"".join(relationships)}</Relationships>'
    )
    files["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main}" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    target = folder / name
    with zipfile.ZipFile(target, "w") as package:
        for part, xml in files.items():
            package.writestr(part, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return target


def notes(kind: str, texts: dict[str, str]) -> str:
    """The content of a footnotes or endnotes part: its separators and a note per id."""
    tag = kind[:-1]  # "footnotes" -> "footnote"
    mark = "footnoteRef" if tag == "footnote" else "endnoteRef"
    return SEPARATORS.format(tag) + "".join(
        f'<w:{tag} w:id="{ident}"><w:p><w:r><w:{mark}/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'
        f"</w:p></w:{tag}>"
        for ident, text in texts.items()
    )
