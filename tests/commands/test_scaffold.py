"""fiche new: a position file to fill in, that check accepts with warnings and build refuses until filled."""

from __future__ import annotations

import json
import re

import docx
import jsonschema
import msgspec
import pytest

from fichebuilder import cli
from fichebuilder.model import KIND_FIELDS, KINDS
from fichebuilder.source.schema import SCHEMA_FILE, position_schema
from fichebuilder.source.yamlsource import read_yaml
from fichebuilder.writers.templating import default_template_dir
from tests.conftest import docx_to_pdf_text

NEW = "positions/com-2025-744.yaml"
PLACEHOLDER_WARNING = re.compile(
    r"Warning: positions/com-2025-744\.yaml:\d+:\d+: [\w.\[\]]+: placeholder ⟦in te vullen⟧ is still to fill in"
)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new(run_cli, kind="communication", *extra):
    result = run_cli("new", "--kind", kind, "--com", "COM(2025) 744", "--received", "2025-12-04", *extra)
    assert result.exit_code == 0, result.stderr
    return result


def test_new_writes_positions_com_number_yaml(run_cli, workdir):
    result = new(run_cli)
    assert result.stdout == f"wrote {NEW}: fill in every ⟦in te vullen⟧; fiche check {NEW} lists those left\n"
    data, _ = read_yaml(workdir / NEW)
    assert data["kind"] == "communication"
    assert data["general"]["com_number"] == "COM(2025) 744"
    assert str(data["general"]["received"]) == "2025-12-04"
    assert data["general"]["eurlex"]["url"].endswith("CELEX:52025DC0744")


@pytest.mark.parametrize("kind", KINDS)
def test_check_passes_a_new_file_with_a_warning_per_placeholder(run_cli, workdir, kind):
    new(run_cli, kind)
    placeholders = (workdir / NEW).read_text(encoding="utf-8").count("⟦in te vullen⟧") - 1  # one in the header
    result = run_cli("check", NEW)
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert len(warnings) == placeholders > 10
    assert all(PLACEHOLDER_WARNING.fullmatch(w) for w in warnings), warnings
    assert result.stdout.endswith(f"{NEW}: ok ({placeholders} warning(s))\n")


def test_a_warning_names_the_line_of_its_placeholder(run_cli, workdir):
    new(run_cli)
    lines = (workdir / NEW).read_text(encoding="utf-8").splitlines()
    warning = next(w for w in run_cli("check", NEW).stderr.splitlines() if " essence: " in w)
    line, column = map(int, warning.split(":")[2:4])
    assert lines[line - 1][column - 1 :] == "⟦in te vullen⟧"
    assert lines[line - 2] == "essence: |"


def test_build_refuses_placeholders_in_one_line(run_cli, workdir):
    new(run_cli)
    placeholders = (workdir / NEW).read_text(encoding="utf-8").count("⟦in te vullen⟧") - 1
    result = run_cli("build", NEW)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"Error: {NEW}: {placeholders} placeholder(s) ⟦…⟧ still to fill in (build with --draft for a CONCEPT): "
        "line 17 title; line 33 general.proposal_title; line 49 general.impact_assessment; and 16 more "
    )
    assert not (workdir / "out").exists()


def test_build_draft_puts_concept_in_the_header(run_cli, workdir):
    new(run_cli)
    result = run_cli("build", "--draft", NEW)
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(workdir / "out" / "com-2025-744.docx"))
    assert [p.text for p in document.sections[0].header.paragraphs] == ["CONCEPT"]


def test_build_draft_of_a_folder(run_cli, workdir):
    new(run_cli)
    assert run_cli("build", "positions").exit_code == 1
    result = run_cli("build", "--draft", "positions")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "out" / "com-2025-744.docx").exists()


def test_every_page_of_a_draft_says_concept(run_cli, workdir, soffice):
    new(run_cli)
    assert run_cli("build", "--draft", NEW).exit_code == 0
    pages = docx_to_pdf_text(soffice, workdir / "out" / "com-2025-744.docx", workdir).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    assert all("CONCEPT" in page for page in pages)


@pytest.mark.parametrize("kind", KINDS)
def test_new_then_build_draft(run_cli, workdir, kind):
    if not (default_template_dir() / f"{kind}.xml.j2").exists():
        pytest.skip(f"no {kind} template yet")
    new(run_cli, kind)
    result = run_cli("build", "--draft", NEW)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_file_has_its_kinds_sections_only(run_cli, workdir, kind):
    new(run_cli, kind)
    data, _ = read_yaml(workdir / NEW)

    def has(path: tuple[str, ...]) -> bool:
        value = data
        for part in path:
            if not isinstance(value, dict) or part not in value:
                return False
            value = value[part]
        return True

    for other, paths in KIND_FIELDS.items():
        assert all(has(path) == (other == kind) for path in paths), (other, paths)


def test_a_new_file_follows_the_schema(run_cli, workdir):
    new(run_cli)
    data, _ = read_yaml(workdir / NEW)
    jsonschema.validate(json.loads(msgspec.json.encode(data)), position_schema())


def test_comments_explain_each_section_in_dutch(run_cli, workdir):
    new(run_cli)
    text = (workdir / NEW).read_text(encoding="utf-8")
    for comment in (
        "# 1. Algemene gegevens.",
        "# 2. Essentie voorstel",
        "# 3. Nederlandse positie.",
        "# 4. Bevoegdheid",
    ):
        assert f"\n{comment}" in text
    assert "  # b) Datum ontvangst Commissiedocument, als JJJJ-MM-DD." in text


