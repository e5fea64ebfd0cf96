"""The position file as typed data.

The structs below are the format: loading validates a YAML document against them
(unknown keys are errors), and the JSON Schema of the format is generated from them.
Texts are Markdown; a text is either a string (Dutch) or a mapping of languages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec

Stance = Literal["support", "conditional", "neutral", "critical", "oppose", "unknown"]
STANCES: tuple[str, ...] = Stance.__args__  # type: ignore[attr-defined]

Verdict = Literal["positive", "negative", "neutral", "mixed"]

Kind = Literal["communication", "legislative"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]

LANGUAGES: tuple[str, ...] = ("nl", "en")
SOURCE_LANGUAGE = "nl"

# string fields that are data, not prose: never translated, never Markdown
PLAIN_FIELDS = frozenset(
    {"kind", "com_number", "url", "label", "follows", "stance", "verdict", "en_of", "source", "kamerstuk"}
)

# Where a field stands in a fiche: struct field names, list indexes and mapping keys
# (``("actions", 3, "text")``, printed ``actions[3].text``).
FieldPath = tuple[str | int, ...]


class _Struct(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    pass


class Translations(_Struct):
    """A text in Dutch, with its English translation.

    ``en_of`` records which Dutch text the English translates (a short hash of it),
    so that a later change of the Dutch shows the English as possibly stale.
    """

    nl: str
    en: str | None = None
    en_of: str | None = None


Text = str | Translations


def source_hash(text: str) -> str:
    """The short hash a translation records of the Dutch text it was made from."""
    import hashlib  # only translations need it; keep it out of start-up

    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:8]


def text_in(text: Text | None, lang: str) -> str | None:
    """The text in ``lang``, or None where it has none."""
    if text is None:
        return None
    if isinstance(text, str):
        return text if lang == SOURCE_LANGUAGE else None
    chosen: str | None = getattr(text, lang)
    return chosen


class Link(_Struct):
    """A hyperlink: its address and the text it shows."""

    url: str
    label: str | None = None


class Proposal(_Struct):
    """One Commission proposal of a fiche that assesses several at once."""

    title: Text
    com_number: str
    eurlex: Link
    # legislative proposals only: where the proposals rest on different articles
    legal_basis: Text | None = None


class General(_Struct, kw_only=True):
    """Section 1, Algemene gegevens.

    A fiche on one proposal gives its title, COM number and EUR-Lex link here
    (``SINGLE_PROPOSAL_FIELDS``); a fiche on several lists them under ``proposals``
    instead. Loading checks that a file does one or the other.
    """

    proposals: Annotated[list[Proposal], msgspec.Meta(min_length=2)] = []
    proposal_title: Text | None = None
    received: datetime.date
    com_number: str | None = None
    eurlex: Link | None = None
    impact_assessment: Text
    council: Text
    ministry: Text
    # legislative proposals only; with several proposals, once for all or per proposal
    legal_basis: Text | None = None
    decision_procedure: Text | None = None
    parliament_role: Text | None = None

    def each_proposal(self) -> list[Proposal]:
        """The proposals the fiche assesses, in order: those listed, or the one given by the single fields."""
        if self.proposals:
            return list(self.proposals)
        # loading guarantees the single fields where no list is given
        assert self.proposal_title is not None and self.com_number is not None and self.eurlex is not None
        return [
            Proposal(
                title=self.proposal_title, com_number=self.com_number, eurlex=self.eurlex, legal_basis=self.legal_basis
            )
        ]

    def com_numbers(self) -> list[str]:
        return [proposal.com_number for proposal in self.each_proposal()]


# the fields of general that name the one proposal of a single-proposal fiche
SINGLE_PROPOSAL_FIELDS: tuple[str, ...] = ("proposal_title", "com_number", "eurlex")


class Parliament(_Struct):
    """What became of the fiche in parliament: when it was sent, and the Kamerstuk it was published as."""

    sent: datetime.date
    kamerstuk: str | None = None


class Position(_Struct):
    """Section 3, the Dutch position: a) policy, b) general assessment, c) balance of power."""

    policy: Text
    assessment: Text
    balance: Text


class Area(_Struct):
    """A thematic area of the proposal, grouping actions."""

    number: int
    title: Text
    text: Text | None = None


class Action(_Struct):
    """An action (or measure) of the proposal and the cabinet's position on it."""

    number: int
    title: Text
    stance: Stance
    area: int | None = None
    text: Text | None = None
    summary: Text | None = None
    same_paragraph: bool = False
    continues: list[int] = []
    # set by `fiche import`: the stance was proposed from the wording; the drafter confirms it
    stance_proposed: bool = False


