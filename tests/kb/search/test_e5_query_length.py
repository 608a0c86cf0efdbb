"""A query reaches the e5 engine cut to QUERY_TOKENS word pieces: the engine's time grows
with every word piece, and one 5,000-character message held the encoder (and every request
waiting on its lock) for 18-35 s (schemathesis' response-time check found it, issue 15)."""

import time

import numpy as np
import pytest

from kb.search import e5


@pytest.fixture(scope="module")
def encoder():
    return e5.E5Encoder()


def test_a_long_query_is_encoded_as_its_first_word_pieces(encoder):
    message = "Hei, funker mobildata i utlandet når jeg reiser med familien? " * 80
    cut = encoder._queries([message])[0]
    assert encoder._model.token_count(cut, True) <= e5.QUERY_TOKENS + 4
    assert message.startswith(cut)
    started = time.perf_counter()
    long_vector = encoder.encode_queries([message])
    took = time.perf_counter() - started
    assert np.allclose(long_vector, encoder.encode_queries([cut]), atol=1e-5)
    short_started = time.perf_counter()
    encoder.encode_queries([cut])
    assert took < 3 * (time.perf_counter() - short_started) + 1.0


def test_one_overlong_word_is_cut_too(encoder):
    cut = encoder._queries(["0" * 5000])[0]
    assert 0 < len(cut) < 5000
    assert encoder._model.token_count(cut, True) <= e5.QUERY_TOKENS + 4


def test_a_short_query_is_untouched(encoder):
    assert encoder._queries(["funker data i utlandet?"]) == ["funker data i utlandet?"]
