"""XML that is not Word's: the fiche markup a template writes, and XLIFF files.

They are parsed and written with the same lxml as Word's parts, so lxml stays
inside this package; the parser for files from outside resolves no entities and
fetches nothing from the network.
"""

from __future__ import annotations

from typing import Any

from lxml import etree


class XmlSyntaxError(Exception):
    """Text that is not well-formed XML; ``message`` without the position, which ``line`` and ``column`` give."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def parse_markup(text: str) -> Any:
    """The root element of markup a template rendered, comments left out."""
    try:
        return etree.fromstring(text.encode("utf-8"), etree.XMLParser(remove_comments=True))
    except etree.XMLSyntaxError as e:
        raise XmlSyntaxError(e.msg, e.lineno, e.offset) from None


def parse_outside(data: bytes) -> tuple[Any, bool]:
    """The root element of an XML file from outside (its bytes, read with a cap), comments left
    out, and whether it declares a DOCTYPE; an XmlSyntaxError if it is not well-formed."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise XmlSyntaxError(e.msg, e.lineno, e.offset) from None
    return root, bool(root.getroottree().docinfo.doctype)


def local_name(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return etree.QName(tag).localname


def new_root(tag: str, *, namespace: str, extra: dict[str, str] | None = None) -> Any:
    """A root element ``tag`` whose ``namespace`` is the default one (written without a prefix),
    declaring the ``extra`` namespaces by their prefixes."""
    nsmap: dict[str | None, str] = {None: namespace}
    nsmap.update(extra or {})
    return etree.Element(tag, nsmap=nsmap)


def add_child(parent: Any, tag: str, **attributes: str) -> Any:
    """A new last child ``tag`` of ``parent``."""
    return etree.SubElement(parent, tag, **attributes)


def indent(root: Any) -> None:
    """Indent the tree of ``root`` by two spaces (before mixed content is added, which it would change)."""
    etree.indent(root, space="  ")


def to_bytes(root: Any, *, indented: bool = True) -> bytes:
    """The document of ``root`` (indented by two spaces unless it already is), in UTF-8 with an XML declaration."""
    if indented:
        indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=indented)
