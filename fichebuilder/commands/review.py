"""``fiche review``: a colleague's tracked changes and comments in a built fiche, per field.

A built document carries an anchor around every text it took from the position file
and records that file, a hash of it and the git commit it was built at (see
``ooxml.anchors`` and ``ooxml.reviewed``). Each field's words are read three ways: as
the build wrote them (from the position file as it was then: the *base*), as the document
shows them without its tracked changes, and with the changes taken. Where the first two
differ the field was edited without track changes: the document's words are taken all
the same (with ``--accept all``), and the field is reported as such.

The base is the position file itself while its hash is the recorded one; once the file
has changed it is read from git (``source.revisions``), and ``reviewmerge`` merges the
review's changes with those made since, three ways.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fichebuilder.errors import ReviewError, RevisionError
from fichebuilder.model import SOURCE_LANGUAGE, Fiche, FieldPath, Link, text_in, walk_texts
from fichebuilder.ooxml.reviewed import Comment, Field, Place, Reviewed, read_reviewed, rejected
from fichebuilder.ooxml.runs import Change
from fichebuilder.source import revisions, textedit
from fichebuilder.source.languages import dotted, load_catalogue
from fichebuilder.source.loading import Loaded, load_position_bytes
from fichebuilder.source.yamlsource import read_bytes
from fichebuilder.writers.building import (
    COMMIT_PROPERTY,
    HASH_PROPERTY,
    LANGUAGE_PROPERTY,
    REPO_PATH_PROPERTY,
    SOURCE_PROPERTY,
)
from fichebuilder.writers.templating import resolve_template


@dataclass
class Edit:
    """One tracked change: what kind, by whom, when, and its words."""

    kind: str  # inserted, deleted, moved, formatting changed, paragraph split, paragraphs joined
    author: str
    date: str
    text: str


@dataclass
class FieldReview:
    """A field's words as built and after the review, with the changes that made the difference;
    ``base_path`` is where the field stood in the position file the document was built from."""

    path: str
    old: str
    new: str
    edits: list[Edit] = field(default_factory=list)
    untracked: bool = False
    base_path: FieldPath = ()
    verdict: str | None = None  # for a verdict sentence: the verdict it now says


@dataclass
class Unmapped:
    """A change that belongs to no field of the position file: where, its words before and after.

    ``place`` says where in English (the text report's and JSON's words); a report in
    another language words it from ``at`` (a paragraph's place) or ``verdict`` (the path
    of a verdict whose sentence was reworded beyond a verdict).
    """

    place: str
    old: str
    new: str
    author: str = ""
    at: Place | None = field(default=None, repr=False)
    verdict: str | None = field(default=None, repr=False)

    def __str__(self) -> str:
        # one line, as a reader sees the words (a heading's number stands before a tab)
        old, new = " ".join(self.old.split()), " ".join(self.new.split())
        words = f'"{old}" -> "{new}"' if old else f'"{new}"'
        return f"{self.place}: {words}" + (f" ({self.author})" if self.author else "")


@dataclass
class Review:
    """What a reviewed document changes in its position file; ``base`` is that file as the
    document was built from it."""

    document: str
    position: str
    lang: str
    fields: list[FieldReview]
    comments: list[Comment]
    unmapped: list[Unmapped]
    base: Fiche = field(repr=False, compare=False, kw_only=True)
    base_raw: bytes = field(repr=False, compare=False, kw_only=True)  # the base's bytes

    def as_data(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "position": self.position,
            "lang": self.lang,
            "fields": [asdict(f) for f in self.fields],
            "comments": [asdict(c) for c in self.comments],
            # the place in English, as JSON has always given it
            "unmapped": [{"place": u.place, "old": u.old, "new": u.new, "author": u.author} for u in self.unmapped],
        }


def read_review(document: Path | str, *, into: Path | str | None = None, accept: list[str] | None = None) -> Review:
    """The review in ``document``, field by field, against its position file (``into`` or the one it records).

    ``accept`` names the authors whose changes are taken (None: everybody's, and the edits
    made without track changes).
    """
    reviewed = read_reviewed(document, read_bytes(Path(document), name=str(document)))
    position = _position(document, reviewed, into)
    raw, base = base_version(str(document), reviewed.properties, position)
    lang = reviewed.properties.get(LANGUAGE_PROPERTY, SOURCE_LANGUAGE)
    texts = {dotted(f.path): f for f in walk_texts(base.fiche) if f.kind == "prose"}
    verdicts = _verdict_sentences(base, lang)
    labels = link_labels(base.fiche)
    taken = None if accept is None else (lambda change: change.author in accept)
    fields, unmapped, matching = [], [], 0
    for path, found in reviewed.fields.items():
        if path in verdicts:
            base_path: FieldPath = ("grounds", path.split(".")[1], "verdict")
            built = verdicts[path][str(value_at(base.fiche, base_path))]
        elif path in texts:
            built = textedit.visible_text(text_in(texts[path].value, lang) or "").plain
            base_path = texts[path].path
        elif path in labels:
            base_path, built = labels[path]
        else:
            continue
        old = found.text(rejected)
        matching += old == built
        new = _new_words(built, old, found.text(taken), named_authors=accept is not None)
        edits = _edits(found)
        if new == built and not edits:
            continue  # a field with only a formatting change is reported, and has nothing to apply
        review = FieldReview(path, built, new, edits, old != built, base_path)
        if path in verdicts:
            review.verdict = _verdict_said(verdicts[path], new)
            if review.verdict is None:  # wording fichebuilder does not write: no verdict to change
                authors = ", ".join(sorted({e.author for e in review.edits if e.author}))
                unmapped.append(Unmapped(f"{path} (no verdict sentence)", built, new, authors, verdict=path))
                continue
        fields.append(review)
    if reviewed.fields and matching < len(reviewed.fields) / 2:
        raise ReviewError(
            f"is not a review of {position}: most of its texts differ from that file's "
            f"(it was built from {reviewed.properties.get(SOURCE_PROPERTY, 'another file')}; use --into FILE)",
            file=str(document),
        )
    unmapped += [
        Unmapped(str(o.place), o.old, o.new, o.change.author if o.change else "", at=o.place) for o in reviewed.outside
    ]
    return Review(
        str(document), str(position), lang, fields, reviewed.comments, unmapped, base=base.fiche, base_raw=raw
    )


def _new_words(built: str, old: str, taken: str, *, named_authors: bool) -> str:
    """The words to write: the document's with the changes taken; when only named authors'
    changes are taken, without the edits typed untracked (nobody's named change), unless
    such an edit and a taken change touch the same words."""
    if not named_authors or old == built:
        return taken
    merged = textedit.merge_words(old, built, {"taken": taken})
    return taken if merged.conflicts else merged.text


def _position(document: Path | str, reviewed: Reviewed, into: Path | str | None) -> Path:
    if into is not None:
        return Path(into)
    recorded = reviewed.properties.get(SOURCE_PROPERTY)
    if not recorded:
        raise ReviewError("records no position file: name it with --into FILE", file=str(document))
    if not Path(recorded).is_file():
        raise ReviewError(
            f"was built from {recorded}, which is not there: name it with --into FILE", file=str(document)
        )
    return Path(recorded)


def base_version(document: str, properties: dict[str, str], position: Path) -> tuple[bytes, Loaded]:
    """The position file as ``document`` was built from it (its bytes, and loaded): the file
    itself while its hash is the one recorded, else its version in git at the recorded commit
    (or the first later commit with that hash). A ReviewError where that cannot be had."""
    raw = read_bytes(position, name=str(position))
    recorded = properties.get(HASH_PROPERTY)
    if recorded is None or hashlib.sha256(raw).hexdigest() == recorded:
        loaded = load_position_bytes(raw, name=str(position))
        loaded.path = position
        return raw, loaded
    _check_same_file(document, properties, position)
    commit = properties.get(COMMIT_PROPERTY)
    if not commit:
        raise ReviewError(
            f"{position} has changed since this document was built, and the build recorded no git commit "
            "to merge the changes from: apply the review to a copy of the file as it was built",
            file=document,
        )
    try:
        data = revisions.version_with_hash(position, commit, recorded)
    except RevisionError as e:
        raise ReviewError(
            f"{position} has changed since this document was built at commit {commit}, "
            f"and the version built from cannot be read: {e.message}",
            file=document,
        ) from None
    return data, load_position_bytes(data, name=f"{position}@{commit[:12]}")


def _check_same_file(document: str, properties: dict[str, str], position: Path) -> None:
    """A file other than the one the document records (by its path in the repository, or on
    disk), with other content, is another fiche's: refused before anything is merged."""
    recorded_in_repository = properties.get(REPO_PATH_PROPERTY)
    here = revisions.commit_of(position)
    if recorded_in_repository and here is not None:
        same = here[1] == recorded_in_repository
    else:
        same = Path(properties.get(SOURCE_PROPERTY, "")).resolve() == position.resolve()
    if not same:
        raise ReviewError(
            f"was built from {properties.get(SOURCE_PROPERTY, 'another file')}, not from {position}, "
            "and the two differ: review it into the file it was built from",
            file=document,
        )


def _verdict_sentences(loaded: Loaded, lang: str) -> dict[str, dict[str, str]]:
    """Per ground with a verdict (``grounds.X.verdict``), the sentence a build writes for each verdict."""
    catalogue = load_catalogue(resolve_template(None).catalogue_dir, lang)
    out = {}
    grounds = loaded.fiche.grounds
    for key in grounds.__struct_fields__:
        ground = getattr(grounds, key)
        if ground is not None and ground.verdict:
            out[f"grounds.{key}.verdict"] = {
                str(verdict): str(catalogue["verdict_sentence"][loaded.fiche.kind]).format(
                    verdict=word, subject=str(catalogue["grounds"][key]).lower()
                )
                for verdict, word in catalogue["verdicts"].items()
            }
    return out


def link_labels(fiche: Fiche) -> dict[str, tuple[FieldPath, str]]:
    """Per EUR-Lex link of section 1, the path of its label and the words a build shows for it.

    The label is plain data, the same in every language, and the build shows the address
    where a link has no label: a change to those shown words becomes the label (the
    address stays), so that a reviewer's wording of a bare link is kept.
    """
    general = fiche.general
    links: list[tuple[FieldPath, Link]] = [
        (("general", "proposals", n, "eurlex"), p.eurlex) for n, p in enumerate(general.proposals)
    ]
    if general.eurlex is not None:
        links.append((("general", "eurlex"), general.eurlex))
    return {dotted((*path, "label")): ((*path, "label"), link.label or link.url) for path, link in links}


def _verdict_said(sentences: dict[str, str], said: str) -> str | None:
    """The verdict whose sentence is ``said`` (``… is negatief.`` -> negative), if any."""
    words = " ".join(said.split())
    return next((verdict for verdict, sentence in sentences.items() if " ".join(sentence.split()) == words), None)


def value_at(fiche: Fiche, path: FieldPath) -> Any:
    """The value at ``path`` of a fiche."""
    value: Any = fiche
    for part in path:
        value = value[part] if isinstance(part, int) or isinstance(value, dict) else getattr(value, part)
    return value


def _edits(found: Field) -> list[Edit]:
    """The tracked changes of a field, consecutive pieces of one change as one edit."""
    edits: list[Edit] = []
    last: Change | None = None
    for paragraph in found.paragraphs:
        for item in paragraph.items:
            change = item.change
            if change is None or not item.text:
                last = None
                continue
            if change is last and edits:
                edits[-1].text += item.text
                continue
            kind = "moved" if change.moved else {"ins": "inserted", "del": "deleted"}[change.kind]
            edits.append(Edit(kind, change.author, change.date, item.text))
            last = change
        if paragraph.formatting is not None:
            edits.append(Edit("formatting changed", paragraph.formatting.author, paragraph.formatting.date, ""))
        if paragraph.mark is not None and paragraph is not found.paragraphs[-1]:
            kind = "paragraph split" if paragraph.mark.kind == "ins" else "paragraphs joined"
            edits.append(Edit(kind, paragraph.mark.author, paragraph.mark.date, ""))
    return edits
