"""Raw XML stays inside fichebuilder.ooxml: imports are checked by import-linter, element access here."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent.parent / "fichebuilder"
# python-docx's elements behind its proxies (paragraph._p, run._r, style.element …),
# and namespace URIs written out
RAW = re.compile(r"\._(?:p|r|element|body|tbl)\b|\.element\b|schemas\.openxmlformats\.org")


def test_no_module_outside_the_ooxml_package_touches_word_elements():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "ooxml" not in path.relative_to(PACKAGE).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RAW.search(line)
    ]
    assert found == []
