"""The one reader of a paragraph's runs, seen through what the .docx import and the text check make of it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from fichebuilder.ooxml.reading import read_docx
from fichebuilder.readers.blocks import link
from fichebuilder.readers.docx import read_docx_blocks

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def one_paragraph(tmp_path: Path, content: str) -> Path:
    """A .docx whose body is one paragraph holding ``content`` (runs and what wraps them)."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    body.insert(0, parse_xml(f"<w:p {W} {MC}>{content}</w:p>"))
    path = tmp_path / "one.docx"
    document.save(str(path))
    return path


def imported(path: Path) -> str:
    return read_docx_blocks(path, path.read_bytes()).blocks[0].text


CASES = {
    "hyperlink field": (
        '<w:r><w:t xml:space="preserve">see </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/x" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>the page</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> now</w:t></w:r>',
        "see " + link("the page", "https://example.org/x") + " now",
        "see the page now",
    ),
    "tracked changes": (
        '<w:r><w:t xml:space="preserve">one </w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText xml:space="preserve">two </w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t xml:space="preserve">three </w:t></w:r></w:ins>'
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t xml:space="preserve">four </w:t></w:r></w:moveFrom>'
        "<w:r><w:t>five</w:t></w:r>",
        "one three five",
        "one three five",
    ),
    "a deleted field's begin": (
        '<w:del w:id="1" w:author="a"><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:delText xml:space="preserve">gone </w:delText></w:r></w:del>'
        "<w:r><w:t>kept</w:t></w:r>",
        "kept",
        "kept",
    ),
    "alternate content": (
        '<mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>new</w:t></w:r></mc:Choice>'
        "<mc:Fallback><w:r><w:t>old</w:t></w:r></mc:Fallback></mc:AlternateContent>",
        "new",
        "new",
    ),
    "symbols, hyphens, tabs and breaks": (
        '<w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t><w:tab/><w:sym w:font="Symbol" w:char="00B1"/>'
        "<w:br/><w:t>c</w:t></w:r>",
        "a-b \u00b1 c",
        "a-b\t\u00b1 c",
    ),
}


@pytest.mark.parametrize(("content", "import_text", "check_text"), CASES.values(), ids=CASES.keys())
def test_a_paragraph_reads_the_same_in_the_import_and_the_text_check(content, import_text, check_text, tmp_path):
    path = one_paragraph(tmp_path, content)
    assert imported(path) == import_text
    assert read_docx(path).paragraphs == [check_text]


def test_rejecting_the_changes_gives_the_deleted_text_back(tmp_path):
    path = one_paragraph(tmp_path, CASES["tracked changes"][0])
    assert read_docx(path, rejected=True).paragraphs == ["one two four five"]
