"""The text report: the summary first, then the details; coloured on a terminal."""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.text import Text

from fichebuilder.compare.changes import AreaDiff, FieldChange, FootnoteDiff, GroundDiff, MarksDiff, TextDiff, WordOp
from fichebuilder.compare.rows import ARROW, ActionRow, Report, Wording, shorten, whole

_STANCE_STYLE = {
    "support": "green",
    "conditional": "yellow",
    "neutral": "cyan",
    "critical": "magenta",
    "oppose": "red",
    "unknown": "dim",
}


def render(report: Report, *, color: bool = False) -> str:
    """The text report; ANSI colours with ``color``."""
    lines = list(_lines(report))
    if not color:
        return "".join(line.plain + "\n" for line in lines)
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=True, color_system="standard", soft_wrap=True, highlight=False, emoji=False
    )
    for line in lines:
        console.print(line)
    return buffer.getvalue()


def _lines(report: Report) -> Iterator[Text]:
    old, new, say = report.old, report.new, report.wording
    yield Text(f"--- {say('side', file=old.file, com_number=old.com_number, actions=old.actions)}", style="bold red")
    yield Text(f"+++ {say('side', file=new.file, com_number=new.com_number, actions=new.actions)}", style="bold green")
    yield Text(report.about)
    for warning in report.warnings:
        yield Text(f"{say('warning')}: {warning}", style="yellow")
    yield Text()
    yield Text(say("headings.summary"), style="bold")
    for line in report.summary:
        yield Text(f"  {line}")
    for section in report.sections:
        if section.details:
            yield Text()
            yield Text(section.heading, style="bold")
            for row in section.details:
                yield from _row(row, say)


@functools.singledispatch
def _row(row: Any, say: Wording) -> Iterator[Text]:
    raise TypeError(f"no text for a row of {type(row).__name__}")


@_row.register
def _field_row(row: FieldChange, say: Wording) -> Iterator[Text]:
    yield _change(f"  {say.field(row.field)}: ", row.old or say("none"), row.new or say("none"))


@_row.register
def _text_row(row: TextDiff, say: Wording) -> Iterator[Text]:
    yield Text(f"  {say.field(row.field)}: ").append_text(
        _words(row.words, say) if row.words else Text(say("same_words"))
    )
    yield from _marks("condition", row.conditions, "    ", say)
    yield from _marks("concern", row.concerns, "    ", say)


@_row.register
def _area_row(row: AreaDiff, say: Wording) -> Iterator[Text]:
    label = f"  {say(f'status.{row.status}')} {row.number}: "
    if row.status == "changed" and row.old_title != row.new_title:
        yield _change(label, row.old_title or "", row.new_title or "")
    else:
        yield Text(label).append(row.new_title or row.old_title or "")
    if row.status == "changed" and row.text:
        yield Text(f"    {say('text')}: ").append_text(_words(row.text, say))


@_row.register
def _action_row(row: ActionRow, say: Wording) -> Iterator[Text]:
    action = row.diff
    style = {"added": "green", "removed": "red"}.get(action.status, "yellow")
    head = Text(f"  {row.status} {row.numbers}", style=f"bold {style}").append(row.how).append(": ").append(row.title)
    if row.paired:
        yield head
        if action.old_title != action.new_title:
            yield _change(f"    {say('title_label')}: ", action.old_title or "", action.new_title or "")
        if action.stance_changed:
            yield Text(f"    {say('stance')}: ").append_text(_stances(row.old_stances, row.stance, say))
    else:
        yield head.append(" (").append_text(_stances(None, row.stance, say)).append(")")
    yield from _marks("condition", action.conditions, "    ", say)
    yield from _marks("concern", action.concerns, "    ", say)
    if action.summary:
        yield Text(f"    {say('summary')}: ").append_text(_words(action.summary, say))
    if action.text:
        yield Text(f"    {say('text')}: ").append_text(_words(action.text, say))


@_row.register
def _ground_row(row: GroundDiff, say: Wording) -> Iterator[Text]:
    yield Text(f"  {say.field(row.field)}:")
    if row.old_verdict != row.new_verdict:
        yield _change(f"    {say('verdict')}: ", say.verdict(row.old_verdict), say.verdict(row.new_verdict))
    if row.words:
        yield Text(f"    {say('text')}: ").append_text(_words(row.words, say))


@_row.register
def _note_row(row: FootnoteDiff, say: Wording) -> Iterator[Text]:
    if row.status == "added":
        yield Text(f"  + {row.key}: ", style="green").append(row.new or "")
    elif row.status == "removed":
        yield Text(f"  - {row.key}: ", style="red").append(row.old or "")
    else:
        yield Text(f"  ~ {row.key}: ", style="yellow").append_text(_words(row.words, say))


def _change(label: str, old: str, new: str) -> Text:
    """``label old → new``, the old in red and the new in green."""
    return Text(label).append(old, style="red").append(f" {ARROW} ").append(new, style="green")


def _words(ops: list[WordOp], say: Wording) -> Text:
    named = whole(ops, say)
    if named:
        return Text(named, style="italic")
    out = Text()
    for k, op in enumerate(shorten(ops)):
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


def _marks(code: str, marks: MarksDiff, indent: str, say: Wording) -> Iterator[Text]:
    kind = say(f"marks.{code}")
    for text in marks.added:
        yield Text(f"{indent}+ {kind}: ", style="green").append(text)
    for text in marks.removed:
        yield Text(f"{indent}- {kind}: ", style="red").append(text)
    for reworded in marks.changed:
        label = Text(f"{indent}~ {say('marks.reworded', kind=kind, score=f'{reworded.score:.2f}')}: ", style="yellow")
        yield label.append_text(_words(reworded.words, say))


def _stances(old: str | None, new: str | None, say: Wording) -> Text:
    """Stances by their names, coloured by their codes."""
    out = Text()
    if old is not None:
        for k, stance in enumerate(old.split("/")):
            out.append("/" if k else "").append(say.stance(stance), style=_STANCE_STYLE.get(stance, ""))
    if old is not None and new is not None:
        out.append(f" {ARROW} ")
    if new is not None:
        out.append(say.stance(new), style=_STANCE_STYLE.get(new, ""))
    return out
