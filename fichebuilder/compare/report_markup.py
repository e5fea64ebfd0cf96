"""What the Markdown and HTML reports write alike, the diff's (``report_md``, ``report_html``)
and the review's (``commands.reviewreport_md``, ``commands.reviewreport_html``): escaping,
table rows, changed words, and the HTML page around a report.

Changed words are marked as the Word redline marks them, ``<del>`` struck through and
``<ins>`` underlined, so that they are told apart without colour (in print, or by a reader
who cannot tell red from green); the HTML page says so in a legend.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from fichebuilder.compare.changes import WordOp
from fichebuilder.compare.rows import Wording, shorten, whole

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")

# the page's look: what every report's page has (its tables, the marks of changed words);
# a report adds its own rules after it
PAGE_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1em; margin: 1.5em 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #ddd; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; white-space: nowrap; }
table.side td { width: 50%; }
/* told apart without colour too, in print and for a colour-blind reader: struck through, underlined */
del { background: #fdd; color: #900; text-decoration: line-through; }
ins { background: #dfd; color: #060; text-decoration: underline; }
table.side th { width: 50%; }
p.legend { font-size: .9em; color: #444; }
"""


# --- Markdown ----------------------------------------------------------------------------


def md(text: str) -> str:
    """``text`` with Markdown's special characters escaped, to be read as it is."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_row(cells: Iterable[str]) -> str:
    """A row of a Markdown table, its cells already written as Markdown."""
    return f"| {' | '.join(cells)} |"


def md_head(cells: list[str]) -> list[str]:
    """The heading row of a Markdown table (its cells as written) and the line under it."""
    return [md_row(cells), md_row(["---"] * len(cells))]


def md_words(ops: list[WordOp], say: Wording) -> str:
    """Changed words in running text: unchanged runs shortened, ``<del>`` and ``<ins>`` around the changes."""
    named = whole(ops, say)
    if named:
        return f"*{named}*"
    return marked_words(shorten(ops), md)


# --- HTML ----------------------------------------------------------------------------------


def h(text: str | None) -> str:
    """``text`` escaped for HTML (None as nothing)."""
    return html.escape(text or "")


def html_page(say: Wording, title: str, css: str, body: list[str]) -> str:
    """One self-contained page in the report's language (inline CSS, no scripts, nothing fetched):
    ``title`` as its title and first heading, then the lines of ``body``."""
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{say.lang}"><head><meta charset="utf-8">',
        f"<title>{h(title)}</title><style>{css}</style></head><body>",
        f"<h1>{h(title)}</h1>",
    ]
    return "\n".join([*head, *body, "</body></html>"]) + "\n"


def legend(say: Wording) -> str:
    """The legend of the marks: its markup is the catalogue's own, showing the two marks it explains."""
    return f'<p class="legend">{say("legend")}</p>'


def html_words(ops: list[WordOp]) -> str:
    """Changed words in running text, the deleted struck through, the inserted underlined."""
    return marked_words(ops, h)


def marked_words(ops: Iterable[WordOp], unchanged: Callable[[str], str]) -> str:
    """Words in running text with ``<del>`` and ``<ins>`` (HTML, which Markdown holds too) around
    the changes; ``unchanged`` writes the words that stay."""
    parts = []
    for op in ops:
        if op.op == "equal":
            parts.append(unchanged(op.old))
        if op.op in ("delete", "replace"):
            parts.append(f"<del>{h(op.old)}</del>")
        if op.op in ("insert", "replace"):
            parts.append(f"<ins>{h(op.new)}</ins>")
    return " ".join(parts)


def side_by_side(ops: list[WordOp], say: Wording) -> str:
    """Old and new words in two columns, the deleted ones struck through, the inserted underlined."""
    left, right = [], []
    for op in ops:
        if op.op == "equal":
            left.append(h(op.old))
            right.append(h(op.new))
        if op.op in ("delete", "replace"):
            left.append(f"<del>{h(op.old)}</del>")
        if op.op in ("insert", "replace"):
            right.append(f"<ins>{h(op.new)}</ins>")
    head = f"<tr><th>{h(say('old'))}</th><th>{h(say('new'))}</th></tr>"
    return f'<table class="side">{head}<tr><td>{" ".join(left)}</td><td>{" ".join(right)}</td></tr></table>'


def html_table(head: Iterable[str], rows: Iterable[Iterable[str]], *, css_class: str = "") -> str:
    """A table with a heading row (its cells as text) and rows (their cells already HTML)."""
    opening = f'<table class="{css_class}">' if css_class else "<table>"
    lines = [opening + "<tr>" + "".join(f"<th>{h(cell)}</th>" for cell in head) + "</tr>"]
    lines += ["<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows]
    return "\n".join([*lines, "</table>"])
