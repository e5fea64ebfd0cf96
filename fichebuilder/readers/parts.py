"""A source document's blocks placed under the fiche's headings: its title, sections and sub-sections.

The recognisers take the blocks of the part they read (``take``); a section's own
text and its sub-section of the same name (2 and 2 a) are taken together. What is
left under a heading no recogniser took, what stands before section 1 and a heading
out of place are kept as unplaced text, with where they stood.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fichebuilder.readers.blocks import Block, SourceDocument


@dataclass
class Part:
    """The blocks under one heading: a section (``sub`` None) or a sub-section."""

    section: str
    section_key: str
    sub: str | None
    key: str
    blocks: list[Block] = field(default_factory=list)
    where: str = ""


@dataclass
class Parts:
    """A document's title and parts, and which parts a recogniser has taken."""

    title: str | None
    parts: list[Part]
    unplaced: list[tuple[str, str]]  # (inline text, where): before section 1, or a heading out of place
    _taken: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, document: SourceDocument) -> Parts:
        title: str | None = None
        parts: list[Part] = []
        unplaced: list[tuple[str, str]] = []
        for block in document.blocks:
            heading = block.heading
            if heading is not None and heading.level == 0 and not parts and title is None:
                title = heading.text
            elif heading is not None and heading.level == 1:
                parts.append(Part(heading.number, heading.key, None, heading.key, where=block.where))
            elif heading is not None and heading.level == 2 and parts:
                section = parts[-1]
                parts.append(Part(section.section, section.section_key, heading.number, heading.key, where=block.where))
            elif not parts:
                unplaced.append((block_inline(block), f"{block.where}, before section 1"))
            elif heading is not None:
                unplaced.append((heading_line(block), f"{block.where}, a heading out of place"))
            else:
                parts[-1].blocks.append(block)
        return cls(title, parts, unplaced)

    @property
    def sections(self) -> list[Part]:
        return [p for p in self.parts if p.sub is None]

    def take(self, section: str, key: str) -> list[Block]:
        """The blocks under section ``section``'s heading (or sub-heading) for field ``key``."""
        found = [p for p in self.parts if (p.section, p.key) == (section, key)]
        self._taken.update(id(part) for part in found)
        return [block for part in found for block in part.blocks]

    def left(self) -> list[tuple[str, str]]:
        """The text under headings no recogniser took, with the heading it stood under."""
        out = []
        for part in self.parts:
            if id(part) not in self._taken and part.blocks:
                heading = f"{part.section}{' ' + part.sub + ')' if part.sub else '.'} ({part.key})"
                out.append((plain_join(part.blocks), f"{part.where}, under heading {heading}"))
        return out


def block_inline(block: Block) -> str:
    """A block as one inline text, a list item with its marker, a heading with its number."""
    if block.kind == "heading":
        return heading_line(block)
    return f"{block.marker} {block.text}" if block.kind == "item" else block.text


def heading_line(block: Block) -> str:
    heading = block.heading
    if heading is None:
        return block.text
    prefix = {0: "Fiche: ", 1: f"{heading.number}. ", 2: f"{heading.number}) "}[heading.level]
    return prefix + heading.text


def plain_join(blocks: list[Block]) -> str:
    return "\n\n".join(block_inline(b) for b in blocks)
