"""Section 3 b recognised: the general assessment, the areas and the actions, with proposed stances.

The text is read sentence by sentence. A paragraph that opens on an area ("Het
tweede gebied …") starts that area's text; a sentence that names an action not
named before ("Actie 2 gaat over …", "(actie 12)") starts that action's text, in the
same paragraph or a new one. Each action's stance is proposed from its wording
(``wording``) and noted as proposed; its sentences that set a condition or voice a
concern are marked ``[…]{.condition}`` / ``[…]{.concern}``. Areas and actions that
section 2 names but section 3 b does not discuss are added, the actions with stance
``unknown``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fichebuilder.model import Action, Area
from fichebuilder.readers import wording
from fichebuilder.readers.blocks import Block, markdown, plain
from fichebuilder.readers.recognition import Recognition, join_markdown
from fichebuilder.readers.titles import (
    Essence,
    action_title,
    area_number,
    area_title,
    mentioned_actions,
    read_essence,
)


@dataclass
class Assessment:
    """Section 3 b as the fiche holds it; ``proposed`` the note on each proposed stance, by action number."""

    text: str | None
    areas: list[Area]
    actions: list[Action]
    proposed: dict[int, str]


@dataclass
class _Paragraph:
    """A paragraph (a list of sentences) or a list item of section 3b, as it will be written."""

    kind: str  # "paragraph" | "item"
    sentences: list[str]
    marker: str = ""


@dataclass
class _Segment:
    """A run of section 3b's text that belongs to the assessment, an area or an action."""

    kind: str  # "assessment" | "area" | "action"
    number: int = 0
    same_paragraph: bool = False
    paragraphs: list[_Paragraph] = field(default_factory=list)


@dataclass
class _Reading:
    """Section 3 b cut into segments, with the sentences that name each area and action."""

    segments: list[_Segment]
    area_sentences: dict[int, str] = field(default_factory=dict)
    action_sentences: dict[int, list[str]] = field(default_factory=dict)

    @property
    def with_areas(self) -> bool:
        """Whether the text discusses areas: an area opens before the first action does."""
        kinds = [s.kind for s in self.segments]
        first_area = kinds.index("area") if "area" in kinds else None
        first_action = kinds.index("action") if "action" in kinds else None
        return first_area is not None and (first_action is None or first_area < first_action)


def recognise_assessment(found: Recognition, blocks: list[Block], essence_blocks: list[Block]) -> Assessment:
    """Section 3b: the general assessment, the areas and the actions, in the order of the text."""
    essence = read_essence(essence_blocks)
    reading = _read(blocks, essence)
    with_areas = reading.with_areas
    segments = reading.segments if with_areas else _fold_areas(reading.segments)
    areas: dict[int, Area] = {}
    actions: list[Action] = []
    proposed: dict[int, str] = {}
    current_area: int | None = None
    for segment in segments[1:]:
        if segment.kind == "area":
            current_area = segment.number
            title = area_title(segment.number, reading.area_sentences.get(segment.number, ""), essence)
            text = _markdown_of(found, segment.paragraphs, marks=False)
            areas[segment.number] = Area(number=segment.number, title=title, text=text or None)
            continue
        action, proposed[segment.number] = _action(found, segment, current_area, reading.action_sentences, essence)
        actions.append(action)
    _add_undiscussed(areas, actions, essence, with_areas=with_areas)
    area_list = list(areas.values())
    text_order = [a.number for a in area_list if a.text is not None or any(x.area == a.number for x in actions)]
    if text_order == sorted(text_order):
        area_list.sort(key=lambda a: a.number)
    with_text = [a.number for a in actions if a.text is not None]
    if with_text == sorted(with_text):
        actions.sort(key=lambda a: a.number)
    return Assessment(_markdown_of(found, segments[0].paragraphs, marks=False), area_list, actions, proposed)


