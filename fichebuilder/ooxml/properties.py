"""Custom document properties (``docProps/custom.xml``): what a document records about its making.

A built fiche records the position file it came from, a hash of that file's content,
its language, the git commit it was built at and the map of its anchors' names to field
paths (see ``anchors``), so a reviewed copy can be traced back to them. Word shows these
under File > Properties > Custom; Word and LibreOffice keep them. A value longer than
Word keeps in one property (255 characters) is spread over ``name.1``, ``name.2`` …
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from fichebuilder.ooxml.ns import qn

if TYPE_CHECKING:
    from docx.document import Document

    from fichebuilder.ooxml.reading import WordPackage

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
PARTNAME = "/docProps/custom.xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# the format id every user-defined property carries (ECMA-376 part 1, 22.3.2.2)
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
CHUNK = 255


def set_custom_properties(document: Document, values: dict[str, str]) -> None:
    """Give ``document`` a custom-properties part holding ``values`` (text properties)."""
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    pid = 1
    for name, value in _chunked(values):
        pid += 1  # ids start at 2 (ECMA-376)
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del package.rels[r_id]
    part = Part(PackURI(PARTNAME), CONTENT_TYPE, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _chunked(values: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for name, value in values.items():
        if len(value) <= CHUNK:
            out.append((name, value))
            continue
        for n, start in enumerate(range(0, len(value), CHUNK), start=1):
            out.append((f"{name}.{n}", value[start : start + CHUNK]))
    return out


def read_custom_properties(package: WordPackage) -> dict[str, str]:
    """The text properties of a package's custom-properties part (chunks joined again)."""
    rels = package.xml("_rels/.rels")
    target = None
    if rels is not None:
        for rel in rels.iter(qn("rel:Relationship")):
            if rel.get("Type") == RT.CUSTOM_PROPERTIES:
                target = rel.get("Target", "").lstrip("/")
    root = package.xml(target) if target else None
    if root is None:
        return {}
    found: dict[str, str] = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        found[prop.get("name", "")] = "".join(_texts(prop))
    return _joined(found)


def _texts(prop: Any) -> list[str]:
    return [child.text or "" for child in prop]


def _joined(found: dict[str, str]) -> dict[str, str]:
    """``name.1``, ``name.2`` … joined back into ``name``."""
    out: dict[str, str] = {}
    chunks: dict[str, list[tuple[int, str]]] = {}
    for name, value in found.items():
        base, _, number = name.rpartition(".")
        if base and number.isdigit():
            chunks.setdefault(base, []).append((int(number), value))
        else:
            out[name] = value
    for base, parts in chunks.items():
        out.setdefault(base, "".join(value for _, value in sorted(parts)))
    return out
