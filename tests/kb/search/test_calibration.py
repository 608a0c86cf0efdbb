"""The confidence knows how much an entry knows: a young handbook with three example
questions per entry answers plainly answerable messages, and still abstains on messages no
entry answers."""

import pytest

from kb.search.calibration import ABSTAIN_THRESHOLD, PROFILES, Profile
from kb.search.encoder import space_encoders
from kb.search.engine import Doc
from tests.kb.search.spaces import engine_of, query_vectors

YOUNG_HANDBOOK = {
    "en": [
        ("delivery", "Delivery times", ["When will my order arrive?", "How long is shipping?",
                                        "delivery time to Norway"]),
        ("returns", "Returning an item", ["How do I return something?", "Can I send it back?",
                                          "return policy"]),
        ("password", "Change your password", ["How do I change my password?",
                                              "I forgot my password", "reset my login"]),
        ("invoice", "Your invoice", ["When is my bill due?", "Where do I find my invoice?",
                                     "invoice due date"]),
        ("roaming", "Roaming abroad", ["Can I use my phone abroad?", "roaming prices in the EU",
                                       "Does my plan work in Spain?"]),
        ("cancel", "Cancel your subscription", ["How do I cancel my subscription?",
                                                "I want to end my contract",
                                                "terminate my plan"]),
    ],
    "nb": [
        ("levering", "Leveringstid", ["Når kommer pakken min?", "Hvor lang er leveringstiden?",
                                      "levering til Tromsø"]),
        ("retur", "Retur av varer", ["Hvordan returnerer jeg en vare?",
                                     "Kan jeg sende den tilbake?", "returrett"]),
        ("passord", "Bytte passord", ["Hvordan bytter jeg passord?", "Jeg har glemt passordet",
                                      "tilbakestille innlogging"]),
        ("faktura", "Fakturaen din", ["Når forfaller regningen?", "Hvor finner jeg fakturaen?",
                                      "forfallsdato faktura"]),
        ("roaming", "Bruk i utlandet", ["Kan jeg bruke mobilen i utlandet?", "roaming i EU",
                                        "virker abonnementet i Spania?"]),
        ("oppsigelse", "Si opp abonnementet", ["Hvordan sier jeg opp abonnementet?",
                                               "jeg vil avslutte avtalen", "si opp mobilen"]),
    ],
}

ANSWERABLE = {
    "en": [("my parcel still hasn't come, when does it get here?", "delivery"),
           ("I'd like to send back the shoes I bought", "returns"),
           ("can't remember my password, help", "password"),
           ("what date do I have to pay the invoice by?", "invoice"),
           ("will my phone work when I travel to Italy?", "roaming"),
           ("please cancel my subscription", "cancel")],
    "nb": [("pakken min har ikke kommet ennå, når kommer den?", "levering"),
           ("jeg vil returnere skoene jeg kjøpte", "retur"),
           ("husker ikke passordet mitt", "passord"),
           ("når må fakturaen være betalt?", "faktura"),
           ("fungerer mobilen min når jeg reiser til Italia?", "roaming"),
           ("jeg ønsker å si opp abonnementet mitt", "oppsigelse")],
}

OFF_TOPIC = {"en": ["what is the capital of Australia?", "recommend me a good pizza recipe"],
             "nb": ["hva er hovedstaden i Australia?", "anbefal en god oppskrift på pizza"]}


@pytest.fixture(scope="module")
def encoders():
    return space_encoders(["minilm", "e5"])


def young_engine(encoders, language):
    docs = []
    for entry_id, title, questions in YOUNG_HANDBOOK[language]:
        docs.append(Doc(entry_id, title, "title", language))
        docs += [Doc(entry_id, q, "question", language) for q in questions]
    return engine_of(docs, encoders)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_three_question_handbook_answers_plainly_answerable_messages(encoders, language):
    engine = young_engine(encoders, language)
    answered_right = 0
    for text, expected in ANSWERABLE[language]:
        result = engine.search(text, query_vectors(encoders, text), k=3, language=language)
        answered_right += (result.hits[0].entry_id == expected
                           and result.confidence >= ABSTAIN_THRESHOLD)
    assert answered_right >= len(ANSWERABLE[language]) - 1
    for text in OFF_TOPIC[language]:
        result = engine.search(text, query_vectors(encoders, text), k=3, language=language)
        assert result.confidence < ABSTAIN_THRESHOLD, text


def test_the_same_score_means_more_on_an_entry_that_knows_less():
    for profile in PROFILES.values():
        assert profile.confidence(0.5, 4) >= profile.confidence(0.5, 11)
    flat = Profile({"word": 1.0}, a=8.0, b=0.0, c=-4.0)
    assert flat.confidence(0.5, 4) == flat.confidence(0.5, 11) == 0.5
