"""The raw WordprocessingML that python-docx has no API for.

Native footnotes (the footnotes part, ``w:footnoteReference``), external
hyperlinks (``w:hyperlink`` with a relationship), the document language
(``w:lang``), the PAGE field of the footer, and the parts they need. Everything
that touches OOXML elements directly lives here, so the renderer speaks only of
paragraphs and runs.
"""

from __future__ import annotations

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
        ref_run = paragraph.add_run(style=reference_style)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), note_id)
        ref_run._r.append(ref)

        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), note_id)
        p = OxmlElement("w:p")
        note.append(p)
        self.part.element.append(note)
        body = Paragraph(p, paragraph._parent)
        body.style = text_style
        mark = body.add_run(style=reference_style)
        mark._r.append(OxmlElement("w:footnoteRef"))
        body.add_run(" ")
        return body


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
        else:
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
