"""``fiche review``: a colleague's tracked changes and comments in a built fiche, per field,
and with ``apply`` written back into the position file.

A built document carries an anchor around every text it took from the position file
and records that file (see ``ooxml.anchors`` and ``ooxml.reviewed``). Each field's
words as the reviewed document has them (changes accepted) are written into the
field's Markdown with ``textedit.edit_words``, which keeps its marks, notes and links;
the YAML is edited in place (``translate.xliff``'s splicing), under the file's lock
(``source.editing``). A field whose words as built differ from what the document shows
without its tracked changes was edited untracked: the document's words are taken all
the same, and the field is reported as such. Comments go to ``NAME.review.yaml``
beside the position file, where ``fiche check`` lists the open ones.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fichebuilder.errors import ReviewError
from fichebuilder.model import SOURCE_LANGUAGE, FieldPath, text_in, walk_texts
from fichebuilder.ooxml.reviewed import Comment, Field, Reviewed, read_reviewed, rejected
from fichebuilder.ooxml.runs import Change
from fichebuilder.source import textedit
from fichebuilder.source.editing import Current, edit_position
from fichebuilder.source.languages import dotted, load_catalogue
from fichebuilder.source.loading import Loaded, load_position
from fichebuilder.source.yamlsource import read_bytes
from fichebuilder.writers.building import LANGUAGE_PROPERTY, SOURCE_PROPERTY
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
    """A field's words before and after the review, with the changes that made the difference."""

    path: str
    old: str
    new: str
    edits: list[Edit] = field(default_factory=list)
    untracked: bool = False


@dataclass
class Unmapped:
    """A change that belongs to no field of the position file."""

    place: str
    text: str
    author: str = ""


@dataclass
class Review:
    """What a reviewed document changes in its position file."""

    document: str
    position: str
    lang: str
    fields: list[FieldReview]
    comments: list[Comment]
    unmapped: list[Unmapped]


def read_review(document: Path | str, *, into: Path | str | None = None, accept: list[str] | None = None) -> Review:
    """The review in ``document``, field by field, against its position file (``into`` or the one it records).

    ``accept`` names the authors whose changes are taken (None: everybody's).
    """
    reviewed = read_reviewed(document, read_bytes(Path(document), name=str(document)))
    position = _position(document, reviewed, into)
    loaded = load_position(position)
    lang = reviewed.properties.get(LANGUAGE_PROPERTY, SOURCE_LANGUAGE)
    texts = {dotted(f.path): text_in(f.value, lang) or "" for f in walk_texts(loaded.fiche) if f.kind == "prose"}
    verdicts = _verdict_sentences(loaded, lang)
    taken = None if accept is None else (lambda change: change.author in accept)
    fields, matching = [], 0
    for path, found in reviewed.fields.items():
        built = verdicts.get(path) if path.endswith(".verdict") else texts.get(path)
        if built is None:
            continue
        built_plain = built if path.endswith(".verdict") else textedit.visible_text(built).plain
        old, new = found.text(rejected), found.text(taken)
        matching += old == built_plain
        untracked = old != built_plain
        if new != built_plain:
            fields.append(FieldReview(path, built_plain, new, _edits(found), untracked))
    if reviewed.fields and matching < len(reviewed.fields) / 2:
        raise ReviewError(
            f"is not a review of {position}: most of its texts differ from that file's (use --into FILE)",
            file=str(document),
        )
    unmapped = [Unmapped(o.place, o.text, o.change.author if o.change else "") for o in reviewed.outside]
    return Review(str(document), str(position), lang, fields, reviewed.comments, unmapped)


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


def _verdict_sentences(loaded: Loaded, lang: str) -> dict[str, str]:
    """Per ground with a verdict, the sentence a build writes for it (``grounds.X.verdict``)."""
    catalogue = load_catalogue(resolve_template(None).catalogue_dir, lang)
    out = {}
    grounds = loaded.fiche.grounds
    for key in grounds.__struct_fields__:
        ground = getattr(grounds, key)
        if ground is not None and ground.verdict:
            out[f"grounds.{key}.verdict"] = _sentence(catalogue, loaded.fiche.kind, key, ground.verdict)
    return out


def _sentence(catalogue: dict[str, Any], kind: str, key: str, verdict: str) -> str:
    return str(catalogue["verdict_sentence"][kind]).format(
        verdict=catalogue["verdicts"][verdict], subject=str(catalogue["grounds"][key]).lower()
    )


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


# --- the report --------------------------------------------------------------------


def report_text(review: Review) -> str:
    """The review as lines for a terminal: per field its edits and comments, then what maps to no field."""
    lines = [f"{review.document} -> {review.position} ({review.lang})"]
    comments: dict[str | None, list[Comment]] = {}
    for comment in review.comments:
        comments.setdefault(comment.field, []).append(comment)
    paths = [f.path for f in review.fields] + [p for p in comments if p and p not in {f.path for f in review.fields}]
    by_path = {f.path: f for f in review.fields}
    for path in paths:
        lines.append(f"{path}:")
        found = by_path.get(path)
        if found is not None:
            if found.untracked:
                lines.append("  edited without track changes")
            for edit in found.edits:
                words = f' "{edit.text}"' if edit.text else ""
                lines.append(f"  {edit.kind}{words} ({edit.author or 'unknown'}, {edit.date or 'no date'})")
            lines.append(f"  old: {found.old}")
            lines.append(f"  new: {found.new}")
        for comment in comments.get(path, []):
            lines.append(f'  comment ({comment.author}, {comment.date}) on "{comment.anchored}": {comment.text}')
    for comment in comments.get(None, []):
        lines.append(f'comment in no field ({comment.author}): "{comment.anchored}": {comment.text}')
    for item in review.unmapped:
        lines.append(f'in no field: {item.place}: "{item.text}"')
    if len(lines) == 1:
        lines.append("no changes and no comments")
    return "\n".join(lines) + "\n"


