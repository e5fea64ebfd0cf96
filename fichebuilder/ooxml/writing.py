"""Writing a document's body: paragraphs and the runs, hyperlinks, breaks and fields in them;
the page-number field of the footer and the draft mark of the headers.

The renderer holds python-docx paragraphs and the ``Hyperlink``s made here, and adds
runs to them through ``add_text`` and ``add_break``; it never touches their elements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from fichebuilder.ooxml.ns import qn
from fichebuilder.ooxml.styles import set_run_style

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.part import Part


@dataclass(frozen=True)
class Hyperlink:
    """An external hyperlink in a paragraph; its label is added with ``add_text``."""

    paragraph: Paragraph
    node: Any  # the w:hyperlink


RunHolder = Paragraph | Hyperlink


def add_hyperlink(paragraph: Paragraph, url: str, part: Part) -> Hyperlink:
    """An external hyperlink at the end of ``paragraph``, related in ``part``."""
    r_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return Hyperlink(paragraph, link)


def add_text(
    holder: RunHolder,
    text: str,
    *,
    style_id: str | None = None,
    bold: bool = False,
    italic: bool = False,
    highlight: bool = False,
    lang: str | None = None,
) -> None:
    """A run of ``text`` at the end of a paragraph or hyperlink, in a character style and formatting;
    ``lang`` tags a run in another language than the document's (nl-NL in an English fiche)."""
    if isinstance(holder, Hyperlink):
        run = Run(_new_run(holder.node, text), holder.paragraph)
    else:
        run = Run(_new_run(holder._p, text), holder)
    if style_id:
        set_run_style(run, style_id)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    if lang:
        # last in w:rPr, after the style, bold, italic and highlight, as the schema's sequence wants
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), lang)
        run._r.get_or_add_rPr().append(language)


def add_break(holder: RunHolder) -> None:
    """A line break at the end of a paragraph or hyperlink."""
    _new_run(holder.node if isinstance(holder, Hyperlink) else holder._p).append(etree.Element(qn("w:br")))


def add_tab(holder: RunHolder) -> None:
    """A tab at the end of a paragraph or hyperlink: what follows goes to the next tab stop."""
    _new_run(holder.node if isinstance(holder, Hyperlink) else holder._p).append(etree.Element(qn("w:tab")))


def _new_run(container: Any, text: str = "") -> Any:
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


def mark_draft(document: Document, text: str) -> None:
    """Put ``text`` (CONCEPT), bold and centred, at the top of the header of every page.

    Every header a page can get is marked: the default one, and the first-page and
    even-page headers where the house style uses them. A later section that takes
    over the header of the one before needs nothing of its own.
    """
    even_pages = document.settings.odd_and_even_pages_header_footer
    style_ids = {style.style_id for style in document.styles}
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
            if paragraph._p.style is not None and paragraph._p.style not in style_ids:
                # python-docx's new header asks for style Header, which a house style may lack
                paragraph._p.style = None
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold = True
