"""Tone analysis per language (no Django needed)."""

import time

import pytest

from suggest.tone import LEVELS, Tone, analyse_tone
from suggest.tone_words import TONE_WORDS

# language -> level -> messages that must get exactly that level
CASES: dict[str, dict[str, tuple[str, ...]]] = {
    "nb": {
        "neutral": (
            "Hvordan bytter jeg abonnement?",
            "Når kommer pakken min?",
            "Ikke dårlig service i dag, takk!",
            "Lykke til og hell og lykke med lanseringen",
            "Det var lurt å bruke appen",
        ),
        "negative": ("Jeg er veldig skuffet over servicen", "Har ventet i to uker nå"),
        "angry": ("Faen, nettet er nede igjen", "Dette er helt elendig!!!"),
        "abusive": ("Dere er noen jævla idioter", "Svindlere, hele gjengen"),
    },
    "nn": {
        "neutral": ("Korleis endrar eg adressa mi?", "Kva kostar det å ringe til utlandet?"),
        "negative": ("Eg er skuffa over at de ikkje svarar", "Appen er heilt ubrukeleg"),
        "angry": ("Faen, no er nettet nede igjen", "DETTE ER DÅRLEG AV DYKK"),
        "abusive": ("De er nokre idiotar", "For nokre udugelege amatørar"),
    },
    "sv": {
        "neutral": ("Hur gör jag för att byta lösenord?", "När kommer mitt paket?"),
        "negative": ("Jag är så besviken på er", "Appen är helt värdelös"),
        "angry": ("Fy fan vad dåligt", "Det här är skitdåligt"),
        "abusive": ("Ni är inkompetenta idioter", "Jävla jävla jävla skit"),
    },
    "da": {
        "neutral": ("Hvordan skifter jeg adgangskode?", "Tager det cirka tyve minutter?"),
        "negative": ("Jeg er meget utilfreds", "Jeres app er ubrugelig"),
        "angry": ("Det er fandme for dårligt", "Det er helt elendigt!!!"),
        "abusive": ("I er nogle klovne", "Svindlere og løgnere"),
    },
    "fi": {
        "neutral": ("Miten vaihdan salasanan?", "Milloin pakettini saapuu?"),
        "negative": ("Olen todella pettynyt palveluun", "Sovellus ei toimi taaskaan"),
        "angry": ("Vittu mikä palvelu", "TÄMÄ ON AIVAN SURKEAA PALVELUA"),
        "abusive": ("Te olette idiootteja", "Huijarit!"),
    },
    "en": {
        "neutral": (
            "How do I change my password?",
            "Not bad at all, thanks",
            "Can you tell me when my package arrives?",
        ),
        "negative": ("I'm really disappointed", "Your app is useless"),
        "angry": ("This is fucking ridiculous", "THIS IS THE WORST SERVICE EVER"),
        "abusive": ("You're all idiots", "Bunch of incompetent clowns"),
    },
}

ESCALATION: dict[str, dict[str, tuple[str, ...]]] = {
    "nb": {
        "threat-to-leave": ("Jeg bytter leverandør hvis dette ikke ordner seg", "Aldri mer!"),
        "threat-to-go-public": ("Jeg går til Forbrukerrådet med dette", "Dette sender jeg til VG"),
    },
    "nn": {
        "threat-to-leave": ("Eg byter leverandør no", "Aldri meir hos dykk"),
        "threat-to-go-public": ("Eg går til Forbrukarrådet", "Dette skal i avisa"),
    },
    "sv": {
        "threat-to-leave": ("Jag byter leverantör nu", "Aldrig igen!"),
        "threat-to-go-public": ("Jag anmäler er till ARN", "Jag kontaktar Aftonbladet"),
    },
    "da": {
        "threat-to-leave": ("Jeg skifter udbyder", "Jeg går over til jeres konkurrent"),
        "threat-to-go-public": ("Jeg går til Forbrugerrådet", "Det her havner i pressen"),
    },
    "fi": {
        "threat-to-leave": ("Vaihdan operaattoria jos tätä ei korjata", "Ei enää ikinä"),
        "threat-to-go-public": (
            "Teen valituksen kuluttajariitalautakuntaan",
            "Kerron tästä medialle",
        ),
    },
    "en": {
        "threat-to-leave": ("I'll take my business elsewhere", "Never again"),
        "threat-to-go-public": ("I'm calling my lawyer", "I'll post this on social media"),
    },
}


def _cases(table: dict[str, dict[str, tuple[str, ...]]]) -> list[tuple[str, str, str]]:
    return [
        (lang, key, text)
        for lang, by_key in table.items()
        for key, texts in by_key.items()
        for text in texts
    ]


@pytest.mark.parametrize(("lang", "level", "text"), _cases(CASES))
def test_levels(lang: str, level: str, text: str) -> None:
    tone = analyse_tone(text, lang)
    assert tone.level == level, tone


