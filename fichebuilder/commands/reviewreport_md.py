"""The review as Markdown (GitHub flavour: tables, ``<del>``/``<ins>`` for changed words), in the catalogue's words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fichebuilder.commands.review import Edit
from fichebuilder.commands.reviewrows import DocumentRows, FieldRows, ReviewReport, edit_mark, kind_words
from fichebuilder.compare.report_markup import md, md_head, md_row, md_words
from fichebuilder.compare.rows import Wording
from fichebuilder.ooxml.reviewed import Comment


def render(report: ReviewReport) -> str:
    """The review as Markdown."""
    say = report.wording
    names = ", ".join(Path(d.review.document).name for d in report.documents)
    out = [f"# {md(say('title', documents=names))}", ""]
    for document in report.documents:
        out += _document(document, say)
    if report.conflicts:
        out += [f"## {say('headings.conflicts')}", "", *md_head([say("field"), say("one"), say("other")])]
        for row in report.conflicts:
            c = row.conflict
            one = f"{md_words(row.one, say)} ({_cell(c.one_by)})"
            out.append(md_row([_cell(c.path), one, f"{md_words(row.other, say)} ({_cell(c.other_by)})"]))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _document(document: DocumentRows, say: Wording) -> Iterator[str]:
    review = document.review
    yield f"## {md(say('document', document=review.document, position=review.position, lang=review.lang))}"
    yield ""
    for row in document.fields:
        yield from _field(row, say)
    if document.loose_comments:
        yield from [f"### {say('headings.loose_comments')}", "", *_comments(document.loose_comments, say), ""]
    if document.unmapped:
        yield f"### {say('headings.unmapped')}"
        yield ""
        yield from md_head([say("place"), say("words"), say("author")])
        for u in document.unmapped:
            yield md_row([_cell(u.place), md_words(u.words, say), _cell(u.item.author or say("unknown_author"))])
        yield ""
    if document.empty:
        yield f"*{say('nothing')}*"
        yield ""


def _field(row: FieldRows, say: Wording) -> Iterator[str]:
    yield f"### {md(say.field(row.path))}"
    yield ""
    found = row.change
    if found is not None:
        if found.untracked:
            yield f"*{say('untracked')}*"
            yield ""
        if found.edits:
            yield from md_head([say("change"), say("author"), say("date"), say("words")])
            yield from (_edit(edit, say) for edit in found.edits)
            yield ""
        words = md_words(row.words, say) if row.words else f"*{say('same_words')}*"
        yield f"{say('old')} → {say('new')}: {words}"
        yield ""
    if row.comments:
        yield from [f"**{say('headings.comments')}**", "", *_comments(row.comments, say), ""]


def _edit(edit: Edit, say: Wording) -> str:
    tag = edit_mark(edit)
    words = _cell(edit.text) if tag is None else f"<{tag}>{_cell(edit.text)}</{tag}>"
    who = _cell(edit.author or say("unknown_author"))
    return md_row([kind_words(say, edit), who, _cell(edit.date or say("no_date")), words])


def _comments(comments: tuple[Comment, ...], say: Wording) -> list[str]:
    head = md_head([say("author"), say("date"), say("anchored"), say("comment")])
    for c in comments:
        who, when = c.author or say("unknown_author"), c.date or say("no_date")
        head.append(md_row([_cell(who), _cell(when), _cell(c.anchored), _cell(c.text)]))
    return head


def _cell(text: str) -> str:
    """Text for a table's cell: on one line (a line break would end the table), escaped."""
    return md(" ".join(text.split()))
