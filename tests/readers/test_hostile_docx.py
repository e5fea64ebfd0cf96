"""Hostile .docx files are refused with one line: a DOCTYPE (entities, perhaps reading other files;
no text after an unresolved entity is ever dropped without a word), a zip bomb."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from fichebuilder.writers.building import build_fiche
from tests.conftest import DATA

DOCTYPES = {
    "external": '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
    "internal": '<!DOCTYPE w:document [<!ENTITY x "binnen">]>',
}


def with_doctype(built: Path, doctype: str, target: Path) -> Path:
    """``built`` with a DOCTYPE in word/document.xml and an entity in the middle of a sentence."""
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                declaration, _, rest = text.partition("?>")
                assert "Het kabinet steunt actie 1." in rest
                rest = rest.replace("Het kabinet steunt actie 1.", "Het kabinet &x; steunt actie 1.")
                data = f"{declaration}?>{doctype}{rest}".encode()
            copy.writestr(item, data)
    return target


@pytest.mark.parametrize("kind", list(DOCTYPES), ids=list(DOCTYPES))
def test_a_docx_with_a_doctype_is_refused_with_one_line(run_cli, tmp_path, kind):
    (built,) = build_fiche(DATA / "minimal.yaml", output=tmp_path / "built.docx")
    source = with_doctype(built.path, DOCTYPES[kind], tmp_path / "hostile.docx")
    result = run_cli("import", source, "-o", tmp_path / "x.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {source}: is not a Word document as Word writes it: word/document.xml declares a DOCTYPE\n"
    )
    assert not (tmp_path / "x.yaml").exists()


def with_bomb(built: Path, target: Path, megabytes: int) -> Path:
    """``built`` with a word/document.xml padded with ``megabytes`` MB of spaces (a few kB packed)."""
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename != "word/document.xml":
                copy.writestr(item, data)
                continue
            with copy.open("word/document.xml", "w", force_zip64=True) as part:
                head, _, tail = data.partition(b"<w:body>")
                part.write(head + b"<w:body>")
                for _ in range(megabytes):
                    part.write(b" " * (1024 * 1024))
                part.write(tail)
    return target


@pytest.mark.parametrize("megabytes", [20, 120], ids=["high-ratio", "too-large"])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(run_cli, tmp_path, megabytes):
    (built,) = build_fiche(DATA / "minimal.yaml", output=tmp_path / "built.docx")
    source = with_bomb(built.path, tmp_path / "bomb.docx", megabytes)
    assert source.stat().st_size < 400_000
    result = run_cli("import", source, "-o", tmp_path / "x.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(
        f"Error: {source}: is not a Word document that can be read safely: word/document.xml would unpack to "
        f"{megabytes} MB, "
    )
    assert result.stderr.endswith(" times its packed size\n")
