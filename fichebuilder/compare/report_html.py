"""The HTML report: one self-contained page (inline CSS, no scripts, nothing fetched)."""

from __future__ import annotations

import functools
from typing import Any

from fichebuilder.compare.changes import AreaDiff, FieldChange, FootnoteDiff, GroundDiff, MarksDiff, TextDiff
from fichebuilder.compare.report_markup import PAGE_CSS, html_page, legend, side_by_side
from fichebuilder.compare.report_markup import h as _h
from fichebuilder.compare.rows import ARROW, ActionRow, Report, SectionKey, Wording

_CSS = (
    PAGE_CSS
    + """.stance { padding: 0 .4em; border-radius: .3em; white-space: nowrap; }
.support { background: #d7f5d7; } .conditional { background: #fff1c2; } .neutral { background: #e0eef7; }
.critical { background: #ffe0c2; } .oppose { background: #ffd0d0; } .unknown { background: #eee; color: #666; }
.added { color: #060; } .removed { color: #900; } .changed { color: #a60; } .unchanged { color: #666; }
.warning { background: #fff1c2; padding: .3em .6em; }
ul.marks { margin: .3em 0; }
"""
)

# what opens a section's rows (on the heading's line) and what closes them
_FRAME: dict[SectionKey, tuple[str, list[str]]] = {
    "general": ("<table><tr><th>{field}</th><th>{old}</th><th>{new}</th></tr>", ["</table>"]),
    "texts": ("", []),
    "areas": ("<ul>", ["</ul>"]),
    "actions": ("", []),
    "grounds": ("", []),
    "footnotes": ("<ul>", ["</ul>"]),
}


def render(report: Report, *, color: bool = False) -> str:
    """The report as one HTML page: stance overview, then side-by-side changes."""
    old, new, say = report.old, report.new, report.wording
    out = [
        f"<p>{_side(say, 'old', old.file, old.com_number, old.actions)}<br>",
        f"{_side(say, 'new', new.file, new.com_number, new.actions)}</p>",
        f"<p>{_h(report.about)}</p>",
        legend(say),
    ]
    out += [f'<p class="warning">{_h(say("warning"))}: {_h(w)}</p>' for w in report.warnings]
    out += [f"<h2>{_h(say('headings.summary'))}</h2><ul>", *[f"<li>{_h(line)}</li>" for line in report.summary]]
    out.append("</ul>")
    if report.actions.rows:
        head = "".join(f"<th>{_h(say(k))}</th>" for k in ("old", "new", "title_label", "stance", "status_label"))
        out.append(f"<h2>{_h(say('headings.stances'))}</h2><table><tr>{head}</tr>")
        out += [_stance_row(row, say) for row in report.actions.rows] + ["</table>"]
    for section in report.sections:
        if section.details:
            opening, closing = _FRAME[section.key]
            opening = opening.format(field=_h(say("field")), old=_h(say("old")), new=_h(say("new")))
            out.append(f"<h2>{_h(section.heading)}</h2>{opening}")
            for row in section.details:
                out += _row(row, say)
            out += closing
    return html_page(say, say("title", old=old.file, new=new.file), _CSS, out)


def _side(say: Wording, which: str, file: str, com_number: str, actions: int) -> str:
    """``old: <code>a.yaml</code> (COM(2025) 1, 4 actions)``."""
    about = say("side", file="", com_number=com_number, actions=actions).strip()
    return f"{_h(say(which))}: <code>{_h(file)}</code> {_h(about)}"


def _stance_row(row: ActionRow, say: Wording) -> str:
    if row.paired:
        stance = _badge(row.old_stances, say)
        if row.diff.stance_changed:
            stance += f" {ARROW} {_badge(row.stance, say)}"
    else:
        stance = _badge(row.stance, say)
    return (
        f'<tr><td class="num">{row.old_numbers}</td><td class="num">{row.new_number}</td><td>{_h(row.title)}</td>'
        f'<td>{stance}</td><td class="{row.diff.status}">{_h(row.status)}</td></tr>'
    )


@functools.singledispatch
def _row(row: Any, say: Wording) -> list[str]:
    raise TypeError(f"no HTML for a row of {type(row).__name__}")


