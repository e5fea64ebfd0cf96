"""Tracked changes, for the redline: paragraphs read as pieces, and written back with
changes marked.

The redline (``compare/redline.py``) reads each paragraph as a list of Pieces, compares
them, and has them written back here, wrapped in ``w:ins``/``w:del``. The markup is
what Word itself writes: deleted text in ``w:delText``; an inserted or deleted
paragraph mark in the paragraph's ``w:pPr/w:rPr``; earlier paragraph properties in
``w:pPrChange``; revisions inside a ``w:hyperlink``, never around it (the schema
allows no hyperlink in a ``w:ins``).

Paragraphs are handed to the redline as opaque nodes (``w:p`` elements) that it only
passes back.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement

from fichebuilder.ooxml.ns import qn
from fichebuilder.ooxml.runs import NOTE, TEXT, paragraph_items
from fichebuilder.ooxml.writing import clear_body

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.part import Part

KEPT, INSERTED, DELETED = "kept", "ins", "del"
_NOT_COMPARED = {qn("w:id"), qn("w:rsidR"), qn("w:rsidRPr"), qn("w:rsidDel"), qn("w:rsidP"), qn("w:rsidRDefault")}
_PARAGRAPH_MARK_AND_LATER = (qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange"))


@dataclass(frozen=True)
class Piece:
    """An indivisible bit of a paragraph: some text, or one run item (a tab, a break,
    a footnote reference …), with the run formatting and the hyperlink it stands in.

    ``look`` (the formatting) and ``kind`` (the item) are comparable strings; ``rpr``
    and ``item`` are the elements copied when the piece is written again.
    """

    text: str = ""
    kind: str = ""  # "" for text, "note" for a footnote reference, else the item's shape
    look: str = ""
    link: str | None = None  # a hyperlink's target: a URL, or "#bookmark"
    note: str | None = None  # the id of the footnote a reference points to
    rpr: Any = None
    item: Any = None


def _shape(element: Any) -> str:
    """A comparable text for an element: tag, attributes, text and children, without ids
    (a list reference, ``w:numId``, is an id: each build numbers its lists anew)."""
    if element is None:
        return ""
    if element.tag == qn("w:numId"):
        return "<numId>"
    attributes = sorted((k, v) for k, v in element.attrib.items() if k not in _NOT_COMPARED)
    inner = "".join(_shape(child) for child in element)
    return f"<{element.tag} {attributes}>{element.text or ''}{inner}</>"


def paragraph_look(paragraph: Any) -> str:
    """The paragraph's properties (style, indents …) as a comparable text."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        return ""
    return "".join(_shape(child) for child in ppr if child.tag not in _PARAGRAPH_MARK_AND_LATER)


def read_pieces(paragraph: Any, part: Part) -> list[Piece]:
    """The content of a ``w:p`` as pieces; hyperlinks resolved through ``part``'s relationships."""
    rels = part.rels

    def target(r_id: str) -> str | None:
        return rels[r_id].target_ref if r_id in rels else None

    pieces: list[Piece] = []
    looks: dict[int, str] = {}  # the look of each run, worked out once
    for item in paragraph_items(paragraph, target):
        look = looks.get(id(item.run))
        if look is None:
            look = looks[id(item.run)] = _shape(item.rpr)
        if item.kind == TEXT:
            if item.text:
                pieces.append(Piece(text=item.text, look=look, link=item.link, rpr=item.rpr))
        elif item.kind == NOTE:
            pieces.append(
                Piece(kind="note", look=look, link=item.link, note=item.note, rpr=item.rpr, item=item.element)
            )
        else:
            pieces.append(Piece(kind=_shape(item.element), look=look, link=item.link, rpr=item.rpr, item=item.element))
    return pieces


class Revisions:
    """Stamps tracked changes: each gets an id of its own, the author and the date."""

    def __init__(self, *, author: str, date: str) -> None:
        self.author = author
        self.date = date  # ISO 8601 in UTC: 2026-01-31T12:00:00Z
        self.next_id = 1

    def mark(self, tag: str) -> Any:
        """A new ``w:ins``, ``w:del`` or ``w:pPrChange`` element, stamped."""
        element = OxmlElement(f"w:{tag}")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element


