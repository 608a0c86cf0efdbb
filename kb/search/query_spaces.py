"""Which dense spaces a query needs encoding in: only those some searched partition weighs.

Every partition is searched, each with the profile of its language family and of the
query's language (``kb.search.calibration``).  A Nordic query is scored by e5 everywhere
(``nordic/same``, ``en/cross``), so its MiniLM vector would only add FAISS candidates that
no weight looks at; an English query needs MiniLM for English entries and e5 for Nordic
ones.  Encoding is most of a one-off query's cost, so a space no profile uses is skipped.
"""

from __future__ import annotations

from kb.search.calibration import profile_for


def query_spaces(engine, language: str | None) -> tuple[str, ...] | None:
    """The spaces of ``engine`` to encode a query in ``language`` for (None: all of them;
    an unknown language counts every partition as the query's own, as the engine does)."""
    spaces = tuple(engine.spaces)
    if not spaces or language is None:
        return spaces or None
    wanted = []
    for doc_language in sorted(engine.languages):
        for space in profile_for(doc_language, language).spaces:
            if space in spaces and space not in wanted:
                wanted.append(space)
    return tuple(s for s in spaces if s in wanted) or spaces
