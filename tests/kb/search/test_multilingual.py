"""One decision in six languages: a message finds the decision whatever language its entries
are written in, one hit per decision, with the languages the decision has; the customer's
language version is used when it exists, else the hit says which language it comes from."""

import pytest

from kb.search import service
from kb.search.encoder import space_encoders
from kb.search.engine import Doc
from tests.kb.search.spaces import engine_of, query_vectors

HANDBOOK = [
    ("call-germany", "nb", "Ringe til Tyskland", "Samtaler til Tyskland koster 1,49 kr/min.",
     ["Hva koster det å ringe til Tyskland?", "Kan jeg ringe Tyskland fra abonnementet mitt?",
      "pris for samtaler til Tyskland"]),
    ("gift-cards", "nb", "Gavekort", "Vi selger dessverre ikke gavekort.",
     ["Selger dere gavekort?", "Kan jeg kjøpe et gavekort til en venn?",
      "gavekort i bursdagsgave"]),
    ("roaming", "nb", "Roaming i EU", "I EU/EØS bruker du abonnementet som hjemme.",
     ["Hva koster roaming i Spania?", "Kan jeg bruke mobilen i utlandet?",
      "surfe i EU uten ekstra kostnad"]),
    ("invoice", "nb", "Når forfaller fakturaen?", "Fakturaen forfaller den 20. hver måned.",
     ["Når må jeg betale regningen?", "forfallsdato faktura", "hvor finner jeg fakturaen"]),
    ("password", "en", "Change your password", "Open My page, choose Settings, then Password.",
     ["How do I change my password?", "I forgot my password", "reset my login"]),
]

QUERIES = [
    ("Vad kostar det att ringa till Tyskland?", "sv", "call-germany"),
    ("Kva kostar det å ringje til Tyskland?", "nn", "call-germany"),
    ("Hvad koster det at ringe til Tyskland?", "da", "call-germany"),
    ("Paljonko maksaa soittaa Saksaan?", "fi", "call-germany"),
    ("Do you sell gift cards?", "en", "gift-cards"),
    ("Säljer ni presentkort?", "sv", "gift-cards"),
    ("Myyttekö lahjakortteja?", "fi", "gift-cards"),
    ("How much is roaming in Spain?", "en", "roaming"),
    ("Jag har glömt mitt lösenord", "sv", "password"),
    ("Hvordan endrer jeg passordet mitt?", "nb", "password"),
]


@pytest.fixture(scope="module")
def encoders():
    return space_encoders(["minilm", "e5"])


@pytest.fixture(scope="module")
def engine(encoders):
    docs = []
    for entry_id, language, title, answer, questions in HANDBOOK:
        docs.append(Doc(entry_id, title, "title", language))
        docs.append(Doc(entry_id, answer, "answer", language))
        docs += [Doc(entry_id, q, "question", language) for q in questions]
    return engine_of(docs, encoders)


@pytest.mark.parametrize(("query", "language", "expected"), QUERIES)
def test_a_message_finds_the_decision_in_another_language(engine, encoders, query, language,
                                                          expected):
    result = engine.search(query, query_vectors(encoders, query), k=3, language=language)
    assert result.hits[0].entry_id == expected


def test_one_hit_per_decision_with_its_languages(encoders):
    docs = [Doc("gift-nb", "Gavekort", "title", "nb", "gift"),
            Doc("gift-nb", "Selger dere gavekort?", "question", "nb", "gift"),
            Doc("gift-en", "Gift cards", "title", "en", "gift"),
            Doc("gift-en", "Do you sell gift cards?", "question", "en", "gift"),
            Doc("pw", "Change your password", "title", "en")]
    engine = engine_of(docs, encoders)
    text = "Säljer ni presentkort?"
    result = engine.search(text, query_vectors(encoders, text), k=5, language="sv")
    assert [h.group for h in result.hits] == ["gift", "pw"]
    assert result.hits[0].languages == {"nb", "en"}
    assert engine.group_entries("gift") == {"nb": "gift-nb", "en": "gift-en"}


@pytest.fixture
def translated(make_entry):
    nb = make_entry("Gavekort", "Vi selger dessverre ikke gavekort.", language="nb",
                    group="gift", questions=["Selger dere gavekort?", "kjøpe gavekort"])
    en = make_entry("Gift cards", "Sorry, we do not sell gift cards.", language="en",
                    group="gift", questions=["Do you sell gift cards?"])
    call = make_entry("Ringe til Tyskland", "Samtaler til Tyskland koster 1,49 kr/min.",
                      language="nb", questions=["Hva koster det å ringe til Tyskland?"])
    return nb, en, call


def test_search_uses_the_customers_language_version_of_the_decision(translated):
    nb, en, _ = translated
    result = service.search("Do you sell gift cards?", language="en")
    assert result.hits[0].entry == en
    assert result.hits[0].translated_from is None
    assert result.hits[0].languages == ("en", "nb")
    assert result.hits[0].group == "gift"


def test_without_a_version_in_the_customers_language_the_hit_says_so(translated):
    _, _, call = translated
    result = service.search("Kva kostar det å ringje til Tyskland?", language="nn")
    assert result.hits[0].entry == call
    assert result.hits[0].translated_from == "nb"
    assert result.hits[0].languages == ("nb",)
    assert not result.abstained
