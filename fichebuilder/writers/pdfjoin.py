"""One tagged PDF out of several: the letter's PDF and its fiches', joined with their structure.

Joining pages alone (as most PDF tools do) drops each part's structure tree, and with it
the headings, reading order and language a screen reader needs. Here every part keeps
its tree: each part's document element becomes an ``Art`` (an article: the letter, a
fiche) under one ``Document``, in page order. What ties the tree to the pages is
renumbered: a page's ``/StructParents`` and an annotation's ``/StructParent`` are keys
into the parent tree, which counts from 0 in every part, so each part's keys are moved
past those of the parts before it. The first part (the letter) gives the catalogue:
title, language, viewer preferences, metadata (PDF/A identification and output intent).
Each part's bookmarks follow the first part's, those of a later part under its title.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name


@dataclass
class _Part:
    """One part's structure, in the joined document's objects once copied."""

    article: Any  # the part's Art element (None for a part without a structure tree)
    entries: list[tuple[int, Any]] = field(default_factory=list)  # its parent tree, keys moved
    roles: dict[str, Any] = field(default_factory=dict)  # its role map: LibreOffice's names -> standard ones


def join_pdfs(parts: list[Path], handle: BinaryIO) -> None:
    """Write the pages of ``parts``, one PDF after another, as one tagged PDF into ``handle``."""
    with contextlib.ExitStack() as stack:
        pdfs = [stack.enter_context(pikepdf.open(part)) for part in parts]
        joined = pdfs[0]
        pages = [len(pdf.pages) for pdf in pdfs]
        joined_parts = []
        next_key = 0
        for pdf in pdfs:
            part, next_key = _take_structure(pdf, next_key)
            if pdf is not joined:
                joined.pages.extend(pdf.pages)
                # copied after the pages: pikepdf maps what refers to a page onto the page already copied
                part = _copied(joined, pdf, part)
            joined_parts.append(part)
        _set_structure(joined, joined_parts, next_key)
        _join_outlines(joined, pdfs, pages)
        joined.save(handle)


def _take_structure(pdf: pikepdf.Pdf, first_key: int) -> tuple[_Part, int]:
    """A part's structure as an Art element, its parent tree keys moved to start at ``first_key``
    (on its pages and annotations too); returns it and the first key free after it."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return _Part(None), first_key
    parent_tree = tree.get("/ParentTree")
    entries = list(pikepdf.NumberTree(parent_tree).items()) if parent_tree is not None else []
    size = max([int(tree.get("/ParentTreeNextKey", 0))] + [key + 1 for key, _ in entries])
    _move_keys(pdf, first_key)
    kids = _kids(tree)
    if len(kids) == 1 and kids[0].get("/S") == Name.Document:
        article = kids[0]  # LibreOffice's one document element
        article.S = Name.Art
    else:
        article = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Art, K=Array(kids)))
        for kid in kids:
            if isinstance(kid, Dictionary):
                kid.P = article
    if "/P" in article:
        del article["/P"]  # set again under the joined Document; copying it would drag the old tree along
    if "/Lang" in pdf.Root:
        article.Lang = pdf.Root.Lang
    roles = dict(tree.get("/RoleMap", Dictionary()).items())
    return _Part(article, [(first_key + key, value) for key, value in entries], roles), first_key + size


def _kids(node: Any) -> list[Any]:
    """A structure node's /K as a list: one kid may stand without an array."""
    kids = node.get("/K")
    return list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]


def _move_keys(pdf: pikepdf.Pdf, offset: int) -> None:
    """Add ``offset`` to every parent tree key of a part: its pages', their annotations' and form objects'."""
    if not offset:
        return
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        holders = [page.obj, *page.obj.get("/Annots", Array())]
        xobjects = page.obj.get("/Resources", Dictionary()).get("/XObject", Dictionary())
        holders.extend(xobject for _, xobject in xobjects.items())
        for holder in holders:
            if holder.is_indirect and holder.objgen in seen:
                continue  # a form or image drawn on several pages is one object: moved once
            if holder.is_indirect:
                seen.add(holder.objgen)
            for key in ("/StructParents", "/StructParent"):
                if key in holder:
                    holder[key] = int(holder[key]) + offset


def _copied(joined: pikepdf.Pdf, pdf: pikepdf.Pdf, part: _Part) -> _Part:
    """A part's structure copied into ``joined``: one copy, so that an element met twice stays one."""
    if part.article is None:
        return part
    holder = pdf.make_indirect(
        Dictionary(
            Art=part.article,
            Nums=Array([value for _, value in part.entries]),
            Roles=Dictionary({name: value for name, value in part.roles.items()}),
        )
    )
    copy = joined.copy_foreign(holder)
    entries = [(key, value) for (key, _), value in zip(part.entries, copy.Nums, strict=True)]
    return _Part(copy.Art, entries, dict(copy.Roles.items()))


def _set_structure(joined: pikepdf.Pdf, parts: list[_Part], next_key: int) -> None:
    """One structure tree: a Document holding each part's Art, in the order of the pages."""
    articles = [part.article for part in parts if part.article is not None]
    if not articles:
        return
    document = joined.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array(articles)))
    for article in articles:
        article.P = document
    nums: list[Any] = []
    roles: dict[str, Any] = {}
    for part in parts:
        for key, value in part.entries:
            nums.extend([key, value])
        for name, value in part.roles.items():
            roles.setdefault(name, value)
    tree = joined.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=document,
            ParentTree=joined.make_indirect(Dictionary(Nums=Array(nums))),
            ParentTreeNextKey=next_key,
            RoleMap=Dictionary(roles),
        )
    )
    document.P = tree
    joined.Root.StructTreeRoot = tree
    joined.Root.MarkInfo = Dictionary(Marked=True)


def _join_outlines(joined: pikepdf.Pdf, pdfs: list[pikepdf.Pdf], pages: list[int]) -> None:
    """The bookmarks of every part: the first part's as they are, each later part's under its title
    (``pages``: how many pages each part has)."""
    with joined.open_outline() as outline:
        start = pages[0]
        for pdf, count in zip(pdfs[1:], pages[1:], strict=True):
            title = str(pdf.docinfo.get("/Title", "")) or f"{start + 1}"
            item = pikepdf.OutlineItem(title, start)
            with pdf.open_outline() as theirs:
                item.children.extend(_copied_item(joined, pdf, child) for child in theirs.root)
            outline.root.append(item)
            start += count


def _copied_item(joined: pikepdf.Pdf, pdf: pikepdf.Pdf, item: pikepdf.OutlineItem) -> pikepdf.OutlineItem:
    destination: Any = item.destination
    if isinstance(destination, Array) and not destination.is_indirect:
        destination = pdf.make_indirect(destination)
    if destination is not None and not isinstance(destination, str | Name):
        destination = joined.copy_foreign(destination)
    copy = pikepdf.OutlineItem(str(item.title), destination)
    copy.is_closed = item.is_closed
    copy.children.extend(_copied_item(joined, pdf, child) for child in item.children)
    return copy
