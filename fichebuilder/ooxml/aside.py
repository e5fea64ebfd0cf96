"""What a Word document holds beside its flow of text, which a position file cannot hold:
equations, images (with their alt text), page headers and footers, and comments.

The .docx import (``readers.docx``) puts what these say under ``unplaced:``, with
their place, or names them in a warning, so that nothing is left out without a word.
Equations are given as linear text, the way plain text writes mathematics
(``x_(i)^(2)``, ``(a)/(b)``, ``√(x)``): readable without a math renderer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fichebuilder.ooxml.ns import NAMESPACES, qn
from fichebuilder.ooxml.runs import Item, paragraph_items

if TYPE_CHECKING:
    from fichebuilder.ooxml.reading import WordPackage

_MATH = NAMESPACES["m"]
# where a paragraph's own content ends: a text box's paragraphs are read as paragraphs
# of their own, and a fallback repeats what its choice holds
_NOT_OWN = {qn("w:txbxContent"), qn("mc:Fallback")}
_DRAWINGS = {qn("w:drawing"), qn("w:pict"), qn("w:object")}


def _own(element: Any) -> Iterator[Any]:
    """The elements inside ``element`` that are its own content, in document order."""
    for child in element:
        if child.tag in _NOT_OWN:
            continue
        yield child
        yield from _own(child)


def equations(paragraph: Any) -> list[str]:
    """Each equation (``m:oMath``) of a paragraph, as linear text."""
    found: list[str] = []
    inside: set[Any] = set()
    for element in _own(paragraph):
        if element.tag == qn("m:oMath") and not any(a in inside for a in element.iterancestors()):
            inside.add(element)
            found.append(" ".join(_linear(element).split()))
    return found


def images(paragraph: Any) -> list[str]:
    """Each image (or other drawing without a text box) of a paragraph: its alt text, or ""."""
    found: list[str] = []
    seen: set[Any] = set()
    for element in _own(paragraph):
        if element.tag not in _DRAWINGS or any(a in seen for a in element.iterancestors()):
            continue
        seen.add(element)
        if element.find(f".//{qn('w:txbxContent')}") is not None:
            continue  # a text box: its paragraphs are read
        if element.tag != qn("w:drawing") and element.find(f".//{qn('v:imagedata')}") is None:
            continue  # a VML line or rule: no image
        found.append(_alt_text(element))
    return found


def _alt_text(drawing: Any) -> str:
    """A drawing's title and description (DrawingML), or its VML alt text and title."""
    texts: list[str] = []
    for described in drawing.iter(qn("wp:docPr")):
        texts += [described.get("title", ""), described.get("descr", "")]
    for shape in drawing.iter(qn("v:shape")):
        texts.append(shape.get("alt", ""))
    for image in drawing.iter(qn("v:imagedata")):
        texts.append(image.get(qn("o:title"), ""))
    unique = dict.fromkeys(" ".join(t.split()) for t in texts if t.strip())
    return ": ".join(unique)


# --- equations as linear text -------------------------------------------------------------


def _local(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rpartition("}")[2] if tag.startswith(f"{{{_MATH}}}") else ""


def _value(element: Any, path: str, default: str) -> str:
    """The ``m:val`` of a property (``m:dPr/m:begChr``), or ``default``."""
    found = element.find("/".join(qn(f"m:{step}") for step in path.split("/")))
    return found.get(qn("m:val"), default) if found is not None else default


def _linear(element: Any) -> str:
    """The linear text of a piece of Office Math."""
    name = _local(element)
    if name == "t":
        return element.text or ""

    def part(tag: str) -> str:
        found = element.find(qn(f"m:{tag}"))
        return _linear(found) if found is not None else ""

    def script(mark: str, tag: str) -> str:
        text = part(tag)
        return f"{mark}({text})" if text else ""

    if name == "f":
        return f"({part('num')})/({part('den')})"
    if name in ("sSup", "sSub", "sSubSup"):
        return part("e") + script("_", "sub") + script("^", "sup")
    if name == "sPre":
        return script("_", "sub") + script("^", "sup") + part("e")
    if name == "rad":
        degree = part("deg")
        return (f"({degree})" if degree else "") + f"√({part('e')})"
    if name == "d":
        separator = _value(element, "dPr/sepChr", "|")
        inner = separator.join(_linear(e) for e in element.findall(qn("m:e")))
        return _value(element, "dPr/begChr", "(") + inner + _value(element, "dPr/endChr", ")")
    if name == "nary":
        return _value(element, "naryPr/chr", "∫") + script("_", "sub") + script("^", "sup") + " " + part("e")
    if name == "func":
        return f"{part('fName')} {part('e')}"
    if name == "acc":
        return part("e") + _value(element, "accPr/chr", "\u0302")
    if name in ("limLow", "limUpp"):
        return part("e") + script("_" if name == "limLow" else "^", "lim")
    if name == "m":
        rows = [", ".join(_linear(e) for e in row.findall(qn("m:e"))) for row in element.findall(qn("m:mr"))]
        return "[" + "; ".join(rows) + "]"
    if name == "eqArr":
        return "; ".join(_linear(e) for e in element.findall(qn("m:e")))
    # the rest (m:oMath, m:r, m:e, m:box, m:bar, m:groupChr …): their content in order,
    # properties (m:rPr, m:dPr, w:rPr …) left out
    return "".join(_linear(child) for child in element if not _is_properties(child))


def _is_properties(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.endswith("Pr") or tag.endswith("}ctrlPr")


# --- headers, footers and comments -------------------------------------------------------


@dataclass
class Story:
    """Text beside the body: a page header or footer, or a comment; ``place`` says which."""

    place: str
    paragraphs: list[list[Item]]
    ident: str = ""  # a comment's id


_KINDS = {"default": "", "first": " of the first page", "even": " of even pages"}


def page_headers_and_footers(package: WordPackage) -> list[Story]:
    """The page headers and footers the document's sections use, in the order they name them."""
    targets = package.targets(package.main)
    main = package.xml(package.main)
    stories: list[Story] = []
    seen: set[str] = set()
    for reference in main.iter(qn("w:headerReference"), qn("w:footerReference")):
        name = targets.get(reference.get(qn("r:id"), ""))
        root = package.xml(name) if name else None
        if root is None or name in seen:
            continue
        seen.add(name or "")
        kind = "header" if reference.tag == qn("w:headerReference") else "footer"
        place = f"page {kind}{_KINDS.get(reference.get(qn('w:type'), 'default'), '')}"
        links = package.links(name or "").get
        stories.append(Story(place, [paragraph_items(p, links) for p in _paragraphs(root)]))
    return stories


def comments(package: WordPackage) -> list[Story]:
    """The document's comments, each with its author as its place ("a comment by …")."""
    name = package.part_name("comments")
    root = package.xml(name) if name else None
    if root is None:
        return []
    links = package.links(name or "").get
    return [
        Story(
            f"a comment by {comment.get(qn('w:author')) or 'an unknown author'}",
            [paragraph_items(p, links) for p in _paragraphs(comment)],
            comment.get(qn("w:id"), ""),
        )
        for comment in root.iter(qn("w:comment"))
    ]


def _paragraphs(root: Any) -> list[Any]:
    return [p for p in root.iter(qn("w:p")) if not any(a.tag == qn("mc:Fallback") for a in p.iterancestors())]
