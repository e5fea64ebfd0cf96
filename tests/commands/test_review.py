"""fiche review: a built fiche of the example, changed the way Word records a review (tracked
insertions and deletions with author and date, runs split mid-word, comments, an untracked
edit, a split paragraph), reported per field and written back into the position file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fichebuilder.commands.overview import stance_overview
from fichebuilder.ooxml.reviewed import read_reviewed
from fichebuilder.source.loading import load_position
from fichebuilder.writers.building import build_fiche
from tests.commands.wordreview import (
    Edit,
    comment,
    embolden,
    insert_at_anchor_end,
    new_paragraph_before,
    replace,
    rewrite,
    split_paragraph,
)
from tests.conftest import POSITIONS, git, held_by_another_process

EXAMPLE = POSITIONS / "com-2025-744.yaml"


def review_edits(document, notes, comments) -> None:
    replace(document, "meetbare ", "", "Anne", 10)  # inside a condition
    replace(notes, "Nederland neemt deel aan MAOC-N", "Nederland neemt sinds 2007 deel aan MAOC-N", "Bram", 20)
    replace(document, "De grondhouding van het kabinet is positief.", "De grondhouding van het kabinet is negatief.",
            "Anne", 30)  # fmt: skip
    replace(document, "effectief", "doeltreffend", "Anne", 40, tracked=False)  # typed without track changes
    comment(document, "drugssmokkel", 1, "Carla", "Graag de bron noemen.", comments)
    comment(document, "Europol", 2, "Bram", "Klopt dit aantal?", comments)


def reviewed_copy(tmp_path: Path, edit: Edit, *, text: str | None = None) -> tuple[Path, Path]:
    """The example (or ``text``) as a position file in ``tmp_path``, built, and reviewed by ``edit``."""
    position = tmp_path / "fiche.yaml"
    if text is None:
        shutil.copy(EXAMPLE, position)
    else:
        position.write_text(text, encoding="utf-8")
    built = build_fiche(position, output=tmp_path / "fiche.docx")[0].path
    return position, rewrite(built, tmp_path / "reviewed.docx", edit)


def example_repository(tmp_path: Path) -> Path:
    """A git repository in ``tmp_path`` holding the example as fiche.yaml, committed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(EXAMPLE, repo / "fiche.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    return repo


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[Path, Path]:
    return reviewed_copy(tmp_path, review_edits)


def words_of(docx: Path) -> dict[str, str]:
    """The texts of a document per field, every change accepted."""
    return {p: f.text() for p, f in read_reviewed(docx, docx.read_bytes()).fields.items()}


def test_the_report_lists_changes_and_comments_per_field(reviewed, run_cli):
    _, docx = reviewed
    result = run_cli("review", docx)
    assert result.exit_code == 0, result.output
    assert 'deleted "meetbare " (Anne, 2026-01-15T10:00:00Z)' in result.output
    assert "grounds.competence.verdict:" in result.output
    assert 'inserted "Nederland neemt sinds 2007 deel aan MAOC-N" (Bram' in result.output
    assert "edited without track changes" in result.output
    assert "Graag de bron noemen." in result.output and "Klopt dit aantal?" in result.output


def test_apply_writes_the_reviewed_words_and_a_rebuild_shows_them(reviewed, run_cli, tmp_path):
    position, docx = reviewed
    before = position.read_text(encoding="utf-8")
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    after = position.read_text(encoding="utf-8")
    assert "meetbare" in before and after.count("meetbare") == before.count("meetbare") - 1
    assert "verdict: negative" in after
    # a rebuild has the reviewed document's words, all changes accepted
    rebuilt = build_fiche(position, output=tmp_path / "again.docx")[0].path
    assert words_of(rebuilt) == words_of(docx)
    check = run_cli("check", position)
    assert check.exit_code == 0, check.output
    assert "Open comment: " in check.output and "Klopt dit aantal?" in check.output


LINKED = "[Kamerstuk 29 911,\n      nr. 355](https://zoek.officielebekendmakingen.nl/kst-29911-355.pdf)"


def test_a_replaced_word_in_a_link_label_stays_in_the_link(tmp_path, run_cli):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "Kamerstuk 29 911,\n      nr. 355 <https://zoek.officielebekendmakingen.nl/kst-29911-355.pdf>", LINKED
    )
    assert LINKED in text
    position, docx = reviewed_copy(
        tmp_path, lambda document, notes, comments: replace(notes, "Kamerstuk", "Kamerbrief", "Anne", 10), text=text
    )
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    assert LINKED.replace("Kamerstuk", "Kamerbrief") in position.read_text(encoding="utf-8")


