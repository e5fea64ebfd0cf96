"""The review as one self-contained HTML page, in the catalogue's words: per field a table of its
tracked changes, its words before and after side by side, and a table of its comments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fichebuilder.commands.review import Edit
from fichebuilder.commands.reviewrows import DocumentRows, FieldRows, ReviewReport, edit_mark, kind_words
from fichebuilder.compare.changes import WordOp
from fichebuilder.compare.report_markup import PAGE_CSS, h, html_page, html_table, html_words, legend, side_by_side
from fichebuilder.compare.rows import Wording, shorten
from fichebuilder.ooxml.reviewed import Comment

_CSS = (
    PAGE_CSS
    + """p.untracked { font-style: italic; }
table.edits td:nth-child(-n+3), table.comments td:nth-child(-n+2) { white-space: nowrap; width: 1%; }
table.comments td:nth-child(4) { width: 40%; }
"""
)


def render(report: ReviewReport) -> str:
    """The review as one HTML page."""
    say = report.wording
    names = ", ".join(Path(d.review.document).name for d in report.documents)
    out = [legend(say)]
    for document in report.documents:
        out += _document(document, say)
    if report.conflicts:
        out.append(f"<h2>{h(say('headings.conflicts'))}</h2>")
        rows = [
            [h(r.conflict.path), _by(r.one, r.conflict.one_by), _by(r.other, r.conflict.other_by)]
            for r in report.conflicts
        ]
        out.append(html_table([say("field"), say("one"), say("other")], rows, css_class="conflicts"))
    return html_page(say, say("title", documents=names), _CSS, out)


def _document(document: DocumentRows, say: Wording) -> Iterator[str]:
    review = document.review
    yield f"<h2>{h(say('document', document=review.document, position=review.position, lang=review.lang))}</h2>"
    for row in document.fields:
        yield from _field(row, say)
    if document.loose_comments:
        yield f"<h3>{h(say('headings.loose_comments'))}</h3>"
        yield _comments(document.loose_comments, say)
    if document.unmapped:
        yield f"<h3>{h(say('headings.unmapped'))}</h3>"
        rows = [[h(u.place), html_words(u.words), h(u.item.author or say("unknown_author"))] for u in document.unmapped]
        yield html_table([say("place"), say("words"), say("author")], rows, css_class="unmapped")
    if document.empty:
        yield f"<p>{h(say('nothing'))}</p>"


def _field(row: FieldRows, say: Wording) -> Iterator[str]:
    yield f"<h3>{h(say.field(row.path))}</h3>"
    found = row.change
    if found is not None:
        if found.untracked:
            yield f'<p class="untracked">{h(say("untracked"))}</p>'
        if found.edits:
            rows = [_edit(edit, say) for edit in found.edits]
            yield html_table([say("change"), say("author"), say("date"), say("words")], rows, css_class="edits")
        # a field is often a long text with a few words changed: the unchanged runs are cut
        # down around the changes, as in Markdown (the whole text is the position file's)
        yield side_by_side(list(shorten(row.words)), say) if row.words else f"<p>{h(say('same_words'))}</p>"
    if row.comments:
        yield _comments(row.comments, say)


def _edit(edit: Edit, say: Wording) -> list[str]:
    tag = edit_mark(edit)
    words = h(edit.text) if tag is None else f"<{tag}>{h(edit.text)}</{tag}>"
    return [h(kind_words(say, edit)), h(edit.author or say("unknown_author")), h(edit.date or say("no_date")), words]


def _comments(comments: tuple[Comment, ...], say: Wording) -> str:
    rows = [
        [h(c.author or say("unknown_author")), h(c.date or say("no_date")), h(c.anchored), h(c.text)] for c in comments
    ]
    return html_table([say("author"), say("date"), say("anchored"), say("comment")], rows, css_class="comments")


def _by(ops: list[WordOp], who: str) -> str:
    return f"{html_words(ops)} ({h(who)})"
