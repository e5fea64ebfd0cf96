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
LEADING = Pt(13.5)  # the Rijkshuisstijl line height for 9 pt text
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


def _style(document: docx.document.Document, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH):
    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, kind)
        if kind == WD_STYLE_TYPE.PARAGRAPH and name != "Normal":
            style.base_style = document.styles["Normal"]
        return style


def _styles(document: docx.document.Document) -> None:
    normal = _style(document, "Normal")
    ooxml_styles.set_font(normal, FONT)
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = BLACK
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LEADING
    fmt.space_before, fmt.space_after = Pt(0), LEADING
    fmt.widow_control = True

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
    document.styles["Heading 1"].paragraph_format.space_before = LEADING

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

    link = _style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True

    header = _style(document, "Header")  # a draft's CONCEPT stands in it
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
