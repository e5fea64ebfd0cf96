"""Building a fiche: position file -> context -> fiche markup -> .docx, per language."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fichebuilder.errors import FicheError
from fichebuilder.files import OUTPUT_DIR, check_output_path, write_bytes
from fichebuilder.model import SOURCE_LANGUAGE, Fiche, Text
from fichebuilder.source import languages, revisions, yamlsource
from fichebuilder.source.loading import Loaded, find_placeholders, load_position, placeholders_error
from fichebuilder.writers import templating


def assessment_flow(fiche: Fiche) -> list[str]:
    """Section 3b as Markdown texts in order: the general assessment, then per area
    its text and its actions' texts; an action with ``same_paragraph`` runs on in the
    paragraph before it. A text made of an untranslated piece stays marked."""
    parts: list[str] = []

    def add(text: Text | None, *, run_on: bool = False) -> None:
        # resolved: every prose text is a string in the language built
        if not isinstance(text, str) or not text:
            return
        if run_on and parts:
            before = parts[-1]
            joined = before.rstrip() + " " + text.strip()
            untranslated = isinstance(text, languages.Untranslated) or isinstance(before, languages.Untranslated)
            made = languages.Untranslated(joined) if untranslated else languages.FieldText(joined)
            # each field keeps its own anchor in the paragraph they share
            made.pieces = (*_pieces(before), *_pieces(text))
            parts[-1] = made
        else:
            parts.append(text)

    add(fiche.position.assessment)
    placed: set[int] = set()
    for area in fiche.areas:
        add(area.text)
        for i, action in enumerate(fiche.actions):
            if action.area == area.number:
                add(action.text, run_on=action.same_paragraph)
                placed.add(i)
    for i, action in enumerate(fiche.actions):
        if i not in placed:
            add(action.text, run_on=action.same_paragraph)
    return parts


def _pieces(text: str) -> tuple[languages.FieldText, ...]:
    if isinstance(text, languages.FieldText):
        return text.pieces or (text,)
    return (languages.FieldText(text),)


def legal_bases(fiche: Fiche) -> list[tuple[str | None, Text]]:
    """Section 1's legal basis: once, where every proposal rests on the same one, or per
    proposal with its COM number, where they differ; none for a fiche that has none."""
    proposals = fiche.general.each_proposal()
    bases = [proposal.legal_basis or fiche.general.legal_basis for proposal in proposals]
    given = [(proposal.com_number, basis) for proposal, basis in zip(proposals, bases, strict=True) if basis]
    if len({str(basis) for _, basis in given}) <= 1:
        return [(None, basis) for _, basis in given[:1]]
    return [(number, basis) for number, basis in given]


def fiche_context(loaded: Loaded, lang: str, catalogue: dict[str, Any], *, allow_missing: bool) -> dict[str, Any]:
    """What a template sees: ``fiche`` (texts in ``lang``), ``t`` (the catalogue),
    ``footnotes``, ``assessment_flow``, ``proposals`` (the one or several the fiche
    assesses), ``legal_bases`` and ``lang``."""
    fiche = languages.resolve(loaded.fiche, lang, source=loaded.source, allow_missing=allow_missing)
    return {
        "fiche": fiche,
        "t": catalogue,
        "lang": lang,
        "footnotes": fiche.footnotes,
        "assessment_flow": assessment_flow(fiche),
        "proposals": fiche.general.each_proposal(),
        "legal_bases": legal_bases(fiche),
    }


@dataclass
class Built:
    """One document written by a build."""

    lang: str
    path: Path


def output_paths(name: str, langs: list[str], output: Path | None, *, output_dir: Path = OUTPUT_DIR) -> dict[str, Path]:
    """Where each language's document goes: ``output`` (default OUTPUT_DIR/NAME.docx) for one
    language, with ``.<lang>`` before ``.docx`` for several (and for a lone non-Dutch default)."""
    base = output_dir / f"{name}.docx" if output is None else output
    if len(langs) == 1:
        if output is None and langs[0] != "nl":
            return {langs[0]: base.with_suffix(f".{langs[0]}.docx")}
        return {langs[0]: base}
    return {lang: base.with_suffix(f".{lang}.docx") for lang in langs}


def build_document(
    loaded: Loaded,
    lang: str,
    *,
    templates: templating.TemplateSet,
    allow_missing: bool = False,
    draft: bool = False,
) -> Any:
    """The python-docx Document of a fiche in one language (not yet saved); a ``draft`` says CONCEPT on every page."""
    from fichebuilder.writers import render

    catalogue = templates.catalogue(lang)
    context = fiche_context(loaded, lang, catalogue, allow_missing=allow_missing)
    text = templating.render_markup(templates, loaded.fiche.kind, context)
    template = str(templates.structure_dir / templates.structure(loaded.fiche.kind))
    root = render.parse_markup(text, template=template)
    fiche: Fiche = loaded.fiche
    properties = render.Properties(
        title=str(catalogue["title"]).format(title=context["fiche"].title),
        subject=", ".join(fiche.general.com_numbers()),
        language=str(catalogue["language_tag"]),
        author=str(context["fiche"].general.ministry).rstrip("."),
        comments=str(catalogue.get("made_with", "")),
        custom=built_from(loaded, lang),
        date=document_date(loaded),
    )
    document = render.write_document(
        root,
        templates.reference_docx,
        properties,
        untranslated=str(catalogue["untranslated"]),
        untranslated_language=_source_language_tag(templates) if lang != SOURCE_LANGUAGE else None,
        template=template,
    )
    if draft:
        from fichebuilder.ooxml.writing import mark_draft

        mark_draft(document, DRAFT_MARK)
    return document


def _source_language_tag(templates: templating.TemplateSet) -> str:
    """The tag (nl-NL) of the language fiches are written in, which stands in for a missing translation."""
    return str(templates.catalogue(SOURCE_LANGUAGE)["language_tag"])


# the custom properties a build records (see ooxml.properties), for ``fiche review``
SOURCE_PROPERTY = "fiche.source"
HASH_PROPERTY = "fiche.sha256"
LANGUAGE_PROPERTY = "fiche.language"
COMMIT_PROPERTY = "fiche.commit"
REPO_PATH_PROPERTY = "fiche.path_in_repository"


def built_from(loaded: Loaded, lang: str) -> dict[str, str]:
    """What a document records of its making: the position file (its path and a hash of its
    bytes), the language, and the commit checked out when the file lies in a git repository."""
    values = {LANGUAGE_PROPERTY: lang}
    if loaded.path is None:
        return values
    path = Path(loaded.path)
    values[SOURCE_PROPERTY] = str(path.absolute())
    with contextlib.suppress(FicheError):  # read as the position file was: a regular file, capped
        values[HASH_PROPERTY] = hashlib.sha256(yamlsource.read_bytes(path, name=str(path))).hexdigest()
    found = revisions.commit_of(path)
    if found is not None:
        values[COMMIT_PROPERTY], values[REPO_PATH_PROPERTY] = found
    return values


def document_date(loaded: Loaded) -> datetime.datetime:
    """The date a fiche's document gives as created and modified: the time its position file
    was last saved, so that building an unchanged file again gives the same document.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention, seconds since 1970) sets it
    outright, e.g. in CI where a checkout gives every file the time of the checkout. A
    version read from git, which has no file, is dated by the build.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    try:
        seconds = loaded.path.stat().st_mtime if loaded.path is not None else time.time()
    except OSError:
        seconds = time.time()
    return datetime.datetime.fromtimestamp(int(seconds), datetime.UTC)