def write_paragraph(
    like: Any,
    content: list[tuple[str, Piece]],
    part: Part,
    revisions: Revisions,
    *,
    mark: str | None = None,
    was: Any = None,
) -> Any:
    """A new ``w:p`` with the properties of the paragraph ``like`` and ``content``:
    (state, piece) pairs, state KEPT, INSERTED or DELETED; hyperlinks related in ``part``.

    ``mark`` (INSERTED or DELETED) tracks the paragraph mark itself. Where the paragraph
    ``was`` has other properties (a style), they are recorded as the earlier ones.
    """
    p = OxmlElement("w:p")
    ppr = like.find(qn("w:pPr"))
    new_ppr = copy.deepcopy(ppr) if ppr is not None else OxmlElement("w:pPr")
    p.append(new_ppr)
    if mark is not None:
        track_paragraph_mark(p, mark, revisions)
    if was is not None and paragraph_look(was) != paragraph_look(like):
        change = revisions.mark("pPrChange")
        before = OxmlElement("w:pPr")
        old_ppr = was.find(qn("w:pPr"))
        if old_ppr is not None:
            before.extend(copy.deepcopy(c) for c in old_ppr if c.tag not in _PARAGRAPH_MARK_AND_LATER)
        change.append(before)
        new_ppr.append(change)
    for link, linked in groupby(content, lambda entry: entry[1].link):
        container = p if link is None else _new_hyperlink(p, link, part)
        for state, changed in groupby(linked, lambda entry: entry[0]):
            holder = container
            if state != KEPT:
                holder = revisions.mark(state)
                container.append(holder)
            for _, run in groupby(changed, lambda entry: (entry[1].look, entry[1].note)):
                _write_run(holder, [piece for _, piece in run], deleted=state == DELETED)
    return p


def earlier_properties(paragraph: Any) -> list[Any]:
    """The recorded earlier properties (``w:pPrChange``) of a written paragraph, if any."""
    return paragraph.findall(f"{qn('w:pPr')}/{qn('w:pPrChange')}")


def track_paragraph_mark(paragraph: Any, state: str, revisions: Revisions) -> None:
    """Track the mark of ``paragraph`` (a ``w:p``) as INSERTED or DELETED."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    _paragraph_mark(ppr).insert(0, revisions.mark(state))


def _paragraph_mark(ppr: Any) -> Any:
    """The run properties of a paragraph's mark (``w:pPr/w:rPr``), made in its place if missing."""
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        later = [child for child in ppr if child.tag in (qn("w:sectPr"), qn("w:pPrChange"))]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    return rpr


def _new_hyperlink(p: Any, link: str, part: Part) -> Any:
    hyperlink = OxmlElement("w:hyperlink")
    if link.startswith("#"):
        hyperlink.set(qn("w:anchor"), link[1:])
    else:
        hyperlink.set(qn("r:id"), part.relate_to(link, RT.HYPERLINK, is_external=True))
    hyperlink.set(qn("w:history"), "1")
    p.append(hyperlink)
    return hyperlink


def _write_run(holder: Any, pieces: list[Piece], *, deleted: bool) -> None:
    """One ``w:r`` with the pieces' formatting; deleted text goes in ``w:delText``."""
    r = OxmlElement("w:r")
    holder.append(r)
    if pieces[0].rpr is not None:
        r.append(copy.deepcopy(pieces[0].rpr))
    text: list[str] = []

    def flush() -> None:
        if text:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.text = "".join(text)
            if t.text != t.text.strip():
                t.set(qn("xml:space"), "preserve")
            r.append(t)
            text.clear()

    for piece in pieces:
        if piece.item is None:
            text.append(piece.text)
            continue
        flush()
        item = copy.deepcopy(piece.item)
        if piece.note is not None:
            item.set(qn("w:id"), piece.note)
        r.append(item)
    flush()


def body_paragraphs(document: Document) -> list[Any]:
    """The ``w:p`` elements of the body (a fiche's body holds nothing else but its section)."""
    return document.element.body.findall(qn("w:p"))


def replace_body(document: Document, blocks: list[Any]) -> None:
    """Make ``blocks`` the body's content, before its section properties."""
    clear_body(document)
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    for block in blocks:
        if section is not None:
            section.addprevious(block)
        else:
            body.append(block)