@pytest.mark.parametrize("inside", [True, False], ids=["before the anchor's end", "after the anchor's end"])
def test_a_new_sentence_at_the_end_of_an_action_goes_after_its_condition(tmp_path, run_cli, inside):
    def edit(document, notes, comments):
        insert_at_anchor_end(document, "f_actions_1_text", " Dit is een nieuwe zin.", "Anne", 10, inside=inside)

    position, docx = reviewed_copy(tmp_path, edit)
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    text = load_position(position).fiche.actions[1].text
    assert text.nl.endswith("operationele samenwerking.]{.condition} Dit is een nieuwe zin.\n")
    assert stance_overview(load_position(position).fiche) == stance_overview(load_position(EXAMPLE).fiche)
    check = run_cli("check", position)
    assert check.exit_code == 0 and "actions[1].text" in check.output  # its English is now stale


def test_a_paragraph_split_in_two_becomes_two_paragraphs(tmp_path, run_cli):
    def edit(document, notes, comments):
        split_paragraph(document, "effectieve aanpak van drugshandel.", "Anne", 10)

    position, docx = reviewed_copy(tmp_path, edit)
    result = run_cli("review", docx)
    assert "paragraph split (Anne" in result.output
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    paragraphs = load_position(position).fiche.position.assessment.nl.split("\n\n")
    was = load_position(EXAMPLE).fiche.position.assessment.nl.split("\n\n")
    assert len(paragraphs) == len(was) + 1
    assert paragraphs[0] == "Het kabinet onderschrijft het belang van een effectieve aanpak van drugshandel."
    assert " ".join(paragraphs[1].split()) == " ".join(was[0].split()).partition("drugshandel. ")[2]
    rebuilt = build_fiche(position, output=tmp_path / "again.docx")[0].path
    assert words_of(rebuilt) == words_of(docx)


def test_accept_takes_only_the_named_authors_changes(reviewed, run_cli):
    position, docx = reviewed
    result = run_cli("review", docx, "--apply", "--accept", "Anne")
    assert result.exit_code == 0, result.output
    fiche = load_position(position).fiche
    was = load_position(EXAMPLE).fiche
    assert "meetbare" not in fiche.position.assessment.nl and "meetbare" in was.position.assessment.nl
    assert fiche.grounds.competence.verdict == "negative"
    assert fiche.footnotes["maoc-n"].nl == was.footnotes["maoc-n"].nl  # Bram's change is left out
    # and so is the edit typed without track changes: it is nobody's named change
    assert "doeltreffend" not in position.read_text(encoding="utf-8")


def unmapped_edits(document, notes, comments) -> None:
    replace(document, "meetbare ", "", "Anne", 10)
    replace(document, "Essentie voorstel", "Kern van het voorstel", "Anne", 20)  # a heading
    new_paragraph_before(document, "Nederlandse positie ten aanzien", "Een alinea tussen twee secties.", "Bram", 30)


def test_a_change_in_no_field_is_listed_and_nothing_is_written(tmp_path, run_cli):
    position, docx = reviewed_copy(tmp_path, unmapped_edits)
    before = position.read_bytes()
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 1
    assert (
        'in no field: body, paragraph 17 (a heading): "2. Essentie voorstel" -> "2. Kern van het voorstel" (Anne)'
        in result.output
    )
    assert (
        'in no field: body, paragraph 24, under "2. Essentie voorstel": "Een alinea tussen twee secties." (Bram)'
        in result.output
    )
    assert '"Een alinea tussen twee secties." (Bram)' in result.output
    assert result.stderr.count("\n") == 1 and "nothing written" in result.stderr
    assert position.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fiche.docx", "fiche.yaml", "reviewed.docx"]


