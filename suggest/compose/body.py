"""The answer body: paragraphs -> lines -> sentences, so it can be shortened at sentence
bounds, and the part of it that concerns the customer's question picked out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from text.plaintext import LIST_ITEM, split_sentences

#: (text, language) -> the words to compare; the caller passes search's stemmer.
Terms = Callable[[str, str], list[str]]

MIN_TERM = 3  # shorter stems ("og", "i", "on") say nothing about what a sentence is about
SHORT_UNITS = 2
SECOND_SHARE = 0.5


@dataclass(frozen=True)
class Body:
    paragraphs: tuple[tuple[tuple[str, ...], ...], ...]

    @classmethod
    def from_plain(cls, text: str) -> Body | None:
        paragraphs = []
        for block in text.split("\n\n"):
            lines = []
            for line in block.split("\n"):
                if line.strip():
                    lines.append((line,) if LIST_ITEM.match(line) else tuple(split_sentences(line)))
            if lines:
                paragraphs.append(tuple(lines))
        return cls(tuple(paragraphs)) if paragraphs else None

    @classmethod
    def of(cls, sentences: list[str]) -> Body:
        return cls(((tuple(sentences),),))

    def units(self) -> list[str]:
        return [s for para in self.paragraphs for line in para for s in line]

    @property
    def size(self) -> int:
        return len(self.units())

    def focused(self, focus: frozenset[str], language: str,
                terms_of: Terms | None = None) -> Body | None:
        """The one or two sentences that concern the question (the words they share with
        it, rarer words counting more), in their order; the opening sentences when nothing
        is shared. ``None`` when that would be the whole answer anyway."""
        units = [u for u in self.units() if LIST_ITEM.sub("", u).strip()]
        standalone = [i for i, u in enumerate(units) if not u.rstrip().endswith(":")]
        if len(standalone) <= SHORT_UNITS:
            return None
        terms_of = terms_of or plain_words
        terms = [{t for t in terms_of(u, language) if len(t) >= MIN_TERM} for u in units]
        df = Counter(t for ts in terms for t in ts)
        score = {i: sum(1 / df[t] for t in terms[i] & focus) for i in standalone}
        ranked = sorted(standalone, key=lambda i: (-score[i], i))
        best = score[ranked[0]]
        if best == 0:
            chosen = standalone[:SHORT_UNITS]
        else:  # a second sentence only when it is nearly as much about the question
            chosen = [i for i in ranked[:SHORT_UNITS] if score[i] >= SECOND_SHARE * best]
        return Body.of([LIST_ITEM.sub("", units[i]).strip() for i in sorted(chosen)])

    def ends_on_lead_in(self, keep: int) -> bool:
        """Whether the first ``keep`` sentences end on a line that introduces what is cut
        ("Slik gjør du:", "It's one of these:")."""
        units = self.units()
        return 0 < keep < len(units) and units[keep - 1].rstrip().endswith(":")

    def render(self, keep: int | None, compact: bool) -> str:
        units = self.units()
        keep = len(units) if keep is None else max(1, min(keep, len(units)))
        if keep < len(units):
            while keep > 1 and units[keep - 1].rstrip().endswith(":"):
                keep -= 1  # never end a shortened answer on a dangling "Slik gjør du:"
        lines: list[tuple[bool, str]] = []  # (starts a paragraph, text)
        left = keep
        for para in self.paragraphs:
            for index, line in enumerate(para):
                if left <= 0:
                    break
                taken = line[:left]
                left -= len(taken)
                lines.append((index == 0, " ".join(taken)))
        out = ""
        for position, (new_para, text) in enumerate(lines):
            if position:
                listy = LIST_ITEM.match(text) or LIST_ITEM.match(lines[position - 1][1])
                if compact:
                    out += "\n" if listy else " "
                else:
                    out += "\n\n" if new_para else "\n"
            out += text
        return out


def plain_words(text: str, language: str) -> list[str]:
    """Lowercased words: the comparison when no stemmer is given."""
    return re.findall(r"\w+", text.lower())