def _read(blocks: list[Block], essence: Essence) -> _Reading:
    """Section 3 b's sentences into segments: the assessment, then an area's or an action's text."""
    reading = _Reading([_Segment("assessment")])
    seen_actions: set[int] = set()
    last_area = essence.area_count or (max(essence.area_titles) if essence.area_titles else None)
    previous_area = 0
    for block in blocks:
        pieces = [block.text] if block.kind == "item" else wording.sentences(block.text)
        if not pieces:
            continue
        number = area_number(pieces[0], last=last_area, previous=previous_area) if block.kind == "paragraph" else None
        if number is not None and number not in reading.area_sentences:
            previous_area = number
            reading.area_sentences[number] = pieces[0]
            reading.segments.append(_Segment("area", number))
        for index, sentence in enumerate(pieces):
            for mentioned in mentioned_actions(sentence):
                reading.action_sentences.setdefault(mentioned, []).append(sentence)
            new = [a for a in mentioned_actions(sentence) if a not in seen_actions]
            if new:
                seen_actions.add(new[0])
                reading.segments.append(_Segment("action", new[0], same_paragraph=index > 0))
            segment = reading.segments[-1]
            if index == 0 or not segment.paragraphs:
                segment.paragraphs.append(_Paragraph(block.kind, [sentence], block.marker))
            else:
                segment.paragraphs[-1].sentences.append(sentence)
    return reading


def _fold_areas(segments: list[_Segment]) -> list[_Segment]:
    """Without usable areas, an area's text stays where it stood: in the text before it."""
    folded: list[_Segment] = []
    for segment in segments:
        if segment.kind == "area" and folded:
            folded[-1].paragraphs.extend(segment.paragraphs)
        else:
            folded.append(segment)
    return folded


def _add_undiscussed(areas: dict[int, Area], actions: list[Action], essence: Essence, *, with_areas: bool) -> None:
    """The areas and actions section 2 names but section 3b does not discuss."""
    if with_areas:
        for number, title in essence.area_titles.items():
            areas.setdefault(number, Area(number=number, title=title))
    for number in sorted(set(essence.action_sentences) - {a.number for a in actions}):
        area = essence.action_area.get(number) if with_areas else None
        if with_areas and area is None:
            continue
        if area is not None:
            areas.setdefault(area, Area(number=area, title=f"Aandachtsgebied {area}"))
        title = action_title(number, [], essence.action_sentences[number])
        actions.append(Action(number=number, area=area, title=title, stance="unknown"))


def _action(
    found: Recognition, segment: _Segment, area: int | None, mentions: dict[int, list[str]], essence: Essence
) -> tuple[Action, str]:
    """An action discussed in section 3 b, with its stance proposed, and the note saying so."""
    sentences = [s for p in segment.paragraphs for s in p.sentences]
    proposal = wording.propose_stance([plain(s) for s in sentences])
    title = action_title(
        segment.number, mentions.get(segment.number, []), essence.action_sentences.get(segment.number, [])
    )
    action = Action(
        number=segment.number,
        area=area,
        title=title,
        stance=proposal.stance,
        stance_proposed=True,
        same_paragraph=segment.same_paragraph,
        text=_markdown_of(found, segment.paragraphs, marks=True) or None,
    )
    cues = ", ".join(f'"{_short_cue(c)}"' for c in proposal.cues)
    return action, f"voorgesteld{': ' + cues if cues else ''}"


def _short_cue(cue: str) -> str:
    words = cue.split()
    return cue if len(words) <= 6 else f"{words[0]} … {words[-1]}"


def _markdown_of(found: Recognition, paragraphs: list[_Paragraph], *, marks: bool) -> str | None:
    """The Markdown of a segment's paragraphs; with ``marks``, its conditions and concerns marked."""
    pieces = []
    for paragraph in paragraphs:
        if paragraph.kind == "item":
            pieces.append(("item", paragraph.marker, markdown(paragraph.sentences[0], found.keys, block=False)))
            continue
        written = []
        for index, sentence in enumerate(paragraph.sentences):
            text = markdown(sentence, found.keys, block=index == 0)
            mark = wording.mark_of(plain(sentence)) if marks else None
            if mark and _balanced(text):
                text = f"[{text}]{{.{mark}}}"
            written.append(text)
        pieces.append(("paragraph", "", " ".join(written)))
    return join_markdown(pieces)


def _balanced(text: str) -> bool:
    """Whether a sentence's Markdown can be wrapped in a span: its emphasis opens and closes in it."""
    return len(re.findall(r"(?<!\\)\*", text)) % 2 == 0