def test_partial_writes_what_maps_to_a_field(tmp_path, run_cli):
    position, docx = reviewed_copy(tmp_path, unmapped_edits)
    result = run_cli("review", docx, "--apply", "--partial")
    assert result.exit_code == 0, result.output
    assert "in no field: body, paragraph 17" in result.output
    text = position.read_text(encoding="utf-8")
    assert (
        "meetbare" in EXAMPLE.read_text(encoding="utf-8")
        and text.count("meetbare") == EXAMPLE.read_text(encoding="utf-8").count("meetbare") - 1
    )
    assert "Een alinea tussen" not in text and "Kern van het voorstel" not in text


def _libreoffice_copy(soffice: str, docx: Path, folder: Path) -> Path:
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "docx",
         "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / docx.name


def test_a_review_saved_by_libreoffice_applies_alike(reviewed, run_cli, soffice, tmp_path):
    position, docx = reviewed
    saved = _libreoffice_copy(soffice, docx, tmp_path / "lo")
    original = position.read_bytes()
    result = run_cli("review", saved, "--apply")
    assert result.exit_code == 0, result.output
    through_libreoffice = position.read_text(encoding="utf-8")
    position.write_bytes(original)
    assert run_cli("review", docx, "--apply").exit_code == 0
    assert through_libreoffice == position.read_text(encoding="utf-8")
    assert through_libreoffice.encode() != original


def test_git_diff_shows_the_reviewed_edits_and_nothing_else(tmp_path, run_cli):
    repo = example_repository(tmp_path)
    position = repo / "fiche.yaml"
    built = build_fiche(position, output=tmp_path / "fiche.docx")[0].path
    docx = rewrite(built, tmp_path / "reviewed.docx", review_edits)
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    diff = git(repo, "diff", "--unified=0", "--", "fiche.yaml").splitlines()
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    expected = []
    for line in removed:
        for old, new in (("meetbare ", ""), ("neemt deel", "neemt sinds 2007 deel"), ("verdict: positive",
                         "verdict: negative"), ("effectief", "doeltreffend")):  # fmt: skip
            line = line.replace(old, new, 1)
        expected.append(line)
    assert added == expected
    assert len(removed) == 4 and sum(line.startswith("@@") for line in diff) == 4


def test_the_document_of_another_position_file_is_refused(reviewed, run_cli, tmp_path):
    _, docx = reviewed
    other = tmp_path / "other.yaml"
    shutil.copy(POSITIONS / "com-2023-641.yaml", other)
    before = other.read_bytes()
    result = run_cli("review", docx, "--into", other, "--apply")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "other.yaml" in result.output and "fiche.yaml" in result.output
    assert other.read_bytes() == before
    assert not (tmp_path / "other.review.yaml").exists()


def test_a_recorded_commit_the_repository_lacks_is_refused(tmp_path, run_cli):
    repo = example_repository(tmp_path)
    position = repo / "fiche.yaml"
    built = build_fiche(position, output=tmp_path / "fiche.docx")[0].path
    docx = rewrite(built, tmp_path / "reviewed.docx", review_edits)
    recorded = git(repo, "rev-parse", "HEAD").strip()
    # the history is made anew (as in another clone rewritten since) and the file changed
    shutil.rmtree(repo / ".git")
    position.write_text(position.read_text(encoding="utf-8").replace("Niet opgesteld.", "Niet opgesteld!"),
                        encoding="utf-8")  # fmt: skip
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "again")
    before = position.read_bytes()
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and recorded[:12] in result.output
    assert position.read_bytes() == before and not (repo / "fiche.review.yaml").exists()


def test_a_document_without_anchors_points_to_import(tmp_path, run_cli):
    plain = tmp_path / "plain.docx"
    import docx

    docx.Document().save(str(plain))
    result = run_cli("review", plain)
    assert result.exit_code == 1
    assert "fiche import" in result.output and len(result.output.strip().splitlines()) == 1


def test_a_damaged_document_is_one_line(tmp_path, run_cli):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = run_cli("review", bad)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "bad.docx" in result.output


