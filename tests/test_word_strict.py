"""Every kind of document fichebuilder writes is valid Office Open XML, so Word opens it without
offering to repair it: openxml-audit (Microsoft's Open XML SDK checks, in Python) finds nothing
at the microsoft365 level."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import yaml
from hypothesis import HealthCheck, given, settings

from fichebuilder.compare.redline import write_redline
from fichebuilder.source.loading import load_position
from fichebuilder.writers.building import build_fiche
from tests.conftest import DATA, POSITIONS, ROOT
from tests.test_hardening import build_and_check, fiche_data


def word_errors(*paths: Path) -> dict[str, list[str]]:
    """openxml-audit's findings per document, as "part: description".

    Each document is checked in a process of its own: openxml-audit 0.8 keeps what it
    read of one package under the package's ``id()``, so that in one process a later
    document can be checked against an earlier one's parts.
    """
    runs = {
        path.name: subprocess.Popen(
            [sys.executable, "-m", "openxml_audit", str(path), "-f", "microsoft365", "-o", "json", "-m", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for path in paths
    }
    found = {}
    for name, run in runs.items():
        out, err = run.communicate(timeout=120)
        assert out.strip(), err.decode()
        [report] = json.loads(out)
        found[name] = [f"{e['part_uri']}: {e['description']}" for e in report["errors"]]
    return found


def test_fiches_of_each_kind_and_language_and_a_draft_are_valid(tmp_path):
    built = [
        *build_fiche(POSITIONS / "com-2025-744.yaml", output=tmp_path / "communication.docx", langs=["nl", "en"]),
        *build_fiche(POSITIONS / "precursors-2025.yaml", output=tmp_path / "legislative.docx", langs=["nl", "en"]),
        *build_fiche(POSITIONS / "com-2025-744.yaml", output=tmp_path / "draft.docx", draft=True),
        # Dutch standing in for missing English: marked, and tagged nl-NL run by run
        *build_fiche(DATA / "minimal.yaml", output=tmp_path / "untranslated.docx", langs=["en"], allow_missing=True),
    ]
    paths = [b.path for b in built]
    assert word_errors(*paths) == {path.name: [] for path in paths}


def test_a_redline_and_the_house_style_are_valid(tmp_path):
    redline = tmp_path / "redline.docx"
    write_redline(
        load_position(POSITIONS / "com-2023-641.yaml"), load_position(POSITIONS / "com-2025-744.yaml"), redline
    )
    reference = ROOT / "templates" / "reference.docx"
    assert word_errors(redline, reference) == {"redline.docx": [], "reference.docx": []}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=fiche_data())
def test_generated_fiches_are_valid(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("strict", numbered=True)
    built = build_and_check(tmp, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8"))
    if built is not None:
        assert word_errors(built) == {built.name: []}


def test_a_draft_in_a_house_style_without_a_header_style_is_valid(tmp_path):
    copy = tmp_path / "style"
    shutil.copytree(ROOT / "templates", copy)
    reference = docx.Document(str(copy / "reference.docx"))
    header = reference.styles["Header"]
    header.element.getparent().remove(header.element)
    reference.save(str(copy / "reference.docx"))
    [built] = build_fiche(POSITIONS / "com-2025-744.yaml", output=tmp_path / "draft.docx", template=copy, draft=True)
    assert word_errors(built.path) == {"draft.docx": []}


def test_a_cover_letter_is_valid(tmp_path):
    from fichebuilder.commands.letter import write_letter

    fiches = [POSITIONS / "com-2025-744.yaml", POSITIONS / "precursors-2025.yaml"]
    written = write_letter(
        fiches, date=datetime.date(2026, 1, 16), minister="A. Minister", number=4001, output=tmp_path / "letter.docx"
    )
    assert word_errors(written.docx) == {"letter.docx": []}
