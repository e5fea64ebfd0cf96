"""fiche review: a built fiche of the example, changed the way Word records a review (tracked
insertions and deletions with author and date, runs split mid-word, comments, an untracked
edit), reported per field and written back into the position file."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from fichebuilder.ooxml.reviewed import read_reviewed
from fichebuilder.writers.building import build_fiche
from tests.conftest import POSITIONS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXAMPLE = POSITIONS / "com-2025-744.yaml"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _run(text: str, rpr, *, deleted: bool = False):
    run = etree.Element(w("r"))
    run.set(w("rsidR"), "00A1B2C3")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = etree.SubElement(run, w("delText" if deleted else "t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _change(kind: str, author: str, ident: int, *runs):
    element = etree.Element(w(kind))
    element.set(w("id"), str(ident))
    element.set(w("author"), author)
    element.set(w("date"), "2026-01-15T10:00:00Z")
    element.extend(runs)
    return element


def replace(root, old: str, new: str, author: str, ident: int, *, tracked: bool = True) -> None:
    """Replace ``old`` by ``new`` where a run first holds it, as Word does: the run split mid-word."""
    t = next(t for t in root.iter(w("t")) if old in (t.text or ""))
    run = t.getparent()
    rpr = run.find(w("rPr"))
    before, _, after = t.text.partition(old)
    if not tracked:
        t.text = before + new + after
        return
    parts = [_run(before, rpr)]
    if old:
        parts.append(_change("del", author, ident, _run(old, rpr, deleted=True)))
    if new:
        parts.append(etree.Element(w("proofErr"), {w("type"): "spellStart"}))
        parts.append(_change("ins", author, ident + 1, _run(new, rpr)))
    parts.append(_run(after, rpr))
    parent = run.getparent()
    at = parent.index(run)
    parent.remove(run)
    for n, part in enumerate(parts):
        parent.insert(at + n, part)


def comment(root, word: str, ident: int, author: str, text: str, comments) -> None:
    t = next(t for t in root.iter(w("t")) if word in (t.text or ""))
    run = t.getparent()
    parent = run.getparent()
    parent.insert(parent.index(run), etree.Element(w("commentRangeStart"), {w("id"): str(ident)}))
    end = etree.Element(w("commentRangeEnd"), {w("id"): str(ident)})
    run.addnext(end)
    reference = etree.Element(w("r"))
    etree.SubElement(reference, w("commentReference"), {w("id"): str(ident)})
    end.addnext(reference)
    body = etree.SubElement(
        comments, w("comment"), {w("id"): str(ident), w("author"): author, w("date"): "2026-01-15T11:00:00Z"}
    )
    etree.SubElement(etree.SubElement(etree.SubElement(body, w("p")), w("r")), w("t")).text = text


def rewrite(docx: Path, target: Path, edit) -> None:
    """Copy a .docx, letting ``edit(document, footnotes, comments)`` change its XML."""
    with zipfile.ZipFile(docx) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    document = etree.fromstring(parts["word/document.xml"])
    notes = etree.fromstring(parts["word/footnotes.xml"])
    comments = etree.Element(w("comments"), nsmap={"w": W})
    edit(document, notes, comments)
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    parts["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True, encoding="UTF-8")
    if len(comments):
        parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8")
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace(
            "</Types>",
            '<Override PartName="/word/comments.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>',
        ).encode()
        rels = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/comments" Target="comments.xml"/></Relationships>',
        ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    target.write_bytes(buffer.getvalue())


def review_edits(document, notes, comments) -> None:
    replace(document, "meetbare ", "", "Anne", 10)  # inside a condition
    replace(notes, "Nederland neemt deel aan MAOC-N", "Nederland neemt sinds 2007 deel aan MAOC-N", "Bram", 20)
    replace(document, "De grondhouding van het kabinet is positief.", "De grondhouding van het kabinet is negatief.",
            "Anne", 30)  # fmt: skip
    replace(document, "effectief", "doeltreffend", "Anne", 40, tracked=False)  # typed without track changes
    comment(document, "drugssmokkel", 1, "Carla", "Graag de bron noemen.", comments)
    comment(document, "Europol", 2, "Bram", "Klopt dit aantal?", comments)


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[Path, Path]:
    position = tmp_path / "fiche.yaml"
    shutil.copy(EXAMPLE, position)
    built = build_fiche(position, output=tmp_path / "fiche.docx")[0].path
    rewrite(built, tmp_path / "reviewed.docx", review_edits)
    return position, tmp_path / "reviewed.docx"


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
    want = read_reviewed(docx, docx.read_bytes()).fields
    got = read_reviewed(rebuilt, rebuilt.read_bytes()).fields
    assert {p: f.text() for p, f in got.items()} == {p: f.text() for p, f in want.items()}
    check = run_cli("check", position)
    assert check.exit_code == 0, check.output
    assert "Open comment: " in check.output and "Klopt dit aantal?" in check.output


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


def test_reviews_applied_at_once_keep_every_comment(tmp_path):
    position = tmp_path / "fiche.yaml"
    shutil.copy(EXAMPLE, position)
    built = build_fiche(position, output=tmp_path / "fiche.docx")[0].path
    reviewers = [f"Lezer {k}" for k in range(6)]
    documents = []
    for k, name in enumerate(reviewers):
        document = tmp_path / f"reviewed-{k}.docx"
        rewrite(built, document, lambda d, n, c, name=name: comment(d, "Europol", 1, name, f"Opmerking van {name}.", c))
        documents.append(document)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "fichebuilder", "review", str(d), "--apply"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for d in documents
    ]
    outcomes = [(run.wait(timeout=180), "comments kept in" in run.communicate()[1]) for run in runs]
    assert outcomes == [(0, True)] * len(reviewers)
    kept = (tmp_path / "fiche.review.yaml").read_text(encoding="utf-8")
    assert sorted(name for name in reviewers if f"Opmerking van {name}." in kept) == reviewers
