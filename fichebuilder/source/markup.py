"""The Markdown of position-file texts, read by markdown-it-py.

Texts are CommonMark with three extensions from mdit-py-plugins: footnote
references ``[^key]``, bracketed spans ``[…]{.condition}`` / ``[…]{.concern}``
that mark the cabinet's conditions and concerns inside the prose, and nothing
else. Headings, code, quotes, images and raw HTML are switched off, so a ``#`` or
``<`` in a text is just a character.

A text becomes *fiche markup*: a small XML vocabulary (``p``, ``ol``/``ul``/``li``,
``em``, ``strong``, ``a``, ``note``, ``span``, ``br``) that templates emit and the
Word writer reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

MARKS = ("condition", "concern")

_DISABLED = [
    "code",
    "fence",
    "blockquote",
    "hr",
    "heading",
    "lheading",
    "html_block",
    "html_inline",
    "image",
    "backticks",
    "table",
]


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one Markdown parser, made on first use (its import is not cheap)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": False})
    md.use(footnote_plugin, inline=False, move_to_end=True, always_match_refs=True)
    md.use(attrs_plugin, spans=True)
    md.disable(_DISABLED, ignoreInvalid=True)
    return md


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(parser().parse(text))


def block_tokens(text: str) -> tuple[Token, ...]:
    """The markdown-it tokens of a text (shared with the parse every other reader makes)."""
    return _tokens(text)


@dataclass(frozen=True)
class Marked:
    """A condition or concern: its plain text and where it starts in the source text."""

    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class Problem:
    """Something wrong in a text: the message and the offset it is about."""

    message: str
    offset: int


def inline_tokens(text: str) -> Iterator[Token]:
    """The inline tokens of a text (one per paragraph or list item), in order."""
    return (token for token in _tokens(text) if token.type == "inline")


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    position = text.find("\n")
    while position != -1:
        offsets.append(position + 1)
        position = text.find("\n", position + 1)
    return offsets


def _children(tokens: tuple[Token, ...]) -> Iterator[tuple[Token, Token]]:
    """Each inline child token with the inline token that holds it."""
    for token in tokens:
        if token.type == "inline" and token.children:
            for child in token.children:
                yield token, child


def plain(text: str) -> str:
    """The words of a text without any markup, paragraphs joined by blank lines."""
    paragraphs: list[str] = []
    for token in _tokens(text):
        if token.type == "inline":
            paragraphs.append(_inline_plain(token.children or []))
    return "\n\n".join(paragraphs)


def _inline_plain(children: list[Token]) -> str:
    out = []
    for child in children:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


# what Markdown would read as a mark where plain words are written into a text: every character
# an emphasis, link, span, footnote reference or escape is made of (an underscore between two
# letters or digits is none: "COM_2025" stays as it is), and an entity's ampersand
_MARK = re.compile(r"([\\`*\[\]{}<]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;))")
# what starts a list at the start of a line: "- ", "+ ", "1. ", "1) " (a "* " is escaped as a mark)
_LINE_BREAK = re.compile(r"(\r\n?|\n)")
_LIST_MARK = re.compile(r"^([ \t]*)([-+]|\d{1,9}(?=[.)]))(?=[.)]?(?:[ \t]|$))")


def escape_words(words: str, *, line_start: bool) -> str:
    """Plain words as Markdown that reads back as the same words; ``line_start``: they start a
    line (of a paragraph or a list item), where "- " or "1. " would start a list."""
    # lines and the breaks between them, a carriage return being one as Markdown reads it
    parts = _LINE_BREAK.split(_MARK.sub(r"\\\1", words))
    return "".join(
        _LIST_MARK.sub(_escaped_list_mark, part) if k % 2 == 0 and (k or line_start) else part
        for k, part in enumerate(parts)
    )


def _escaped_list_mark(match: re.Match[str]) -> str:
    space, mark = match.groups()
    return f"{space}{mark}\\" if mark[0].isdigit() else f"{space}\\{mark}"


# link texts that say nothing of where a link leads: a screen reader's list of links shows them
# without the sentence around them (WCAG 2.4.4, failure F84)
_VAGUE_LINK_TEXTS = frozenset(
    {
        "hier", "klik hier", "klik", "link", "deze link", "lees meer", "meer", "meer informatie", "zie hier",
        "here", "click here", "click", "this link", "read more", "more", "more information", "see here",
    }
)  # fmt: skip


def vague_links(text: str) -> list[tuple[str, int]]:
    """Links whose text says nothing of where they lead ("hier", "click here"), with their offsets."""
    found: list[tuple[str, int]] = []
    label: list[str] | None = None
    for _inline, child in _children(_tokens(text)):
        if child.type == "link_open":
            label = []
        elif child.type == "link_close" and label is not None:
            words = " ".join("".join(label).split())
            if words.lower().strip(".:!?»«\"' ") in _VAGUE_LINK_TEXTS:
                found.append((words, text.find(f"[{words}]")))
            label = None
        elif label is not None and child.type == "text":
            label.append(child.content)
    return found


def marked(text: str) -> list[Marked]:
    """The conditions and concerns marked in a text, in order."""
    found: list[Marked] = []
    for _inline, offset, kind, children in _spans(text):
        found.append(Marked(kind, " ".join(_inline_plain(children).split()), offset))
    return found


def conditions_and_concerns(text: str | None) -> tuple[list[str], list[str]]:
    """The plain texts of the conditions and of the concerns marked in a text."""
    found = marked(text) if text else []
    return [m.text for m in found if m.kind == "condition"], [m.text for m in found if m.kind == "concern"]


def _spans(text: str) -> Iterator[tuple[Token, int, str, list[Token]]]:
    starts = _line_offsets(text)
    for inline in _tokens(text):
        if inline.type != "inline" or not inline.children:
            continue
        stack: list[tuple[str, list[Token]]] = []
        for child in inline.children:
            if child.type == "span_open":
                stack.append((str(child.attrs.get("class", "")), []))
                continue
            if child.type == "span_close":
                kind, inner = stack.pop()
                if kind in MARKS:
                    line = inline.map[0] if inline.map else 0
                    yield inline, starts[min(line, len(starts) - 1)], kind, inner
                if stack:
                    stack[-1][1].extend(inner)
                continue
            for _, inner in stack:
                inner.append(child)


def block_offset(text: str) -> int | None:
    """Where a text stops being one paragraph (a list, or a second paragraph), or None where it is one.

    A footnote is written inline, as a single paragraph of the note: a list or a blank line
    in it has no place there.
    """
    starts = _line_offsets(text)
    seen = False
    for token in _tokens(text):
        if token.type in ("bullet_list_open", "ordered_list_open") or (token.type == "paragraph_open" and seen):
            line = token.map[0] if token.map else 0
            return starts[min(line, len(starts) - 1)]
        seen = seen or token.type == "paragraph_open"
    return None


def footnote_labels(text: str) -> list[str]:
    """The footnote keys a text refers to, in order."""
    return [c.meta["label"] for _, c in _children(_tokens(text)) if c.type == "footnote_ref"]


def problems(text: str, footnotes: set[str]) -> list[Problem]:
    """What is wrong in a text: unknown footnotes, unknown span classes."""
    found: list[Problem] = []
    for _, child in _children(_tokens(text)):
        if child.type == "footnote_ref":
            label = child.meta["label"]
            if label not in footnotes:
                known = ", ".join(sorted(footnotes)) or "none defined"
                found.append(Problem(f"unknown footnote [^{label}] (footnotes: {known})", text.find(f"[^{label}]")))
        elif child.type == "span_open":
            kind = str(child.attrs.get("class", ""))
            if kind not in MARKS:
                found.append(
                    Problem(
                        f"unknown mark {{.{kind}}}: a span marks a {{.condition}} or a {{.concern}}",
                        text.find("{." + kind),
                    )
                )
    return found


NoteText = Callable[[str], str]


def to_markup(text: str, note_text: NoteText | None, *, inline: bool = False) -> Markup:
    """Fiche markup for a Markdown text; ``note_text(key)`` gives a footnote's Markdown.

    With ``inline``, a single paragraph is given without its ``<p>`` (for labels
    and footnote bodies).
    """
    out: list[str] = []
    tokens = _tokens(text)
    for token in tokens:
        kind = token.type
        if kind == "paragraph_open":
            if not (inline or token.hidden):
                out.append("<p>")
        elif kind == "paragraph_close":
            if not (inline or token.hidden):
                out.append("</p>")
        elif kind == "inline":
            out.append(_inline_markup(token.children or [], note_text))
        elif kind == "ordered_list_open":
            start = token.attrs.get("start", 1)
            # "1." or "1)": the document numbers its items the way the text does
            out.append(f'<ol start="{start}" delimiter="{escape(token.markup)}">')
        elif kind in ("ordered_list_close", "bullet_list_open", "bullet_list_close"):
            out.append({"ordered_list_close": "</ol>", "bullet_list_open": "<ul>"}.get(kind, "</ul>"))
        elif kind == "list_item_open":
            out.append("<li>")
        elif kind == "list_item_close":
            out.append("</li>")
    return Markup("".join(out))


_SIMPLE = {
    "em_open": "<em>",
    "em_close": "</em>",
    "strong_open": "<strong>",
    "strong_close": "</strong>",
    "link_close": "</a>",
    "span_close": "</span>",
    "softbreak": " ",
    "hardbreak": "<br/>",
}


def _inline_markup(children: list[Token], note_text: NoteText | None) -> str:
    out: list[str] = []
    for child in children:
        kind = child.type
        if kind == "text":
            out.append(str(escape(child.content)))
        elif kind in _SIMPLE:
            out.append(_SIMPLE[kind])
        elif kind == "link_open":
            out.append(f'<a href="{escape(str(child.attrs.get("href", "")))}">')
        elif kind == "span_open":
            out.append(f'<span class="{escape(str(child.attrs.get("class", "")))}">')
        elif kind == "footnote_ref":
            # a note's own text is read without notes: a note cannot hold a note
            if note_text is None:
                out.append(str(escape(f"[^{child.meta['label']}]")))
            else:
                note = note_text(child.meta["label"])
                body = to_markup(note, None, inline=True)
                # a Dutch note standing in for a missing translation (languages.Untranslated)
                mark = ' untranslated="1"' if getattr(note, "untranslated", False) else ""
                # a note that knows its field (languages.FieldText) is anchored for a review
                path = getattr(note, "path", "")
                if path:
                    start, end = (f'<anchor {kind}="{escape(path)}"/>' for kind in ("start", "end"))
                    body = Markup(f"{start}{body}{end}")
                out.append(f"<note{mark}>{body}</note>")
    return "".join(out)
