"""Writing a position file: readable YAML, texts as wrapped block scalars, with comments.

A small emitter for the one kind of document fichebuilder writes (mappings, lists,
strings, numbers, dates, booleans), so that a written file looks like a drafter's:
long texts as ``|`` blocks wrapped at 100 columns, short ones plain, a comment where
a value needs a word of explanation (``Commented``). Every plain scalar is checked by
reading it back with the YAML loader the project uses, so a value that YAML would
read differently ("no", "12:30", "2025-12-04" as text) is quoted instead.

``dump_fiche`` writes a ``Fiche`` with a table of notes by field path (``FieldNote``):
a comment after a field's value, or, for a field whose value is not known, an empty
field with the comment, for the drafter to fill in.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import msgspec
import yaml

from fichebuilder.model import PLAIN_FIELDS, Action, Fiche, Ground

WIDTH = 100
# What a YAML file cannot hold as it is (characters outside YAML's printable set) and
# what YAML reads as a line break or a byte order mark: written as escapes in a quoted
# scalar, never raw, and never in a block scalar.
UNSAFE = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")
_LIST_MARKER = re.compile(r"^(?:[-+*]|\d{1,9}[.)])$")
_ITEM_LINE = re.compile(r"^(?:[-+*]|\d{1,9}[.)]) ")


@dataclass(frozen=True)
class Commented:
    """A value written with a comment after it (``None`` writes an empty value)."""

    value: Any
    comment: str


@dataclass(frozen=True)
class FieldNote:
    """A comment written after a field's value; ``blank``: the value is not known (the fiche
    holds a stand-in), so the field is written empty for the drafter to fill in."""

    comment: str
    blank: bool = False


# the order fields are written in, where it is not the model's: a drafter reads a fiche's
# areas and actions before its grounds, an action's number, area and title before its
# stance and text, and a ground's verdict before its text
_ORDER: dict[type[msgspec.Struct], tuple[str, ...]] = {
    Fiche: (
        *("kind", "follows", "title", "parliament", "general", "essence", "position", "areas", "actions"),
        "grounds",
        *("impact_assessment_summary", "financial", "legal", "implementation", "developing_countries"),
        *("footnotes", "unplaced"),
    ),
    Action: ("number", "area", "title", "stance", "stance_proposed", "same_paragraph", "continues", "summary", "text"),
    Ground: ("verdict", "text"),
}


def dump_fiche(fiche: Fiche, notes: Mapping[str, FieldNote], *, header: str = "") -> str:
    """The YAML text of a fiche, with ``notes`` by field path ("general.received", "actions.3.stance").

    A field with its default value is left out, unless it has a note.
    """
    return dump_position(_struct_data(fiche, "", notes), header=header)


def _struct_data(struct: msgspec.Struct, path: str, notes: Mapping[str, FieldNote]) -> dict[str, Any]:
    fields = {f.name: f for f in msgspec.structs.fields(struct)}
    order = _ORDER.get(type(struct), ())
    data: dict[str, Any] = {}
    for name in [*order, *(n for n in fields if n not in order)]:
        value, field_path = getattr(struct, name), f"{path}{name}"
        info = fields[name]
        default = info.default_factory() if info.default_factory is not msgspec.NODEFAULT else info.default
        if field_path not in notes and not info.required and value == default:
            continue
        data[name] = _value(value, field_path, notes)
    return data


def _value(value: Any, path: str, notes: Mapping[str, FieldNote]) -> Any:
    if isinstance(value, msgspec.Struct):
        written: Any = _struct_data(value, f"{path}.", notes)
    elif isinstance(value, list):
        written = [_value(item, f"{path}.{i}", notes) for i, item in enumerate(value)]
    elif isinstance(value, dict):
        written = {key: _value(item, f"{path}.{key}", notes) for key, item in value.items()}
    else:
        written = value
    note = notes.get(path)
    if note is None:
        return written
    return Commented(None if note.blank else written, note.comment)


def dump_position(data: dict[str, Any], *, header: str = "") -> str:
    """The YAML text of a position file's data (a mapping in the order to write)."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(data: dict[str, Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for key, raw in data.items():
        value, comment = (raw.value, raw.comment) if isinstance(raw, Commented) else (raw, "")
        note = f"  # {comment}" if comment else ""
        name = _key(str(key))
        if isinstance(value, dict):
            if not value:
                lines.append(f"{pad}{name}: {{}}{note}")
                continue
            lines.append(f"{pad}{name}:{note}")
            _mapping(value, indent + 2, lines)
        elif isinstance(value, list):
            if not value:
                lines.append(f"{pad}{name}: []{note}")
            elif all(isinstance(v, int) and not isinstance(v, bool) for v in value):
                lines.append(f"{pad}{name}: [{', '.join(str(v) for v in value)}]{note}")
            else:
                lines.append(f"{pad}{name}:{note}")
                _sequence(value, indent + 2, lines)
        else:
            lines.extend(_scalar_lines(name, value, indent, note, data_field=str(key) in PLAIN_FIELDS))


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            start = len(lines)
            _mapping(item, indent + 2, lines)
            lines[start] = f"{pad}- " + lines[start][indent + 2 :]
        else:
            value, comment = (item.value, item.comment) if isinstance(item, Commented) else (item, "")
            note = f"  # {comment}" if comment else ""
            lines.append(f"{pad}- {_inline(value) if _inline(value) is not None else quoted(str(value))}{note}")


