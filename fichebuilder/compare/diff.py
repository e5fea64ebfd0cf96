"""Comparing two position files: actions aligned, then stances, marks and words compared.

Two files are *versions* of one proposal when they have the same COM number, a
*follow-up* when the newer one ``follows`` the older one's COM number, and
*unrelated* otherwise. Their actions are aligned (``align_actions``):

- versions: by number, after first pairing near-identical actions under
  different numbers (renumbered or reordered); the rest by similarity;
- follow-up: by the ``continues`` links of the newer file, then by similarity;
- unrelated: by similarity only.

Similarity is rapidfuzz's normalised Indel similarity over *words* (each word one
symbol), not characters: two unrelated Dutch texts share most letters but few
runs of words, so the score separates a reworded action (0.7–0.95) from an
unrelated one (0.1–0.3). Pairs are chosen one-to-one, best score first; pairs
that nothing can outrank (the same number and words, identical words) are settled
before the rest are scored all against all (``_pairs_above``).

Texts are compared as the words of their plain text (``markup.plain``): a change
of emphasis or of a link's address alone is not a difference; a long text is
compared sentence by sentence first (``words.word_diff``). Each action's Markdown is read
once (``_read_actions``). English translations are not compared. ``compare_fiches`` returns a ``FicheDiff``
(``changes``); ``report`` writes it out.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process, utils

from fichebuilder.compare.changes import (
    ActionDiff,
    AreaDiff,
    FicheDiff,
    FieldChange,
    FootnoteDiff,
    GroundDiff,
    MarksDiff,
    Match,
    Relation,
    Reworded,
    Side,
    Status,
    TextDiff,
)
from fichebuilder.compare.words import word_diff
from fichebuilder.errors import FicheWarning
from fichebuilder.model import PLAIN_FIELDS, Action, Fiche, Financial, Legal, Text, text_in
from fichebuilder.source import markup
from fichebuilder.source.loading import Loaded

# Pairing thresholds, on the word similarity (0..1).
RENUMBERED = 0.85  # versions: the same action under another number
SIMILAR = 0.5  # a suggested pair of actions; unrelated actions score 0.1–0.3
REWORDED = 0.6  # a condition or concern reworded rather than replaced
PREFERRED = 0.1  # added to the score of a pair under one number (versions): it wins ties and near-ties


# --- alignment -----------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Actions that correspond: ``old`` is empty for a new action, ``new`` None for a dropped one.

    ``old`` holds several actions where a new action continues several of the
    earlier proposal; ``score`` is the word similarity of the two sides.
    """

    old: tuple[Action, ...]
    new: Action | None
    match: Match | None = None
    score: float | None = None


def relation_of(old: Fiche, new: Fiche) -> Relation:
    """How two fiches relate: versions of one proposal (or of fiches sharing a proposal),
    a follow-up, or unrelated."""
    before = {_com(number) for number in old.general.com_numbers()}
    if before & {_com(number) for number in new.general.com_numbers()}:
        return "versions"
    if new.follows is not None and _com(new.follows) in before:
        return "follow-up"
    return "unrelated"


def _coms(fiche: Fiche) -> str:
    """A fiche's COM number, or its numbers joined: ``COM(2025) 836, COM(2025) 837``."""
    return ", ".join(fiche.general.com_numbers())


def _com(number: str) -> str:
    return " ".join(number.split()).casefold()


def align_actions(old: Fiche, new: Fiche) -> list[Pair]:
    """Pair the actions of two fiches, in the order of the newer file (see ``_in_order``)."""
    return _align(old, new, _read_actions(old, new))


