"""A query is encoded only in the dense spaces some searched partition's profile weighs,
and skipping the others changes no answer."""

from __future__ import annotations

import pytest

from kb.search.calibration import E5, MINILM
from kb.search.encoder import space_encoders
from kb.search.engine import Engine
from kb.search.query_spaces import query_spaces
from tests.kb.search.test_engine import _docs

QUERIES = [
    ("nb", "Jeg har glemt passordet mitt, hva gjør jeg?"),
    ("nb", "Når kommer pakken min?"),
    ("sv", "Hur får jag pengarna tillbaka?"),
    ("sv", "Jag kommer inte ihåg lösenordet"),
    ("en", "I forgot my password"),
    ("en", "where is my parcel"),
]


@pytest.fixture(scope="module")
def mixed():
    encoders = space_encoders([MINILM, E5])
    docs = _docs()  # English, Swedish and bokmål entries
    vectors = {s: e.encode([d.text for d in docs], bulk=True) for s, e in encoders.items()}
    return Engine.build(docs, vectors), encoders


def test_nordic_queries_skip_minilm_and_english_ones_keep_both(mixed):
    engine, _ = mixed
    assert set(engine.spaces) == {MINILM, E5}
    assert query_spaces(engine, "nb") == (E5,)
    assert query_spaces(engine, "sv") == (E5,)
    assert set(query_spaces(engine, "en")) == {MINILM, E5}
    assert set(query_spaces(engine, None)) == {MINILM, E5}


def test_skipping_unweighted_spaces_changes_no_answer(mixed):
    engine, encoders = mixed
    for language, text in QUERIES:
        every = {s: e.encode([text])[0] for s, e in encoders.items()}
        needed = {s: v for s, v in every.items() if s in query_spaces(engine, language)}
        full = engine.search(text, every, k=3, language=language)
        quick = engine.search(text, needed, k=3, language=language)
        assert [h.entry_id for h in quick.hits] == [h.entry_id for h in full.hits], text
        assert quick.confidence == pytest.approx(full.confidence, abs=1e-6), text
