"""Document-wide settings: the language of the text, where footnotes go (``settings.xml``,
and the default run properties of ``styles.xml``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement

from fichebuilder.ooxml.ns import qn

if TYPE_CHECKING:
    from docx.document import Document


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