# the word on every page of a draft; Dutch in every language, as the drafters' own stamp
DRAFT_MARK = "CONCEPT"


def build_fiche(
    path: Path | str,
    *,
    output: Path | str | None = None,
    output_dir: Path | str = OUTPUT_DIR,
    template: Path | str | None = None,
    langs: list[str] | None = None,
    allow_missing: bool = False,
    draft: bool = False,
) -> list[Built]:
    """Build a position file into one .docx per language; returns what was written.

    A file that still holds placeholders ``⟦…⟧`` is refused unless ``draft``: then
    every page says CONCEPT.

    Nothing is written unless every language builds: the documents are made first,
    then each is saved to a temporary file and renamed into place.
    """
    langs = langs or ["nl"]
    loaded = load_position(path, languages=langs)
    if not draft:
        found = find_placeholders(loaded)
        if found:
            raise placeholders_error(found, loaded.source.file)
    templates = templating.resolve_template(template)
    targets = output_paths(
        loaded.name, langs, Path(output) if output is not None else None, output_dir=Path(output_dir)
    )
    for target in targets.values():
        check_output_path(target, source=Path(path))
    documents = {
        lang: build_document(loaded, lang, templates=templates, allow_missing=allow_missing, draft=draft)
        for lang in langs
    }
    built = []
    for lang, document in documents.items():
        save_document(document, targets[lang])
        built.append(Built(lang, targets[lang]))
    return built


def save_document(document: Any, target: Path) -> None:
    """Save a Word document atomically.

    The zip is made in memory and closed before anything is written: a write that
    fails (a full disk) then leaves no half-written zip behind, whose clean-up at
    exit would print a traceback under the one-line error.
    """
    buffer = io.BytesIO()
    document.save(buffer)
    write_bytes(target, buffer.getvalue())
