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


def _skipped(el: etree._Element, *, rejected: bool) -> bool:
    """Whether ``el`` sits in a tracked change that accepting (or rejecting) takes out."""
    skip = W + ("ins" if rejected else "del")
    return any(a.tag == skip for a in el.iterancestors())


def _mark_removed(p: etree._Element, *, rejected: bool) -> bool:
    """Whether the paragraph's mark is a tracked deletion (accepted) or insertion (rejected)."""
    return p.find(f"{W}pPr/{W}rPr/{W}{'ins' if rejected else 'del'}") is not None


def _style(p: etree._Element, *, rejected: bool) -> str:
    """The paragraph's style id; rejected, the one a tracked property change recorded."""
    ppr = p.find(W + "pPr")
    if rejected and ppr is not None and ppr.find(f"{W}pPrChange/{W}pPr") is not None:
        ppr = ppr.find(f"{W}pPrChange/{W}pPr")
    style = ppr.find(W + "pStyle") if ppr is not None else None
    return style.get(W + "val") if style is not None else "Normal"


def read_docx(path: Path | str, *, rejected: bool = False) -> DocxText:
    """The text of a .docx; with ``rejected``, as if all tracked changes were rejected.

    As in Word and LibreOffice, a paragraph whose mark is taken out runs on into the next
    paragraph of its story, which keeps its own properties; the last paragraph's mark
    stays. Footnotes are listed in the order of the references that remain.
    """
    out = DocxText()
    references: list[str] = []
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        paragraphs = list(body.iter(W + "p"))
        text, refs = "", []
        for n, p in enumerate(paragraphs):
            text += _paragraph_text(p, rejected=rejected)
            refs += [r.get(W + "id", "") for r in p.iter(W + "footnoteReference") if not _skipped(r, rejected=rejected)]
            parent = p.getparent()
            following = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            if _mark_removed(p, rejected=rejected) and following is not None and following.getparent() is parent:
                continue
            out.paragraphs.append(text)
            out.styles.append(_style(p, rejected=rejected))
            references += refs
            text, refs = "", []
        if "word/footnotes.xml" in package.namelist():
            notes = etree.fromstring(package.read("word/footnotes.xml"))
            texts = {}
            for note in notes.iter(W + "footnote"):
                if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join(_paragraph_text(p, rejected=rejected) for p in note.iter(W + "p"))
                texts[note.get(W + "id", "")] = " ".join(text.split())
            out.footnotes = [texts[r] for r in references if r in texts]
    return out
