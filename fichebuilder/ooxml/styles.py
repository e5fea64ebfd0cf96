"""Styles' internals python-docx has no API for, and giving paragraphs and runs a style by its id.

The functions take python-docx's proxies (a document, a style, a paragraph, a run);
the elements behind them are touched here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement

from fichebuilder.ooxml.ns import qn

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import BaseStyle
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run


def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    """Give a paragraph a style by its id (python-docx's lookup by name searches every
    style on each call, which is most of the cost of writing a paragraph)."""
    paragraph._p.style = style_id


def paragraph_style_id(paragraph: Paragraph) -> str | None:
    return paragraph._p.style


def set_run_style(run: Run, style_id: str) -> None:
    """Give a run a character style by its id."""
    run._r.style = style_id


def keep_only_styles(document: Document, names: set[str]) -> None:
    """Remove every style not named in ``names``, the latent styles, and links to removed styles."""
    styles = document.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in list(document.styles):
        if style.name not in names:
            styles.remove(style.element)
    _drop_dangling_style_links(styles)


def _drop_dangling_style_links(styles: Any) -> None:
    """Remove ``w:link``/``w:next``/``w:basedOn`` that name a style no longer there."""
    ids = {style.get(qn("w:styleId")) for style in styles.findall(qn("w:style"))}
    for style in styles.findall(qn("w:style")):
        for tag in ("w:link", "w:next", "w:basedOn"):
            for el in style.findall(qn(tag)):
                if el.get(qn("w:val")) not in ids:
                    style.remove(el)


def set_font(style: BaseStyle, font: str) -> None:
    """Use ``font`` for every script of a style, overriding the theme's fonts."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), font)


def clear_borders(style: BaseStyle) -> None:
    """Remove paragraph borders a built-in style may carry (e.g. the Title's rule)."""
    ppr = style.element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    rpr = style.element.rPr
    if rpr is not None:
        for tag in ("w:spacing", "w:kern", "w:color"):
            for el in rpr.findall(qn(tag)):
                if tag != "w:color":
                    rpr.remove(el)


def outline_level(style: Any) -> int | None:
    """The outline level (0 for Heading 1) a paragraph style has or inherits; None for body text.

    Word's navigation pane, its table of contents, screen readers and LibreOffice's tagged PDF
    (H1, H2 …) know a heading by it, not by the style's name.
    """
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        ppr = style.element.pPr
        level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if level is not None:
            value = int(level.get(qn("w:val"), "9"))
            return value if value < 9 else None  # 9 is Word's "body text"
        style = style.base_style
    return None


def remove_numbering(style: BaseStyle) -> None:
    """Detach a list style from Word's automatic numbering."""
    ppr = style.element.pPr
    if ppr is not None:
        for num in ppr.findall(qn("w:numPr")):
            ppr.remove(num)


def set_style_id(style: BaseStyle, style_id: str) -> None:
    """Give a style the id Word's built-in of that name has (FootnoteText, …)."""
    style.element.set(qn("w:styleId"), style_id)