def _align(old: Fiche, new: Fiche, read: dict[int, _Read]) -> list[Pair]:
    relation = relation_of(old, new)
    tokens_old = [read[id(a)].tokens for a in old.actions]
    tokens_new = [read[id(a)].tokens for a in new.actions]
    free_old = set(range(len(old.actions)))
    free_new = set(range(len(new.actions)))
    pairs: dict[int, Pair] = {}  # by index in new.actions

    def take(i: int, j: int, match: Match, score: float) -> None:
        pairs[j] = Pair((old.actions[i],), new.actions[j], match, score)
        free_old.discard(i)
        free_new.discard(j)

    if relation == "versions":
        # near-identical actions first, so that a renumbering is not read as rewriting
        numbers = ([a.number for a in old.actions], [b.number for b in new.actions])
        for i, j, score in _pairs_above(tokens_old, tokens_new, free_old, free_new, RENUMBERED, numbers=numbers):
            take(i, j, "number" if numbers[0][i] == numbers[1][j] else "fuzzy", score)
        by_number = {old.actions[i].number: i for i in free_old}
        for j in sorted(free_new):
            i = by_number.get(new.actions[j].number, -1)
            if i in free_old:
                take(i, j, "number", _similarity(tokens_old[i], tokens_new[j]))
    elif relation == "follow-up":
        index = {a.number: i for i, a in enumerate(old.actions)}
        linked_old: set[int] = set()
        for j, action in enumerate(new.actions):
            continued = [index[n] for n in action.continues if n in index]
            if continued:
                sources = tuple(old.actions[i] for i in continued)
                score = _similarity([t for i in continued for t in tokens_old[i]], tokens_new[j])
                pairs[j] = Pair(sources, action, "link", score)
                linked_old.update(continued)
                free_new.discard(j)
            elif action.continues:
                free_new.discard(j)  # its links name no action of ``old``: a warning, not a suggestion
        free_old -= linked_old

    if free_old and free_new:
        for i, j, score in _pairs_above(tokens_old, tokens_new, free_old, free_new, SIMILAR):
            take(i, j, "fuzzy", score)
    return _in_order(old, new, pairs, free_old, interleave=relation == "versions")


def _in_order(old: Fiche, new: Fiche, pairs: dict[int, Pair], dropped: set[int], *, interleave: bool) -> list[Pair]:
    """The newer file's order; a dropped action where it stood (versions) or at the end (another proposal)."""
    position = {id(a): i for i, a in enumerate(old.actions)}
    waiting = sorted(dropped)
    out: list[Pair] = []
    for j, action in enumerate(new.actions):
        pair = pairs.get(j, Pair((), action))
        if pair.old and interleave:
            first = min(position[id(a)] for a in pair.old)
            while waiting and waiting[0] < first:
                out.append(Pair((old.actions[waiting.pop(0)],), None))
        out.append(pair)
    out.extend(Pair((old.actions[i],), None) for i in waiting)
    return out


def link_problems(old: Loaded, new: Loaded) -> list[FicheWarning]:
    """What is wrong with the newer file's ``continues`` links, located in that file."""
    a, b = old.fiche, new.fiche
    linking = [(i, action) for i, action in enumerate(b.actions) if action.continues]
    relation = relation_of(a, b)
    if not linking or relation == "versions":
        return []  # in versions, the links name actions of the proposal this one follows, not of ``old``
    if relation == "unrelated":
        follows = f"follows {b.follows}" if b.follows else "names no proposal it follows"
        message = f"{_coms(b)} {follows}, not {_coms(a)}: its continues links are not used"
        return [new.source.warning(message, ("follows",) if b.follows else ())]
    numbers = {action.number for action in a.actions}
    return [
        new.source.warning(
            f"action {action.number} continues action {n}, but {_coms(a)} has no action {n}",
            ("actions", i, "continues"),
        )
        for i, action in linking
        for n in action.continues
        if n not in numbers
    ]