def test_new_points_at_the_schema_in_a_checkout(run_cli, workdir):
    (workdir / SCHEMA_FILE).parent.mkdir()
    (workdir / SCHEMA_FILE).write_text("{}", encoding="utf-8")
    new(run_cli)
    assert (workdir / NEW).read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../docs/position.schema.json"
    )


def test_new_outside_a_checkout_writes_the_schema_beside_the_file(run_cli, workdir):
    new(run_cli, "communication", "-o", "elders/x.yaml")
    lines = (workdir / "elders" / "x.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=position.schema.json"
    assert json.loads((workdir / "elders" / "position.schema.json").read_text(encoding="utf-8")) == position_schema()
    assert not any("docs/" in line for line in lines)  # an installed user has no docs folder


def test_new_keeps_a_schema_already_beside_it(run_cli, workdir):
    (workdir / "elders").mkdir()
    (workdir / "elders" / "position.schema.json").write_text("{}", encoding="utf-8")
    new(run_cli, "communication", "-o", "elders/x.yaml")
    assert (workdir / "elders" / "position.schema.json").read_text(encoding="utf-8") == "{}"


def test_build_of_a_fresh_file_names_the_count_and_the_first_placeholders(run_cli, workdir):
    new(run_cli)
    result = run_cli("build", NEW)
    assert result.exit_code == 1
    assert result.stderr.endswith("; and 16 more (fiche check lists them all)\n")
    assert len(result.stderr) < 300


def test_new_never_writes_over_a_file(run_cli, workdir):
    (workdir / "positions").mkdir()
    (workdir / NEW).write_text("keep: me\n", encoding="utf-8")
    result = run_cli("new", "--kind", "communication", "--com", "COM(2025) 744")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {NEW}: already exists; fiche new never writes over a file (choose another name with -o)\n"
    )
    assert (workdir / NEW).read_text(encoding="utf-8") == "keep: me\n"


@pytest.mark.parametrize(
    ("com", "expected"),
    [("COM(2025)744", "com-2025-744"), ("com (2024) 12 final", "com-2024-12")],
    ids=["no-space", "lower-case-final"],
)
def test_com_number_spellings(run_cli, workdir, com, expected):
    result = run_cli("new", "--kind", "legislative", "--com", com)
    assert result.exit_code == 0, result.stderr
    assert (workdir / "positions" / f"{expected}.yaml").exists()


def test_a_bad_com_number_is_a_usage_error(run_cli, workdir):
    result = run_cli("new", "--kind", "communication", "--com", "744/2025")
    assert result.exit_code == 2
    assert result.stderr == "Error: '744/2025' is not a COM number like COM(2025) 744\n"
    assert not (workdir / "positions").exists()


def test_new_offers_every_kind_of_the_model():
    kind_option = next(p for p in cli.new.params if p.name == "kind")
    assert tuple(kind_option.type.choices) == KINDS


def test_new_with_two_com_numbers_lists_two_proposals(run_cli, workdir):
    result = run_cli(
        "new", "--kind", "legislative", "--com", "COM(2025) 836", "--com", "COM(2025) 837", "--received", "2025-12-10"
    )
    assert result.exit_code == 0, result.stderr
    path = workdir / "positions" / "com-2025-836-837.yaml"
    data, _ = read_yaml(path)
    general = data["general"]
    assert [p["com_number"] for p in general["proposals"]] == ["COM(2025) 836", "COM(2025) 837"]
    assert [p["eurlex"]["url"][-11:] for p in general["proposals"]] == ["52025PC0836", "52025PC0837"]
    assert not {"proposal_title", "com_number", "eurlex"} & set(general)
    jsonschema.validate(json.loads(msgspec.json.encode(data)), position_schema())
    check = run_cli("check", path)
    assert check.exit_code == 0
    assert "general.proposals[1].title: placeholder ⟦in te vullen⟧ is still to fill in" in check.stderr


def test_com_numbers_of_different_years_name_the_file(run_cli, workdir):
    result = run_cli("new", "--kind", "communication", "--com", "COM(2025) 836", "--com", "COM(2026) 12")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "positions" / "com-2025-836-com-2026-12.yaml").exists()


def test_the_same_com_number_twice_is_a_usage_error(run_cli, workdir):
    result = run_cli("new", "--kind", "communication", "--com", "COM(2025) 836", "--com", "COM(2025)836")
    assert result.exit_code == 2
    assert result.stderr == "Error: COM(2025) 836 is given twice with --com\n"
    assert not (workdir / "positions").exists()


def test_a_new_file_shows_where_the_sending_goes_once_known(run_cli, workdir):
    new(run_cli)
    text = (workdir / NEW).read_text(encoding="utf-8")
    assert "\n# parliament:\n#   sent: JJJJ-MM-DD\n#   kamerstuk: 22 112, nr. …\n" in text
    uncommented = text.replace("# parliament:\n#   sent: JJJJ-MM-DD", "parliament:\n  sent: 2025-12-20").replace(
        "#   kamerstuk: 22 112, nr. …", "  kamerstuk: 22 112, nr. 4101"
    )
    (workdir / NEW).write_text(uncommented, encoding="utf-8")
    assert run_cli("check", NEW).exit_code == 0
