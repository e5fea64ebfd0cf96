"""Anchors and custom properties: every text of the position file is found again in a built
document by its field path, and the document records what it was built from."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from fichebuilder.model import text_in, walk_texts
from fichebuilder.ooxml.reviewed import read_reviewed
from fichebuilder.source.languages import dotted
from fichebuilder.source.loading import load_position
from fichebuilder.source.textedit import visible_text
from fichebuilder.writers.building import build_fiche
from tests.conftest import POSITIONS, git

EXAMPLE = POSITIONS / "com-2025-744.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("anchors")
    return build_fiche(EXAMPLE, output=out / "fiche.docx")[0].path


def _expected() -> dict[str, str]:
    loaded = load_position(EXAMPLE)
    return {
        dotted(f.path): visible_text(text_in(f.value, "nl") or "").plain
        for f in walk_texts(loaded.fiche)
        if f.kind == "prose" and text_in(f.value, "nl")
    }


def _fields(docx: Path) -> dict[str, str]:
    reviewed = read_reviewed(docx, docx.read_bytes())
    return {path: field.text() for path, field in reviewed.fields.items()}


def test_every_text_of_the_example_is_anchored_with_its_words(built):
    fields = _fields(built)
    expected = _expected()
    # titles of the fiche, its areas and actions are not shown in a communication's fiche
    missing = set(expected) - set(fields)
    assert missing and all(path.endswith("title") for path in missing)
    assert {path: fields[path] for path in expected if path in fields} == {
        path: text for path, text in expected.items() if path in fields
    }
    assert fields["grounds.competence.verdict"] == "De grondhouding van het kabinet is positief."


def test_an_action_running_on_keeps_its_own_anchor(built):
    reviewed = read_reviewed(built, built.read_bytes())
    assert load_position(EXAMPLE).fiche.actions[0].same_paragraph
    area, action = reviewed.fields["areas.0.text"], reviewed.fields["actions.0.text"]
    # one paragraph holds both, and each anchor has only its own words
    last, first = area.paragraphs[-1].items[-1].run, action.paragraphs[0].items[0].run
    assert last.getroottree().getpath(last.getparent()) == first.getroottree().getpath(first.getparent())
    assert area.text() == _expected()["areas.0.text"]
    assert action.text() == _expected()["actions.0.text"]


def test_bookmarks_are_valid_word_bookmarks(built):
    with zipfile.ZipFile(built) as z:
        xml = z.read("word/document.xml").decode() + z.read("word/footnotes.xml").decode()
    starts = re.findall(r'<w:bookmarkStart w:id="(\d+)" w:name="([^"]+)"/>', xml)
    ends = re.findall(r'<w:bookmarkEnd w:id="(\d+)"/>', xml)
    ids = [i for i, _ in starts]
    assert len(ids) == len(set(ids)) > 40
    assert sorted(ids) == sorted(ends)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name) for _, name in starts)


def test_the_document_records_what_it_was_built_from(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(EXAMPLE, repo / "x.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    docx = build_fiche(repo / "x.yaml", output=tmp_path / "x.docx")[0].path
    props = read_reviewed(docx, docx.read_bytes()).properties
    assert props["fiche.source"] == str((repo / "x.yaml").absolute())
    assert props["fiche.sha256"] == hashlib.sha256((repo / "x.yaml").read_bytes()).hexdigest()
    assert props["fiche.language"] == "nl"
    assert props["fiche.commit"] == git(repo, "rev-parse", "HEAD").strip()
    assert props["fiche.path_in_repository"] == "x.yaml"


def test_outside_a_repository_no_commit_is_recorded(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "x.yaml")
    docx = build_fiche(tmp_path / "x.yaml", output=tmp_path / "x.docx")[0].path
    props = read_reviewed(docx, docx.read_bytes()).properties
    assert "fiche.commit" not in props
    assert props["fiche.language"] == "nl"


def test_anchors_and_properties_survive_libreoffice(built, soffice, tmp_path):
    out = tmp_path / "out"
    profile = tmp_path / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
         "--outdir", str(out), str(built)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    saved = out / built.name
    before = read_reviewed(built, built.read_bytes())
    after = read_reviewed(saved, saved.read_bytes())
    assert {p: f.text() for p, f in after.fields.items()} == {p: f.text() for p, f in before.fields.items()}
    assert after.properties["fiche.sha256"] == before.properties["fiche.sha256"]
