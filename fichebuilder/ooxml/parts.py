"""The package's parts beyond the body: dropping those python-docx's default package
carries but a fiche never uses, and the application properties (``docProps/app.xml``)."""

from __future__ import annotations

from html import escape  # xml.sax.saxutils would import urllib, http and ssl at every build
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from fichebuilder.ooxml.ns import NAMESPACES, STYLES_WITH_EFFECTS

if TYPE_CHECKING:
    from docx.document import Document


def drop_unused_parts(document: Document) -> None:
    """Drop the styles-with-effects, custom XML and thumbnail parts of python-docx's default package."""
    main = document.part
    for r_id, rel in list(main.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            main.drop_rel(r_id)
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[r_id]


def set_application(document: Document, application: str) -> None:
    """Name ``application`` as the maker of the document in its application properties.

    python-docx's default package carries the properties of the Word that made its
    template (Microsoft Macintosh Word, 1 page, 0 words): they are replaced by the
    application alone, since a fiche is not laid out into pages when it is written.
    """
    data = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{NAMESPACES["ep"]}" xmlns:vt="{NAMESPACES["vt"]}">'
        f"<Application>{escape(application)}</Application></Properties>"
    ).encode()
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel._target = Part(rel.target_part.partname, CT.OFC_EXTENDED_PROPERTIES, data, package)
            return
    package.relate_to(
        Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, data, package), RT.EXTENDED_PROPERTIES
    )
