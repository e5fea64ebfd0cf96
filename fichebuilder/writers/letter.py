"""The cover letter with which fiches go to the Tweede Kamer, through the fiches' machinery.

``letter.xml.j2`` writes the same markup as the fiche templates, with the wording of
the catalogue's ``letter`` section, and ``render`` turns it into Word in the house
style of ``reference.docx``. Letters are Dutch: they go to the Dutch parliament.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from fichebuilder.writers import templating

LETTER_LANGUAGE = "nl"


@dataclass(frozen=True)
class LetterFiche:
    """A fiche as the letter lists it: its title, and its Kamerstuk number if it has one."""

    title: str
    kamerstuk: str | None = None


@dataclass(frozen=True)
class Letter:
    """What a cover letter says besides its fixed wording."""

    date: datetime.date
    minister: str
    fiches: list[LetterFiche]
    number: int | None = None  # the letter's own number in the dossier, once parliament has given it


def own_kamerstuk(catalogue: dict[str, Any], number: int) -> str:
    """The Kamerstuk number of the letter itself: ``22 112, nr. 3791``."""
    return f"{catalogue['letter']['dossier']}, nr. {number}"


def listed(letter: Letter, catalogue: dict[str, Any]) -> Letter:
    """The letter as published: a fiche printed in the letter's own publication (its number
    is the letter's) is listed without one, like a fiche not published before."""
    if letter.number is None:
        return letter
    own = own_kamerstuk(catalogue, letter.number)
    fiches = [LetterFiche(f.title, None if f.kamerstuk == own else f.kamerstuk) for f in letter.fiches]
    return Letter(letter.date, letter.minister, fiches, letter.number)


def build_letter_document(letter: Letter, *, templates: templating.TemplateSet) -> Any:
    """The python-docx Document of a cover letter (not yet saved)."""
    from fichebuilder.writers import render

    catalogue = templates.catalogue(LETTER_LANGUAGE)
    context = {"letter": listed(letter, catalogue), "t": catalogue, "lang": LETTER_LANGUAGE, "footnotes": {}}
    text = templating.render_markup(templates, "letter", context)
    template = str(templating.structure_file(templates, "letter"))
    root = render.parse_markup(text, template=template)
    wording = catalogue["letter"]
    properties = render.Properties(
        title=str(wording["heading"]).capitalize(),
        subject=own_kamerstuk(catalogue, letter.number) if letter.number else str(wording["dossier"]),
        language=str(catalogue["language_tag"]),
        keywords="BNC-fiches",
        author=str(wording["author"]),
        comments=str(catalogue.get("made_with", "")),
    )
    return render.write_document(
        root, templates.reference_docx, properties, untranslated=str(catalogue["untranslated"]), template=template
    )