def _scalar_lines(name: str, value: Any, indent: int, note: str, *, data_field: bool) -> list[str]:
    pad = " " * indent
    inline = _inline(value)
    if inline == "":
        return [f"{pad}{name}:{note}"]
    if inline is not None and len(pad) + len(name) + 2 + len(inline) <= WIDTH:
        return [f"{pad}{name}: {inline}{note}"]
    text = str(value)
    if data_field or UNSAFE.search(text) or (text[:1].isspace()) or "\r" in text:
        return [f"{pad}{name}: {quoted(text)}{note}"]
    body = _wrap_markdown(text, WIDTH - indent - 2)
    return [f"{pad}{name}: |{note}"] + [f"{pad}  {line}" if line else "" for line in body]


def _inline(value: Any) -> str | None:
    """The value as a one-line scalar, or None where a string needs more than one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if "\n" in text:
        return None
    return one_line(text)


def one_line(text: str) -> str:
    """A text without line breaks as a YAML scalar: plain where it reads back as
    itself by the loader the project uses (YAML 1.1: ``no`` or ``12:30`` do not), quoted
    where it does not."""
    return text if _plain_ok(text) else quoted(text)


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or UNSAFE.search(text) or "\t" in text:
        return False
    try:
        return bool(yaml.safe_load(f"k: {text}\n") == {"k": text})
    except yaml.YAMLError:
        return False


def quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is YAML's, and the characters
    YAML cannot hold raw or reads as line breaks are escaped as well."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _key(key: str) -> str:
    return key if _plain_ok(key) and ":" not in key and "#" not in key else quoted(key)


def _wrap_markdown(text: str, width: int) -> list[str]:
    """Markdown lines wrapped at ``width``, never so that a wrapped line starts a list."""
    out: list[str] = []
    for line in text.strip("\n").split("\n"):
        line = line.rstrip()
        if not line:
            out.append("")
            continue
        lead = len(line) - len(line.lstrip(" "))
        item = _ITEM_LINE.match(line.lstrip(" "))
        follow = " " * (lead + (len(item.group(0)) if item else 0))
        words = line.split()
        current = " " * lead + words[0]
        for word in words[1:]:
            if len(current) + 1 + len(word) <= width or _LIST_MARKER.match(word):
                current += " " + word
            else:
                out.append(current)
                current = follow + word
        out.append(current)
    return out
