"""An agent's edit of a draft, carried back onto the entry's answer: only the answer body,
with the entry's Markdown kept, never the greeting, acknowledgement or sign-off.

The draft is plain text (Markdown stripped) framed by a greeting and a sign-off. Where the
entry's answer sits in the draft is found by aligning the two; the agent's edits inside that
stretch are then applied to the Markdown source at the aligned places."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from suggest.compose.templating import draft_to_answer, names_to_placeholders

#: Shorter common runs than this are chance (a shared "the ", a comma), not the answer.
MIN_RUN = 8
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _runs(a: str, b: str) -> list[tuple[int, int, int]]:
    return [(i, j, n) for i, j, n in
            SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if n]


def _word_opcodes(a: str, b: str):
    """Opcodes of a word-level diff, in character offsets: a character diff pairs letters
    of unrelated words ("Yes" with the "es" of "question")."""
    ta, tb = _TOKENS.findall(a), _TOKENS.findall(b)
    oa, ob = _offsets(ta), _offsets(tb)
    merged: list[list] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if merged and op == "equal" and "".join(ta[i1:i2]).isspace():
            op = "replace"  # a shared space between two changes is part of one change
        if merged and op != "equal" and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([op, i1, i2, j1, j2])
    for op, i1, i2, j1, j2 in merged:
        yield op, oa[i1], oa[i2], ob[j1], ob[j2]


def _offsets(tokens: list[str]) -> list[int]:
    out = [0]
    for t in tokens:
        out.append(out[-1] + len(t))
    return out


def _to_source(runs, pos: int, *, end: bool) -> int:
    """Map a position in the draft to the Markdown source through the aligned runs; in a gap
    between runs (list markers, emphasis) an edit takes the whole gap of the source."""
    for i, j, n in runs:  # an edit starts inside the run it touches, and ends inside one
        if (i < pos <= i + n) if end else (i <= pos < i + n):
            return j + (pos - i)
    prev_end = next_start = None
    for i, j, n in runs:
        if i + n <= pos:
            prev_end = j + n
        elif next_start is None:
            next_start = j
    if end:
        return next_start if next_start is not None else prev_end
    return prev_end if prev_end is not None else next_start


def answer_from_draft(*, markdown: str, original: str, edited: str, customer_name: str,
                      agent_name: str) -> str:
    """The entry's Markdown answer with the agent's edits of its stretch of the draft.
    Falls back to stripping the frame from the edited text when the draft does not contain
    the answer recognisably (a short answer, a moderation note)."""
    runs = _runs(original, markdown)
    long_runs = [r for r in runs if r[2] >= MIN_RUN]
    if not long_runs:
        return draft_to_answer(edited, customer_name=customer_name, agent_name=agent_name)
    # The answer's stretch of the draft: from the first to the last long common run.
    start, stop = long_runs[0][0], long_runs[-1][0] + long_runs[-1][2]
    runs = [r for r in runs if start <= r[0] and r[0] + r[2] <= stop]
    edits = []
    for op, i1, i2, j1, j2 in _word_opcodes(original, edited):
        if op == "equal" or i2 < start or i1 > stop:
            continue
        lo, hi = max(i1, start), min(i2, stop)
        text = names_to_placeholders(edited[j1:j2], customer_name=customer_name,
                                     agent_name=agent_name)
        edits.append((_to_source(runs, lo, end=False), _to_source(runs, hi, end=True), text))
    answer = markdown
    for lo, hi, text in sorted(edits, reverse=True):
        answer = answer[:lo] + text + answer[max(lo, hi):]
    return answer.strip()
