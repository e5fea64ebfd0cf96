"""Changing values in a position file's text in place: its comments and layout kept byte for byte
outside the values changed.

Commands that write into a position file a drafter keeps (``fiche xliff import``,
``fiche review --apply``) never let a YAML library dump the whole document: a round
trip re-wraps long plain scalars, leaves trailing spaces where it wraps, and puts the
comments that follow a value in the wrong place once the value has become a mapping.
Instead the composed node tree (``yamlsource.compose_text``) gives the exact place of
every value, a new value is rendered as a scalar for its place, and the text is
spliced: every character outside the changed values stays as it was.
"""

from __future__ import annotations

from typing import Any

import yaml

from fichebuilder.errors import PositionError
from fichebuilder.model import SOURCE_LANGUAGE, FieldPath
from fichebuilder.source.yamlsource import compose_text, format_path, parse_yaml
from fichebuilder.source.yamlwrite import UNSAFE, one_line, quoted

# a stretch of the text and what replaces it: start, end, new text
Splice = tuple[int, int, str]


def splice(text: str, splices: list[Splice]) -> str:
    """``text`` with every splice made; they must not overlap.

    Made from the end backwards, so that every position still holds; an insertion at
    the end of a replaced stretch goes in first and so stays after it.
    """
    for start, end, new in sorted(splices, key=lambda s: (s[0], s[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def locate(root: yaml.Node, path: FieldPath, *, file: str) -> tuple[Any, Any, Any]:
    """The mapping node that holds the value at ``path``, the value's key node and its node."""
    node, parent, key = root, None, root  # a value is always a key's: key is set below
    for part in path:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            continue
        found = [(k, v) for k, v in node.value if k.value == part] if isinstance(node, yaml.MappingNode) else []
        if not found:
            raise PositionError(f"{format_path(path)}: cannot find this text in the file (a merge key?)", file=file)
        parent, (key, node) = node, found[0]
    if node.start_mark.index < key.end_mark.index:
        raise PositionError(f"{format_path(path)}: written as a YAML alias; write the text out to change it", file=file)
    return parent, key, node


def entries(node: Any) -> dict[str, tuple[Any, Any]] | None:
    """A mapping node's key and value nodes by key (``{nl, en, en_of}``); None for another node."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return {k.value: (k, v) for k, v in node.value}


def value_end(text: str, key: Any, value: Any) -> tuple[int, str]:
    """Where the value of ``key`` ends (past the line break of its last line) and the comment on its line.

    A block scalar's span runs on over the blank lines after it; they stay where
    they are unless the scalar keeps them (``|+``). An empty value (``en:``) ends
    on the key's line.
    """
    if value.style in ("|", ">"):
        start = value.start_mark.index
        header, _, body = text[start : value.end_mark.index].partition("\n")
        # the body's lines: what follows its last line break is the next line's start, not a line
        lines = body.split("\n")[:-1] if body.endswith("\n") else body.split("\n")
        while lines and not lines[-1].strip() and "+" not in header.split("#")[0]:
            lines.pop()
        end = start + len(header) + 1 + sum(len(line) + 1 for line in lines)
        indicator, hash_sign, rest = header.partition("#")
        comment = indicator[len(indicator.rstrip()) :] + hash_sign + rest if hash_sign else ""
        return min(end, len(text)), comment
    empty = not value.value and not value.style  # `en:` with nothing after it
    stop = key.end_mark.index if empty else value.end_mark.index
    line_end = text.find("\n", stop)
    if line_end < 0:
        line_end = len(text)
    rest = text[stop:line_end]
    if empty:
        rest = rest.partition(":")[2]
    return min(line_end + 1, len(text)), rest.rstrip() if rest.strip() else ""


def replace_value(text: str, key: Any, value: Any, new: str) -> Splice:
    """The splice that gives the block mapping key ``key`` the text ``new``, its comment kept."""
    end, comment = value_end(text, key, value)
    rendered = render(new, key.start_mark.column, after=text[end:])
    return key.end_mark.index, end, ":" + joined(rendered, comment) + "\n"


def joined(rendered: tuple[str, str], comment: str) -> str:
    """A scalar's first line and the rest, with the comment of its line in between."""
    first, rest = rendered
    return f" {first}{comment}{rest}"


def as_written(text: str, value: Any, end: int) -> tuple[str, str]:
    """A scalar as the file writes it, moved two columns right, without the comment on its line."""
    start = value.start_mark.index
    if value.style in ("|", ">"):
        header, _, body = text[start:end].partition("\n")
        indicator = header.split("#")[0].rstrip()
        body = body[:-1] if body.endswith("\n") else body
        return indicator, "".join("\n" + (("  " + line) if line else line) for line in body.split("\n"))
    first, *rest = text[start : value.end_mark.index].split("\n")
    return first, "".join("\n" + (("  " + line) if line else line) for line in rest)


def render(value: str, column: int, *, after: str = "") -> tuple[str, str]:
    """``value`` as a YAML scalar for a key at ``column``, as its first line and the rest;
    ``after``: the file's text that will follow it.

    A text of several lines becomes a literal block, unless the lines after it would be
    read as its own; one line is written plain where YAML reads it back as itself and
    quoted where it does not.
    """
    body = value.rstrip("\n")
    if "\n" not in value:
        return one_line(value), ""
    lines = body.split("\n")
    trailing = len(value) - len(body)
    if not body or not _literal_safe(lines) or not _block_ends(after, column, keep=trailing > 1):
        return quoted(value), ""
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    first = next(line for line in lines if line)
    indentation = "2" if first[:1] in (" ", "\t") else ""  # a first line that starts with a space needs it said
    pad = " " * (column + 2)
    lines = [pad + line if line else "" for line in lines]
    lines += [""] * max(trailing - 1, 0)
    return f"|{indentation}{chomp}", "".join("\n" + line for line in lines)


def _literal_safe(lines: list[str]) -> bool:
    """Whether these lines read back as themselves from a literal block: a line of
    spaces only would be taken for a blank one."""
    return all(line.strip() or not line for line in lines) and not UNSAFE.search("".join(lines))


def _block_ends(after: str, column: int, *, keep: bool) -> bool:
    """Whether a literal block for a key at ``column`` ends where its text does, ``after`` following
    it: a comment line indented past the key would be read as one of the block's lines, and a
    block that keeps its last line breaks (``|+``) would take in the blank lines after it too."""
    lines = after.split("\n")
    for k, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if line.strip():
            return indent < column + 2
        if k < len(lines) - 1 and (keep or indent >= column + 2):
            return False  # a blank line, its line break after it: the block would take it in
    return True  # the file ends


def set_values(text: str, values: dict[FieldPath, tuple[str, str | None]], *, file: str) -> str:
    """``text`` (a position file) with the text at each path replaced, its comments and layout kept;
    a text given with a language is set in that language of a ``{nl, en, …}`` mapping.

    The result is read back: a value that would not read as given is a PositionError,
    and nothing comes of it.
    """
    root = compose_text(text, file=file)
    splices = []
    for path, (value, lang) in values.items():
        added = added_key(text, root, path, value, file=file)
        if added is not None:
            splices.append(added)
            continue
        parent, key, node = locate(root, path, file=file)
        by_language = entries(node)
        if by_language is not None:
            if (lang or SOURCE_LANGUAGE) not in by_language:
                raise PositionError(f"{format_path(path)}: has no text in '{lang}' to change", file=file)
            parent, (key, node) = node, by_language[lang or SOURCE_LANGUAGE]
        if parent is not None and parent.flow_style:
            splices.append((node.start_mark.index, node.end_mark.index, quoted(value)))
        else:
            splices.append(replace_value(text, key, node, value))
    edited = splice(text, splices)
    _check_values(edited, values, file=file)
    return edited


def added_key(text: str, root: yaml.Node, path: FieldPath, value: str, *, file: str) -> Splice | None:
    """The splice that adds the last key of ``path`` with ``value`` to its mapping, after the
    mapping's last entry, where the file lacks it (a link given without a label); None where
    the key is there."""
    if len(path) < 2:
        return None
    _, _, mapping = locate(root, path[:-1], file=file)
    if not isinstance(mapping, yaml.MappingNode) or any(k.value == path[-1] for k, _ in mapping.value):
        return None
    name = str(path[-1])
    if mapping.flow_style or not mapping.value:  # `eurlex: {url: …}`: before its closing brace
        at = mapping.end_mark.index - 1
        return at, at, f"{', ' if mapping.value else ''}{name}: {quoted(value)}"
    last_key, last_value = mapping.value[-1]
    end, _ = value_end(text, last_key, last_value)
    column = mapping.value[0][0].start_mark.column
    lead = "" if text[:end].endswith("\n") else "\n"  # the file's last line, without a line break
    rendered = render(value, column, after=text[end:])
    return end, end, lead + " " * column + name + ":" + joined(rendered, "") + "\n"


def _check_values(text: str, values: dict[FieldPath, tuple[str, str | None]], *, file: str) -> None:
    data, _ = parse_yaml(text, file=file)
    for path, (value, lang) in values.items():
        found: Any = data
        for part in path:
            found = found[part]
        if isinstance(found, dict):
            found = found.get(lang or SOURCE_LANGUAGE)
        if found != value:
            raise PositionError(f"{format_path(path)}: the new text would not read back as written (a bug)", file=file)
