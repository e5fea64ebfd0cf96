"""fiche review --apply when the position file changed after the build, and with several reviewed
copies: a three-way merge against the version the document was built from (read from git), in
real repositories made in a temporary folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fichebuilder.writers.building import build_fiche
from tests.commands.test_review import example_repository, review_edits
from tests.commands.wordreview import comment, replace, rewrite
from tests.conftest import POSITIONS, git

EXAMPLE = POSITIONS / "com-2025-744.yaml"
# the drafter's changes after the build: one in a field the review changes too (other words), one elsewhere
DRAFTED = [
    ("Het kabinet onderschrijft het belang", "Het kabinet onderstreept het belang"),
    ("Landen kunnen ook zonder lidmaatschap", "Landen kunnen ook zonder formeel lidmaatschap"),
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding the example as fiche.yaml, committed, and a built document of it."""
    repo = example_repository(tmp_path)
    build_fiche(repo / "fiche.yaml", output=tmp_path / "fiche.docx")
    return repo


def commit(repo: Path, message: str) -> None:
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", message)


def edit_file(path: Path, changes: list[tuple[str, str]]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def applied_to_the_unchanged_file(tmp_path: Path, docx: Path) -> str:
    """The position file the review gives when nothing changed since the build."""
    from click.testing import CliRunner

    from fichebuilder.cli import main

    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(EXAMPLE, alone / "fiche.yaml")
    result = CliRunner().invoke(main, ["review", str(docx), "--into", str(alone / "fiche.yaml"), "--apply"])
    assert result.exit_code == 0, result.output
    return (alone / "fiche.yaml").read_text(encoding="utf-8")


def test_changes_made_since_the_build_and_the_review_merge(repo, tmp_path, run_cli):
    docx = rewrite(tmp_path / "fiche.docx", tmp_path / "reviewed.docx", review_edits)
    edit_file(repo / "fiche.yaml", DRAFTED)
    commit(repo, "drafted on")
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.output
    expected = applied_to_the_unchanged_file(tmp_path, docx)
    for old, new in DRAFTED:
        expected = expected.replace(old, new)
    assert (repo / "fiche.yaml").read_text(encoding="utf-8") == expected


def test_a_document_built_before_its_changes_were_committed_finds_them_in_a_later_commit(tmp_path, run_cli):
    repo = example_repository(tmp_path)
    edit_file(repo / "fiche.yaml", DRAFTED[:1])  # built with this change not yet committed
    built = build_fiche(repo / "fiche.yaml", output=tmp_path / "fiche.docx")[0].path
    commit(repo, "the change built from")
    edit_file(repo / "fiche.yaml", DRAFTED[1:])
    docx = rewrite(built, tmp_path / "reviewed.docx", review_edits)
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    text = (repo / "fiche.yaml").read_text(encoding="utf-8")
    assert all(new in text for _, new in DRAFTED) and "verdict: negative" in text and "sinds 2007" in text


def test_overlapping_changes_are_listed_and_nothing_is_written(repo, tmp_path, run_cli):
    docx = rewrite(tmp_path / "fiche.docx", tmp_path / "reviewed.docx", review_edits)
    edit_file(repo / "fiche.yaml", [("geen meetbare vooruitgang", "geen zichtbare vooruitgang")])
    commit(repo, "drafted on")
    before = (repo / "fiche.yaml").read_bytes()
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 1
    assert (
        'conflict: position.assessment: "meetbare " -> "" (Anne in reviewed.docx) against "meetbare" -> "zichtbare" '
        "(the position file, changed since the build)"
    ) in result.output
    assert result.stderr.count("\n") == 1 and "nothing written" in result.stderr
    assert (repo / "fiche.yaml").read_bytes() == before and not (repo / "fiche.review.yaml").exists()


def test_force_writes_the_changes_that_do_not_conflict(repo, tmp_path, run_cli):
    docx = rewrite(tmp_path / "fiche.docx", tmp_path / "reviewed.docx", review_edits)
    edit_file(repo / "fiche.yaml", [("geen meetbare vooruitgang", "geen zichtbare vooruitgang")])
    result = run_cli("review", docx, "--apply", "--force")
    assert result.exit_code == 0, result.output
    text = (repo / "fiche.yaml").read_text(encoding="utf-8")
    assert "geen zichtbare vooruitgang" in text  # the file's own words where the conflict was
    assert "verdict: negative" in text and "neemt sinds 2007 deel" in text and "doeltreffend" in text


def anne(document, notes, comments) -> None:
    replace(document, "meetbare ", "", "Anne", 10)
    replace(document, "De grondhouding van het kabinet is positief.", "De grondhouding van het kabinet is negatief.",
            "Anne", 20)  # fmt: skip
    comment(document, "drugssmokkel", 1, "Anne", "Graag de bron noemen.", comments)


def bram(document, notes, comments) -> None:
    replace(notes, "Nederland neemt deel aan MAOC-N", "Nederland neemt sinds 2007 deel aan MAOC-N", "Bram", 10)
    # the same change as Anne's: no conflict
    replace(document, "De grondhouding van het kabinet is positief.", "De grondhouding van het kabinet is negatief.",
            "Bram", 20)  # fmt: skip
    comment(document, "Europol", 1, "Bram", "Klopt dit aantal?", comments)


def test_two_reviewers_copies_merge(repo, tmp_path, run_cli):
    a = rewrite(tmp_path / "fiche.docx", tmp_path / "a.docx", anne)
    b = rewrite(tmp_path / "fiche.docx", tmp_path / "b.docx", bram)
    edit_file(repo / "fiche.yaml", DRAFTED)
    result = run_cli("review", a, b, "--apply")
    assert result.exit_code == 0, result.output
    assert 'deleted "meetbare " (Anne' in result.output and 'inserted "Nederland neemt sinds 2007' in result.output
    text = (repo / "fiche.yaml").read_text(encoding="utf-8")
    was = EXAMPLE.read_text(encoding="utf-8")
    assert text.count("meetbare") == was.count("meetbare") - 1
    assert "neemt sinds 2007 deel" in text and text.count("verdict: negative") == 1
    assert all(new in text for _, new in DRAFTED)
    check = run_cli("check", repo / "fiche.yaml")
    assert "Graag de bron noemen." in check.output and "Klopt dit aantal?" in check.output


def test_reviewers_changing_the_same_words_conflict(repo, tmp_path, run_cli):
    a = rewrite(tmp_path / "fiche.docx", tmp_path / "a.docx", anne)

    def bram_too(document, notes, comments):
        bram(document, notes, comments)
        replace(document, "meetbare ", "toetsbare ", "Bram", 30)

    b = rewrite(tmp_path / "fiche.docx", tmp_path / "b.docx", bram_too)
    before = (repo / "fiche.yaml").read_bytes()
    result = run_cli("review", a, b, "--apply")
    assert result.exit_code == 1
    assert (
        'conflict: position.assessment: "meetbare " -> "" (Anne in a.docx) against "meetbare" -> "toetsbare" '
        "(Bram in b.docx)" in result.output
    )
    assert (repo / "fiche.yaml").read_bytes() == before and not (repo / "fiche.review.yaml").exists()
    report = json.loads(run_cli("review", a, b, "--format", "json").stdout)
    assert [r["document"] for r in report["reviews"]] == [str(a), str(b)]
    assert report["conflicts"] == [
        {"path": "position.assessment", "one_old": "meetbare ", "one": "", "one_by": "Anne in a.docx",
         "other_old": "meetbare", "other": "toetsbare", "other_by": "Bram in b.docx"}
    ]  # fmt: skip
    forced = run_cli("review", a, b, "--apply", "--force")
    assert forced.exit_code == 0, forced.output
    text = (repo / "fiche.yaml").read_text(encoding="utf-8")
    assert text.count("meetbare") == EXAMPLE.read_text(encoding="utf-8").count("meetbare")  # neither
    assert "toetsbare" not in text and "neemt sinds 2007 deel" in text and "verdict: negative" in text


def test_an_action_inserted_since_the_build_does_not_shift_the_review(repo, tmp_path, run_cli):
    docx = rewrite(
        tmp_path / "fiche.docx",
        tmp_path / "reviewed.docx",
        lambda document, notes, comments: replace(document, "Landen kunnen ook", "Staten kunnen ook", "Anne", 10),
    )
    text = (repo / "fiche.yaml").read_text(encoding="utf-8")
    new_action = "  - number: 20\n    area: 1\n    title: Nieuw\n    stance: support\n    text: Een nieuwe actie.\n"
    # a new action first in the list: the reviewed one (number 2) is now the third
    (repo / "fiche.yaml").write_text(text.replace("actions:\n", "actions:\n" + new_action, 1),
                                     encoding="utf-8")  # fmt: skip
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    from fichebuilder.source.loading import load_position

    actions = load_position(repo / "fiche.yaml").fiche.actions
    assert actions[0].number == 20 and actions[0].text == "Een nieuwe actie."
    assert "Staten kunnen ook" in actions[2].text.nl and "Staten" not in actions[1].text.nl


def test_a_label_changed_since_the_build_and_in_the_review_conflicts(repo, tmp_path, run_cli):
    docx = rewrite(
        tmp_path / "fiche.docx", tmp_path / "reviewed.docx", lambda d, n, c: replace(d, "- EN -", "- NL -", "Anne", 10)
    )
    edit_file(repo / "fiche.yaml", [("label: EUR-Lex - 52025DC0744 - EN", "label: EUR-Lex - 52025DC0744 - FR")])
    commit(repo, "drafted on")
    before = (repo / "fiche.yaml").read_bytes()
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 1
    assert 'conflict: general.eurlex.label: "EN" -> "NL" (Anne in reviewed.docx) against "EN" -> "FR"' in result.output
    assert (repo / "fiche.yaml").read_bytes() == before
    edit_file(
        repo / "fiche.yaml", [("- FR - EUR-Lex", "- EN - EUR-Lex (2025)")]
    )  # other words than the review's: they merge
    commit(repo, "drafted again")
    assert run_cli("review", docx, "--apply").exit_code == 0
    assert "label: EUR-Lex - 52025DC0744 - NL - EUR-Lex (2025)\n" in (repo / "fiche.yaml").read_text(encoding="utf-8")