def test_a_password_protected_document_is_one_line(reviewed, run_cli, tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    position, docx = reviewed
    locked = tmp_path / "locked.docx"
    with docx.open("rb") as plain, locked.open("wb") as out:
        msoffcrypto.OOXMLFile(plain).encrypt("geheim", out)
    assert locked.read_bytes().startswith(bytes.fromhex("d0cf11e0a1b11ae1"))  # an OLE compound file, as Word's
    before = position.read_bytes()
    result = run_cli("review", locked, "--apply")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {locked}: is password-protected (encrypted) or an old Word document (.doc): "
        "save it in Word as a .docx without a password and try again\n"
    )
    assert position.read_bytes() == before and not (tmp_path / "fiche.review.yaml").exists()


def test_a_verdict_sentence_reworded_beyond_a_verdict_maps_to_no_field(tmp_path, run_cli):
    def edit(document, notes, comments):
        replace(document, "is positief.", "is overwegend positief.", "Anne", 10)

    position, docx = reviewed_copy(tmp_path, edit)
    before = position.read_bytes()
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 1
    assert (
        'in no field: grounds.competence.verdict (no verdict sentence): "De grondhouding van het kabinet is positief." '
        '-> "De grondhouding van het kabinet is overwegend positief." (Anne)'
    ) in result.output
    assert position.read_bytes() == before


def test_reviews_applied_at_once_keep_every_comment(tmp_path):
    position = tmp_path / "fiche.yaml"
    shutil.copy(EXAMPLE, position)
    built = build_fiche(position, output=tmp_path / "fiche.docx")[0].path
    reviewers = [f"Lezer {k}" for k in range(6)]
    documents = []
    for k, name in enumerate(reviewers):

        def edit(document, notes, comments, name=name):
            comment(document, "Europol", 1, name, f"Opmerking van {name}.", comments)

        documents.append(rewrite(built, tmp_path / f"reviewed-{k}.docx", edit))
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "fichebuilder", "review", str(d), "--apply"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for d in documents
    ]
    codes = [run.wait(timeout=180) for run in runs]
    for run in runs:
        run.communicate()
    assert codes == [0] * len(reviewers)
    kept = (tmp_path / "fiche.review.yaml").read_text(encoding="utf-8")
    assert sorted(name for name in reviewers if f"Opmerking van {name}." in kept) == reviewers


def test_a_run_made_bold_with_track_changes_is_reported_as_formatting(tmp_path, run_cli):
    position, document = reviewed_copy(tmp_path, lambda d, n, c: embolden(d, "drugssmokkel", "Dirk", 50))
    before = position.read_bytes()
    result = run_cli("review", document, "--format", "json")
    edits = [e for review in json.loads(result.stdout)["reviews"] for f in review["fields"] for e in f["edits"]]
    assert {"kind": "formatting changed", "author": "Dirk", "date": "2026-01-15T10:00:00Z", "text": ""} in edits
    assert run_cli("review", document, "--apply").exit_code == 0
    assert position.read_bytes() == before  # the position file holds no formatting to change


def test_fiche_lock_wait_says_how_long_apply_waits_for_another_process(reviewed, run_cli, monkeypatch):
    position, docx = reviewed
    before = position.read_bytes()
    monkeypatch.setenv("FICHE_LOCK_WAIT", "1")
    with held_by_another_process(position):
        started = time.monotonic()
        result = run_cli("review", docx, "--apply")
        waited = time.monotonic() - started
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {position}: another fiche command has been changing this file for 1 s; try again when it is done\n"
    )
    assert 1 <= waited < 10
    assert position.read_bytes() == before
    assert not position.with_name("fiche.review.yaml").exists()  # its comments wait for the file too
    again = run_cli("review", docx, "--apply")
    assert again.exit_code == 0, again.output
    assert "verdict: negative" in position.read_text(encoding="utf-8")
    assert "Klopt dit aantal?" in position.with_name("fiche.review.yaml").read_text(encoding="utf-8")


LABEL = "EUR-Lex - 52025DC0744 - EN - EUR-Lex"
URL = "https://eur-lex.europa.eu/legal-content/EN/ALL/?uri=COM%3A2025%3A744%3AFIN"


