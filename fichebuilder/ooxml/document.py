"""The raw WordprocessingML that python-docx has no API for.

Native footnotes (the footnotes part, ``w:footnoteReference``), external
hyperlinks (``w:hyperlink`` with a relationship), the document language
(``w:lang``), the PAGE field of the footer, and the parts they need. Everything
that touches OOXML elements directly lives here, so the renderer speaks only of
paragraphs and runs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

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


def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    """Give a paragraph a style by its id (python-docx's lookup by name searches every
    style on each call, which is most of the cost of writing a paragraph)."""
    paragraph._p.style = style_id


def paragraph_style_id(paragraph: Paragraph) -> str | None:
    return paragraph._p.style


def set_run_style(run: Run, style_id: str) -> None:
    """Give a run a character style by its id."""
    run._r.style = style_id


def add_hyperlink(paragraph: Paragraph, url: str, part: Part) -> Any:
    """An external hyperlink at the end of ``paragraph``; add runs to the returned element."""
    r_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def new_run(container: Any, text: str = "") -> Any:
    """A new ``w:r`` holding ``text`` at the end of a paragraph or hyperlink element.

    python-docx's ``Run.text`` examines every character (for tabs and breaks);
    plain text goes straight into one ``w:t``, which is several times faster.
    """
    r = OxmlElement("w:r")
    container.append(r)
    if not text:
        return r
    if "\t" in text or "\n" in text:
        Run(r, None).text = text  # type: ignore[arg-type]
        return r
    t = OxmlElement("w:t")
    if text != text.strip():
        t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def set_language(document: Document, tag: str) -> None:
    """Tag the whole document as written in ``tag`` (nl-NL, en-GB) for spelling and grammar."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), "ar-SA")
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        theme = OxmlElement("w:themeFontLang")
        _insert_in_sequence(settings, theme)
    theme.set(qn("w:val"), tag)
    document.core_properties.language = tag


def clear_body(document: Document) -> None:
    """Remove the reference document's content, keeping its section settings."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def add_page_number_field(paragraph: Paragraph) -> None:
    """A PAGE field, so Word and LibreOffice print the page number there."""
    for kind, extra in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif extra == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = extra
            run._r.append(instr)
        elif extra is not None:
            run.text = extra


def set_footnote_position(document: Document) -> None:
    """Footnotes at the foot of the page, numbered 1, 2, 3 … through the document."""
    settings = document.settings.element
    pr = settings.find(qn("w:footnotePr"))
    if pr is None:
        pr = OxmlElement("w:footnotePr")
        for tag, val in (("w:pos", "pageBottom"), ("w:numFmt", "decimal")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            pr.append(el)
        for special in ("-1", "0"):
            el = OxmlElement("w:footnote")
            el.set(qn("w:id"), special)
            pr.append(el)
        _insert_in_sequence(settings, pr)


def _insert_in_sequence(parent: Any, child: Any) -> None:
    """Insert ``child`` where the schema's sequence wants it (Word rejects a wrong order)."""
    sequence = getattr(parent, "_tag_seq", ())
    tag = child.tag
    names = [qn(t) for t in sequence]
    if tag in names:
        successors = sequence[names.index(tag) + 1 :]
        parent.insert_element_before(child, *successors)
    else:
        parent.append(child)


def set_font(style_element: Any, font: str) -> None:
    """Use ``font`` for every script of a style, overriding the theme's fonts."""
    rpr = style_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), font)


def clear_borders(style_element: Any) -> None:
    """Remove paragraph borders a built-in style may carry (e.g. the Title's rule)."""
    ppr = style_element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    rpr = style_element.rPr
    if rpr is not None:
        for tag in ("w:spacing", "w:kern", "w:color"):
            for el in rpr.findall(qn(tag)):
                if tag != "w:color":
                    rpr.remove(el)


def remove_numbering(style_element: Any) -> None:
    """Detach a list style from Word's automatic numbering."""
    ppr = style_element.pPr
    if ppr is not None:
        for num in ppr.findall(qn("w:numPr")):
            ppr.remove(num)


def drop_dangling_style_links(styles: Any) -> None:
    """Remove ``w:link``/``w:next``/``w:basedOn`` that name a style no longer there."""
    ids = {style.get(qn("w:styleId")) for style in styles.findall(qn("w:style"))}
    for style in styles.findall(qn("w:style")):
        for tag in ("w:link", "w:next", "w:basedOn"):
            for el in style.findall(qn(tag)):
                if el.get(qn("w:val")) not in ids:
                    style.remove(el)


def set_style_id(style_element: Any, style_id: str) -> None:
    """Give a style the id Word's built-in of that name has (FootnoteText, …)."""
    style_element.set(qn("w:styleId"), style_id)


# --- tracked changes ------------------------------------------------------------
# The redline (``redline.py``) reads each paragraph as a list of Pieces, compares
# them, and has them written back here, wrapped in ``w:ins``/``w:del``. The markup
# is what Word itself writes: deleted text in ``w:delText``; an inserted or deleted
# paragraph mark in the paragraph's ``w:pPr/w:rPr``; earlier paragraph properties
# in ``w:pPrChange``; revisions inside a ``w:hyperlink``, never around it (the schema
# allows no hyperlink in a ``w:ins``).

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
    """A comparable text for an element: tag, attributes, text and children, without ids."""
    if element is None:
        return ""
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
    pieces: list[Piece] = []
    _read_container(paragraph, part, None, pieces)
    return pieces


def _read_container(container: Any, part: Part, link: str | None, pieces: list[Piece]) -> None:
    for child in container:
        if child.tag == qn("w:r"):
            _read_run(child, link, pieces)
        elif child.tag == qn("w:hyperlink"):
            r_id = child.get(qn("r:id"))
            target = part.rels[r_id].target_ref if r_id else "#" + (child.get(qn("w:anchor")) or "")
            _read_container(child, part, target, pieces)
        elif child.tag != qn("w:pPr") and child.find(".//" + qn("w:r")) is not None:
            _read_container(child, part, link, pieces)  # a wrapper such as w:smartTag


def _read_run(run: Any, link: str | None, pieces: list[Piece]) -> None:
    rpr = run.find(qn("w:rPr"))
    look = _shape(rpr)
    for item in run:
        if item.tag == qn("w:rPr"):
            continue
        if item.tag == qn("w:t"):
            if item.text:
                pieces.append(Piece(text=item.text, look=look, link=link, rpr=rpr))
        elif item.tag == qn("w:footnoteReference"):
            pieces.append(Piece(kind="note", look=look, link=link, note=item.get(qn("w:id")), rpr=rpr, item=item))
        else:
            pieces.append(Piece(kind=_shape(item), look=look, link=link, rpr=rpr, item=item))


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


# --- draft marking ----------------------------------------------------------------


def mark_draft(document: Document, text: str) -> None:
    """Put ``text`` (CONCEPT), bold and centred, at the top of the header of every page.

    Every header a page can get is marked: the default one, and the first-page and
    even-page headers where the house style uses them. A later section that takes
    over the header of the one before needs nothing of its own.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    even_pages = document.settings.odd_and_even_pages_header_footer
    for index, section in enumerate(document.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if even_pages:
            headers.append(section.even_page_header)
        for header in headers:
            if header.is_linked_to_previous:
                if index > 0:
                    continue
                header.is_linked_to_previous = False  # gives the first section a header of its own
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            # an empty header paragraph takes the mark; one with content (a logo, a text) keeps it below
            paragraph = first.insert_paragraph_before() if first._p.xpath("./w:r") else first
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold = True