def _pairs_above(
    tokens_old: list[list[str]],
    tokens_new: list[list[str]],
    rows: set[int],
    cols: set[int],
    threshold: float,
    *,
    numbers: tuple[list[int], list[int]] | None = None,
) -> list[tuple[int, int, float]]:
    """The pairs ``_assign`` chooses among ``rows`` × ``cols``: one-to-one, scoring at least ``threshold``.

    ``numbers`` (of the old and the new actions) prefers a pair under one number.
    Scoring all against all is quadratic, so a blocking step first settles the pairs
    that ``_assign`` would choose whatever else is there, because nothing in their
    row or column ranks as high: a pair under one number scoring over 0.9 (its rank,
    score + 0.1, beats any other pair's at most 1), then a pair of identical actions
    whose words no other action has, unless a pair under one number in its row or
    column ranks as high. Only the rest are scored all against all.
    """
    rows, cols = set(rows), set(cols)
    chosen: list[tuple[int, int, float]] = []

    def take(i: int, j: int, score: float) -> None:
        chosen.append((i, j, score))
        rows.discard(i)
        cols.discard(j)

    rivals: dict[tuple[str, int], float] = {}  # the rank of the pair under one number in a row or column
    if numbers is not None:
        column = {numbers[1][j]: j for j in cols}
        for i in sorted(rows):
            j = column.get(numbers[0][i], -1)
            if j in cols:
                # only a score near 0.9 or above matters here; rapidfuzz gives up early below its cutoff (then 0)
                score = fuzz.ratio(tokens_old[i], tokens_new[j], score_cutoff=89) / 100.0
                if score + PREFERRED > 1.0 and score >= threshold:
                    take(i, j, score)
                else:
                    rivals[("row", i)] = rivals[("col", j)] = score + PREFERRED
    for i, j in _identical(tokens_old, tokens_new, rows, cols):
        if max(rivals.get(("row", i), 0.0), rivals.get(("col", j), 0.0)) < 1.0:
            take(i, j, 1.0)  # the same words: rapidfuzz's similarity is exactly 1
    return chosen + _scored(tokens_old, tokens_new, sorted(rows), sorted(cols), threshold, numbers)


def _identical(
    tokens_old: list[list[str]], tokens_new: list[list[str]], rows: set[int], cols: set[int]
) -> list[tuple[int, int]]:
    """Pairs of an old and a new action with the same words, words that no other action has."""
    old: dict[tuple[str, ...], list[int]] = {}
    new: dict[tuple[str, ...], list[int]] = {}
    for i in sorted(rows):
        old.setdefault(tuple(tokens_old[i]), []).append(i)
    for j in sorted(cols):
        new.setdefault(tuple(tokens_new[j]), []).append(j)
    return [(i[0], new[key][0]) for key, i in old.items() if len(i) == 1 and len(new.get(key, ())) == 1]


def _scored(
    tokens_old: list[list[str]],
    tokens_new: list[list[str]],
    rows: list[int],
    cols: list[int],
    threshold: float,
    numbers: tuple[list[int], list[int]] | None,
) -> list[tuple[int, int, float]]:
    """``_assign`` over the similarity of every action of ``rows`` with every one of ``cols``."""
    if not (rows and cols):
        return []
    # rapidfuzz scores lists of numbers much faster than lists of words (no hashing per pair)
    numbers_of: dict[str, int] = {}
    old = [[numbers_of.setdefault(t, len(numbers_of)) for t in tokens_old[i]] for i in rows]
    new = [[numbers_of.setdefault(t, len(numbers_of)) for t in tokens_new[j]] for j in cols]
    scores = process.cdist(old, new, scorer=fuzz.ratio, dtype=np.float64, workers=-1)
    prefer = None
    if numbers is not None:
        prefer = np.equal.outer([numbers[0][i] for i in rows], [numbers[1][j] for j in cols])
    return [(rows[i], cols[j], score) for i, j, score in _assign(scores / 100.0, threshold, prefer=prefer)]


def _similarity(old: Sequence[Hashable], new: Sequence[Hashable]) -> float:
    return fuzz.ratio(old, new) / 100.0