@_row.register
def _field_row(row: FieldChange, say: Wording) -> list[str]:
    return [
        f"<tr><td>{_h(say.field(row.field))}</td><td><del>{_h(row.old)}</del></td><td><ins>{_h(row.new)}</ins></td></tr>"
    ]


@_row.register
def _text_row(row: TextDiff, say: Wording) -> list[str]:
    out = [f"<h3>{_h(say.field(row.field))}</h3>"]
    if row.words:
        out.append(side_by_side(row.words, say))
    marks = _marks("condition", row.conditions, say) + _marks("concern", row.concerns, say)
    if marks:
        out += ['<ul class="marks">', *marks, "</ul>"]
    return out


@_row.register
def _area_row(row: AreaDiff, say: Wording) -> list[str]:
    return [
        f'<li class="{row.status}">{_h(say(f"status.{row.status}"))} {row.number}: {_h(row.old_title)}'
        + (f" {ARROW} {_h(row.new_title)}" if row.status == "changed" else _h(row.new_title))
        + (side_by_side(row.text, say) if row.status == "changed" and row.text else "")
        + "</li>"
    ]


@_row.register
def _action_row(row: ActionRow, say: Wording) -> list[str]:
    action = row.diff
    out = [f'<h3 class="{action.status}">{_h(row.status)} {_h(row.numbers)}{_h(row.how)}: {_h(row.title)}</h3>']
    items = []
    if row.paired:
        if action.old_title != action.new_title:
            titles = f"<del>{_h(action.old_title)}</del> {ARROW} <ins>{_h(action.new_title)}</ins>"
            items.append(f"<li>{_h(say('title_label'))}: {titles}</li>")
        if action.stance_changed:
            stances = f"{_badge(row.old_stances, say)} {ARROW} {_badge(row.stance, say)}"
            items.append(f"<li>{_h(say('stance'))}: {stances}</li>")
    else:
        items.append(f"<li>{_h(say('stance'))}: {_badge(row.stance, say)}</li>")
    items += _marks("condition", action.conditions, say) + _marks("concern", action.concerns, say)
    out += ['<ul class="marks">', *items, "</ul>"]
    if action.summary:
        out += [f"<p>{_h(say('summary_commission'))}:</p>", side_by_side(action.summary, say)]
    if action.text:
        out += [f"<p>{_h(say('text'))}:</p>", side_by_side(action.text, say)]
    return out


@_row.register
def _ground_row(row: GroundDiff, say: Wording) -> list[str]:
    out = [f"<h3>{_h(say.field(row.field))}</h3>"]
    if row.old_verdict != row.new_verdict:
        out.append(
            f"<p>{_h(say('verdict'))}: <del>{_h(say.verdict(row.old_verdict))}</del> {ARROW} "
            f"<ins>{_h(say.verdict(row.new_verdict))}</ins></p>"
        )
    if row.words:
        out.append(side_by_side(row.words, say))
    return out


@_row.register
def _note_row(row: FootnoteDiff, say: Wording) -> list[str]:
    body = side_by_side(row.words, say) if row.status == "changed" else _h(row.new or row.old)
    return [f'<li class="{row.status}">{_h(say(f"status.{row.status}"))} {_h(row.key)}: {body}</li>']


def _badge(stance: str, say: Wording) -> str:
    """Stances by their names, in a badge whose class (and colour) is the stance's code."""
    return "/".join(f'<span class="stance {_h(s)}">{_h(say.stance(s))}</span>' for s in stance.split("/"))


def _marks(code: str, marks: MarksDiff, say: Wording) -> list[str]:
    kind = say(f"marks.{code}")
    items = [f'<li class="added">{_h(say("marks.added", kind=kind))}: {_h(t)}</li>' for t in marks.added]
    items += [f'<li class="removed">{_h(say("marks.removed", kind=kind))}: {_h(t)}</li>' for t in marks.removed]
    for reworded in marks.changed:
        label = _h(say("marks.reworded", kind=kind, score=f"{reworded.score:.2f}"))
        items.append(f'<li class="changed">{label}:{side_by_side(reworded.words, say)}</li>')
    return items