def test_a_changed_eurlex_label_goes_to_the_label_and_keeps_the_address(tmp_path, run_cli):
    position, docx = reviewed_copy(tmp_path, lambda d, n, c: replace(d, "- EN -", "- NL -", "Anne", 10))
    report = run_cli("review", docx)
    assert report.exit_code == 0, report.output
    assert 'general.eurlex.label:\n  deleted "- EN -" (Anne, 2026-01-15T10:00:00Z)\n' in report.output
    assert f"  new: {LABEL.replace('EN', 'NL')}\n" in report.output
    assert run_cli("review", docx, "--apply").exit_code == 0
    link = load_position(position).fiche.general.eurlex
    assert (link.url, link.label) == (URL, "EUR-Lex - 52025DC0744 - NL - EUR-Lex")
    rebuilt = build_fiche(position, output=tmp_path / "again.docx")[0].path
    assert words_of(rebuilt) == words_of(docx)


def test_the_shown_address_of_a_link_without_a_label_becomes_its_label(tmp_path, run_cli):
    text = EXAMPLE.read_text(encoding="utf-8").replace(f"    label: {LABEL}\n", "")
    assert f"{URL}\n  impact_assessment:" in text
    position, docx = reviewed_copy(
        tmp_path, lambda d, n, c: replace(d, URL, "Het actieplan op EUR-Lex", "Anne", 10), text=text
    )
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    assert f"    url: {URL}\n    label: Het actieplan op EUR-Lex\n  impact_assessment:" in position.read_text(
        encoding="utf-8"
    )


def test_the_label_of_the_second_proposal_of_a_fiche_on_two(tmp_path, run_cli):
    text = (POSITIONS / "psychoactive-substances-2026.yaml").read_text(encoding="utf-8")
    position, docx = reviewed_copy(
        tmp_path, lambda d, n, c: replace(d, "52026PC0999 - NL", "52026PC0999 - NL (herzien)", "Anne", 10), text=text
    )
    assert "general.proposals.1.eurlex.label:" in run_cli("review", docx).output
    assert run_cli("review", docx, "--apply").exit_code == 0
    first, second = load_position(position).fiche.general.proposals
    assert first.eurlex.label == "EUR-Lex - 52026PC0998 - NL - EUR-Lex"
    assert second.eurlex.label == "EUR-Lex - 52026PC0999 - NL (herzien) - EUR-Lex"


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("4 december 2025", "5 december 2025", 'paragraph 6, under "b) Datum ontvangst Commissiedocument"'),
        ("COM(2025) 744", "COM(2025) 745", 'paragraph 8, under "c) Nr. Commissiedocument"'),
    ],
    ids=["received date", "COM number"],
)
def test_a_change_to_section_1_data_stays_outside_the_fields(tmp_path, run_cli, old, new, place):
    position, docx = reviewed_copy(tmp_path, lambda d, n, c: replace(d, old, new, "Anne", 10))
    before = position.read_bytes()
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 1
    # data, not prose: a build writes it in its own way (a long date, the numbers joined)
    assert f'in no field: body, {place}: "{old}" -> "{new}" (Anne)\n' in result.output
    assert position.read_bytes() == before


def test_the_eurlex_anchor_survives_libreoffice(tmp_path, run_cli, soffice):
    position = tmp_path / "fiche.yaml"
    shutil.copy(EXAMPLE, position)
    built = build_fiche(position, output=tmp_path / "fiche.docx")[0].path
    saved = _libreoffice_copy(soffice, built, tmp_path / "lo")
    assert words_of(saved)["general.eurlex.label"] == LABEL
    docx = rewrite(saved, tmp_path / "reviewed.docx", lambda d, n, c: replace(d, "- EN -", "- NL -", "Anne", 10))
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    assert load_position(position).fiche.general.eurlex.label == LABEL.replace("EN", "NL")


def test_a_bracket_typed_inside_a_condition_is_a_character_and_the_condition_stays(tmp_path, run_cli):
    position, docx = reviewed_copy(
        tmp_path, lambda document, notes, comments: replace(document, "meetbare ", "[meetbare ", "Anne", 10)
    )
    result = run_cli("review", docx, "--apply")
    assert result.exit_code == 0, result.output
    written = position.read_text(encoding="utf-8")
    assert r"[Wanneer er geen \[meetbare vooruitgang" in written
    assert written.count("]{.condition}") == EXAMPLE.read_text(encoding="utf-8").count("]{.condition}")
    assert stance_overview(load_position(position).fiche) == stance_overview(load_position(EXAMPLE).fiche)
