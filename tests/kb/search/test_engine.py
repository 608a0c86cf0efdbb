"""Behaviour of the retrieval engine with the real bundled encoder on a tiny handbook."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from kb.search import dense as dense_mod
from kb.search import engine as engine_mod
from kb.search import text
from kb.search.encoder import BUNDLED_MODEL_NAME, get_encoder
from kb.search.engine import ABSTAIN_THRESHOLD, Doc, Engine

HANDBOOK: dict[str, dict[str, list[str]]] = {
    # entry id -> language -> [title, answer, questions...]
    "refund": {
        "en": [
            "Refunds",
            "You can ask for a refund within 30 days of purchase from the order page.",
            "How do I get my money back?",
            "Can I return an item and be refunded?",
        ],
        "sv": [
            "Återbetalning",
            "Du kan begära återbetalning inom 30 dagar efter köpet via ordersidan.",
            "Hur får jag tillbaka mina pengar?",
        ],
        "nb": [
            "Refusjon",
            "Du kan be om refusjon innen 30 dager etter kjøpet fra ordresiden.",
            "Hvordan får jeg pengene mine tilbake?",
        ],
    },
    "password": {
        "en": [
            "Reset your password",
            "Click 'Forgot password' on the login page and follow the link we e-mail you.",
            "I forgot my password",
            "How can I change my login password?",
        ],
        "sv": [
            "Återställ lösenord",
            "Klicka på 'Glömt lösenord' på inloggningssidan och följ länken i mejlet.",
            "Jag har glömt mitt lösenord",
        ],
        "nb": [
            "Tilbakestill passord",
            "Klikk på 'Glemt passord' på innloggingssiden og følg lenken i e-posten.",
            "Jeg har glemt passordet mitt",
        ],
    },
    "delivery": {
        "en": [
            "Delivery times",
            "Parcels are delivered within 3-5 working days; you get a tracking number by SMS.",
            "When will my parcel arrive?",
            "How long does shipping take?",
        ],
        "sv": [
            "Leveranstider",
            "Paket levereras inom 3-5 arbetsdagar och du får ett spårningsnummer via sms.",
            "När kommer mitt paket?",
        ],
        "nb": [
            "Leveringstid",
            "Pakker leveres innen 3-5 virkedager, og du får et sporingsnummer på SMS.",
            "Når kommer pakken min?",
        ],
    },
    "opening_hours": {
        "en": [
            "Opening hours of customer service",
            "Customer service is open weekdays 8-16 by phone and chat.",
            "When can I call you?",
        ],
        "sv": [
            "Kundtjänstens öppettider",
            "Kundtjänst har öppet vardagar 8-16 via telefon och chatt.",
            "När kan jag ringa er?",
        ],
        "nb": [
            "Åpningstider for kundeservice",
            "Kundeservice har åpent hverdager 8-16 på telefon og chat.",
            "Når kan jeg ringe dere?",
        ],
    },
}


def _docs() -> list[Doc]:
    docs = []
    for entry_id, by_language in HANDBOOK.items():
        for language, texts in by_language.items():
            title, answer, *questions = texts
            docs.append(Doc(entry_id, title, "title", language))
            docs.append(Doc(entry_id, answer, "answer", language))
            docs.extend(Doc(entry_id, q, "question", language) for q in questions)
    return docs


@pytest.fixture(scope="module")
def encoder():
    return get_encoder()


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    return _docs()


@pytest.fixture(scope="module")
def engine(encoder, docs) -> Engine:
    return Engine.build(docs, encoder.encode([d.text for d in docs]))


def _search(engine: Engine, encoder, query: str, **kwargs) -> engine_mod.Result:
    vector = encoder.encode([query])[0]
    return engine.search(query, vector, **kwargs)


def test_encoder_is_cached_and_normalised(encoder):
    assert get_encoder() is encoder
    assert get_encoder(BUNDLED_MODEL_NAME) is encoder
    assert encoder.model_name == BUNDLED_MODEL_NAME
    vectors = encoder.encode(["hello world", "hej världen"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (2, encoder.dim) == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_length_grouped_batches_keep_each_text_with_its_own_vector(encoder, monkeypatch):
    """Batching sorts texts by length; the vectors must still come back in input order,
    equal to encoding each text alone."""
    from kb.search import encoder as encoder_mod

    monkeypatch.setattr(encoder_mod, "TOKEN_BUDGET", 256)  # force several batches
    long = "Our return policy lets you send back any item within thirty days. " * 12
    texts = ["Hei", long, "Can I return my order?", long + " Extra.", "Kan jeg bytte?"] * 3
    batches = encoder.token_batches(texts)
    assert sorted(i for b in batches for i in b) == list(range(len(texts)))
    assert len(batches) > 1
    lengths = [len(x) for x in encoder._model.tokenizer(texts, truncation=True,
                                                         max_length=128)["input_ids"]]
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 256
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-4)
    assert len(encoder.token_batches(texts, max_texts=2)[0]) <= 2


def test_batching_leaves_the_shared_tokenizer_as_encoding_needs_it(encoder):
    """Threads of one process share the tokenizer, whose padding and truncation are global
    state: a call with other options switches them under an encode running in another
    thread, whose batch then comes back unpadded (CI, two rebuilds at once: "Unable to
    create tensor ... excessive nesting").  Measuring lengths for batching must not."""
    backend = encoder._model.tokenizer._tokenizer
    encoder.encode(["Can I return my order?", "Hei"])
    state = (backend.padding, backend.truncation)
    assert state[0] is not None  # encoding pads its batches
    encoder.token_batches(["Can I return my order?", "Hei", "Kan jeg bytte varen?"])
    assert (backend.padding, backend.truncation) == state


def test_bulk_encoding_in_bfloat16_keeps_each_vector_and_queries_stay_float32(
        encoder, monkeypatch):
    """Stored handbook vectors may be computed in bfloat16 (twice as fast on AMX CPUs); they
    must stay the float32 vectors for all a search can tell, and queries stay float32."""
    texts = ["Hei, hvordan aktiverer jeg eSIM?", "My parcel never arrived @shop",
             "Our return policy lets you send back any item within thirty days. " * 6,
             "Kan jag byta abonnemang?", "Miten vaihdan liittymän?"]
    monkeypatch.setattr(encoder, "bulk_bf16", False)
    exact = encoder.encode(texts)
    monkeypatch.setattr(encoder, "bulk_bf16", True)
    bulk = encoder.encode(texts, bulk=True)
    assert bulk.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(bulk, axis=1), 1.0, atol=1e-5)
    assert (np.sum(bulk * exact, axis=1) > 0.999).all()  # each text keeps its own vector
    assert not np.array_equal(bulk, exact)  # bfloat16 really ran
    np.testing.assert_allclose(encoder.encode(texts), exact, atol=1e-6)  # not bulk: float32


