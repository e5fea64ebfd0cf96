"""Reading YAML safely, keeping where every value stands for error messages.

This is the only place that parses YAML text. It uses PyYAML's safe loader (its
libyaml version where present): no Python object tags, duplicate keys rejected,
merge keys allowed, aliases counted so that an alias bomb stops early.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fichebuilder.errors import FicheWarning, PositionError
from fichebuilder.files import read_bytes_capped
from fichebuilder.model import FieldPath

try:  # libyaml is an order of magnitude faster; the pure-Python loader is the fallback
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels ship libyaml
    _BaseLoader = yaml.SafeLoader

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
# characters of all values together once aliases are expanded: a file holds at most
# MAX_BYTES, so only a text reused through an alias many times comes near it
MAX_CHARACTERS = 2 * MAX_BYTES


def format_path(path: FieldPath) -> str:
    """``('actions', 3, 'stance')`` -> ``actions[3].stance``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Mark:
    """Where a node stands: 1-based line and column, and how a string was written."""

    line: int
    column: int
    style: str | None = None


@dataclass
class SourceMap:
    """The position of every key and value of a YAML document, by field path."""

    file: str
    lines: list[str] = field(default_factory=list)
    values: dict[FieldPath, Mark] = field(default_factory=dict)
    keys: dict[FieldPath, Mark] = field(default_factory=dict)

    def mark(self, path: FieldPath, *, key: bool = False) -> Mark | None:
        """The mark of ``path``'s key or value, or of its nearest parent that has one."""
        table = self.keys if key else self.values
        while True:
            if path in table:
                return table[path]
            if key and path in self.values:
                return self.values[path]
            if not path:
                return None
            path = path[:-1]

    def text_mark(self, path: FieldPath, offset: int, text: str) -> Mark | None:
        """The mark of character ``offset`` inside the string at ``path``.

        Exact for literal block scalars (``|``), the usual style of long texts;
        for other styles, the line of the start of the text plus the lines before
        ``offset``.
        """
        start = self.mark(path)
        if start is None:
            return None
        line_in_text = text.count("\n", 0, offset)
        column_in_line = offset - (text.rfind("\n", 0, offset) + 1)
        if start.style == "|" and self.lines:
            # the text starts on the line after the indicator, at the block's indentation
            line = start.line + 1 + line_in_text
            row = self.lines[line - 1] if line <= len(self.lines) else ""
            indent = len(row) - len(row.lstrip(" "))
            return Mark(line, indent + column_in_line + 1)
        if line_in_text == 0:
            return Mark(start.line, start.column + column_in_line + (1 if start.style else 0))
        return Mark(start.line + line_in_text, 1)

    def warning(self, message: str, path: FieldPath) -> FicheWarning:
        """A FicheWarning about ``path``, located in the file."""
        return FicheWarning.about(self.error(message, path))

    def error(self, message: str, path: FieldPath, *, key: bool = False) -> PositionError:
        """A PositionError about ``path``, located in the file."""
        mark = self.mark(path, key=key)
        return PositionError(
            message,
            file=self.file,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            field=format_path(path) or None,
        )


def _mark(node: yaml.Node) -> Mark:
    style = node.style if isinstance(node, yaml.ScalarNode) else None
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1, style)


class _Builder:
    """Turns a composed node tree into Python values and a SourceMap."""

    def __init__(self, loader: Any, source: SourceMap) -> None:
        self.loader = loader
        self.source = source
        self.count = 0
        self.characters = 0

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._error(node, f"more than {MAX_NODES} values once aliases are expanded (an alias bomb?)", ())
        if isinstance(node, yaml.ScalarNode):
            self.characters += len(node.value)
            if self.characters > MAX_CHARACTERS:
                raise self._error(
                    node,
                    f"more than {MAX_CHARACTERS // 1_000_000} million characters of text once aliases are "
                    "expanded (a long text reused through an alias too often?)",
                    path,
                )
        self.source.values.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as e:
            raise self._error(node, _problem(e), path) from None
        except ValueError as e:  # a timestamp-like value that is no real date: 2025-13-04
            raise self._error(node, f"{node.value!r} is not a valid date ({e})", path) from None

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        try:
            self.loader.flatten_mapping(node)
        except yaml.constructor.ConstructorError as e:
            raise self._error(node, _problem(e), path) from None
        out: dict[str, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path + ("<key>",))
            if not isinstance(key, str):
                raise self._error(key_node, f"a key must be a name, not {key!r}", path)
            if key in out:
                raise self._error(
                    key_node,
                    f"duplicate key '{key}' (first on line {first_line[key]})",
                    path + (key,),
                )
            first_line[key] = key_node.start_mark.line + 1
            self.source.keys[path + (key,)] = _mark(key_node)
            out[key] = self.build(value_node, path + (key,))
        self.source.values.pop(path + ("<key>",), None)
        return out

    def _error(self, node: yaml.Node, message: str, path: FieldPath) -> PositionError:
        mark = _mark(node)
        return PositionError(
            message,
            file=self.source.file,
            line=mark.line,
            column=mark.column,
            field=format_path(tuple(p for p in path if p != "<key>")) or None,
        )


