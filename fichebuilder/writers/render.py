"""Fiche markup -> Word document, in the styles of the template's reference.docx.

The markup is the XML a template writes (see ``markup.py`` for the inline part):
``title``, ``h1``, ``h2``, ``p``, ``ol``/``ul``/``li`` blocks, and ``em``,
``strong``, ``a``, ``note``, ``span``, ``br``, ``tab`` inside them (``tab``: the tab after a
heading's number, which the heading styles' tab stop lines up).
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from fichebuilder import __version__
from fichebuilder.errors import TemplateError
from fichebuilder.ooxml import xmlfiles
from fichebuilder.ooxml.anchors import Bookmarks
from fichebuilder.ooxml.footnotes import FootnoteWriter
from fichebuilder.ooxml.numbering import BULLET, LEVELS, ORDERED, ListNumbering, number_paragraph
from fichebuilder.ooxml.parts import set_application
from fichebuilder.ooxml.properties import set_custom_properties
from fichebuilder.ooxml.settings import set_language
from fichebuilder.ooxml.styles import paragraph_style_id, set_paragraph_style
from fichebuilder.ooxml.writing import RunHolder, add_break, add_hyperlink, add_tab, add_text, clear_body

STYLES = {
    "title": "Title",
    "h1": "Heading 1",
    "h2": "Heading 2",
    "p": "Normal",
    "ol": "List Number",
    "ul": "List Bullet",
}
FOOTNOTE_TEXT = "Footnote Text"
FOOTNOTE_REFERENCE = "Footnote Reference"
HYPERLINK = "Hyperlink"


@dataclass
class Properties:
    """The document properties Word shows under File > Info."""

    title: str
    subject: str
    language: str
    keywords: str = "BNC-fiche"
    author: str = ""
    comments: str = ""
    date: datetime.datetime | None = None  # created and last modified
    application: str = f"fichebuilder/{__version__}"
    # what the document was built from (custom properties): see ooxml.properties
    custom: dict[str, str] = field(default_factory=dict)


ANCHORS_PROPERTY = "fiche.anchors"


def open_reference_as_is(path: Path) -> Any:
    """The house-style document as it is; a TemplateError if it is no Word document."""
    try:
        return docx.Document(str(path))
    except Exception as e:  # python-docx and zipfile raise many kinds for a bad package
        raise TemplateError(f"cannot open the house-style document: {e}", file=path) from None


def open_reference(path: Path) -> Any:
    """The reference document, emptied of content, ready to be written into."""
    document = open_reference_as_is(path)
    clear_body(document)
    return document


def parse_markup(text: str, *, template: str) -> Any:
    """The markup a template rendered, as an element tree; a TemplateError if malformed."""
    try:
        return xmlfiles.parse_markup(text)
    except xmlfiles.XmlSyntaxError as e:
        raise TemplateError(f"the template wrote malformed markup: {e.message}", file=template, line=e.line) from None


def write_document(
    root: Any,
    reference: Path,
    properties: Properties,
    *,
    untranslated: str,
    untranslated_language: str | None = None,
    template: str | None = None,
) -> Any:
    """A python-docx Document holding the fiche markup ``root``; a Dutch text standing in for a
    missing translation is marked ``untranslated`` and tagged ``untranslated_language`` (nl-NL).
    An element of the markup that has no style is reported in ``template``, the structure
    template that wrote it."""
    document = open_reference(reference)
    missing = missing_styles(document)
    if missing:
        raise TemplateError(
            f"the house-style document has no style {', '.join(repr(m) for m in missing)}", file=reference
        )
    writer = _Writer(document, untranslated, untranslated_language)
    try:
        for element in root:
            writer.block(element)
    except TemplateError as e:
        if e.file is not None or template is None:
            raise
        raise TemplateError(e.message, file=template, line=_line_of_element(template, e.message)) from None
    set_language(document, properties.language)
    core = document.core_properties
    # python-docx refuses a property of more than 255 characters (a long title or ministry)
    core.title = properties.title[:255]
    core.subject = properties.subject[:255]
    core.keywords = properties.keywords[:255]
    core.author = properties.author[:255]
    core.comments = properties.comments[:255]
    if writer.bookmarks.paths or properties.custom:
        anchors = json.dumps(writer.bookmarks.paths, ensure_ascii=False, separators=(",", ":"))
        set_custom_properties(document, {**properties.custom, ANCHORS_PROPERTY: anchors})
    if properties.date is not None:
        core.created = core.modified = properties.date
    set_application(document, properties.application)
    return document


def _line_of_element(template: str, message: str) -> int | None:
    """The line of ``template`` that writes the element a markup error names first (``<h3>``);
    None where the template does not write it itself (a macro it imports does)."""
    named = re.search(r"<([\w.-]+)>", message)
    if named is None:
        return None
    try:
        lines = Path(template).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    start = re.compile(rf"<{re.escape(named.group(1))}(?=[\s/>])")
    return next((number for number, line in enumerate(lines, 1) if start.search(line)), None)


REQUIRED_STYLES = (*dict.fromkeys(STYLES.values()), FOOTNOTE_TEXT, FOOTNOTE_REFERENCE, HYPERLINK)


def missing_styles(document: Any) -> list[str]:
    """The styles fiches use that a house-style document lacks."""
    names = {style.name for style in document.styles}
    return [name for name in REQUIRED_STYLES if name not in names]


class _Writer:
    def __init__(self, document: Any, untranslated: str, untranslated_language: str | None = None) -> None:
        self.document = document
        self.notes: FootnoteWriter | None = None
        self.lists: ListNumbering | None = None
        self.untranslated = untranslated
        self.untranslated_language = untranslated_language
        # looked up once: python-docx searches the style list on every lookup by name
        self.styles = {name: document.styles[name].style_id for name in REQUIRED_STYLES}
        # a house style without our list definitions gets them, indented as its list style
        self.list_indent = (document.styles[STYLES["ol"]].paragraph_format.left_indent or Cm(0.63)).twips
        self.bookmarks = Bookmarks()
        self.open: dict[str, int] = {}  # anchors started, by path: their bookmark ids
        self.pending: list[str] = []  # anchors that start with the next paragraph's text
        self.last: Paragraph | None = None  # the body paragraph written last

    def _paragraph(self, style: str, *, like: Paragraph | None = None) -> Paragraph:
        """A new body paragraph in ``style`` (or in the style of ``like``)."""
        paragraph = self.document.add_paragraph()
        style_id = (paragraph_style_id(like) if like else None) or self.styles[style]
        set_paragraph_style(paragraph, style_id)
        self.last = paragraph
        return paragraph

    def anchor(self, element: Any, paragraph: Paragraph | None) -> None:
        """A text's anchor: a bookmark starts or ends at this point of ``paragraph``; one met
        between blocks starts with the next paragraph's text or ends with the last paragraph."""
        path = element.get("start")
        if path is not None:
            if paragraph is None:
                self.pending.append(path)
            else:
                self.open[path] = self.bookmarks.start(paragraph, self.bookmarks.name_for(path))
            return
        path = element.get("end", "")
        if path in self.pending:  # an empty text: its anchor marks the place it would be
            self.pending.remove(path)
            if self.last is not None:
                self.open[path] = self.bookmarks.start(self.last, self.bookmarks.name_for(path))
        target = paragraph or self.last
        ident = self.open.pop(path, None)
        if target is not None and ident is not None:
            self.bookmarks.end(target, ident)

    def _flush(self, paragraph: Paragraph) -> None:
        """Start the anchors waiting for this paragraph, after its generated marks."""
        for path in self.pending:
            self.open[path] = self.bookmarks.start(paragraph, self.bookmarks.name_for(path))
        self.pending = []

    def block(self, element: Any, *, level: int = 0) -> None:
        tag = element.tag
        if tag in ("ol", "ul"):
            self._list(element, level)
            return
        if tag == "anchor":
            self.anchor(element, None)
            return
        if tag not in ("title", "h1", "h2", "p"):
            raise TemplateError(
                f"unknown element <{tag}> in the template's markup: it has no style (title, h1, h2, p, ol, ul have)"
            )
        paragraph = self._paragraph(STYLES[tag])
        fmt = self._marked(element, paragraph)
        self._flush(paragraph)
        self.inline(element, paragraph, paragraph, self.document.part, fmt)

    def _list(self, element: Any, level: int) -> None:
        if self.lists is None:
            self.lists = ListNumbering(self.document, indent=self.list_indent)
        depth = min(level, LEVELS - 1)  # Word has nine levels; a deeper list takes the last
        if element.tag == "ol":
            start, delimiter = int(element.get("start", "1")), element.get("delimiter", ".")
            num_id = self.lists.start(ORDERED, level=depth, start=start, delimiter=delimiter)
        else:
            num_id = self.lists.start(BULLET, level=depth)
        for item in element:
            if item.tag != "li":
                raise TemplateError(f"<{item.tag}> inside <{element.tag}>; only <li> belongs there")
            paragraph = self._paragraph(STYLES[element.tag])
            number_paragraph(paragraph, num_id, depth)
            fmt = self._marked(item, paragraph)
            self._flush(paragraph)
            self.inline(item, paragraph, paragraph, self.document.part, fmt, lists=level + 1)

    def _marked(self, element: Any, paragraph: Paragraph) -> _Format:
        """The format of an element's text: for a Dutch text standing in for a missing
        translation, a highlighted marker first and the text highlighted."""
        if not element.get("untranslated"):
            return _Format()
        self._run(paragraph, f"[{self.untranslated}] ", _Format(highlight=True))
        # a screen reader reads it in Dutch, a spelling checker checks it as Dutch (WCAG's language of parts)
        return _Format(highlight=True, lang=self.untranslated_language)

    def inline(
        self, element: Any, paragraph: Paragraph, container: RunHolder, part: Any, fmt: _Format, *, lists: int = 0
    ) -> None:
        if element.text:
            self._run(container, element.text, fmt)
        for child in element:
            tag = child.tag
            if tag == "em":
                self.inline(child, paragraph, container, part, fmt.but(italic=True), lists=lists)
            elif tag == "strong":
                self.inline(child, paragraph, container, part, fmt.but(bold=True), lists=lists)
            elif tag == "span":
                self.inline(child, paragraph, container, part, fmt, lists=lists)
            elif tag == "a":
                link = add_hyperlink(paragraph, child.get("href", ""), part)
                self.inline(child, paragraph, link, part, fmt.but(style=HYPERLINK), lists=lists)
            elif tag == "br":
                add_break(container)
            elif tag == "tab":
                add_tab(container)
            elif tag == "anchor":
                self.anchor(child, paragraph)
            elif tag == "note":
                self._note(child, paragraph)
            elif tag == "p" and lists:
                # a loose list item: its later paragraphs follow as paragraphs of their own
                if len(paragraph.runs) > 1:
                    paragraph = self._paragraph(STYLES["ol"], like=paragraph)
                    container = paragraph
                self.inline(child, paragraph, container, part, fmt, lists=lists)
            elif tag in ("ol", "ul") and lists:
                self._list(child, lists)
            else:
                raise TemplateError(f"unknown element <{tag}> inside a paragraph of the template's markup")
            if child.tail:
                self._run(container, child.tail, fmt)

    def _note(self, element: Any, paragraph: Paragraph) -> None:
        if self.notes is None:
            self.notes = FootnoteWriter(self.document)
        body = self.notes.add(
            paragraph, reference_style=self.styles[FOOTNOTE_REFERENCE], text_style=self.styles[FOOTNOTE_TEXT]
        )
        self.inline(element, body, body, self.notes.part, self._marked(element, body))

    def _run(self, container: RunHolder, text: str, fmt: _Format) -> None:
        style_id = self.styles[fmt.style] if fmt.style else None
        add_text(
            container, text, style_id=style_id, bold=fmt.bold, italic=fmt.italic, highlight=fmt.highlight, lang=fmt.lang
        )


@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False
    style: str | None = None
    highlight: bool = False
    lang: str | None = None  # a language other than the document's

    def but(self, **changes: Any) -> _Format:
        return _Format(**{**self.__dict__, **changes})