@pytest.mark.parametrize(("value", "expected"), [("0", False), ("off", False), ("1", True)])
def test_bulk_bfloat16_can_be_forced_either_way(settings, value, expected):
    from kb.search.encoder import bulk_bf16_default

    settings.SVAR_BULK_BF16 = value
    assert bulk_bf16_default() is expected


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("I want my money back for the shoes I returned", "en", "refund"),
        ("cannot log in, lost my pw", "en", "password"),
        ("where is my package? @shopname https://t.co/xyz 📦", "en", "delivery"),
        ("what time do you answer the phone", "en", "opening_hours"),
        ("Hur gör jag för att få pengarna tillbaka?", "sv", "refund"),
        ("jag minns inte lösenordet till mitt konto", "sv", "password"),
        ("hur lång är leveranstiden för paketet", "sv", "delivery"),
        ("Jeg husker ikke passordet", "nb", "password"),
        ("Når leveres pakkene?", "nb", "delivery"),
        ("Hvordan får jeg refusjon?", "nb", "refund"),
    ],
)
def test_paraphrase_ranks_right_entry_first(engine, encoder, query, language, expected):
    result = _search(engine, encoder, query, languages={language})
    assert result.hits[0].entry_id == expected
    assert 0.0 <= result.confidence <= 1.0


@pytest.mark.parametrize(
    ("query", "off_topic", "language"),
    [
        ("How long does shipping take?", "what is the capital of mongolia", "en"),
        ("Jag har glömt mitt lösenord", "Vem vann fotbolls-VM 2018?", "sv"),
        ("Hvordan får jeg refusjon?", "Hvordan lager man pannekaker?", "nb"),
    ],
)
def test_confident_on_close_match_not_off_topic(engine, encoder, query, off_topic, language):
    close = _search(engine, encoder, query, languages={language})
    far = _search(engine, encoder, off_topic, languages={language})
    assert close.confidence >= ABSTAIN_THRESHOLD > far.confidence


def test_one_hit_per_entry_best_first(engine, encoder):
    result = _search(engine, encoder, "refund please", k=10)
    ids = [h.entry_id for h in result.hits]
    assert len(ids) == len(set(ids)) == len(HANDBOOK)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert len(_search(engine, encoder, "refund please", k=2).hits) == 2


def test_language_filter_is_honoured(engine, encoder, docs):
    by_text = {d.text: d for d in docs}
    for language in ("sv", "nb", "en"):
        result = _search(engine, encoder, "refund money back", languages={language})
        assert result.hits
        assert {by_text[h.matched_text].language for h in result.hits} == {language}
    assert _search(engine, encoder, "refund", languages={"fi"}).hits == []


