"""The one reader of a paragraph's content: its runs and what they hold, as a flat list of items.

Every reader of Word text goes through ``paragraph_items``: the import of a .docx
(``readers.docx``), the text check of a built document (``reading.read_docx``) and
the redline's comparison (``tracking.read_pieces``). Each item is one thing a run
holds — some text, a tab, a break, a footnote reference, a field character … —
with what stands around it: the run's properties, the hyperlink it is in, the
tracked change it is part of and the field it belongs to. A reader then takes the
items it needs: the import drops deleted text and field instructions, the redline
keeps everything to copy it.

New kinds of content slot in as new item kinds: a bookmark or a comment's range
(children of the paragraph) in ``_walk``, a comment reference (a child of a run) in
``_RUN_ITEMS``; a tracked change's author and date in ``Change``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fichebuilder.ooxml.ns import qn

# item kinds
TEXT = "text"  # w:t
DELETED_TEXT = "deltext"  # w:delText, the text of a tracked deletion
TAB = "tab"  # w:tab, w:ptab
BREAK = "break"  # w:br, w:cr
HYPHEN = "hyphen"  # w:noBreakHyphen
SYMBOL = "symbol"  # w:sym
NOTE = "note"  # w:footnoteReference
ENDNOTE = "endnote"  # w:endnoteReference
FIELD_CHAR = "fldchar"  # w:fldChar: a field's begin, separator or end
INSTRUCTION = "instr"  # w:instrText: a field's code
OTHER = "other"  # anything else a run holds (a drawing, a footnote's own mark …)
# markers, read only when asked for (``marks=True``): they hold no text
BOOKMARK_START = "bookmarkstart"  # w:bookmarkStart (``element`` has its w:id and w:name)
BOOKMARK_END = "bookmarkend"  # w:bookmarkEnd
COMMENT_START = "commentstart"  # w:commentRangeStart
COMMENT_END = "commentend"  # w:commentRangeEnd
COMMENT_REFERENCE = "commentref"  # w:commentReference, in a run: where a comment stands without a range
_MARKS = {
    qn("w:bookmarkStart"): BOOKMARK_START,
    qn("w:bookmarkEnd"): BOOKMARK_END,
    qn("w:commentRangeStart"): COMMENT_START,
    qn("w:commentRangeEnd"): COMMENT_END,
}

_RUN_ITEMS = {
    qn("w:t"): TEXT,
    qn("w:delText"): DELETED_TEXT,
    qn("w:tab"): TAB,
    qn("w:ptab"): TAB,
    qn("w:br"): BREAK,
    qn("w:cr"): BREAK,
    qn("w:noBreakHyphen"): HYPHEN,
    qn("w:sym"): SYMBOL,
    qn("w:footnoteReference"): NOTE,
    qn("w:endnoteReference"): ENDNOTE,
    qn("w:fldChar"): FIELD_CHAR,
    qn("w:instrText"): INSTRUCTION,
}
# what a paragraph holds that is no content of its own: its properties, text boxes
# (read as paragraphs of their own), comment ranges (markers without text)
_NOT_CONTENT = {
    qn("w:pPr"),
    qn("w:rPr"),
    qn("w:txbxContent"),
    qn("w:commentRangeStart"),
    qn("w:commentRangeEnd"),
}
_INSERTIONS = {qn("w:ins"): "ins", qn("w:moveTo"): "ins"}
_DELETIONS = {qn("w:del"): "del", qn("w:moveFrom"): "del"}
_FIELD_LINK = re.compile(r'HYPERLINK\s+"([^"]+)"')


@dataclass(frozen=True)
class Change:
    """The tracked change content stands in: ``kind`` is "ins" (inserted, moved to) or "del";
    who made it and when (as Word writes them), and whether it was a move."""

    kind: str
    author: str = ""
    date: str = ""
    moved: bool = False


@dataclass(frozen=True)
class Item:
    """One thing a run holds, read in its setting.

    ``text`` is what it reads as in plain text ("\\t" for a tab, " " for a break);
    ``link`` the target of the ``w:hyperlink`` around it (a URL, or "#bookmark");
    ``field_link`` the URL of the HYPERLINK field whose result it is; ``in_instruction``
    whether it stands in a field's code rather than its result, ``in_result`` whether it
    stands in a field's result (a page number, a cross-reference). ``run``, ``rpr`` and
    ``element`` are the run, its properties and the item itself, for copying.
    """

    kind: str
    text: str
    element: Any
    run: Any
    rpr: Any
    link: str | None = None
    change: Change | None = None
    field_link: str | None = None
    in_instruction: bool = False
    in_result: bool = False

    @property
    def note(self) -> str | None:
        """The id of the footnote a reference points to."""
        return self.element.get(qn("w:id")) if self.kind == NOTE else None

    @property
    def endnote(self) -> str | None:
        """The id of the endnote a reference points to."""
        return self.element.get(qn("w:id")) if self.kind == ENDNOTE else None

    @property
    def comment(self) -> str | None:
        """The id of the comment whose range starts or ends here, or whose reference this is."""
        return self.element.get(qn("w:id")) if self.kind in (COMMENT_START, COMMENT_END, COMMENT_REFERENCE) else None

    @property
    def deleted(self) -> bool:
        return self.change is not None and self.change.kind == "del"

    @property
    def inserted(self) -> bool:
        return self.change is not None and self.change.kind == "ins"


LinkTargets = Callable[[str], str | None]


def paragraph_items(paragraph: Any, links: LinkTargets, *, marks: bool = False) -> list[Item]:
    """The content of a ``w:p`` (or of any element holding runs) as items, in order.

    ``links`` gives the target of a relationship id (a hyperlink's ``r:id``), or None.
    With ``marks``, bookmarks' and comments' starts and ends are items too.
    """
    walk = _Walk(links, marks=marks)
    walk.container(paragraph, None, None)
    return walk.items


@dataclass
class _Field:
    """A field the walk stands in: past its separator (showing its result) or not, and
    the URL of a HYPERLINK field."""

    showing: bool = False
    url: str | None = None


class _Walk:
    def __init__(self, links: LinkTargets, *, marks: bool = False) -> None:
        self.links = links
        self.marks = marks
        self.items: list[Item] = []
        # the fields the walk stands in, outermost first: a field's result may hold
        # another field (a cross-reference, a page number in a table of contents)
        self.fields: list[_Field] = []

    def container(self, element: Any, link: str | None, change: Change | None) -> None:
        for child in element:
            tag = child.tag
            if self.marks and tag in _MARKS:
                self.items.append(Item(_MARKS[tag], "", child, None, None, link, change))
                continue
            if tag in _NOT_CONTENT:
                continue
            if tag == qn("w:r"):
                self.run(child, link, change)
            elif tag == qn("w:hyperlink"):
                r_id = child.get(qn("r:id"))
                target = self.links(r_id) if r_id else "#" + (child.get(qn("w:anchor")) or "")
                self.container(child, target or link, change)
            elif tag in _INSERTIONS or tag in _DELETIONS:
                kind = _INSERTIONS.get(tag) or _DELETIONS[tag]
                moved = tag in (qn("w:moveTo"), qn("w:moveFrom"))
                author, date = child.get(qn("w:author"), ""), child.get(qn("w:date"), "")
                self.container(child, link, Change(kind, author, date, moved))
            elif tag == qn("w:fldSimple"):  # a field written in one element: its runs are its result
                found = _FIELD_LINK.search(child.get(qn("w:instr"), ""))
                self.fields.append(_Field(showing=True, url=found.group(1) if found else None))
                self.container(child, link, change)
                self.fields.pop()
            elif tag == qn("mc:AlternateContent"):
                choice = child.find(qn("mc:Choice"))  # the first choice is the markup Word itself reads
                if choice is not None:
                    self.container(choice, link, change)
            elif len(child):
                self.container(child, link, change)  # w:smartTag, w:sdt, w:customXml …

    def run(self, run: Any, link: str | None, change: Change | None) -> None:
        rpr = run.find(qn("w:rPr"))
        for element in run:
            if element is rpr:
                continue
            kind = _RUN_ITEMS.get(element.tag, OTHER)
            if kind == OTHER and self.marks and element.tag == qn("w:commentReference"):
                kind = COMMENT_REFERENCE
            deleted = change is not None and change.kind == "del"
            if kind == FIELD_CHAR and not deleted:  # fields are read as the changes accepted leave them
                self.field_char(element.get(qn("w:fldCharType")))
            elif kind == INSTRUCTION and not deleted and self.fields:
                found = _FIELD_LINK.search(element.text or "")
                if found:
                    self.fields[-1].url = found.group(1)
            in_instruction = kind not in (FIELD_CHAR, INSTRUCTION) and not all(f.showing for f in self.fields)
            self.items.append(
                Item(
                    kind,
                    _text(kind, element),
                    element,
                    run,
                    rpr,
                    link,
                    change,
                    next((f.url for f in reversed(self.fields) if f.url), None),
                    in_instruction=in_instruction,
                    in_result=bool(self.fields) and not in_instruction and kind not in (FIELD_CHAR, INSTRUCTION),
                )
            )

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].showing = True
        elif kind == "end" and self.fields:
            self.fields.pop()


def _text(kind: str, element: Any) -> str:
    """What an item reads as in plain text."""
    if kind in (TEXT, DELETED_TEXT, INSTRUCTION):
        return element.text or ""
    if kind == TAB:
        return "\t"
    if kind == BREAK:
        return " "
    if kind == HYPHEN:
        return "-"
    if kind == SYMBOL:
        char = element.get(qn("w:char"))
        return chr(int(char, 16)) if char else ""
    return ""


def is_on(rpr: Any, name: str) -> bool:
    """Whether a toggle property (``b``, ``i`` …) of run properties ``rpr`` is on."""
    if rpr is None:
        return False
    element = rpr.find(qn(f"w:{name}"))
    return element is not None and element.get(qn("w:val"), "true") not in ("0", "false", "off")


def vertical_alignment(rpr: Any) -> str:
    """ "superscript" or "subscript" where run properties ``rpr`` raise or lower the text, else ""."""
    element = rpr.find(qn("w:vertAlign")) if rpr is not None else None
    value = element.get(qn("w:val"), "") if element is not None else ""
    return value if value in ("superscript", "subscript") else ""
