"""Lists are Word lists: numbered by Word (numbering.xml), nested by level, each list starting again."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from fichebuilder.ooxml.reading import read_docx
from fichebuilder.writers.building import build_fiche
from tests.conftest import DATA, docx_to_pdf_text, write_tree

LISTS = """  policy: |
    Het kabinet voert beleid:

    1. eerste
    2. tweede
       - genest een
       - genest twee
         1. diep
    3. derde

    Tussendoor.

    3) weer
    4) verder

    - los
"""


def build(tmp_path: Path) -> Path:
    minimal = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    write_tree(tmp_path, {"f.yaml": minimal.replace("  policy: Het kabinet voert een breed beleid.\n", LISTS)})
    [built] = build_fiche(tmp_path / "f.yaml", output=tmp_path / "f.docx")
    return built.path


def pandoc_lists(blocks: list[dict]) -> list:
    """pandoc's lists in its JSON AST, as (kind, start, delimiter, items) with each item's texts and lists."""

    def item(blocks: list[dict]) -> list:
        out: list = []
        for block in blocks:
            if block["t"] in ("Para", "Plain"):
                out.append("".join(i["c"] if i["t"] == "Str" else " " for i in block["c"]))
            elif block["t"] in ("OrderedList", "BulletList"):
                out += pandoc_lists([block])
            else:
                out.append(block["t"])  # e.g. a BlockQuote where a nested item should be
        return out

    found: list = []
    for block in blocks:
        if block["t"] == "OrderedList":
            (start, _, delimiter), items = block["c"]
            found.append(("ordered", start, delimiter["t"], [item(i) for i in items]))
        elif block["t"] == "BulletList":
            found.append(("bullet", [item(i) for i in block["c"]]))
    return found


def test_pandoc_reads_ordered_bulleted_and_nested_lists(tmp_path):
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    ast = subprocess.run([pandoc, "-f", "docx", "-t", "json", str(build(tmp_path))], capture_output=True, check=True)
    deep = ("ordered", 1, "DefaultDelim", [["diep"]])
    assert pandoc_lists(json.loads(ast.stdout)["blocks"]) == [
        (
            "ordered",
            1,
            "Period",
            [["eerste"], ["tweede", ("bullet", [["genest een"], ["genest twee", deep]])], ["derde"]],
        ),
        ("ordered", 3, "OneParen", [["weer"], ["verder"]]),
        ("bullet", [["los"]]),
    ]


def test_list_items_hold_their_text_and_word_their_numbers(tmp_path):
    path = build(tmp_path)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[texts.index("eerste") : texts.index("derde") + 1] == [
        "eerste",
        "tweede",
        "genest een",
        "genest twee",
        "diep",
        "derde",
    ]
    shown = read_docx(path).paragraphs
    start = shown.index("Het kabinet voert beleid:")
    assert shown[start + 1 : start + 12] == [
        "1.\teerste",
        "2.\ttweede",
        "•\tgenest een",
        "•\tgenest twee",
        "1.\tdiep",
        "3.\tderde",
        "Tussendoor.",
        "3)\tweer",
        "4)\tverder",
        "•\tlos",
        "b)\tBeoordeling + inzet ten aanzien van dit voorstel",
    ]


@pytest.mark.soffice
def test_libreoffice_numbers_each_list_once_and_from_its_start(tmp_path, soffice):
    text = docx_to_pdf_text(soffice, build(tmp_path), tmp_path)
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    start = lines.index("Het kabinet voert beleid:")
    # where a page ends inside the list, its footnotes and page number stand between the items
    shown = [line for line in lines[start + 1 :] if re.match(r"(\d+[.)]|•) |Tussendoor\.$", line)]
    assert shown[:10] == [
        "1. eerste",
        "2. tweede",
        "• genest een",
        "• genest twee",
        "1. diep",
        "3. derde",
        "Tussendoor.",
        "3) weer",
        "4) verder",
        "• los",
    ]