class Ground(_Struct):
    """A section-4 heading: the cabinet's verdict, if it gives one, and its text."""

    text: Text
    verdict: Verdict | None = None


class Grounds(_Struct):
    """Section 4: competence, subsidiarity and proportionality; a communication's fiche
    adds its financial implications and regulatory burden here (a legislative fiche has
    sections 5 and 6 for them)."""

    competence: Ground
    subsidiarity: Ground
    proportionality: Ground
    financial: Ground | None = None
    burden: Ground | None = None


class Financial(_Struct):
    """Section 5 of a legislative fiche: financial implications, regulatory burden, competitiveness."""

    eu_budget: Text
    national: Text
    business: Text
    competitiveness: Text


class Legal(_Struct):
    """Section 6 of a legislative fiche: legal implications."""

    national_rules: Text
    delegated_acts: Text
    deadline: Text
    evaluation: Text
    constitutional: Text


class Unplaced(_Struct):
    """Text `fiche import` could not place, with where it stood in the source; never dropped."""

    text: str
    source: str


class Fiche(_Struct):
    """A BNC fiche: everything its position file holds."""

    kind: Kind
    title: Text
    general: General
    essence: Text  # section 2; in a legislative fiche 2a, the content of the proposal
    position: Position
    grounds: Grounds
    actions: list[Action] = []
    areas: list[Area] = []
    follows: str | None = None
    parliament: Parliament | None = None
    footnotes: dict[str, Text] = {}
    # legislative proposals only (see KIND_FIELDS)
    impact_assessment_summary: Text | None = None  # 2b, Impact assessment Commissie
    financial: Financial | None = None  # 5
    legal: Legal | None = None  # 6
    implementation: Text | None = None  # 7
    developing_countries: Text | None = None  # 8
    unplaced: list[Unplaced] = []


# The fields only one kind of fiche has: a fiche of that kind needs them, a fiche of
# the other kind may not hold them. Every other field is shared by both kinds.
KIND_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "communication": (("grounds", "financial"), ("grounds", "burden")),
    "legislative": (
        ("general", "legal_basis"),
        ("general", "decision_procedure"),
        ("general", "parliament_role"),
        ("impact_assessment_summary",),
        ("financial",),
        ("legal",),
        ("implementation",),
        ("developing_countries",),
    ),
}


TextKind = Literal["prose", "data"]


@dataclass(frozen=True, slots=True)
class TextField:
    """One text of a fiche: where it stands, its value, and whether it is prose (Markdown,
    translatable) or data (a COM number, a URL, a stance: never translated)."""

    path: FieldPath
    value: Text
    kind: TextKind

    def languages(self) -> Iterator[tuple[FieldPath, str]]:
        """The text in each language it is written in; a translation's path ends in its language."""
        if isinstance(self.value, str):
            yield self.path, self.value
            return
        for lang in LANGUAGES:
            text = getattr(self.value, lang)
            if text is not None:
                yield (*self.path, lang), text


def walk_texts(value: Any, path: FieldPath = (), *, name: str = "") -> Iterator[TextField]:
    """Every text of a fiche (or of any part of it), in the file's order, with its field path.

    The one walk over a fiche's texts: validation, translation, XLIFF and the mapping of
    a document's anchors back to fields are filters of it. A value's kind comes from the
    struct field that holds it (``name``), so a footnote keyed ``url`` is still prose.
    """
    if isinstance(value, Translations):
        yield TextField(path, value, "prose")
    elif isinstance(value, str):
        yield TextField(path, value, "data" if name in PLAIN_FIELDS else "prose")
    elif isinstance(value, msgspec.Struct):
        for field in value.__struct_fields__:
            yield from walk_texts(getattr(value, field), (*path, field), name=field)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk_texts(item, (*path, i), name=name)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_texts(item, (*path, key), name=name)
