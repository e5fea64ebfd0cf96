"""The house style of published BNC fiches, written as the template's reference.docx.

    python -m fichebuilder.writers.housestyle templates/reference.docx

makes the reference document that ``fiche build`` takes its page set-up, styles
and footer from. A drafter who wants another look edits a copy of that .docx in
Word (its styles: Normal, Title, Heading 1, Heading 2, List Number, List Bullet,
Footnote Text, Footnote Reference, Hyperlink, Header, Footer) and passes it with
``--template``. This module records how the shipped one was made.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Pt, RGBColor

from fichebuilder import __version__
from fichebuilder.ooxml import styles as ooxml_styles
from fichebuilder.ooxml.footnotes import footnotes_part
from fichebuilder.ooxml.numbering import define_house_lists
from fichebuilder.ooxml.parts import drop_unused_parts, set_application
from fichebuilder.ooxml.settings import set_footnote_position, set_language
from fichebuilder.ooxml.writing import add_page_number_field

FONT = "Verdana"
BODY_SIZE = Pt(9)
NOTE_SIZE = Pt(8)
# the published fiches' line pitch: Verdana 9 pt at 1.5 lines in Word (16.4 pt measured in
# their PDFs); 329 twips, so that a block's last line and the next block's first lie 32.9 pt apart
LEADING = Pt(16.45)
HEADING_TEXT = Pt(18)  # where a heading's text starts after its number or letter and a tab
BLACK = RGBColor(0, 0, 0)

KEEP_STYLES = {
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "List Number",
    "List Bullet",
    "Header",
    "Footer",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Hyperlink",
}


def make_reference(path: Path) -> None:
    """Write the house-style reference document to ``path``."""
    document = docx.Document()
    drop_unused_parts(document)
    ooxml_styles.keep_only_styles(document, KEEP_STYLES)
    _page(document)
    _styles(document)
    _footer(document)
    define_house_lists(document)
    footnotes_part(document)
    set_footnote_position(document)
    set_language(document, "nl-NL")
    core = document.core_properties
    core.title, core.author, core.comments, core.keywords = "", "", "", ""
    core.last_modified_by, core.revision = "", 1
    core.created = core.modified = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    set_application(document, f"fichebuilder/{__version__}")
    document.save(str(path))


def _page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)


def _style(document: docx.document.Document, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> Any:
    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, kind)
        if kind == WD_STYLE_TYPE.PARAGRAPH and name != "Normal":
            style.base_style = document.styles["Normal"]
        return style


def _styles(document: docx.document.Document) -> None:
    normal = _body(document)
    _headings(document, normal)
    _lists(document, normal)
    _notes(document, normal)
    _page_furniture(document, normal)


def _body(document: docx.document.Document) -> Any:
    """Normal: Verdana 9 pt at the published line pitch, one empty line after each block."""
    normal = _style(document, "Normal")
    ooxml_styles.set_font(normal, FONT)
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = BLACK
    fmt = normal.paragraph_format
    # exact, not "1.5 lines": the pitch then holds whatever font LibreOffice puts in Verdana's place
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LEADING
    fmt.space_before, fmt.space_after = Pt(0), LEADING
    fmt.widow_control = True
    return normal


def _headings(document: docx.document.Document, normal: Any) -> None:
    """Title, and the numbered (bold) and lettered (italic) headings: "1.<tab>text", "a)<tab>text"."""
    for name, bold, italic, after in (
        ("Title", True, False, LEADING),
        ("Heading 1", True, False, Pt(0)),
        ("Heading 2", False, True, Pt(0)),
    ):
        style = _style(document, name)
        style.base_style = normal
        ooxml_styles.set_font(style, FONT)
        style.font.size = BODY_SIZE
        style.font.bold, style.font.italic = bold, italic
        style.font.color.rgb = BLACK
        style.font.all_caps = False
        pf = style.paragraph_format
        pf.space_before, pf.space_after = Pt(0), after
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LEADING
        pf.keep_with_next = True
        ooxml_styles.clear_borders(style)
    for name in ("Heading 1", "Heading 2"):
        pf = document.styles[name].paragraph_format
        # the number at the margin, the text at the tab stop; a long heading's next line under its text
        pf.left_indent, pf.first_line_indent = HEADING_TEXT, -HEADING_TEXT
        pf.tab_stops.add_tab_stop(HEADING_TEXT)
    document.styles["Heading 1"].paragraph_format.space_before = LEADING


def _lists(document: docx.document.Document, normal: Any) -> None:
    for name in ("List Number", "List Bullet"):
        style = _style(document, name)
        style.base_style = normal
        # lists are numbered paragraph by paragraph, so that each list starts again at its
        # first number; a paragraph in the style alone (a list item's second paragraph) has none
        ooxml_styles.remove_numbering(style)
        pf = style.paragraph_format
        pf.left_indent, pf.first_line_indent = Cm(0.63), Cm(-0.63)
        pf.space_after = Pt(0)
        pf.tab_stops.add_tab_stop(Cm(0.63))


def _notes(document: docx.document.Document, normal: Any) -> None:
    note = _style(document, "Footnote Text")
    note.base_style = normal
    ooxml_styles.set_style_id(note, "FootnoteText")
    note.font.size = NOTE_SIZE
    pf = note.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_after = Pt(0)

    ref = _style(document, "Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    ooxml_styles.set_style_id(ref, "FootnoteReference")
    ref.font.superscript = True


def _page_furniture(document: docx.document.Document, normal: Any) -> None:
    """Hyperlink, and the header (a draft's CONCEPT stands in it) and footer (the page number)."""
    link = _style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True

    header = _style(document, "Header")
    header.base_style = normal
    header.paragraph_format.space_after = Pt(0)

    footer = _style(document, "Footer")
    footer.base_style = normal
    footer.font.size = Pt(7.5)
    footer.paragraph_format.space_after = Pt(0)


def _footer(document: docx.document.Document) -> None:
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_page_number_field(paragraph)


if __name__ == "__main__":
    make_reference(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("templates/reference.docx"))