@pytest.mark.parametrize(("lang", "reason", "text"), _cases(ESCALATION))
def test_escalation(lang: str, reason: str, text: str) -> None:
    tone = analyse_tone(text, lang)
    assert tone.escalating, tone
    assert reason in tone.reasons
    assert tone.level != "neutral"


@pytest.mark.parametrize(("lang", "level", "text"), _cases(CASES))
def test_ordinary_messages_do_not_escalate(lang: str, level: str, text: str) -> None:
    assert not analyse_tone(text, lang).escalating


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("nb", "Jeg vil si opp abonnementet mitt"),
        ("nn", "Eg vil seie opp abonnementet"),
        ("sv", "Jag vill säga upp mitt abonnemang"),
        ("da", "Jeg vil opsige mit abonnement"),
        ("fi", "Haluan irtisanoa sopimukseni"),
        ("en", "I want to cancel my subscription"),
    ],
)
def test_intent_to_cancel_escalates_without_changing_level(lang: str, text: str) -> None:
    tone = analyse_tone(text, lang)
    assert tone == Tone(level="neutral", escalating=True, reasons=("intent-to-cancel",))


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("nb", "Hvordan sier jeg opp abonnementet?"),
        ("nn", "Korleis seier eg opp abonnementet?"),
        ("sv", "Hur säger jag upp mitt abonnemang?"),
        ("da", "Hvordan opsiger jeg mit abonnement?"),
        ("fi", "Miten irtisanon liittymäni?"),
        ("en", "How do I cancel my subscription?"),
    ],
)
def test_how_to_cancel_is_a_neutral_question(lang: str, text: str) -> None:
    assert analyse_tone(text, lang) == Tone(level="neutral", escalating=False, reasons=())


def test_reasons_and_signals() -> None:
    tone = analyse_tone("HVOR ER PAKKEN MIN??? HAR VENTET I TO UKER!!!", "nb")
    assert tone.level == "angry"
    assert {"all-caps", "repeated-exclamation", "negative-words"} <= set(tone.reasons)
    assert analyse_tone("Dere er noen jævla idioter", "nb").reasons[:2] == ("insult", "profanity")


def test_shouting_alone_stays_neutral() -> None:
    tone = analyse_tone("TAKK FOR HJELPEN!!!", "nb")
    assert tone.level == "neutral"
    assert tone.reasons == ("all-caps", "repeated-exclamation")
    assert analyse_tone("Jeg fikk ikke SMS fra BankID", "nb").reasons == ()


def test_stretched_words_and_english_swearing_in_nordic_text() -> None:
    assert analyse_tone("dååårlig service", "nb").level == "negative"
    assert analyse_tone("wtf, nettet er nede igjen", "nb").level == "angry"
    assert analyse_tone("helt sjukt, fuck", "nn").level == "angry"


def test_unknown_language_uses_all_lists() -> None:
    assert analyse_tone("Vittu mikä palvelu", "de").level == "angry"
    assert analyse_tone("", "en") == Tone(level="neutral", escalating=False, reasons=())


def test_word_lists_are_well_formed() -> None:
    categories = {
        "negative",
        "strong_negative",
        "profanity",
        "insult",
        "leave",
        "cancel",
        "public",
        "negated",
        "how",
        "conditional",
    }
    assert set(TONE_WORDS) == {"nb", "nn", "sv", "da", "fi", "en"}
    for lang, lists in TONE_WORDS.items():
        assert set(lists) == categories, lang
        for words in lists.values():
            for word in words:
                assert word == word.lower().strip(), word
                assert all("*" not in token[:-1] for token in word.split()), word
    assert LEVELS == ("neutral", "negative", "angry", "abusive")


def test_long_text_is_fast() -> None:
    text = "Hei, jeg har et spørsmål om fakturaen min. " * 2500
    started = time.perf_counter()
    assert analyse_tone(text, "nb").level == "neutral"
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("text,language", [
    ("Hvis det blir forsinkelser, rekker jeg kanskje ikke ferja. Kan jeg endre avgang?", "nb"),
    ("Om färjan blir försenad, kan jag byta avgång då?", "sv"),
    ("Hvis der er forsinkelser, når jeg måske ikke færgen. Kan jeg ændre afgang?", "da"),
    ("Jos laiva myöhästyy, voinko vaihtaa lähtöä?", "fi"),
    ("If the ferry is delayed, can I change to a later sailing?", "en"),
])
def test_a_worry_in_an_if_clause_is_not_a_complaint(text, language) -> None:
    tone = analyse_tone(text, language)
    assert tone.level == "neutral" and not tone.escalating, tone


def test_a_complaint_after_an_if_clause_still_counts() -> None:
    tone = analyse_tone("If you don't answer today I'm going to the ombudsman. Terrible "
                        "service.", "en")
    assert tone.level == "negative" and tone.escalating
