"""The namespaces of Office Open XML, and names qualified in them: the one place their URIs are written.

``qn("w:p")`` is the tag lxml gives a ``<w:p>`` (``{http://…/main}p``); the other
modules of ``fichebuilder.ooxml`` speak of elements by such prefixed names only.
"""

from __future__ import annotations

from functools import cache

NAMESPACES = {
    # WordprocessingML: paragraphs, runs, footnotes, styles, settings
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    # relationship ids inside a part (r:id of a hyperlink)
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    # the relationships parts themselves (``_rels/*.rels``)
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    # markup compatibility: mc:AlternateContent around newer markup
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    # DrawingML in a document: a drawing's place (wp:inline, wp:anchor) and its alt text (wp:docPr)
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    # VML, the older drawings (v:shape, v:imagedata) and their Office attributes (o:title)
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "xml": "http://www.w3.org/XML/1998/namespace",
    # Office Math (equations, m:oMath; its settings) and schema libraries, among the settings
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    # the extended (application) properties, docProps/app.xml
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}

# Strict Open XML (Word's "Strict Open XML Document"): the same markup in other namespaces.
# A part in Strict is read by renaming these to the transitional ones above (``reading``).
_STRICT = "http://purl.oclc.org/ooxml/"
_TRANSITIONAL = "http://schemas.openxmlformats.org/"
STRICT_NAMESPACES = {
    _STRICT + strict: _TRANSITIONAL + transitional
    for strict, transitional in (
        ("wordprocessingml/main", "wordprocessingml/2006/main"),
        ("officeDocument/relationships", "officeDocument/2006/relationships"),
        ("officeDocument/math", "officeDocument/2006/math"),
        ("officeDocument/customProperties", "officeDocument/2006/custom-properties"),
        ("officeDocument/docPropsVTypes", "officeDocument/2006/docPropsVTypes"),
        ("officeDocument/extendedProperties", "officeDocument/2006/extended-properties"),
        ("drawingml/main", "drawingml/2006/main"),
        ("drawingml/wordprocessingDrawing", "drawingml/2006/wordprocessingDrawing"),
        ("drawingml/picture", "drawingml/2006/picture"),
    )
}
STRICT_MARK = _STRICT.encode()  # found in a part's bytes: the part is Strict

# relationship types python-docx names no constant for
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def relationship_kind(reltype: str) -> str:
    """A relationship type's last word ("officeDocument", "footnotes" …): the same in
    transitional and Strict packages, whose type URIs differ before it."""
    return reltype.rstrip("/").rpartition("/")[2]


@cache
def qn(name: str) -> str:
    """The Clark-notation tag of a prefixed name: ``w:p`` -> ``{http://…/main}p``."""
    prefix, _, local = name.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def nsdecls(*prefixes: str) -> str:
    """The ``xmlns:`` declarations of ``prefixes``, for a part written as text."""
    return " ".join(f'xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in prefixes)
