"""Anchors: bookmarks around each text a position file gave a document, named after its field path.

A built fiche marks where every text of the position file stands (``essence``,
``actions.3.text``, ``footnotes.maoc-n`` …) with a Word bookmark, which Word and
LibreOffice keep when a document is edited and saved; a reviewed copy can so be
mapped back to its fields. Word allows a bookmark name of at most 40 letters, digits
and underscores, starting with a letter: ``bookmark_name`` makes a readable one from a
path, and the document's custom properties (``properties``) keep the name -> path map.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement

from fichebuilder.ooxml.ns import qn

PREFIX = "f_"
MAX_NAME = 40
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def bookmark_name(path: str) -> str:
    """The bookmark name of the (first) text at ``path``: ``actions.3.text`` -> ``f_actions_3_text``."""
    return (PREFIX + _UNSAFE.sub("_", path).strip("_"))[:MAX_NAME]


class Bookmarks:
    """The bookmarks of one document: unique names and ids, and the name -> path map."""

    def __init__(self) -> None:
        self.paths: dict[str, str] = {}
        self._next_id = 0

    def name_for(self, path: str) -> str:
        """A new bookmark name for the text at ``path`` (a second copy of a footnote gets its own)."""
        base = bookmark_name(path)
        name, n = base, 1
        while name in self.paths:
            n += 1
            suffix = f"_{n}"
            name = base[: MAX_NAME - len(suffix)] + suffix
        self.paths[name] = path
        return name

    def start(self, paragraph: Any, name: str) -> int:
        """A ``w:bookmarkStart`` at the end of ``paragraph`` (a python-docx Paragraph); its id."""
        self._next_id += 1
        element = OxmlElement("w:bookmarkStart")
        element.set(qn("w:id"), str(self._next_id))
        element.set(qn("w:name"), name)
        paragraph._p.append(element)
        return self._next_id

    @staticmethod
    def end(paragraph: Any, ident: int) -> None:
        """The ``w:bookmarkEnd`` of bookmark ``ident`` at the end of ``paragraph``."""
        element = OxmlElement("w:bookmarkEnd")
        element.set(qn("w:id"), str(ident))
        paragraph._p.append(element)


def anchored_text(document: Any, path: str) -> str | None:
    """The words of the paragraph where the text at ``path`` begins (found by its anchor), or None."""
    name = bookmark_name(path)
    for start in document.element.body.iter(qn("w:bookmarkStart")):
        if start.get(qn("w:name")) == name:
            return _words(start.getparent())
    return None


def _words(p: Any) -> str:
    # a tracked deletion's words stand in w:delText: these are the words that stay
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def comment_on(document: Any, words: str, text: str, *, author: str, initials: str) -> bool:
    """A Word comment by ``author`` on the first body paragraph whose words are ``words``;
    False where no paragraph has them."""
    from docx.text.paragraph import Paragraph

    for p in document.element.body.iter(qn("w:p")):
        if _words(p) == words:
            paragraph = Paragraph(p, document._body)
            runs = paragraph.runs or [paragraph.add_run("")]  # a wholly inserted text has no plain run
            document.add_comment(runs, text=text, author=author, initials=initials)
            _drop_undefined_styles(document, p)
            return True
    return False


def _drop_undefined_styles(document: Any, p: Any) -> None:
    """python-docx styles a comment's mark CommentReference: where the house style has no such
    style, the mark goes unstyled rather than name a style the document lacks (Word repairs that)."""
    defined = {style.style_id for style in document.styles}
    for rstyle in list(p.iter(qn("w:rStyle"))):
        if rstyle.get(qn("w:val")) not in defined:
            rstyle.getparent().remove(rstyle)
