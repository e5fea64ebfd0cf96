"""Shared by the readers' tests: a fiche made by hand in Word, as drafters make them."""

from __future__ import annotations

from pathlib import Path


def hand_made_docx(folder: Path) -> Path:
    """A Word fiche written with python-docx: section 1 as a table of labels and values, Word's own
    list numbering, headings by style (section 4's sub-headings without their letters), italic."""
    import docx

    document = docx.Document()
    document.add_paragraph("Fiche 4: Mededeling over handwerk", style="Title")
    document.add_paragraph("1. Algemene gegevens", style="Heading 1")
    general = [
        ("Titel voorstel", "MEDEDELING VAN DE COMMISSIE over handwerk"),
        ("Datum ontvangst Commissiedocument", "3 februari 2026"),
        ("Nr. Commissiedocument", "COM(2026) 40"),
        ("EUR-Lex", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:52026DC0040"),
        ("Nr. impact assessment Commissie en Opinie", "Niet opgesteld."),
        ("Behandelingstraject Raad", "Raad Algemene Zaken"),
        ("Eerstverantwoordelijke ministerie", "Ministerie van Buitenlandse Zaken"),
    ]
    table = document.add_table(rows=len(general), cols=2)
    for row, (label, value) in zip(table.rows, general, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("2. Essentie voorstel", style="Heading 1")
    document.add_paragraph("De Commissie stelt twee acties voor:")
    document.add_paragraph("een register (actie 1)", style="List Number")
    document.add_paragraph("een meldpunt (actie 2)", style="List Number")
    document.add_paragraph("3. Nederlandse positie ten aanzien van de mededeling", style="Heading 1")
    document.add_paragraph("a) Essentie Nederlands beleid op dit terrein", style="Heading 2")
    policy = document.add_paragraph("Het kabinet is ")
    policy.add_run("zeer").italic = True
    policy.add_run(" actief.")
    document.add_paragraph("b) Beoordeling + inzet ten aanzien van dit voorstel", style="Heading 2")
    document.add_paragraph("Het kabinet steunt actie 1. Actie 2 dient beter te worden uitgewerkt.")
    document.add_paragraph("c) Eerste inschatting van krachtenveld", style="Heading 2")
    document.add_paragraph("Onbekend.")
    document.add_paragraph(
        "4. Grondhouding ten aanzien van bevoegdheid, subsidiariteit, proportionaliteit, financiële gevolgen "
        "en gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten",
        style="Heading 1",
    )
    for heading, text in [
        ("Bevoegdheid", "De grondhouding van het kabinet is positief. Ja."),
        ("Subsidiariteit", "Ja."),
        ("Proportionaliteit", "Ja."),
        ("Financiële gevolgen", "Geen."),
        ("Gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten", "Geen."),
    ]:
        document.add_paragraph(heading, style="Heading 2")
        document.add_paragraph(text)
    target = folder / "handwerk.docx"
    document.save(str(target))
    return target
