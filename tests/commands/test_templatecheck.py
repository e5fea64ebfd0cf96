"""`fiche template check`: a template's errors, located, before a build meets them."""

from __future__ import annotations

import shutil

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import ROOT


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "mijn-sjabloon"
    shutil.copytree(ROOT / "templates", target)
    return target


def test_the_shipped_templates_are_sound(run_cli):
    result = run_cli("template", "check", ROOT / "templates")
    assert result.stderr == ""
    assert result.exit_code == 0
    assert result.stdout == f"{ROOT / 'templates'}: ok\n"


def test_undefined_name_is_reported_with_its_line(run_cli, copy):
    structure = copy / "communication.xml.j2"
    lines = structure.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "t.sections.essence" in line)
    lines[number - 1] = lines[number - 1].replace("t.sections.essence", "t.sections.essense")
    structure.write_text("".join(lines), encoding="utf-8")
    result = run_cli("template", "check", copy)
    assert result.exit_code == 1
    assert f"Error: {structure}:{number}: template error: 'dict object' has no attribute 'essense'" in result.stderr


def test_syntax_error_is_reported_with_its_line(run_cli, copy):
    structure = copy / "communication.xml.j2"
    structure.write_text(structure.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    lines = structure.read_text(encoding="utf-8").count("\n")
    result = run_cli("template", "check", copy)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {structure}:{lines}: template syntax error: Expected an expression, got 'end of statement block'\n"
    )


def test_jinja_tag_split_over_runs_in_the_house_style_is_found(run_cli, copy):
    reference = docx.Document(str(copy / "reference.docx"))
    paragraph = reference.add_paragraph()
    paragraph.add_run("Titel: {{ fiche.")
    paragraph.add_run("title }}")
    reference.save(str(copy / "reference.docx"))
    result = run_cli("template", "check", copy)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {copy / 'reference.docx'}: body paragraph 1 holds the Jinja tag '{{{{ fiche.title }}}}', split by "
        "Word over 2 runs: the house-style document is not filled in, so the tag would be printed as it is; put it "
        "in the .xml.j2 template instead\n"
    )


def test_a_file_that_is_no_word_document(run_cli, tmp_path):
    fake = tmp_path / "stijl.docx"
    fake.write_text("geen docx", encoding="utf-8")
    result = run_cli("template", "check", fake)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {fake}: cannot open the house-style document: ")
    assert len(result.stderr.splitlines()) == 1


def test_heading_styles_without_tab_stop_or_outline_level_are_reported(run_cli, copy):
    reference = docx.Document(str(copy / "reference.docx"))
    heading = reference.styles["Heading 2"]
    heading.paragraph_format.tab_stops.clear_all()
    ppr = heading.element.pPr
    ppr.remove(ppr.find(qn("w:outlineLvl")))
    reference.save(str(copy / "reference.docx"))
    result = run_cli("template", "check", copy)
    assert result.exit_code == 1
    where = copy / "reference.docx"
    assert result.stderr == (
        f"Error: {where}: the house-style document's style 'Heading 2' has no outline level 2: Word's navigation "
        "pane, screen readers and the PDF would not list its headings (set it in the style's paragraph settings)\n"
        f"Error: {where}: the house-style document's style 'Heading 2' has no tab stop: a heading's text after its "
        "number would go to Word's default tab stop (the house style sets one at 18 pt)\n"
    )
