"""Superscript and subscript text as the Unicode characters made for it (m², CO₂, 1ᵉ).

A position file is Markdown without a syntax for raised or lowered text, so a Word
run set in superscript or subscript is written with Unicode's superscript and
subscript characters where every character of it has one: the text then means what
it meant (m² is not m2), needs nothing new in the format or the writer, and prints
the same in Word. Where one character has none (there is no superscript q), the text is
kept as it is and the reader names it in a warning.
"""

from __future__ import annotations

_SUPERSCRIPT = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUBSCRIPT = dict(zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
_FORMS = {"superscript": _SUPERSCRIPT, "subscript": _SUBSCRIPT}


def shifted(text: str, alignment: str) -> str | None:
    """``text`` in superscript or subscript characters (``alignment``), spaces kept; None where
    a character has no such form."""
    forms = _FORMS[alignment]
    if any(ch not in forms and not ch.isspace() for ch in text):
        return None
    return "".join(forms.get(ch, ch) for ch in text)
