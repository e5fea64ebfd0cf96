"""A PDF of more pages than a fiche or a published batch has is refused before its pages are read."""

from __future__ import annotations

import pytest

from fichebuilder.readers.pdf import MAX_PAGES


def test_a_pdf_of_too_many_pages_is_one_line(run_cli, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    for _ in range(MAX_PAGES + 1):
        writer.add_blank_page(width=595, height=842)
    source = tmp_path / "huge.pdf"
    with source.open("wb") as handle:
        writer.write(handle)
    assert source.stat().st_size < 200_000
    result = run_cli("import", source, "-o", tmp_path / "x.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {source}: has {MAX_PAGES + 1} pages; "
        f"a fiche, or a published batch of fiches, has at most {MAX_PAGES}\n"
    )
    assert not (tmp_path / "x.yaml").exists()
