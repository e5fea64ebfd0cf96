"""A FicheDiff for people and programs: text (coloured on a terminal), Markdown, HTML, JSON.

``REPORT_FORMATS`` is the one table of the formats: ``fiche diff --format`` offers
its names and ``render_report`` writes with the module it names. Every writer turns
the same ``rows.Report`` into its format, so that the formats agree. The writers are
imported when a report is written, not with this table, because the CLI reads the
table when it starts and every ``fiche`` command would otherwise load them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fichebuilder.compare.changes import FicheDiff

# format name → the module that writes it: its render(report, *, color) gives the report
REPORT_FORMATS: dict[str, str] = {
    "text": "fichebuilder.compare.report_text",
    "md": "fichebuilder.compare.report_md",
    "html": "fichebuilder.compare.report_html",
    "json": "fichebuilder.compare.report_json",
}


def render_report(diff: FicheDiff, fmt: str, *, color: bool = False, lang: str = "nl") -> str:
    """The report in ``fmt`` (a name of ``REPORT_FORMATS``); ``color`` adds terminal colours to the text.

    ``lang`` is the language of the words of text, Markdown and HTML; JSON has codes, not words.
    """
    from fichebuilder.compare.rows import load_wording, report_rows

    writer = importlib.import_module(REPORT_FORMATS[fmt])
    return str(writer.render(report_rows(diff, load_wording(lang)), color=color))
