"""A fiche printed to PDF and imported gives back its texts without seams: URLs broken over two
lines whole, no spaces the PDF did not have around quotes and footnote marks, italics as *…*."""

from __future__ import annotations

import re
import subprocess

import pytest

from fichebuilder.source.loading import load_position
from tests.conftest import docx_to_pdf, write_tree

URL = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52020DC0592&qid=1600000000000&from=EN"
# notes that name the URL after ever longer words, so that some line breaks it after "legal-"
# (and some after "TXT/?"), whatever font LibreOffice sets it in
URL_NOTES = {
    f"url{k}": f"Zie de strategie de strategie de strategie {'de ' * k}op {URL} voor de tekst." for k in range(10)
}
POSITION = f"""kind: communication
title: Mededeling over betalingen
general:
  proposal_title: MEDEDELING VAN DE COMMISSIE over betalingen
  received: 2025-12-04
  com_number: COM(2025) 999
  eurlex:
    url: https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52025DC0999&qid=1700000000000&from=NL
  impact_assessment: Niet opgesteld.
  council: Raad Economische en Financiële Zaken
  ministry: Ministerie van Financiën.
essence: |
  De Commissie publiceerde in 2020 de “Retail Payments Strategy[^strategy]” en wil de markt voor
  betalingen verder aan te jagen[^jagen]. Zij noemt dit een *level playing field*, voor alle
  aanbieders, en wil dat banken en andere *payment service providers* gelijk worden behandeld.
  {" ".join(f"Zie ook[^{key}]." for key in URL_NOTES)}
position:
  policy: Het kabinet zet in op ‘veilig betalen’[^veilig], en op keuze voor de consument.
  assessment: Het kabinet is positief over het voorstel.
  balance: De lidstaten zijn verdeeld.
grounds:
  competence: {{verdict: positive, text: De Commissie is bevoegd.}}
  subsidiarity: {{verdict: positive, text: Optreden op EU-niveau is gerechtvaardigd.}}
  proportionality: {{verdict: positive, text: Het voorstel gaat niet verder dan nodig.}}
  financial: {{text: Geen directe gevolgen.}}
  burden: {{text: Geen gevolgen voor regeldruk.}}
footnotes:
  strategy: Zie de mededeling over de strategie.
  jagen: Zie de mededeling, blz. 4.
  veilig: Kamerstuk 27 863, nr. 99.
""" + "".join(f"  {key}: {text}\n" for key, text in URL_NOTES.items())


def _words(text: str) -> str:
    """A text's words, its footnote references without their keys (an import names them anew)."""
    return " ".join(re.sub(r"\[\^[^\]]+\]", "[^]", text).split())


@pytest.fixture
def imported(soffice, run_cli, tmp_path):
    """The fiche's position file, and the one an import of its PDF makes; the PDF's lines."""
    write_tree(tmp_path, {"betalingen.yaml": POSITION})
    built = tmp_path / "betalingen.docx"
    assert run_cli("build", tmp_path / "betalingen.yaml", "-o", built).exit_code == 0
    pdf = docx_to_pdf(soffice, built, tmp_path)
    result = run_cli("import", pdf, "-o", tmp_path / "imported.yaml")
    assert result.exit_code == 0, result.stderr
    lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    original = load_position(tmp_path / "betalingen.yaml").fiche
    return original, load_position(tmp_path / "imported.yaml").fiche, lines.stdout.splitlines()


def test_a_url_broken_over_two_lines_is_whole(imported):
    original, back, lines = imported
    # the PDF breaks the address after a hyphen and after a question mark
    assert any(line.rstrip().endswith("/legal-") for line in lines)
    assert any(line.rstrip().endswith("/TXT/?") for line in lines)
    assert back.general.eurlex == original.general.eurlex  # a link whose label is its address
    assert sorted(_words(t) for t in back.footnotes.values()) == sorted(_words(t) for t in original.footnotes.values())


def test_no_space_where_the_pdf_has_none(imported):
    original, back, _ = imported
    assert "“Retail Payments Strategy[^]” en" in _words(back.essence)
    assert "aan te jagen[^]. Zij" in _words(back.essence)
    assert (
        _words(back.position.policy)
        == _words(original.position.policy)
        == ("Het kabinet zet in op ‘veilig betalen’[^], en op keuze voor de consument.")
    )


def test_italics_are_emphasis(imported):
    original, back, _ = imported
    assert "een *level playing field*, voor alle" in _words(back.essence)
    assert "andere *payment service providers* gelijk" in _words(back.essence)
    assert _words(back.essence) == _words(original.essence)
