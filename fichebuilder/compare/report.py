"""A FicheDiff for people and programs: text (coloured on a terminal), Markdown, HTML, JSON.

Every format starts from the same summary lines, so that they agree. The HTML
report is one self-contained file: inline CSS, no scripts, nothing fetched.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterator
from typing import Literal

from rich.console import Console
from rich.text import Text

from fichebuilder.compare.diff import ActionDiff, FicheDiff, MarksDiff, WordOp, diff_to_json

ReportFormat = Literal["text", "md", "html", "json"]
REPORT_FORMATS: tuple[str, ...] = ReportFormat.__args__  # type: ignore[attr-defined]

CONTEXT = 5  # words of unchanged text kept on each side of a change in text and Markdown
LONG = 40  # a text added, removed or rewritten whole is named, not shown, beyond this many words
ARROW = "→"

_RELATION = {
    "versions": "two versions of {new}: actions aligned by number, renumbered ones by their words.",
    "follow-up": "{new} follows {old}: actions aligned by their continues links, then by similarity (suggestions).",
    "unrelated": "{new} does not follow {old}: actions aligned by similarity only (suggestions).",
}


def render_report(diff: FicheDiff, fmt: ReportFormat, *, color: bool = False) -> str:
    """The report in ``fmt``; ``color`` adds terminal colours to the text format."""
    if fmt == "json":
        return json.dumps(diff_to_json(diff), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return render_markdown(diff)
    if fmt == "html":
        return render_html(diff)
    return render_text(diff, color=color)


# --- shared wording ---------------------------------------------------------------


def summary_lines(diff: FicheDiff) -> list[str]:
    """The summary, one line per kind of change, in the words every format uses."""
    s = diff.summary
    if diff.relation == "versions":
        actions = f"actions: {s.changed} changed, {s.added} added, {s.removed} removed, {s.unchanged} unchanged"
        if s.renumbered:
            actions += f" ({s.renumbered} renumbered)"
    else:
        actions = (
            f"actions: {s.matched} continued ({s.linked} linked, {s.fuzzy} suggested by similarity), "
            f"{s.added} new, {s.removed} dropped"
        )
    lines = [
        actions,
        f"stances changed: {s.stances_changed}",
        f"conditions: {s.conditions.added} added, {s.conditions.removed} removed, {s.conditions.changed} reworded",
        f"concerns: {s.concerns.added} added, {s.concerns.removed} removed, {s.concerns.changed} reworded",
    ]
    others = [
        (s.general, "general data field(s)"),
        (s.texts, "general text(s)"),
        (s.areas, "area(s)"),
        (s.grounds, "section-4 heading(s)"),
        (s.footnotes, "footnote(s)"),
    ]
    changed = [f"{n} {what}" for n, what in others if n]
    lines.append(f"also changed: {', '.join(changed)}" if changed else "also changed: nothing else")
    return lines


def _status_word(diff: FicheDiff, action: ActionDiff) -> str:
    if diff.relation == "versions":
        return action.status
    return {"changed": "continued", "unchanged": "continued", "added": "new", "removed": "dropped"}[action.status]


def _numbers(action: ActionDiff) -> str:
    old = "+".join(str(a.number) for a in action.old)
    if action.new is None:
        return old
    if not action.old or old == str(action.new.number):
        return str(action.new.number)
    return f"{old} {ARROW} {action.new.number}"


def _how(diff: FicheDiff, action: ActionDiff) -> str:
    """How a pair was found, for people: '(link, similarity 0.42)'; nothing for a pair by number."""
    if not (action.old and action.new):
        return ""
    parts = []
    if action.renumbered:
        parts.append("renumbered")
    if action.match == "link":
        parts.append("link")
    elif action.match == "fuzzy" and diff.relation != "versions":
        parts.append("suggested")
    if action.score is not None and action.match != "number":
        parts.append(f"similarity {action.score:.2f}")
    return f" ({', '.join(parts)})" if parts else ""


def _title(action: ActionDiff) -> str:
    return (action.new_title if action.new is not None else action.old_title) or ""


def _old_stances(action: ActionDiff) -> str:
    return "/".join(dict.fromkeys(a.stance for a in action.old))


def _shown(diff: FicheDiff) -> list[ActionDiff]:
    """The actions worth a detail: all but the unchanged ones."""
    return [a for a in diff.actions if a.status != "unchanged"]


def _whole(ops: list[WordOp]) -> str | None:
    """'added (120 words)' for a long text added, removed or rewritten as a whole, else None."""
    if len(ops) != 1 or ops[0].op == "equal":
        return None
    old, new = len(ops[0].old.split()), len(ops[0].new.split())
    if old + new <= LONG:
        return None
    if ops[0].op == "replace":
        return f"rewritten ({old} words {ARROW} {new} words)"
    return f"{'added' if ops[0].op == 'insert' else 'removed'} ({old or new} words)"


def _shorten(ops: list[WordOp]) -> Iterator[WordOp]:
    """Long unchanged runs cut down to CONTEXT words around the changes."""
    for k, op in enumerate(ops):
        words = op.old.split()
        if op.op != "equal" or len(words) <= 2 * CONTEXT + 1:
            yield op
            continue
        head = words[:CONTEXT] if k > 0 else []
        tail = words[-CONTEXT:] if k < len(ops) - 1 else []
        kept = " ".join([*head, "…", *tail])
        yield WordOp("equal", kept, kept)


# --- text -------------------------------------------------------------------------

_STANCE_STYLE = {
    "support": "green",
    "conditional": "yellow",
    "neutral": "cyan",
    "critical": "magenta",
    "oppose": "red",
    "unknown": "dim",
}


def render_text(diff: FicheDiff, *, color: bool = False) -> str:
    """The text report: the summary first, then the details; ANSI colours with ``color``."""
    lines = list(_text_lines(diff))
    if not color:
        return "".join(line.plain + "\n" for line in lines)
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=True, color_system="standard", soft_wrap=True, highlight=False, emoji=False
    )
    for line in lines:
        console.print(line)
    return buffer.getvalue()


def _ops_text(ops: list[WordOp]) -> Text:
    whole = _whole(ops)
    if whole:
        return Text(whole, style="italic")
    out = Text()
    for k, op in enumerate(_shorten(ops)):
        if k:
            out.append(" ")
        if op.op == "equal":
            out.append(op.old)
        if op.op in ("delete", "replace"):
            out.append(f"[-{op.old}-]", style="red")
        if op.op == "replace":
            out.append(" ")
        if op.op in ("insert", "replace"):
            out.append(f"{{+{op.new}+}}", style="green")
    return out


def _marks_text(kind: str, marks: MarksDiff, indent: str) -> Iterator[Text]:
    for text in marks.added:
        yield Text(f"{indent}+ {kind}: ", style="green").append(text)
    for text in marks.removed:
        yield Text(f"{indent}- {kind}: ", style="red").append(text)
    for reworded in marks.changed:
        yield Text(f"{indent}~ {kind} reworded ({reworded.score:.2f}): ", style="yellow").append_text(
            _ops_text(reworded.words)
        )


def _stance_text(old: str | None, new: str | None) -> Text:
    out = Text()
    if old is not None:
        for k, stance in enumerate(old.split("/")):
            out.append("/" if k else "").append(stance, style=_STANCE_STYLE.get(stance, ""))
    if old is not None and new is not None:
        out.append(f" {ARROW} ")
    if new is not None:
        out.append(new, style=_STANCE_STYLE.get(new, ""))
    return out


def _text_lines(diff: FicheDiff) -> Iterator[Text]:
    yield Text(f"--- {diff.old.file} ({diff.old.com_number}, {diff.old.actions} actions)", style="bold red")
    yield Text(f"+++ {diff.new.file} ({diff.new.com_number}, {diff.new.actions} actions)", style="bold green")
    yield Text(_RELATION[diff.relation].format(old=diff.old.com_number, new=diff.new.com_number))
    for warning in diff.warnings:
        yield Text(f"warning: {warning}", style="yellow")
    yield Text()
    yield Text("Summary", style="bold")
    for line in summary_lines(diff):
        yield Text(f"  {line}")
    if not diff.has_differences:
        return
    if diff.general:
        yield Text()
        yield Text("General data", style="bold")
        for change in diff.general:
            yield _change(f"  {change.field}: ", change.old or "(none)", change.new or "(none)")
    if diff.texts:
        yield Text()
        yield Text("Texts", style="bold")
        for text in diff.texts:
            yield Text(f"  {text.field}: ").append_text(_ops_text(text.words) if text.words else Text("same words"))
            yield from _marks_text("condition", text.conditions, "    ")
            yield from _marks_text("concern", text.concerns, "    ")
    if diff.areas:
        yield Text()
        yield Text("Areas", style="bold")
        for area in diff.areas:
            number = area.new if area.new is not None else area.old
            row = Text(f"  {area.status} {number}: ")
            if area.status == "changed" and area.old_title != area.new_title:
                row = _change(row.plain, area.old_title or "", area.new_title or "")
            else:
                row.append(area.new_title or area.old_title or "")
            yield row
            if area.status == "changed" and area.text:
                yield Text("    text: ").append_text(_ops_text(area.text))
    shown = _shown(diff)
    if shown:
        yield Text()
        yield Text("Actions", style="bold")
    for action in shown:
        yield from _action_text(diff, action)
    if diff.grounds:
        yield Text()
        yield Text("Section 4", style="bold")
        for ground in diff.grounds:
            yield Text(f"  {ground.field}:")
            if ground.old_verdict != ground.new_verdict:
                yield _change("    verdict: ", ground.old_verdict or "(none)", ground.new_verdict or "(none)")
            if ground.words:
                yield Text("    text: ").append_text(_ops_text(ground.words))
    if diff.footnotes:
        yield Text()
        yield Text("Footnotes", style="bold")
        for note in diff.footnotes:
            if note.status == "added":
                yield Text(f"  + {note.key}: ", style="green").append(note.new or "")
            elif note.status == "removed":
                yield Text(f"  - {note.key}: ", style="red").append(note.old or "")
            else:
                yield Text(f"  ~ {note.key}: ", style="yellow").append_text(_ops_text(note.words))


def _change(label: str, old: str, new: str) -> Text:
    """``label old → new``, the old in red and the new in green."""
    return Text(label).append(old, style="red").append(f" {ARROW} ").append(new, style="green")


def _action_text(diff: FicheDiff, action: ActionDiff) -> Iterator[Text]:
    style = {"added": "green", "removed": "red"}.get(action.status, "yellow")
    head = Text(f"  {_status_word(diff, action)} {_numbers(action)}", style=f"bold {style}")
    head.append(_how(diff, action)).append(": ").append(_title(action))
    if action.old and action.new is not None:
        yield head
        if action.old_title != action.new_title:
            yield _change("    title: ", action.old_title or "", action.new_title or "")
        if action.stance_changed:
            yield Text("    stance: ").append_text(_stance_text(_old_stances(action), action.new.stance))
    else:
        stance = action.new.stance if action.new is not None else _old_stances(action)
        yield head.append(" (").append_text(_stance_text(None, stance)).append(")")
    yield from _marks_text("condition", action.conditions, "    ")
    yield from _marks_text("concern", action.concerns, "    ")
    if action.summary:
        yield Text("    summary: ").append_text(_ops_text(action.summary))
    if action.text:
        yield Text("    text: ").append_text(_ops_text(action.text))


# --- Markdown ------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _ops_md(ops: list[WordOp]) -> str:
    whole = _whole(ops)
    if whole:
        return f"*{whole}*"
    parts = []
    for op in _shorten(ops):
        if op.op == "equal":
            parts.append(_md(op.old))
        if op.op in ("delete", "replace"):
            parts.append(f"<del>{html.escape(op.old)}</del>")
        if op.op in ("insert", "replace"):
            parts.append(f"<ins>{html.escape(op.new)}</ins>")
    return " ".join(parts)


def _marks_md(kind: str, marks: MarksDiff) -> Iterator[str]:
    for text in marks.added:
        yield f"- {kind} added: {_md(text)}"
    for text in marks.removed:
        yield f"- {kind} removed: {_md(text)}"
    for reworded in marks.changed:
        yield f"- {kind} reworded ({reworded.score:.2f}): {_ops_md(reworded.words)}"


def render_markdown(diff: FicheDiff) -> str:
    """The report as Markdown (GitHub flavour: tables, ``<del>``/``<ins>`` for changed words)."""
    out = [
        f"# Diff {_md(diff.old.file)} {ARROW} {_md(diff.new.file)}",
        "",
        f"- old: `{diff.old.file}` ({_md(diff.old.com_number)}, {diff.old.actions} actions)",
        f"- new: `{diff.new.file}` ({_md(diff.new.com_number)}, {diff.new.actions} actions)",
        "",
        _md(_RELATION[diff.relation].format(old=diff.old.com_number, new=diff.new.com_number)),
        "",
    ]
    out += [f"> warning: {_md(w)}" for w in diff.warnings]
    out += ["## Summary", ""] + [f"- {_md(line)}" for line in summary_lines(diff)] + [""]
    if diff.actions:
        out += ["## Stances", "", "| old | new | title | stance | status |", "| --: | --: | --- | --- | --- |"]
        for action in diff.actions:
            old = "+".join(str(a.number) for a in action.old)
            new = str(action.new.number) if action.new else ""
            stance = (
                f"{_old_stances(action)} {ARROW} **{action.new.stance}**"
                if action.old and action.new and action.stance_changed
                else (action.new.stance if action.new else _old_stances(action))
            )
            out.append(f"| {old} | {new} | {_md(_title(action))} | {stance} | {_status_word(diff, action)} |")
        out.append("")
    if diff.general:
        out += ["## General data", "", "| field | old | new |", "| --- | --- | --- |"]
        out += [f"| {c.field} | {_md(c.old or '')} | {_md(c.new or '')} |" for c in diff.general]
        out.append("")
    if diff.texts:
        out += ["## Texts", ""]
        for text in diff.texts:
            out += [f"### {text.field}", "", _ops_md(text.words) if text.words else "*same words*", ""]
            out += [*_marks_md("condition", text.conditions), *_marks_md("concern", text.concerns), ""]
    if diff.areas:
        out += ["## Areas", ""]
        for area in diff.areas:
            number = area.new if area.new is not None else area.old
            title = (
                f"{_md(area.old_title or '')} {ARROW} {_md(area.new_title or '')}"
                if area.status == "changed" and area.old_title != area.new_title
                else _md(area.new_title or area.old_title or "")
            )
            out.append(f"- {area.status} {number}: {title}")
            if area.status == "changed" and area.text:
                out.append(f"  - text: {_ops_md(area.text)}")
        out.append("")
    shown = _shown(diff)
    if shown:
        out += ["## Actions", ""]
    for action in shown:
        out += [f"### {_status_word(diff, action)} {_numbers(action)}{_how(diff, action)}: {_md(_title(action))}", ""]
        if action.old and action.new is not None:
            if action.old_title != action.new_title:
                out.append(f"- title: {_md(action.old_title or '')} {ARROW} {_md(action.new_title or '')}")
            if action.stance_changed:
                out.append(f"- stance: {_old_stances(action)} {ARROW} **{action.new.stance}**")
        else:
            out.append(f"- stance: {action.new.stance if action.new else _old_stances(action)}")
        out += [*_marks_md("condition", action.conditions), *_marks_md("concern", action.concerns)]
        if action.summary:
            out.append(f"- summary: {_ops_md(action.summary)}")
        if action.text:
            out.append(f"- text: {_ops_md(action.text)}")
        out.append("")
    if diff.grounds:
        out += ["## Section 4", ""]
        for ground in diff.grounds:
            out.append(f"- {ground.field}")
            if ground.old_verdict != ground.new_verdict:
                out.append(f"  - verdict: {ground.old_verdict or '(none)'} {ARROW} {ground.new_verdict or '(none)'}")
            if ground.words:
                out.append(f"  - text: {_ops_md(ground.words)}")
        out.append("")
    if diff.footnotes:
        out += ["## Footnotes", ""]
        for note in diff.footnotes:
            if note.status == "changed":
                out.append(f"- changed {note.key}: {_ops_md(note.words)}")
            else:
                out.append(f"- {note.status} {note.key}: {_md(note.new or note.old or '')}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- HTML ----------------------------------------------------------------------------

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


def _marks_html(kind: str, marks: MarksDiff) -> list[str]:
    items = [f'<li class="added">{kind} added: {_h(t)}</li>' for t in marks.added]
    items += [f'<li class="removed">{kind} removed: {_h(t)}</li>' for t in marks.removed]
    for reworded in marks.changed:
        items.append(f'<li class="changed">{kind} reworded ({reworded.score:.2f}):{_side_by_side(reworded.words)}</li>')
    return items


def render_html(diff: FicheDiff) -> str:
    """The report as one self-contained HTML page: stance overview, then side-by-side changes."""
    title = f"Diff {diff.old.file} {ARROW} {diff.new.file}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{_h(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_h(title)}</h1>",
        f"<p>old: <code>{_h(diff.old.file)}</code> ({_h(diff.old.com_number)}, {diff.old.actions} actions)<br>",
        f"new: <code>{_h(diff.new.file)}</code> ({_h(diff.new.com_number)}, {diff.new.actions} actions)</p>",
        f"<p>{_h(_RELATION[diff.relation].format(old=diff.old.com_number, new=diff.new.com_number))}</p>",
    ]
    out += [f'<p class="warning">warning: {_h(w)}</p>' for w in diff.warnings]
    out += ["<h2>Summary</h2><ul>", *[f"<li>{_h(line)}</li>" for line in summary_lines(diff)], "</ul>"]
    if diff.actions:
        out += ["<h2>Stances</h2><table><tr><th>old</th><th>new</th><th>title</th><th>stance</th><th>status</th></tr>"]
        for action in diff.actions:
            old = "+".join(str(a.number) for a in action.old)
            new = str(action.new.number) if action.new else ""
            if action.old and action.new is not None:
                stance = _badge(_old_stances(action))
                if action.stance_changed:
                    stance += f" {ARROW} {_badge(action.new.stance)}"
            else:
                stance = _badge(action.new.stance if action.new else _old_stances(action))
            out.append(
                f'<tr><td class="num">{old}</td><td class="num">{new}</td><td>{_h(_title(action))}</td>'
                f'<td>{stance}</td><td class="{action.status}">{_h(_status_word(diff, action))}</td></tr>'
            )
        out.append("</table>")
    if diff.general:
        out.append("<h2>General data</h2><table><tr><th>field</th><th>old</th><th>new</th></tr>")
        out += [
            f"<tr><td>{_h(c.field)}</td><td><del>{_h(c.old)}</del></td><td><ins>{_h(c.new)}</ins></td></tr>"
            for c in diff.general
        ]
        out.append("</table>")
    if diff.texts:
        out.append("<h2>Texts</h2>")
        for text in diff.texts:
            out.append(f"<h3>{_h(text.field)}</h3>")
            if text.words:
                out.append(_side_by_side(text.words))
            marks = _marks_html("condition", text.conditions) + _marks_html("concern", text.concerns)
            if marks:
                out += ['<ul class="marks">', *marks, "</ul>"]
    if diff.areas:
        out.append("<h2>Areas</h2><ul>")
        for area in diff.areas:
            number = area.new if area.new is not None else area.old
            out.append(
                f'<li class="{area.status}">{area.status} {number}: {_h(area.old_title)}'
                + (f" {ARROW} {_h(area.new_title)}" if area.status == "changed" else _h(area.new_title))
                + (_side_by_side(area.text) if area.status == "changed" and area.text else "")
                + "</li>"
            )
        out.append("</ul>")
    shown = _shown(diff)
    if shown:
        out.append("<h2>Actions</h2>")
    for action in shown:
        out.append(
            f'<h3 class="{action.status}">{_h(_status_word(diff, action))} {_h(_numbers(action))}'
            f"{_h(_how(diff, action))}: {_h(_title(action))}</h3>"
        )
        items = []
        if action.old and action.new is not None:
            if action.old_title != action.new_title:
                items.append(
                    f"<li>title: <del>{_h(action.old_title)}</del> {ARROW} <ins>{_h(action.new_title)}</ins></li>"
                )
            if action.stance_changed:
                items.append(f"<li>stance: {_badge(_old_stances(action))} {ARROW} {_badge(action.new.stance)}</li>")
        else:
            items.append(f"<li>stance: {_badge(action.new.stance if action.new else _old_stances(action))}</li>")
        items += _marks_html("condition", action.conditions) + _marks_html("concern", action.concerns)
        out += ['<ul class="marks">', *items, "</ul>"]
        if action.summary:
            out += ["<p>summary (the Commission's proposal):</p>", _side_by_side(action.summary)]
        if action.text:
            out += ["<p>text:</p>", _side_by_side(action.text)]
    if diff.grounds:
        out.append("<h2>Section 4</h2>")
        for ground in diff.grounds:
            out.append(f"<h3>{_h(ground.field)}</h3>")
            if ground.old_verdict != ground.new_verdict:
                out.append(
                    f"<p>verdict: <del>{_h(ground.old_verdict or '(none)')}</del> {ARROW} "
                    f"<ins>{_h(ground.new_verdict or '(none)')}</ins></p>"
                )
            if ground.words:
                out.append(_side_by_side(ground.words))
    if diff.footnotes:
        out.append("<h2>Footnotes</h2><ul>")
        for note in diff.footnotes:
            body = _side_by_side(note.words) if note.status == "changed" else _h(note.new or note.old)
            out.append(f'<li class="{note.status}">{note.status} {_h(note.key)}: {body}</li>')
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