def _assign(scores: np.ndarray, threshold: float, *, prefer: np.ndarray | None = None) -> list[tuple[int, int, float]]:
    """One-to-one pairs scoring at least ``threshold``, best first; ``prefer`` wins ties and near-ties."""
    rows, cols = np.nonzero(scores >= threshold)
    if not len(rows):
        return []
    values = scores[rows, cols]
    rank = values + (PREFERRED * prefer[rows, cols] if prefer is not None else 0.0)
    order = np.lexsort((cols, rows, -rank))
    used_rows: set[int] = set()
    used_cols: set[int] = set()
    chosen: list[tuple[int, int, float]] = []
    for k in order:
        i, j = int(rows[k]), int(cols[k])
        if i not in used_rows and j not in used_cols:
            used_rows.add(i)
            used_cols.add(j)
            chosen.append((i, j, float(values[k])))
    return chosen


# --- words -----------------------------------------------------------------------


def plain_words(text: Text | None) -> list[str]:
    """The words of a text's Dutch plain text."""
    source = text_in(text, "nl")
    return markup.plain(source).split() if source else []


def _tokens(words: Iterable[str]) -> list[str]:
    """Words as compared for similarity: lower case, punctuation dropped."""
    return utils.default_process(" ".join(words)).split()


@dataclass(frozen=True)
class _Read:
    """What comparing needs of an action, read from its Markdown once."""

    title: str
    summary: list[str]
    text: list[str]
    conditions: list[str]
    concerns: list[str]
    tokens: list[str]  # the words compared for similarity (``_tokens``)


def _read_actions(old: Fiche, new: Fiche) -> dict[int, _Read]:
    """Each action of both fiches read, by ``id``; an action both files have word for word is read once.

    The newer file's first: it is usually the one loaded last, whose parsed
    Markdown is still in the parser's cache.
    """
    by_source: dict[tuple[str | None, ...], _Read] = {}
    read: dict[int, _Read] = {}
    for action in [*new.actions, *old.actions]:
        source = tuple(text_in(t, "nl") for t in (action.title, action.summary, action.text))
        if source not in by_source:
            by_source[source] = _read(*source)
        read[id(action)] = by_source[source]
    return read


def _read(title: str | None, summary: str | None, text: str | None) -> _Read:
    words = [markup.plain(t).split() if t else [] for t in (title, summary, text)]
    # a condition or concern is [text]{.condition}: without a brace there is none to look for
    conditions, concerns = markup.conditions_and_concerns(text) if text and "{" in text else ([], [])
    return _Read(" ".join(words[0]), words[1], words[2], conditions, concerns, _tokens(itertools.chain(*words)))


# --- conditions and concerns ------------------------------------------------------------


def compare_marks(old: Sequence[str], new: Sequence[str]) -> MarksDiff:
    """Match marked passages: the same words are unchanged, similar ones reworded, the rest added or removed."""
    removed = list(old)
    added: list[str] = []
    for text in new:
        if text in removed:
            removed.remove(text)
        else:
            added.append(text)
    if not (removed and added):
        return MarksDiff(added, removed, [])
    tokens_old = [_tokens(t.split()) for t in removed]
    tokens_new = [_tokens(t.split()) for t in added]
    scores = process.cdist(tokens_old, tokens_new, scorer=fuzz.ratio, dtype=np.float64) / 100.0
    matched = sorted(_assign(scores, REWORDED), key=lambda m: m[1])
    changed = [
        Reworded(removed[i], added[j], score, word_diff(removed[i].split(), added[j].split()))
        for i, j, score in matched
    ]
    gone = {i for i, _, _ in matched}
    came = {j for _, j, _ in matched}
    return MarksDiff(
        [t for j, t in enumerate(added) if j not in came],
        [t for i, t in enumerate(removed) if i not in gone],
        changed,
    )


def _marks(texts: Iterable[Text | None]) -> tuple[list[str], list[str]]:
    conditions: list[str] = []
    concerns: list[str] = []
    for text in texts:
        found_conditions, found_concerns = markup.conditions_and_concerns(text_in(text, "nl"))
        conditions += found_conditions
        concerns += found_concerns
    return conditions, concerns


