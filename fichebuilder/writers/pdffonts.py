"""Which of a document's fonts LibreOffice could not find when it made its PDF, and what it used instead.

Where a font the house style names (Verdana) is not installed, LibreOffice silently sets
the text in another, whose letters are wider or narrower: lines break elsewhere and the
pages differ from Word's. The fonts a PDF really holds are named in its pages' resources.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# a subset font's name starts with six capitals and a plus: BAAAAA+DejaVuSans-Bold
_SUBSET_PREFIX = 7


def document_fonts(document: Path) -> set[str]:
    """The fonts the styles of a fiche name (not the theme's, which Word resolves itself); a
    house-style document's other styles, which no fiche uses, may name fonts never needed."""
    import docx

    from fichebuilder.writers.render import REQUIRED_STYLES

    styles = docx.Document(str(document)).styles
    names = {style.name: style for style in styles}
    used = [names[name] for name in (*REQUIRED_STYLES, "Header", "Footer") if name in names]
    return {style.font.name for style in used if style.font.name}


def pdf_fonts(pdf: Path) -> set[str]:
    """The families of the fonts a PDF's pages use, as PostScript names without style (DejaVuSans)."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    families: set[str] = set()
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            resources = resolve1(page.page_obj.resources) or {}
            for font in (resolve1(resources.get("Font")) or {}).values():
                name = _name(resolve1(font).get("BaseFont"))
                if name:
                    families.add(_family(name))
    return families


def font_warning(document: Path, pdf: Path) -> str | None:
    """A one-line warning when fonts of ``document`` are missing from its PDF, naming the stand-ins."""
    made = pdf_fonts(pdf)
    wanted = document_fonts(document)
    missing = sorted(font for font in wanted if not any(_same(font, f) for f in made))
    if not missing:
        return None
    stand_ins = sorted(f for f in made if not any(_same(w, f) for w in wanted)) or ["another font"]
    verb = "is" if len(missing) == 1 else "are"
    return (
        f"{', '.join(missing)} {verb} not installed: LibreOffice set the PDF in {', '.join(stand_ins)} "
        "instead, so its lines and pages fall differently from Word's"
    )


def _name(value: Any) -> str:
    """A PDF name object (or string) as text."""
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return name if isinstance(name, str) else ""


def _family(name: str) -> str:
    if len(name) > _SUBSET_PREFIX and name[6] == "+" and name[:6].isupper():
        name = name[_SUBSET_PREFIX:]
    # the style follows a hyphen or a comma: DejaVuSans-BoldOblique, Verdana,Bold
    return name.split(",")[0].split("-")[0]


def _same(word_name: str, pdf_family: str) -> bool:
    """Whether a font Word names is the PDF's: "Times New Roman" is TimesNewRomanPSMT, Arial ArialMT."""
    return pdf_family.lower().startswith("".join(word_name.split()).lower())
