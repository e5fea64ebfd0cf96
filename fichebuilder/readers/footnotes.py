"""The footnotes of a recognised fiche: a key for each, and where each one ends up.

A footnote's key (``[^strategie]``) is the word its mark is glued to in the text, else
a word of its own text, else ``noot-N``. A footnote whose mark is in the fiche's texts
(or in unplaced text) becomes one of the fiche's footnotes; one whose mark was not
found is kept as unplaced text, never dropped.
"""

from __future__ import annotations

import re

from fichebuilder.model import Fiche, Text, Unplaced, walk_texts
from fichebuilder.readers.blocks import NOTE_CLOSE, NOTE_OPEN, SourceDocument, markdown, note_ids, plain
from fichebuilder.readers.recognition import Recognition, join_markdown

_STOP_WORDS = {"de", "het", "een", "van", "en", "in", "op", "voor", "met", "zie", "dat", "die", "the", "and", "of"}
_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")


def footnote_keys(document: SourceDocument) -> dict[str, str]:
    """A key per footnote id: the word its mark is glued to, else a word of its text."""
    before: dict[str, str] = {}
    for block in document.blocks:
        for m in re.finditer(f"{NOTE_OPEN}([^{NOTE_CLOSE}]*){NOTE_CLOSE}", block.text):
            words = plain(block.text[: m.start()]).split()
            before.setdefault(m.group(1), words[-1] if words else "")
    keys: dict[str, str] = {}
    used: set[str] = set()
    for note_id, note in document.notes.items():
        key = _key([before.get(note_id, "")] + plain(note.text).split()) or f"noot-{note_id.lstrip('n')}"
        unique, n = key, 2
        while unique in used:
            unique, n = f"{key}-{n}", n + 1
        used.add(unique)
        keys[note_id] = unique
    return keys


def _key(candidates: list[str]) -> str:
    """The first word that makes a good name: not an address, not a number, not a little word."""
    for word in candidates:
        slug = slug_of(word)
        if "/" in word or len(slug) > 30:
            continue  # an address makes a poor name
        if len(slug) >= 3 and not slug.isdigit() and slug not in _STOP_WORDS:
            return slug
    return ""


def slug_of(word: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", word.casefold()).strip("-")


def place_footnotes(found: Recognition, fiche: Fiche) -> tuple[dict[str, Text], list[Unplaced]]:
    """The fiche's footnotes, and every unplaced text (footnotes whose mark was not found last)."""
    unplaced = [(text, where) for text, where in found.unplaced if plain(text).strip() or note_ids(text)]
    written = (text for field in walk_texts(fiche) for _, text in field.languages())
    used = {key for text in written for key in _REFERENCE.findall(text)}
    used |= {found.keys.get(note_id, "") for text, _ in unplaced for note_id in note_ids(text)}
    footnotes: dict[str, Text] = {}
    for note_id, note in found.document.notes.items():
        key = found.keys[note_id]
        if key in used:
            footnotes[key] = markdown(note.text, {}, block=False)
        else:
            unplaced.append((note.text, f"{note.where}, whose mark in the text was not found"))
    return footnotes, [Unplaced(text=_unplaced_markdown(t, found.keys), source=w) for t, w in unplaced]


def _unplaced_markdown(text: str, keys: dict[str, str]) -> str:
    return join_markdown([("paragraph", "", markdown(paragraph, keys)) for paragraph in text.split("\n\n")]) or ""