def report_json(reviews: list[Review]) -> str:
    return json.dumps([asdict(r) for r in reviews], ensure_ascii=False, indent=2) + "\n"


# --- applying ---------------------------------------------------------------------


@dataclass
class Applied:
    """What ``apply_review`` wrote: the fields changed and the comments kept."""

    fields: list[str]
    comments_file: Path | None


def apply_review(review: Review, *, partial: bool = False) -> Applied:
    """Write the review's words into its position file, and its comments beside it.

    Nothing is written when a change maps to no field, unless ``partial``.
    """
    if review.unmapped and not partial:
        places = "; ".join(f'{u.place}: "{u.text}"' for u in review.unmapped)
        raise ReviewError(
            f"{len(review.unmapped)} change(s) belong to no field, nothing written "
            f"(--partial to apply the rest): {places}",
            file=review.document,
        )
    written: list[str] = []

    def change(current: Current) -> str:
        written.clear()
        values: dict[FieldPath, tuple[str, str | None]] = {}
        texts = {dotted(f.path): f for f in walk_texts(current.loaded.fiche)}
        for found in review.fields:
            if found.path.endswith(".verdict"):
                verdict = _verdict_of(current.loaded, review.lang, found)
                values[("grounds", found.path.split(".")[1], "verdict")] = (verdict, None)
            elif found.path in texts:
                text_field = texts[found.path]
                source = text_in(text_field.value, review.lang) or ""
                lang = None if isinstance(text_field.value, str) else review.lang
                values[text_field.path] = (textedit.edit_words(source, found.new), lang)
            written.append(found.path)
        return set_values(current.text, values, file=str(current.path))

    if review.fields:
        edit_position(review.position, change)
    return Applied(written, _keep_comments(review))


def _verdict_of(loaded: Loaded, lang: str, found: FieldReview) -> str:
    """The verdict whose sentence the reviewed document says (``… is negatief.``)."""
    catalogue = load_catalogue(resolve_template(None).catalogue_dir, lang)
    key = found.path.split(".")[1]
    for verdict in catalogue["verdicts"]:
        if " ".join(_sentence(catalogue, loaded.fiche.kind, key, verdict).split()) == " ".join(found.new.split()):
            return str(verdict)
    raise ReviewError(
        f'{found.path}: "{found.new}" is no verdict sentence fichebuilder writes; change the verdict in the file',
        file=found.path,
    )


def set_values(text: str, values: dict[FieldPath, tuple[str, str | None]], *, file: str) -> str:
    """``text`` (a position file) with the value at each path replaced, its comments and layout kept:
    a text given with a language is set in that language of a ``{nl, en, …}`` mapping."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode

    from fichebuilder.translate.xliff import _locate, _quoted, _render, _replace_block_value

    root = YAML(typ="rt", pure=True).compose(text)
    splices = []
    for path, (value, lang) in values.items():
        parent, key, node = _locate(root, path, file)
        if isinstance(node, MappingNode):
            entries = {k.value: (k, v) for k, v in node.value}
            parent, (key, node) = node, entries[lang or SOURCE_LANGUAGE]
        if parent is not None and parent.flow_style:
            splices.append((node.start_mark.index, node.end_mark.index, _quoted(value)))
        else:
            splices.append(_replace_block_value(text, key, node, _render(value, key.start_mark.column)))
    for start, end, new in sorted(splices, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def review_file(position: Path | str) -> Path:
    """Where the comments of a position file's reviews are kept: ``NAME.review.yaml`` beside it."""
    path = Path(position)
    return path.with_name(f"{path.stem}.review.yaml")


def _keep_comments(review: Review) -> Path | None:
    if not review.comments:
        return None
    from fichebuilder.files import locked

    target = review_file(review.position)
    # read, added to and written under the file's lock, as a position file is: two reviews
    # applied at once each keep their comments
    with locked(target):
        _add_comments(target, review)
    return target


def _add_comments(target: Path, review: Review) -> None:
    from fichebuilder.files import write_text
    from fichebuilder.source.yamlsource import read_yaml

    kept: list[dict[str, Any]] = []
    if target.is_file():
        data, _ = read_yaml(target)
        kept = list((data or {}).get("comments") or []) if isinstance(data, dict) else []
    seen = {(c.get("author"), c.get("date"), c.get("text")) for c in kept}
    for c in review.comments:
        if (c.author, c.date, c.text) not in seen:
            kept.append({"field": c.field or "", "author": c.author, "date": c.date, "text": c.text,
                         "anchored": c.anchored, "status": "open"})  # fmt: skip
    lines = ["# Comments from reviews in Word (fiche review --apply); set status: done when dealt with", "comments:"]
    for entry in kept:
        lines.append(f"  - field: {_quoted_yaml(entry.get('field', ''))}")
        for name in ("author", "date", "text", "anchored", "status"):
            lines.append(f"    {name}: {_quoted_yaml(str(entry.get(name, '')))}")
    write_text(target, "\n".join(lines) + "\n")


def _quoted_yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def open_comments(position: Path | str) -> list[str]:
    """The open comments kept beside a position file, as ``field (author): text`` lines."""
    target = review_file(position)
    if not target.is_file():
        return []
    from fichebuilder.source.yamlsource import read_yaml

    data, _ = read_yaml(target)
    comments = (data or {}).get("comments") or [] if isinstance(data, dict) else []
    return [
        f"{c.get('field') or '(no field)'} ({c.get('author', '')}): {c.get('text', '')}"
        for c in comments
        if isinstance(c, dict) and c.get("status", "open") != "done"
    ]
