"""Reading the text of a .docx back: body paragraphs (with their styles) and footnotes.

Used to check what a build wrote, and by the redline and import code. Reads the
package with python-docx's XML layer; tracked changes are read as accepted
(``w:ins`` kept, ``w:del`` dropped) unless ``rejected`` is asked for.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class DocxText:
    """The paragraphs of a document's body, their style ids, and its footnotes."""

    paragraphs: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _paragraph_text(p: etree._Element, *, rejected: bool) -> str:
    skip = W + ("ins" if rejected else "del")
    parts: list[str] = []
    for el in p.iter():
        if any(a.tag == skip for a in el.iterancestors()):
            continue
        if el.tag == W + "t" or (el.tag == W + "delText" and rejected):
            parts.append(el.text or "")
        elif el.tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" " if el.tag != W + "tab" else "\t")
    return "".join(parts)


def _is_removed(p: etree._Element, *, rejected: bool) -> bool:
    """A paragraph whose every run is a tracked insertion (rejected) or deletion (accepted)."""
    mark = p.find(f"{W}pPr/{W}rPr/{W}{'ins' if rejected else 'del'}")
    if mark is None:
        return False
    runs = [r for r in p.iter(W + "r")]
    skip = W + ("ins" if rejected else "del")
    return all(any(a.tag == skip for a in r.iterancestors()) for r in runs)


def read_docx(path: Path | str, *, rejected: bool = False) -> DocxText:
    """The text of a .docx; with ``rejected``, as if all tracked changes were rejected."""
    out = DocxText()
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        for p in body.iter(W + "p"):
            if _is_removed(p, rejected=rejected):
                continue
            out.paragraphs.append(_paragraph_text(p, rejected=rejected))
            style = p.find(f"{W}pPr/{W}pStyle")
            out.styles.append(style.get(W + "val") if style is not None else "Normal")
        if "word/footnotes.xml" in package.namelist():
            notes = etree.fromstring(package.read("word/footnotes.xml"))
            for note in notes.iter(W + "footnote"):
                if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join(_paragraph_text(p, rejected=rejected) for p in note.iter(W + "p"))
                out.footnotes.append(" ".join(text.split()))
    return out
