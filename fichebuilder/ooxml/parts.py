"""The package's parts beyond the body: dropping those python-docx's default package
carries but a fiche never uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from fichebuilder.ooxml.ns import STYLES_WITH_EFFECTS

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
