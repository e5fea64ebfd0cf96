"""Native footnotes: the footnotes part, writing notes and their references, and
renumbering them (the redline copies and reorders notes).

Word numbers footnotes itself, in the order their references stand; a note's
``w:id`` only ties the reference to the note. Ids -1 and 0 are the separators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.text.paragraph import Paragraph

from fichebuilder.ooxml.ns import nsdecls, qn
from fichebuilder.ooxml.styles import set_paragraph_style, set_run_style

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.part import Part


class FootnotesPart(XmlPart):
    """``word/footnotes.xml``, kept as XML so that notes (and their links) can be added."""


PartFactory.part_type_for[CT.WML_FOOTNOTES] = FootnotesPart

_EMPTY_FOOTNOTES = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def footnotes_part(document: Document) -> FootnotesPart:
    """The document's footnotes part, made (with its separators) if it has none."""
    main = document.part
    for rel in main.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            part = rel.target_part
            if not isinstance(part, FootnotesPart):  # loaded before our class was registered
                part = _replace_part(main, rel, part)
            return part
    part = FootnotesPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_EMPTY_FOOTNOTES), main.package)
    main.relate_to(part, RT.FOOTNOTES)
    return part


def _replace_part(main: Part, rel: Any, part: Part) -> FootnotesPart:
    new = FootnotesPart(part.partname, part.content_type, parse_xml(part.blob), part.package)
    for old_rel in part.rels.values():
        new.rels.add_relationship(
            old_rel.reltype,
            old_rel.target_ref if old_rel.is_external else old_rel.target_part,
            old_rel.rId,
            old_rel.is_external,
        )
    rel._target = new
    return new


class FootnoteWriter:
    """Adds native footnotes, numbered by Word in the order they stand."""

    def __init__(self, document: Document) -> None:
        self.part = footnotes_part(document)
        ids = [int(n.get(qn("w:id"))) for n in self.part.element.findall(qn("w:footnote"))]
        self.next_id = max([0, *ids]) + 1

    def add(self, paragraph: Paragraph, *, reference_style: str, text_style: str) -> Paragraph:
        """Put a footnote mark at the end of ``paragraph``; returns the note's paragraph."""
        note_id = str(self.next_id)
        self.next_id += 1
        ref_run = paragraph.add_run()
        set_run_style(ref_run, reference_style)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), note_id)
        ref_run._r.append(ref)

        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), note_id)
        p = OxmlElement("w:p")
        note.append(p)
        self.part.element.append(note)
        body = Paragraph(p, paragraph._parent)
        set_paragraph_style(body, text_style)
        mark = body.add_run()
        set_run_style(mark, reference_style)
        mark._r.append(OxmlElement("w:footnoteRef"))
        body.add_run(" ")
        return body


def footnote_bodies(document: Document) -> dict[str, list[Any]]:
    """The paragraphs of each footnote, by footnote id (separators left out)."""
    notes = footnotes_part(document).element.findall(qn("w:footnote"))
    return {n.get(qn("w:id")): n.findall(qn("w:p")) for n in notes if n.get(qn("w:type")) in (None, "normal")}


def set_footnote_body(document: Document, note_id: str, paragraphs: list[Any]) -> None:
    """Replace the content of footnote ``note_id``."""
    for note in footnotes_part(document).element.findall(qn("w:footnote")):
        if note.get(qn("w:id")) == note_id:
            for child in list(note):
                note.remove(child)
            note.extend(paragraphs)
            return
    raise KeyError(note_id)


def add_footnote(document: Document, paragraphs: list[Any]) -> str:
    """A new footnote holding ``paragraphs``; returns its id (for a ``w:footnoteReference``)."""
    root = footnotes_part(document).element
    note_id = str(max([0, *(int(n.get(qn("w:id"))) for n in root.findall(qn("w:footnote")))]) + 1)
    note = OxmlElement("w:footnote")
    note.set(qn("w:id"), note_id)
    note.extend(paragraphs)
    root.append(note)
    return note_id


def number_footnotes(document: Document, note_ids: list[str]) -> None:
    """Renumber the footnotes 1, 2, 3 … in the order of ``note_ids`` (their references' order),
    references included, and put them in that order after the separators.

    Word numbers notes by where they stand whatever their ids, but LibreOffice (7.4)
    hands the notes out to the references in the order of their ids.
    """
    root = footnotes_part(document).element
    notes = {n.get(qn("w:id")): n for n in root.findall(qn("w:footnote"))}
    numbers = {note_id: str(number) for number, note_id in enumerate(dict.fromkeys(note_ids), start=1)}
    for reference in document.element.body.iter(qn("w:footnoteReference")):
        reference.set(qn("w:id"), numbers[reference.get(qn("w:id"))])
    for note_id in list(notes):
        note = notes[note_id]
        if note.get(qn("w:type")) in (None, "normal"):
            root.remove(note)
            if note_id in numbers:
                note.set(qn("w:id"), numbers[note_id])
                notes[note_id] = note
            else:
                del notes[note_id]  # a note no reference points to
    for note_id in numbers:
        root.append(notes[note_id])