# --- comparing ------------------------------------------------------------------------


def compare_fiches(old: Loaded, new: Loaded) -> FicheDiff:
    """Align and compare two loaded position files."""
    a, b = old.fiche, new.fiche
    relation = relation_of(a, b)
    read = _read_actions(a, b)
    return FicheDiff(
        old=_side(old),
        new=_side(new),
        relation=relation,
        general=_compare_general(a, b),
        texts=_compare_texts(a, b),
        areas=_compare_areas(a, b),
        actions=[_compare_pair(pair, relation, read) for pair in _align(a, b, read)],
        grounds=_compare_grounds(a, b),
        footnotes=_compare_footnotes(a, b),
        warnings=link_problems(old, new),
    )


def _side(loaded: Loaded) -> Side:
    fiche = loaded.fiche
    return Side(loaded.source.file, _coms(fiche), _line(fiche.title) or "", len(fiche.actions))


def _line(text: Text | None) -> str | None:
    """A short text as one line of plain words."""
    words = plain_words(text)
    return " ".join(words) if text is not None else None


_GENERAL_FIELDS = (
    "title",
    "kind",
    "follows",
    "general.proposal_title",
    "general.received",
    "general.com_number",
    "general.eurlex.url",
    "general.eurlex.label",
    "general.impact_assessment",
    "general.council",
    "general.ministry",
    "general.legal_basis",
    "general.decision_procedure",
    "general.parliament_role",
)

_GENERAL_TEXTS = (
    "essence",
    "impact_assessment_summary",
    "position.policy",
    "position.assessment",
    "position.balance",
    *(f"financial.{name}" for name in Financial.__struct_fields__),
    *(f"legal.{name}" for name in Legal.__struct_fields__),
    "implementation",
    "developing_countries",
)


def _field(fiche: Any, path: str) -> Any:
    value: Any = fiche
    for name in path.split("."):
        value = getattr(value, name, None)
    return value


