"""The HTML report: one self-contained page (inline CSS, no scripts, nothing fetched)."""

from __future__ import annotations

import functools
import html
from typing import Any

from fichebuilder.compare.changes import AreaDiff, FieldChange, FootnoteDiff, GroundDiff, MarksDiff, TextDiff, WordOp
from fichebuilder.compare.rows import ARROW, ActionRow, Report, SectionKey

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1em; margin: 1.5em 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #ddd; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; white-space: nowrap; }
table.side td { width: 50%; }
del { background: #fdd; color: #900; } ins { background: #dfd; color: #060; text-decoration: none; }
.stance { padding: 0 .4em; border-radius: .3em; white-space: nowrap; }
.support { background: #d7f5d7; } .conditional { background: #fff1c2; } .neutral { background: #e0eef7; }
.critical { background: #ffe0c2; } .oppose { background: #ffd0d0; } .unknown { background: #eee; color: #666; }
.added { color: #060; } .removed { color: #900; } .changed { color: #a60; } .unchanged { color: #666; }
.warning { background: #fff1c2; padding: .3em .6em; }
ul.marks { margin: .3em 0; }
"""

# what opens a section's rows (on the heading's line) and what closes them
_FRAME: dict[SectionKey, tuple[str, list[str]]] = {
    "general": ("<table><tr><th>field</th><th>old</th><th>new</th></tr>", ["</table>"]),
    "texts": ("", []),
    "areas": ("<ul>", ["</ul>"]),
    "actions": ("", []),
    "grounds": ("", []),
    "footnotes": ("<ul>", ["</ul>"]),
}


def render(report: Report, *, color: bool = False) -> str:
    """The report as one HTML page: stance overview, then side-by-side changes."""
    old, new = report.old, report.new
    title = f"Diff {old.file} {ARROW} {new.file}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{_h(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_h(title)}</h1>",
        f"<p>old: <code>{_h(old.file)}</code> ({_h(old.com_number)}, {old.actions} actions)<br>",
        f"new: <code>{_h(new.file)}</code> ({_h(new.com_number)}, {new.actions} actions)</p>",
        f"<p>{_h(report.about)}</p>",
    ]
    out += [f'<p class="warning">warning: {_h(w)}</p>' for w in report.warnings]
    out += ["<h2>Summary</h2><ul>", *[f"<li>{_h(line)}</li>" for line in report.summary], "</ul>"]
    if report.actions.rows:
        out.append(
            "<h2>Stances</h2><table><tr><th>old</th><th>new</th><th>title</th><th>stance</th><th>status</th></tr>"
        )
        out += [_stance_row(row) for row in report.actions.rows] + ["</table>"]
    for section in report.sections:
        if section.details:
            opening, closing = _FRAME[section.key]
            out.append(f"<h2>{section.heading}</h2>{opening}")
            for row in section.details:
                out += _row(row)
            out += closing
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _stance_row(row: ActionRow) -> str:
    if row.paired:
        stance = _badge(row.old_stances)
        if row.diff.stance_changed:
            stance += f" {ARROW} {_badge(row.stance)}"
    else:
        stance = _badge(row.stance)
    return (
        f'<tr><td class="num">{row.old_numbers}</td><td class="num">{row.new_number}</td><td>{_h(row.title)}</td>'
        f'<td>{stance}</td><td class="{row.diff.status}">{_h(row.status)}</td></tr>'
    )


@functools.singledispatch
def _row(row: Any) -> list[str]:
    raise TypeError(f"no HTML for a row of {type(row).__name__}")


@_row.register
def _field_row(row: FieldChange) -> list[str]:
    return [f"<tr><td>{_h(row.field)}</td><td><del>{_h(row.old)}</del></td><td><ins>{_h(row.new)}</ins></td></tr>"]


@_row.register
def _text_row(row: TextDiff) -> list[str]:
    out = [f"<h3>{_h(row.field)}</h3>"]
    if row.words:
        out.append(_side_by_side(row.words))
    marks = _marks("condition", row.conditions) + _marks("concern", row.concerns)
    if marks:
        out += ['<ul class="marks">', *marks, "</ul>"]
    return out


@_row.register
def _area_row(row: AreaDiff) -> list[str]:
    return [
        f'<li class="{row.status}">{row.status} {row.number}: {_h(row.old_title)}'
        + (f" {ARROW} {_h(row.new_title)}" if row.status == "changed" else _h(row.new_title))
        + (_side_by_side(row.text) if row.status == "changed" and row.text else "")
        + "</li>"
    ]


@_row.register
def _action_row(row: ActionRow) -> list[str]:
    action = row.diff
    out = [f'<h3 class="{action.status}">{_h(row.status)} {_h(row.numbers)}{_h(row.how)}: {_h(row.title)}</h3>']
    items = []
    if row.paired:
        if action.old_title != action.new_title:
            items.append(f"<li>title: <del>{_h(action.old_title)}</del> {ARROW} <ins>{_h(action.new_title)}</ins></li>")
        if action.stance_changed:
            items.append(f"<li>stance: {_badge(row.old_stances)} {ARROW} {_badge(row.stance)}</li>")
    else:
        items.append(f"<li>stance: {_badge(row.stance)}</li>")
    items += _marks("condition", action.conditions) + _marks("concern", action.concerns)
    out += ['<ul class="marks">', *items, "</ul>"]
    if action.summary:
        out += ["<p>summary (the Commission's proposal):</p>", _side_by_side(action.summary)]
    if action.text:
        out += ["<p>text:</p>", _side_by_side(action.text)]
    return out


@_row.register
def _ground_row(row: GroundDiff) -> list[str]:
    out = [f"<h3>{_h(row.field)}</h3>"]
    if row.old_verdict != row.new_verdict:
        out.append(
            f"<p>verdict: <del>{_h(row.old_verdict or '(none)')}</del> {ARROW} "
            f"<ins>{_h(row.new_verdict or '(none)')}</ins></p>"
        )
    if row.words:
        out.append(_side_by_side(row.words))
    return out


@_row.register
def _note_row(row: FootnoteDiff) -> list[str]:
    body = _side_by_side(row.words) if row.status == "changed" else _h(row.new or row.old)
    return [f'<li class="{row.status}">{row.status} {_h(row.key)}: {body}</li>']


def _h(text: str | None) -> str:
    return html.escape(text or "")


def _badge(stance: str) -> str:
    return "/".join(f'<span class="stance {_h(s)}">{_h(s)}</span>' for s in stance.split("/"))


def _side_by_side(ops: list[WordOp]) -> str:
    left, right = [], []
    for op in ops:
        if op.op == "equal":
            left.append(_h(op.old))
            right.append(_h(op.new))
        if op.op in ("delete", "replace"):
            left.append(f"<del>{_h(op.old)}</del>")
        if op.op in ("insert", "replace"):
            right.append(f"<ins>{_h(op.new)}</ins>")
    return f'<table class="side"><tr><td>{" ".join(left)}</td><td>{" ".join(right)}</td></tr></table>'


def _marks(kind: str, marks: MarksDiff) -> list[str]:
    items = [f'<li class="added">{kind} added: {_h(t)}</li>' for t in marks.added]
    items += [f'<li class="removed">{kind} removed: {_h(t)}</li>' for t in marks.removed]
    for reworded in marks.changed:
        items.append(f'<li class="changed">{kind} reworded ({reworded.score:.2f}):{_side_by_side(reworded.words)}</li>')
    return items
