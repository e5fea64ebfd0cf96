"""``fiche review``'s report for people and programs: text, Markdown, HTML, JSON.

``REVIEW_FORMATS`` is the one table of the formats: ``fiche review --format`` offers
its names and ``render_review`` writes with the module it names. Every writer turns
the same ``reviewrows.ReviewReport`` into its format, so that the formats agree. The
writers are imported when a report is written, not with this table, because the CLI
reads the table when it starts and every ``fiche`` command would otherwise load them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from fichebuilder.compare.report import REPORT_FORMATS

if TYPE_CHECKING:
    from fichebuilder.commands.review import Review
    from fichebuilder.commands.reviewmerge import Conflict

# the diff report's formats, each written by reviewreport_<format>: its render(report) gives the report
REVIEW_FORMATS: dict[str, str] = {fmt: f"fichebuilder.commands.reviewreport_{fmt}" for fmt in REPORT_FORMATS}


def render_review(reviews: list[Review], conflicts: list[Conflict], fmt: str, *, lang: str | None = None) -> str:
    """The report in ``fmt`` (a name of ``REVIEW_FORMATS``); the words of Markdown and HTML in
    ``lang``, by default the language of the (first) reviewed document."""
    from fichebuilder.commands.reviewrows import review_report

    writer = importlib.import_module(REVIEW_FORMATS[fmt])
    return str(writer.render(review_report(reviews, conflicts, lang=lang)))
