"""The review as JSON for programs: each review's fields, comments and changes in no field
(``Review.as_data``), and the conflicts between the reviews; kinds as codes, not words."""

from __future__ import annotations

import json
from dataclasses import asdict

from fichebuilder.commands.reviewrows import ReviewReport


def render(report: ReviewReport) -> str:
    """The review as indented JSON text."""
    data = {
        "reviews": [document.review.as_data() for document in report.documents],
        "conflicts": [asdict(row.conflict) for row in report.conflicts],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