def test_entry_filter_is_honoured(engine, encoder):
    result = _search(
        engine, encoder, "I forgot my password", entry_filter=lambda e: e != "password"
    )
    assert result.hits
    assert all(h.entry_id != "password" for h in result.hits)
    nothing = _search(engine, encoder, "I forgot my password", entry_filter=lambda e: False)
    assert nothing.hits == [] and nothing.confidence == 0.0


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("what is the capital of mongolia", "en"),
        ("recommend a good recipe for lasagna", "en"),
        ("Vem vann fotbolls-VM 2018?", "sv"),
        ("Hvordan lager man pannekaker?", "nb"),
    ],
)
def test_out_of_scope_gets_low_confidence(engine, encoder, query, language):
    result = _search(engine, encoder, query, languages={language})
    assert result.confidence < ABSTAIN_THRESHOLD


def test_matched_text_and_field_come_from_the_entry(engine, encoder, docs):
    result = _search(engine, encoder, "how long does shipping take", languages={"en"})
    top = result.hits[0]
    assert top.entry_id == "delivery"
    assert any(
        d.entry_id == "delivery" and d.text == top.matched_text and d.field == top.matched_field
        for d in docs
    )


def test_flat_or_hnsw_by_partition_size(monkeypatch, encoder, docs):
    vectors = encoder.encode([d.text for d in docs])
    assert set(Engine.build(docs, vectors).index_kinds().values()) == {"IndexScalarQuantizer"}
    monkeypatch.setattr(dense_mod, "FLAT_MAX_VECTORS", 5)
    hnsw = Engine.build(docs, vectors)
    assert set(hnsw.index_kinds().values()) == {"IndexHNSWSQ"}
    result = _search(hnsw, encoder, "When will my parcel arrive?", languages={"en"})
    assert result.hits[0].entry_id == "delivery"
    # A filter that hides the nearest entries makes the engine widen its HNSW candidate
    # search, and past HNSW_MAX_K scan exactly: the allowed entry is still found.
    monkeypatch.setattr(dense_mod, "HNSW_MAX_K", 1)
    only = _search(
        hnsw, encoder, "When will my parcel arrive?", entry_filter=lambda e: e == "refund"
    )
    assert [h.entry_id for h in only.hits] == ["refund"]


def test_empty_engine(encoder):
    engine = Engine.build([], np.zeros((0, encoder.dim), dtype=np.float32))
    assert len(engine) == 0
    result = engine.search("anything", encoder.encode(["anything"])[0])
    assert result.hits == [] and result.confidence == 0.0


def test_len_and_misaligned_vectors(engine, docs):
    assert len(engine) == len(docs)
    with pytest.raises(ValueError):
        Engine.build(docs, np.zeros((len(docs) - 1, 384), dtype=np.float32))


def test_concurrent_searches_agree(engine, encoder):
    queries = ["refund", "password reset", "parcel tracking", "opening hours"] * 5
    vectors = encoder.encode(queries)
    expected = [engine.search(q, vectors[i]).hits[0].entry_id for i, q in enumerate(queries)]
    results: list[object] = [None] * len(queries)

    def work(i: int) -> None:
        results[i] = engine.search(queries[i], vectors[i]).hits[0].entry_id

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(queries))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (["betalningar", "betalningen", "betalning"], "sv"),
        (["betalingene", "betalinger", "betaling"], "nb"),
        (["betalingane", "betaling"], "nn"),
        (["betalingerne", "betalinger"], "da"),
        (["maksut", "maksu"], "fi"),
        (["payments", "payment"], "en"),
    ],
)
def test_stemming_per_language(words, language):
    stems = {text.stemmed_terms(w, language)[0] for w in words}
    assert len(stems) == 1, stems


def test_unknown_language_is_not_stemmed():
    assert text.stemmed_terms("Betalningar", "xx") == ["betalningar"]


def test_normalisation_strips_noise():
    raw = "@svarbot Hi!! My #refund 😡 see https://example.com/x?a=1 or www.foo.se, mail a@b.se"
    assert text.normalize(raw) == "hi!! my refund see or mail"
    assert text.clean_for_encoding("@x 😀 Hello") == "Hello"
    assert text.clean_for_encoding("😀") == "😀"
    assert text.tokenize("vaccin_covid-19 ok") == ["vaccin", "covid", "19", "ok"]


def test_char_ngrams_capture_compound_parts():
    compound = set(text.char_ngrams("vaccinationsintyg"))
    part = set(text.char_ngrams("intyg"))
    assert {"int", "ntyg", "tyg "} <= compound
    assert len(compound & part) >= 3
