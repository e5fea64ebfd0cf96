"""Reviewed copies of a built fiche, made the way Word writes a review: tracked insertions and
deletions with author and date (``w:ins``/``w:del``), runs split mid-word, ``w:proofErr``, rsids,
comments anchored with ``w:commentRangeStart``/``End`` and kept in ``comments.xml``, a paragraph
split with a tracked paragraph mark, and edits typed without track changes."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2026-01-15T10:00:00Z"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _run(text: str, rpr: Any, *, deleted: bool = False) -> Any:
    run = etree.Element(w("r"))
    run.set(w("rsidR"), "00A1B2C3")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = etree.SubElement(run, w("delText" if deleted else "t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _change(kind: str, author: str, ident: int, *runs: Any) -> Any:
    element = etree.Element(w(kind))
    element.set(w("id"), str(ident))
    element.set(w("author"), author)
    element.set(w("date"), DATE)
    element.extend(runs)
    return element


def _text_holding(root: Any, words: str) -> Any:
    return next(t for t in root.iter(w("t")) if words in (t.text or ""))


def replace(root: Any, old: str, new: str, author: str, ident: int, *, tracked: bool = True) -> None:
    """Replace ``old`` by ``new`` where a run first holds it, as Word does: the run split mid-word."""
    replace_in(_text_holding(root, old), old, new, author, ident, tracked=tracked)


def replace_in(t: Any, old: str, new: str, author: str, ident: int, *, tracked: bool = True) -> None:
    """Replace ``old`` by ``new`` in the text ``t`` of a run, split there."""
    before, _, after = t.text.partition(old)
    if not tracked:
        t.text = before + new + after
        return
    rpr = t.getparent().find(w("rPr"))
    parts = []
    if old:
        parts.append(_change("del", author, ident, _run(old, rpr, deleted=True)))
    if new:
        parts.append(etree.Element(w("proofErr"), {w("type"): "spellStart"}))
        parts.append(_change("ins", author, ident + 1, _run(new, rpr)))
    _split(t, before, parts, after)


def insert_in(t: Any, words: str, new: str, author: str, ident: int) -> None:
    """A tracked insertion of ``new`` right after ``words`` in the text ``t`` of a run."""
    before, _, after = t.text.partition(words)
    _split(t, before + words, [_change("ins", author, ident, _run(new, t.getparent().find(w("rPr"))))], after)


def _split(t: Any, before: str, parts: list[Any], after: str) -> None:
    """The run of ``t`` as a run of ``before``, ``parts`` and a run of ``after``."""
    run = t.getparent()
    rpr = run.find(w("rPr"))
    parts = [_run(before, rpr), *parts, _run(after, rpr)]
    parent = run.getparent()
    at = parent.index(run)
    parent.remove(run)
    for n, part in enumerate(parts):
        parent.insert(at + n, part)


def insert_at_anchor_end(root: Any, name: str, new: str, author: str, ident: int, *, inside: bool) -> None:
    """A tracked insertion at the end of the text in bookmark ``name``: just before its end
    (``inside``) or just after it, where Word types what follows a bookmark's last word."""
    start = next(b for b in root.iter(w("bookmarkStart")) if b.get(w("name")) == name)
    end = next(b for b in root.iter(w("bookmarkEnd")) if b.get(w("id")) == start.get(w("id")))
    inserted = _change("ins", author, ident, _run(new, None))
    if inside:
        end.addprevious(inserted)
    else:
        end.addnext(inserted)


def split_paragraph(root: Any, words: str, author: str, ident: int) -> None:
    """Split the paragraph where ``words`` stand, after them, with track changes on: the first half
    keeps an inserted paragraph mark, the second half (with the bookmarks that end there) is a new
    paragraph with the old one's properties."""
    t = _text_holding(root, words)
    run = t.getparent()
    paragraph = next(a for a in run.iterancestors() if a.tag == w("p"))
    rpr = run.find(w("rPr"))
    before, _, after = t.text.partition(words)
    second = etree.Element(w("p"))
    ppr = paragraph.find(w("pPr"))
    if ppr is not None:
        second.append(copy.deepcopy(ppr))
    else:
        ppr = etree.SubElement(paragraph, w("pPr"))
        paragraph.insert(0, ppr)
    mark = ppr.find(w("rPr"))
    if mark is None:
        mark = etree.SubElement(ppr, w("rPr"))
    mark.append(_change("ins", author, ident))
    second.append(_run(after, rpr))
    for sibling in list(run.itersiblings()):
        second.append(sibling)
    t.text = before + words
    paragraph.addnext(second)


def new_paragraph_before(root: Any, words: str, text: str, author: str, ident: int) -> None:
    """A paragraph typed with track changes on before the paragraph holding ``words``."""
    t = _text_holding(root, words)
    paragraph = next(a for a in t.iterancestors() if a.tag == w("p"))
    new = etree.Element(w("p"))
    ppr = etree.SubElement(new, w("pPr"))
    etree.SubElement(etree.SubElement(ppr, w("rPr")), w("ins"), {w("id"): str(ident), w("author"): author,
                                                                  w("date"): DATE})  # fmt: skip
    new.append(_change("ins", author, ident + 1, _run(text, None)))
    paragraph.addprevious(new)


def comment(root: Any, word: str, ident: int, author: str, text: str, comments: Any) -> None:
    t = _text_holding(root, word)
    run = t.getparent()
    parent = run.getparent()
    parent.insert(parent.index(run), etree.Element(w("commentRangeStart"), {w("id"): str(ident)}))
    end = etree.Element(w("commentRangeEnd"), {w("id"): str(ident)})
    run.addnext(end)
    reference = etree.Element(w("r"))
    etree.SubElement(reference, w("commentReference"), {w("id"): str(ident)})
    end.addnext(reference)
    body = etree.SubElement(
        comments, w("comment"), {w("id"): str(ident), w("author"): author, w("date"): "2026-01-15T11:00:00Z"}
    )
    etree.SubElement(etree.SubElement(etree.SubElement(body, w("p")), w("r")), w("t")).text = text


Edit = Callable[[Any, Any, Any], None]


def rewrite(docx: Path, target: Path, edit: Edit) -> Path:
    """Copy a .docx, letting ``edit(document, footnotes, comments)`` change its XML."""
    with zipfile.ZipFile(docx) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    document = etree.fromstring(parts["word/document.xml"])
    notes = etree.fromstring(parts["word/footnotes.xml"])
    comments = etree.Element(w("comments"), nsmap={"w": W})
    edit(document, notes, comments)
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    parts["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True, encoding="UTF-8")
    if len(comments):
        parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8")
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace(
            "</Types>",
            '<Override PartName="/word/comments.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>',
        ).encode()
        rels = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/comments" Target="comments.xml"/></Relationships>',
        ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def embolden(root: Any, words: str, author: str, ident: int) -> None:
    """Make the run holding ``words`` bold with track changes on (``w:rPrChange``), as Word does."""
    run = _text_holding(root, words).getparent()
    rpr = run.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        run.insert(0, rpr)
    before = copy.deepcopy(rpr)
    rpr.append(etree.Element(w("b")))
    change = _change("rPrChange", author, ident)
    change.append(before)
    rpr.append(change)
