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


@pytest.mark.parametrize("name", ["communication", "legislative", "letter"])
def test_each_shipped_structure_alone_is_sound(run_cli, name):
    structure = ROOT / "templates" / f"{name}.xml.j2"
    result = run_cli("template", "check", structure)
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", f"{structure}: ok\n")


@pytest.mark.parametrize("name", ["communication", "legislative"])
def test_a_single_structure_is_checked_with_the_sample_of_its_kind(run_cli, copy, name):
    structure = copy / f"{name}.xml.j2"
    number = _edit_line(structure, "t.sections.essence", "t.sections.essense")
    assert checked(run_cli, structure) == (
        f"Error: {structure}:{number}: template error: 'dict object' has no attribute 'essense'\n"
    )


def test_a_single_structure_of_another_name_is_of_the_kind_it_renders(run_cli, copy):
    structure = copy / "mijn-fiche.xml.j2"
    shutil.copy(copy / "legislative.xml.j2", structure)
    result = run_cli("template", "check", structure)
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", f"{structure}: ok\n")
    number = _edit_line(structure, "t.sections.essence", "t.sections.essense")
    assert checked(run_cli, structure) == (
        f"Error: {structure}:{number}: template error: 'dict object' has no attribute 'essense' "
        "(rendering the sample communication and legislative fiches)\n"
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


# --- the cover letter's template ----------------------------------------------------------


def _line_with(path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _edit_line(path, old: str, new: str) -> int:
    """Replace ``old`` on the one line of ``path`` that holds it; returns that line's number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = _line_with(path, old)
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")
    return number


def checked(run_cli, template) -> str:
    """The one error line `fiche template check` gives, having exited 1."""
    result = run_cli("template", "check", template)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def test_a_folder_with_its_own_letter_is_sound(run_cli, copy):
    _edit_line(
        copy / "letter.xml.j2", "<p>{{ t.letter.addressee }}</p>", "<p><strong>{{ t.letter.addressee }}</strong></p>"
    )
    result = run_cli("template", "check", copy)
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", f"{copy}: ok\n")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "letter.date | longdate",
            "letter.dat | longdate",
            "template error: 'fichebuilder.writers.letter.Letter object' has no attribute 'dat'",
        ),
        (
            "<p>{{ t.letter.addressee }}</p>",
            "<quote>{{ t.letter.addressee }}</quote>",
            "unknown element <quote> in the template's markup: it has no style (title, h1, h2, p, ol, ul have)",
        ),
        (
            "t.letter.addressee",
            "t.letter.adressee",
            "the nl catalogue {catalogue} has no wording 'letter.adressee'",
        ),
    ],
    ids=["a-typo-in-its-variables", "an-element-without-a-style", "wording-the-catalogue-does-not-hold"],
)
def test_a_fault_in_the_letter_is_one_line_at_its_template_line(run_cli, copy, old, new, message):
    structure = copy / "letter.xml.j2"
    number = _edit_line(structure, old, new)
    catalogue = copy / "lang" / "nl.yaml"
    assert checked(run_cli, copy) == f"Error: {structure}:{number}: {message.format(catalogue=catalogue)}\n"


def test_wording_missing_from_the_folders_catalogue(run_cli, copy):
    _edit_line(copy / "lang" / "nl.yaml", "  addressee: Aan de Voorzitter", "  # addressee: Aan de Voorzitter")
    number = _line_with(copy / "letter.xml.j2", "t.letter.addressee")
    assert checked(run_cli, copy) == (
        f"Error: {copy / 'letter.xml.j2'}:{number}: the nl catalogue {copy / 'lang' / 'nl.yaml'} has no wording "
        "'letter.addressee'\n"
    )


def test_wording_in_a_branch_no_sample_letter_takes(run_cli, copy):
    structure = copy / "letter.xml.j2"
    number = _edit_line(
        structure, "</letter>", "{% if letter.number > 9999 %}<p>{{ t.letter.appendix }}</p>{% endif %}</letter>"
    )
    assert checked(run_cli, copy) == (
        f"Error: {structure}:{number}: the nl catalogue {copy / 'lang' / 'nl.yaml'} has no wording 'letter.appendix'\n"
    )


def test_wording_every_letter_needs_besides_its_template(run_cli, copy):
    _edit_line(copy / "lang" / "nl.yaml", "  author: ", "  writer: ")
    number = _line_with(copy / "lang" / "nl.yaml", "letter:")
    assert checked(run_cli, copy) == (
        f"Error: {copy / 'lang' / 'nl.yaml'}:{number}: the catalogue has no wording 'letter.author'\n"
    )


def test_a_folder_without_a_letter_checks_the_shipped_one_with_its_catalogue(run_cli, copy):
    (copy / "letter.xml.j2").unlink()
    _edit_line(copy / "lang" / "nl.yaml", "  place_date:", "  place_and_date:")
    stderr = checked(run_cli, copy)
    assert stderr.startswith(f"Error: {ROOT / 'templates' / 'letter.xml.j2'}:")
    assert stderr.endswith(f"the nl catalogue {copy / 'lang' / 'nl.yaml'} has no wording 'letter.place_date'\n")


def test_a_single_letter_template_is_checked_as_the_letter(run_cli, copy):
    shipped = run_cli("template", "check", ROOT / "templates" / "letter.xml.j2")
    assert shipped.stdout == f"{ROOT / 'templates' / 'letter.xml.j2'}: ok\n"
    structure = copy / "letter.xml.j2"
    number = _edit_line(structure, "letter.minister", "letter.minster")
    assert checked(run_cli, structure) == (
        f"Error: {structure}:{number}: template error: 'fichebuilder.writers.letter.Letter object' has no "
        "attribute 'minster'\n"
    )


def test_the_letter_itself_reports_an_element_without_style_where_the_template_writes_it(run_cli, copy, tmp_path):
    structure = copy / "letter.xml.j2"
    number = _edit_line(structure, "<p>{{ t.letter.addressee }}</p>", "<quote>{{ t.letter.addressee }}</quote>")
    result = run_cli(
        "letter",
        ROOT / "tests" / "data" / "minimal.yaml",
        "--minister",
        "A.B. Voorbeeld",
        "--template",
        copy,
        "-o",
        tmp_path / "brief.docx",
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {structure}:{number}: unknown element <quote>")
    assert not (tmp_path / "brief.docx").exists()