def _problem(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or str(error)
    if "python/" in problem:
        return "Python object tags are not allowed in a position file"
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.split("tag", 1)[1].strip()
        return f"unknown tag {tag}"
    return problem


def compose_text(text: str, *, file: str) -> yaml.Node:
    """The node tree of YAML text, each node with where it starts and ends (character offsets):
    for changing a value in place (see ``yamledit``), not for reading values."""
    try:
        node = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError as e:
        raise PositionError(f"YAML error: {' '.join(str(e).split())}", file=file) from None
    if node is None:
        raise PositionError("the file is empty", file=file)
    return node


# the first bytes of the documents a drafter may give instead of a position file
_OTHER_FORMATS = (
    (b"PK\x03\x04", "a Word document (.docx) or another zip file"),
    (b"%PDF-", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "an old Word document (.doc)"),
)


def decode_text(data: bytes, *, file: str) -> str:
    """A YAML file's bytes as text: UTF-8 without its byte-order mark, with Unix line ends."""
    for magic, what in _OTHER_FORMATS:
        if data.startswith(magic):
            raise PositionError(
                f"is {what}, not a position file; make one from it with: fiche import {file}", file=file
            )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise PositionError(
            f"not UTF-8: byte 0x{data[e.start]:02x} cannot be read; save the file as UTF-8",
            file=file,
            line=line,
            column=column,
        ) from None
    return text.replace("\r\n", "\n")


def _syntax_problem(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[Any, str]:
    """Where a YAML syntax error is and what to do about it, for the mistakes drafters make;
    the parser's own words for the rest."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or str(error)
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "tab" in problem or "\t" in line[: len(line) - len(line.lstrip())]:
        return mark, "a tab cannot indent YAML; indent with spaces, like the line above"
    if "end of stream" in problem and "quoted scalar" in (error.context or ""):
        opening = error.context_mark or mark
        quote = lines[opening.line][opening.column] if opening and opening.line < len(lines) else '"'
        return opening, f"the quote {quote} that opens here is never closed; end the text with {quote}"
    misindented = "this line is not indented like the lines of its level; indent it like the line above"
    if problem.startswith(("did not find expected key", "did not find expected '-'", "expected <block end>")):
        return mark, misindented
    if problem == "mapping values are not allowed in this context" and mark:
        if line.find(":") == mark.column:  # the key itself stands where no key can: its indentation
            indent = len(line) - len(line.lstrip(" "))
            return yaml.Mark(mark.name, mark.index, mark.line, indent, None, 0), misindented
        return mark, (
            'a colon followed by a space cannot stand in a one-line text: put the text in quotes ("…") '
            "or write it as a block (`field: |` and the text on the next lines, indented)"
        )
    return mark, problem


def parse_yaml(text: str, *, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML text into Python values and the SourceMap of their positions."""
    source = SourceMap(file, text.split("\n"))
    loader = _BaseLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise PositionError("the file is empty", file=file)
        return _Builder(loader, source).build(node, ()), source
    except yaml.MarkedYAMLError as e:
        mark, problem = _syntax_problem(e, source.lines)
        raise PositionError(
            f"YAML syntax error: {problem}",
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        column = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        raise PositionError(
            f"control character U+{e.character:04X} cannot stand in a position file"
            if isinstance(e.character, int)
            else f"unreadable character: {e.reason}",
            file=file,
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as e:
        raise PositionError(f"YAML error: {' '.join(str(e).split())}", file=file) from None
    finally:
        loader.dispose()


def read_yaml(path: Path | str, *, display_name: str | None = None) -> tuple[Any, SourceMap]:
    """Read and parse a YAML file; ``display_name`` names it in messages."""
    name = display_name or str(path)
    return parse_bytes(read_bytes(path, name=name), file=name)


def read_bytes(path: Path | str, *, name: str) -> bytes:
    """The bytes of a YAML file; ``name`` names it in messages."""
    return read_bytes_capped(Path(path), limit=MAX_BYTES, error=PositionError, what="a position file", name=name)


def parse_bytes(data: bytes, *, file: str) -> tuple[Any, SourceMap]:
    """Parse the bytes of a YAML file (from disk or from git)."""
    if len(data) > MAX_BYTES:
        raise PositionError(
            f"the file is {len(data) // 1024} KiB; a position file may be at most {MAX_BYTES // 1024 // 1024} MiB",
            file=file,
        )
    return parse_yaml(decode_text(data, file=file), file=file)