def _as_line(path: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if path.rsplit(".", 1)[-1] in PLAIN_FIELDS:
        return " ".join(str(value).split())  # data, not Markdown: a URL, a COM number
    return _line(value)


def _compare_general(old: Fiche, new: Fiche) -> list[FieldChange]:
    changes = []
    several = bool(old.general.proposals or new.general.proposals)
    for path in _GENERAL_FIELDS:
        if several and path in _SINGLE_PROPOSAL_PATHS:
            continue  # compared per proposal below
        a, b = _as_line(path, _field(old, path)), _as_line(path, _field(new, path))
        if a != b:
            changes.append(FieldChange(path, a, b))
    if several:
        changes += _compare_proposals(old, new)
    return changes


# where a single-proposal fiche names its proposal; several are compared field by field per proposal
_SINGLE_PROPOSAL_PATHS = frozenset(
    {
        "general.proposal_title",
        "general.com_number",
        "general.eurlex.url",
        "general.eurlex.label",
        "general.legal_basis",
    }
)
_PROPOSAL_FIELDS = ("title", "com_number", "eurlex.url", "eurlex.label")


def _compare_proposals(old: Fiche, new: Fiche) -> list[FieldChange]:
    """The proposals of two fiches, of which one at least lists several, compared in order;
    a proposal's legal basis is its own or the one general gives for all."""
    sides = [
        [
            {
                **{name: _as_line(name, _field(p, name)) for name in _PROPOSAL_FIELDS},
                "legal_basis": _as_line("legal_basis", p.legal_basis or fiche.general.legal_basis),
            }
            for p in fiche.general.each_proposal()
        ]
        for fiche in (old, new)
    ]
    before, after = sides
    changes = []
    for i in range(max(len(before), len(after))):
        for name in (*_PROPOSAL_FIELDS, "legal_basis"):
            a = before[i][name] if i < len(before) else None
            b = after[i][name] if i < len(after) else None
            if a != b:
                changes.append(FieldChange(f"general.proposals[{i}].{name}", a, b))
    return changes


def _compare_texts(old: Fiche, new: Fiche) -> list[TextDiff]:
    out = []
    for path in _GENERAL_TEXTS:
        a, b = _field(old, path), _field(new, path)
        words = word_diff(plain_words(a), plain_words(b))
        (conditions_a, concerns_a), (conditions_b, concerns_b) = _marks([a]), _marks([b])
        conditions, concerns = compare_marks(conditions_a, conditions_b), compare_marks(concerns_a, concerns_b)
        if words or conditions or concerns:
            out.append(TextDiff(path, words, conditions, concerns))
    return out


def _compare_areas(old: Fiche, new: Fiche) -> list[AreaDiff]:
    before = {a.number: a for a in old.areas}
    after = {a.number: a for a in new.areas}
    out = []
    for number in sorted(before.keys() | after.keys()):
        a, b = before.get(number), after.get(number)
        title_a, title_b = (_line(a.title) if a else None), (_line(b.title) if b else None)
        words = word_diff(plain_words(a.text if a else None), plain_words(b.text if b else None))
        if a is None or b is None:
            status: Status = "added" if a is None else "removed"
        elif title_a != title_b or words:
            status = "changed"
        else:
            continue
        out.append(AreaDiff(a.number if a else None, b.number if b else None, status, title_a, title_b, words))
    return out


def _compare_pair(pair: Pair, relation: Relation, read: dict[int, _Read]) -> ActionDiff:
    old = [read[id(a)] for a in pair.old]
    new = read[id(pair.new)] if pair.new is not None else None
    conditions = compare_marks([c for r in old for c in r.conditions], new.conditions if new else [])
    concerns = compare_marks([c for r in old for c in r.concerns], new.concerns if new else [])
    titles = tuple(r.title for r in old)
    if not old or pair.new is None or new is None:
        status: Status = "added" if not old else "removed"
        return ActionDiff(
            pair.old, pair.new, status, pair.match, pair.score, False, conditions, concerns, [], [], titles,
            new.title if new else None,
        )  # fmt: skip
    summary = word_diff([w for r in old for w in r.summary], new.summary)
    text = word_diff([w for r in old for w in r.text], new.text)
    renumbered = relation == "versions" and pair.old[0].number != pair.new.number
    changed = (
        renumbered
        or conditions
        or concerns
        or summary
        or text
        or any(a.stance != pair.new.stance or a.area != pair.new.area for a in pair.old)
        or any(title != new.title for title in titles)
    )
    return ActionDiff(
        pair.old, pair.new, "changed" if changed else "unchanged", pair.match, pair.score, renumbered, conditions,
        concerns, summary, text, titles, new.title,
    )  # fmt: skip


def _compare_grounds(old: Fiche, new: Fiche) -> list[GroundDiff]:
    out = []
    for name in old.grounds.__struct_fields__:
        a, b = getattr(old.grounds, name), getattr(new.grounds, name)
        if a is None and b is None:  # a heading neither kind of fiche has
            continue
        verdict_a, verdict_b = (a.verdict if a else None), (b.verdict if b else None)
        words = word_diff(plain_words(a.text if a else None), plain_words(b.text if b else None))
        if words or verdict_a != verdict_b:
            out.append(GroundDiff(f"grounds.{name}", verdict_a, verdict_b, words))
    return out


def _compare_footnotes(old: Fiche, new: Fiche) -> list[FootnoteDiff]:
    out = []
    for key in list(old.footnotes) + [k for k in new.footnotes if k not in old.footnotes]:
        a, b = old.footnotes.get(key), new.footnotes.get(key)
        words = word_diff(plain_words(a), plain_words(b))
        if a is None or b is None:
            status: Status = "added" if a is None else "removed"
        elif words:
            status = "changed"
        else:
            continue
        out.append(FootnoteDiff(key, status, _line(a), _line(b), words if a is not None and b is not None else []))
    return out
