"""Tests for the pure-Python reply composer (suggest.compose)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.search.text import stemmed_terms
from suggest.compose import Candidate, Draft, Situation, Voice, compose_drafts
from suggest.compose.channels import RULES, is_public, limit, measure, x_length
from suggest.compose.names import first_name, mention
from suggest.compose.phrasebook import KEYS, PHRASES, normalize_language
from suggest.compose.types import FALLBACK_LANGUAGE
from text.languages import LANGUAGES
from text.placeholders import fill
from text.plaintext import markdown_to_plain, split_sentences

# The draft checker's own test for "asks to go private" (../shared/tools/draft_check.py).
ASK_PRIVATE = re.compile(
    r"privat ?melding|privat ?besked|privat ?meddelande|yksityisviest|private message|"
    r"direct message|\bdms?\b|innboks|indbakke|inkorg|inbox", re.I)

VOICE = Voice(brand="Fjordtel")

LONG_ANSWER = (
    "Du kan bytte abonnement når som helst i Fjordtel-appen under Mitt abonnement. "
    "Endringen gjelder fra den første dagen i neste måned, og du betaler bare for dagene du "
    "har brukt det gamle abonnementet. Har du binding, må du vente til bindingstiden er over "
    "før du kan bytte til et billigere abonnement. Du får en bekreftelse på SMS når byttet er "
    "registrert. Les mer på [fjordtel.no/bytte](https://fjordtel.no/bytte)."
)


def candidate(
    entry_id: int = 1,
    *,
    title: str = "Bytte av abonnement",
    answer: str = "Du kan bytte abonnement i appen. Endringen gjelder fra neste måned.",
    short: str = "Du kan bytte abonnement i appen.",
    language: str = "nb",
    confidence: float = 0.8,
) -> Candidate:
    return Candidate(entry_id, 1, title, answer, short, "matched keywords", language, confidence)


def situation(**overrides: object) -> Situation:
    base: dict[str, object] = {
        "language": "nb",
        "customer_name": "Kari Nordmann",
        "agent_name": "Ola Hansen",
        "channel": "facebook_message",
        "public": False,
    }
    base.update(overrides)
    return Situation(**base)  # type: ignore[arg-type]


def texts(drafts: list[Draft]) -> list[str]:
    return [d.text for d in drafts]


# ---------------------------------------------------------------- phrasebook


def test_every_language_has_every_phrase_key() -> None:
    assert set(PHRASES) == set(LANGUAGES)
    for language in LANGUAGES:
        assert set(PHRASES[language]) == KEYS, language
        assert all(value.strip() for value in PHRASES[language].values()), language


@pytest.mark.parametrize(
    ("code", "expected"),
    [("nb", "nb"), ("nb-NO", "nb"), ("no", "nb"), ("SV", "sv"), ("fi_FI", "fi"), ("de", None)],
)
def test_normalize_language(code: str, expected: str | None) -> None:
    assert normalize_language(code) == expected


@pytest.mark.parametrize(
    ("language", "greeting", "signoff"),
    [
        ("nb", "Hei Kari,", "Hilsen Ola"),
        ("nn", "Hei Kari,", "Helsing Ola"),
        ("sv", "Hej Kari,", "Hälsningar Ola"),
        ("da", "Hej Kari,", "Venlig hilsen Ola"),
        ("fi", "Hei Kari,", "Terveisin Ola"),
        ("en", "Hi Kari,", "Best regards, Ola"),
    ],
)
def test_greeting_and_signoff_per_language(language: str, greeting: str, signoff: str) -> None:
    drafts = compose_drafts(situation(language=language), [candidate(language=language)], VOICE)
    assert drafts
    for draft in drafts:
        assert draft.text.startswith(greeting)
        assert draft.text.endswith(signoff)
        assert "Hansen" not in draft.text  # the agent signs with the first name only


@pytest.mark.parametrize(
    ("language", "anonymous"),
    [("nb", "Hei!"), ("nn", "Hei!"), ("sv", "Hej!"), ("da", "Hej!"), ("fi", "Hei!"),
     ("en", "Hi there,")],
)  # fmt: skip
def test_greeting_without_name(language: str, anonymous: str) -> None:
    drafts = compose_drafts(
        situation(language=language, customer_name=""), [candidate(language=language)], VOICE
    )
    assert drafts[0].text.startswith(anonymous)


def test_whole_draft_in_the_entry_language_with_a_fallback_warning() -> None:
    """A Swedish customer, a decision only in English: greeting, answer and sign-off are all
    English (never a Swedish frame around an English body), and the draft says why."""
    entry = candidate(
        title="SIM card activation",
        answer="Your SIM is activated within two hours.",
        short="",
        language="en",
    )
    drafts = compose_drafts(situation(language="sv"), [entry], VOICE)
    for draft in drafts:
        assert draft.text.startswith("Hi Kari,")
        assert draft.text.endswith("Best regards, Ola")
        assert "Hej" not in draft.text and "Tack" not in draft.text
        assert FALLBACK_LANGUAGE in draft.warnings and "translation" in FALLBACK_LANGUAGE


def test_entries_in_another_language_than_the_first_are_left_out() -> None:
    other = candidate(2, answer="Du kan byta abonnemang i appen.", language="sv", confidence=0.75)
    drafts = compose_drafts(situation(), [candidate(), other], VOICE)
    assert all(d.entry_id != 2 for d in drafts)
    assert not any("byta" in d.text for d in drafts)


def test_custom_signoff_from_voice() -> None:
    voice = Voice("Fjordtel", signoffs={"nb": "Mvh {agent_first_name} i {brand}"})
    drafts = compose_drafts(situation(), [candidate()], voice)
    assert drafts[0].text.endswith("Mvh Ola i Fjordtel")


def test_formal_voice_has_fuller_greeting_and_no_emoji() -> None:
    voice = Voice("Fjordtel", formal=True, emoji="sparing")
    drafts = compose_drafts(situation(language="en"), [candidate(language="en")], voice)
    assert drafts[0].text.startswith("Dear Kari,")
    assert "Thank you for your question." in drafts[0].text
    assert not any("😊" in text for text in texts(drafts))


def test_sparing_emoji_only_in_warm_drafts() -> None:
    voice = Voice("Fjordtel", emoji="sparing")
    warm = compose_drafts(situation(), [candidate()], voice)
    assert warm[0].text.count("😊") == 1
    for tone in ("negative", "angry", "abusive"):
        drafts = compose_drafts(situation(tone=tone), [candidate()], voice)
        assert not any("😊" in text for text in texts(drafts)), tone


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Kari Nordmann", "Kari"),
        ("@kari_n", None),
        ("kari.nordmann88", "Kari"),
        ("KARI", "Kari"),
        ("Anne-Marie Dahl", "Anne-Marie"),
        ("ANNE-MARIE DAHL", "Anne-Marie"),
        ("", None),
        ("   ", None),
        ("darkknight99", None),
        ("🌸 Kari 🌸", "Kari"),
        ("{Kari}", "Kari"),
        ("Dr. Kari Nordmann", "Kari"),
        ("K. Nordmann", None),
        ("Åsa Ødegård", "Åsa"),
        ("12345", None),
        ("😀😀", None),
    ],
)
def test_first_name(display: str, expected: str | None) -> None:
    assert first_name(display) == expected


@given(st.text(max_size=40))
def test_first_name_never_returns_digits_or_symbols(display: str) -> None:
    name = first_name(display)
    if name is not None:
        assert name.strip() == name and len(name) >= 2
        assert not any(ch.isdigit() for ch in name)
        assert all(unicodedata.category(ch)[0] in "LM" or ch in "-'’" for ch in name)
        assert "{" not in name and "}" not in name


@pytest.mark.parametrize(
    ("display", "channel", "expected"),
    [
        ("@kari_n", "x_reply", "@kari_n"),
        ("Kari Nordmann", "x_reply", None),
        ("kari.nordmann88", "instagram_comment", "@kari.nordmann88"),
        ("Kari Nordmann", "instagram_comment", None),
        ("Kari Nordmann", "facebook_comment", "@Kari"),
        ("Kari Nordmann", "facebook_message", None),
        ("@kari_n", "x_dm", None),
        ("", "facebook_comment", None),
    ],
)
def test_mention(display: str, channel: str, expected: str | None) -> None:
    assert mention(display, channel) == expected


def test_handle_is_mentioned_but_not_greeted_by_name() -> None:
    drafts = compose_drafts(
        situation(customer_name="@kari_n", channel="x_reply", public=True), [candidate()], VOICE
    )
    assert drafts[0].text.startswith("@kari_n Hei!")
    assert "kari_n," not in drafts[0].text


@pytest.mark.parametrize("channel", ["facebook_comment", "instagram_comment", "x_reply"])
def test_public_reply_greets_by_first_name_never_the_last(channel: str) -> None:
    drafts = compose_drafts(situation(channel=channel, public=True), [candidate()], VOICE)
    for draft in drafts:
        assert draft.text.startswith("Hei Kari")
        assert "Nordmann" not in draft.text


def test_braces_in_names_do_not_crash() -> None:
    for name in ("{customer_first_name}", "{0}", "{agent.__class__}", "Kari {x}", "}{"):
        drafts = compose_drafts(
            situation(customer_name=name, agent_name="{brand}", channel="facebook_comment"),
            [candidate(answer="Hei {customer_first_name}, fra {agent_first_name} i {brand}.")],
            VOICE,
        )
        assert drafts
        assert not any("{customer_first_name}" in t or "__class__" in t for t in texts(drafts))


# ---------------------------------------------------------------- placeholders


def test_placeholders_filled() -> None:
    entry = candidate(
        answer="Hei {customer_first_name}! Jeg heter {agent_first_name} og jobber i {{ brand }}.",
        short="",
    )
    drafts = compose_drafts(situation(), [entry], VOICE)
    assert "Hei Kari! Jeg heter Ola og jobber i Fjordtel." in drafts[0].text
    assert "unfilled-placeholder" not in drafts[0].warnings


def test_missing_customer_name_leaves_readable_text() -> None:
    entry = candidate(answer="Takk, {customer_first_name}! Sjekk appen.", short="")
    drafts = compose_drafts(situation(customer_name="@kari_n"), [entry], VOICE)
    assert "Takk! Sjekk appen." in drafts[0].text


def test_unknown_placeholder_kept_with_warning() -> None:
    entry = candidate(answer="Ordrenummeret ditt er {order_number}.", short="")
    drafts = compose_drafts(situation(), [entry], VOICE)
    assert "{order_number}" in drafts[0].text
    assert "unfilled-placeholder" in drafts[0].warnings


def test_fill_is_safe() -> None:
    assert fill("{a} {b} {0} {x.y}", {"a": "{b}", "b": "B"}) == ("b B {0} {x.y}", False)
    assert fill("{unknown}", {}) == ("{unknown}", True)


# ---------------------------------------------------------------- plain text


def test_markdown_to_plain() -> None:
    md = (
        "## Bytte abonnement\n\n"
        "Du kan **bytte** når som helst på [Min side](https://fjordtel.no/min-side) eller "
        "[fjordtel.no](https://www.fjordtel.no/).\n\n"
        "Slik gjør du:\n\n1. Logg inn\n2. Velg *nytt* abonnement\n\n"
        "- SMS-bekreftelse\n- <https://fjordtel.no>\n\n"
        "Hilsen {customer_first_name} &amp; co<script>alert(1)</script>"
    )
    assert markdown_to_plain(md) == (
        "Bytte abonnement\n\n"
        "Du kan bytte når som helst på Min side (https://fjordtel.no/min-side) eller "
        "fjordtel.no.\n\n"
        "Slik gjør du:\n1. Logg inn\n2. Velg nytt abonnement\n"
        "- SMS-bekreftelse\n- https://fjordtel.no\n\n"
        "Hilsen {customer_first_name} & co"
    )


def test_markdown_to_plain_has_no_markup() -> None:
    plain = markdown_to_plain("# Tittel\n\n**fet** og __fet__ og `kode`\n\n> sitat  \nlinje")
    assert not re.search(r"[*#`>]|__", plain)
    assert plain == "Tittel\n\nfet og fet og kode\n\nsitat\nlinje"


def test_split_sentences_respects_abbreviations() -> None:
    line = "Du kan f.eks. bytte i appen. Det tar ca. 5 min. Ring oss kl. 8! «Ferdig» er ferdig."
    assert split_sentences(line) == [
        "Du kan f.eks. bytte i appen.",
        "Det tar ca. 5 min.",
        "Ring oss kl. 8!",
        "«Ferdig» er ferdig.",
    ]


# ---------------------------------------------------------------- channels and length


def test_channel_rules() -> None:
    assert limit("x_reply") == 280
    assert limit("x_dm") == 10_000
    assert limit("instagram_comment") == 2_200
    assert limit("facebook_comment") == 8_000
    assert limit("email") is None and limit("unknown") is None
    assert {name for name in RULES if is_public(name)} == {
        "x_reply",
        "instagram_comment",
        "facebook_comment",
    }


def test_x_length_counts_urls_as_23() -> None:
    url = "https://fjordtel.no/" + "a" * 100
    assert x_length(f"Se {url}") == 3 + 23
    assert x_length("æøå") == 3
    assert x_length("😊") == 2
    assert x_length("fjordtel.no/priser") == 23


def _ends_cleanly(text: str) -> bool:
    last = text.split("\n")[-1].rsplit(" ", 1)[-1]
    body = text[: -len(last)].rstrip() if last.startswith(("/", "^", "@")) else text
    return bool(re.search(r"[.!?)»”😊]$", body))


@pytest.mark.parametrize("short", ["", "Du kan bytte abonnement når som helst i Fjordtel-appen."])
def test_x_reply_fits_280_without_cutting_sentences(short: str) -> None:
    entry = candidate(answer=LONG_ANSWER, short=short)
    sentences = split_sentences(markdown_to_plain(LONG_ANSWER)) + [short]
    drafts = compose_drafts(
        situation(customer_name="@kari_n", channel="x_reply", public=True), [entry], VOICE
    )
    assert drafts
    for draft in drafts:
        assert measure(draft.text, "x_reply") <= 280, draft.text
        assert "over-length" not in draft.warnings
        assert draft.text.startswith("@kari_n")
        assert _ends_cleanly(draft.text), draft.text
        # every sentence of the answer that appears, appears whole
        starts = {s[:25] for s in sentences if s and s[:25] in draft.text}
        assert starts, draft.text
        for start in starts:
            assert any(s in draft.text for s in sentences if s.startswith(start)), draft.text


def test_x_reply_that_cannot_fit_is_flagged() -> None:
    endless = "Dette er en svært lang setning " + "uten noe punktum " * 40 + "slutt."
    drafts = compose_drafts(
        situation(channel="x_reply", public=True),
        [candidate(answer=endless, short="")],
        VOICE,
    )
    assert any("over-length" in d.warnings for d in drafts)
    assert all(measure(d.text, "x_reply") <= 280 or "over-length" in d.warnings for d in drafts)


def test_instagram_comment_limit_applies() -> None:
    huge = " ".join(f"Setning nummer {i} er her." for i in range(300))
    drafts = compose_drafts(
        situation(customer_name="kari.nordmann88", channel="instagram_comment", public=True),
        [candidate(answer=huge, short="")],
        VOICE,
    )
    assert all(len(d.text) <= 2200 for d in drafts)


# ---------------------------------------------------------------- tone and privacy


def test_personal_data_in_public_answers_anyway_and_hides_and_moves() -> None:
    drafts = compose_drafts(
        situation(
            channel="facebook_comment",
            public=True,
            move_private=True,
            move_private_reasons=("personal-data",),
            personal_data_kinds=("phone", "national-id"),
        ),
        [candidate()],
        VOICE,
    )
    assert drafts[0].framing == "full"
    assert "Du kan bytte abonnement i appen." in drafts[0].text
    hidden = "Vi har skjult kommentaren din fordi den inneholdt personopplysninger."
    assert all(hidden in text and "privat melding" in text for text in texts(drafts))
    private = next(d for d in drafts if d.framing == "private-first")
    assert private.text.split("\n\n")[1].startswith(hidden)
    assert not any(d.warnings and "contains-personal-data" in d.warnings for d in drafts)


def test_personal_data_on_x_fits_and_still_leads_with_privacy() -> None:
    drafts = compose_drafts(
        situation(
            language="en",
            customer_name="@kari_n",
            channel="x_reply",
            public=True,
            personal_data_kinds=("email",),
        ),
        [candidate(language="en", answer=LONG_ANSWER)],
        VOICE,
    )
    for text in texts(drafts):
        assert text.startswith("@kari_n Hi there!")
        assert "hidden your comment" in text and text.endswith("^Ola")
        assert measure(text, "x_reply") <= 280


@pytest.mark.parametrize("tone", ["negative", "angry"])
def test_negative_public_gets_apology_ack_and_private_line(tone: str) -> None:
    drafts = compose_drafts(
        situation(channel="facebook_comment", public=True, tone=tone), [candidate()], VOICE
    )
    full = drafts[0]
    assert full.framing == "full"
    apology = "vi beklager virkelig" if tone == "angry" else "Så leit å høre, det beklager vi."
    assert apology in full.text
    assert "Send oss gjerne en privat melding" in full.text
    assert "Takk for" not in full.text and "«" not in full.text
    assert "private-first" in [d.framing for d in drafts]


def test_escalating_counts_as_negative() -> None:
    drafts = compose_drafts(
        situation(channel="instagram_comment", public=True, escalating=True),
        [candidate()],
        VOICE,
    )
    assert "vi beklager virkelig" in drafts[0].text
    assert "privat melding" in drafts[0].text


def test_negative_in_private_channel_has_no_move_private_line() -> None:
    drafts = compose_drafts(situation(tone="negative"), [candidate()], VOICE)
    assert "beklager" in drafts[0].text
    assert "privat melding" not in drafts[0].text


def test_abusive_gets_calm_moderation_draft() -> None:
    drafts = compose_drafts(
        situation(channel="facebook_comment", public=True, tone="abusive"),
        [candidate()],
        Voice("Fjordtel", emoji="sparing"),
    )
    moderation = drafts[0]
    assert moderation.framing == "moderation"
    assert "retningslinjene for kommentarfeltet hos Fjordtel" in moderation.text
    assert "Har du et spørsmål, hjelper vi deg gjerne" in moderation.text
    assert "Du kan bytte abonnement i appen." in moderation.text
    assert "beklager" not in moderation.text.lower()
    assert "😊" not in moderation.text


def test_abusive_without_real_question_does_not_answer() -> None:
    drafts = compose_drafts(
        situation(channel="facebook_comment", public=True, tone="abusive"),
        [candidate(confidence=0.2)],
        VOICE,
    )
    assert drafts[0].framing == "moderation"
    assert drafts[0].entry_id is None
    assert "Du kan bytte" not in drafts[0].text


# ---------------------------------------------------------------- draft set


def test_three_meaningfully_different_drafts() -> None:
    drafts = compose_drafts(
        situation(channel="facebook_comment", public=True), [candidate()], VOICE
    )
    assert [d.framing for d in drafts] == ["full", "short", "follow-up"]
    assert len(set(texts(drafts))) == 3
    assert "Takk for spørsmålet!" in drafts[0].text
    assert "Du kan bytte abonnement i appen. Endringen gjelder fra neste måned." in drafts[0].text
    assert "Du kan bytte abonnement i appen." in drafts[1].text
    assert "Endringen" not in drafts[1].text
    # a neutral public question is answered in public: nobody is asked to go private
    assert not any("privat melding" in t for t in texts(drafts))


def test_short_draft_says_what_the_entry_says_for_that_case() -> None:
    """Calling Turkey: the short draft keeps the Turkey sentence, not the EU price."""
    answer = (
        "I EU/EØS ringer du som hjemme, uten ekstra kostnad. "
        "Til Storbritannia koster det 2 kr per minutt. "
        "Ringer du fra Tyrkia, koster det 15 kr per minutt og 10 kr per MB. "
        "Du kan sette en kostnadsgrense i appen."
    )
    entry = candidate(title="Utlandet", answer=answer, short="")
    focus = frozenset(stemmed_terms("Hva koster det å ringe fra Tyrkia?", "nb"))
    drafts = compose_drafts(situation(focus=focus), [entry], VOICE, terms=stemmed_terms)
    short = next(d for d in drafts if d.framing == "short")
    assert "Tyrkia, koster det 15 kr" in short.text
    assert "EU/EØS" not in short.text


@pytest.mark.parametrize("channel", ["facebook_message", "instagram_dm", "x_dm", "email", "chat"])
@pytest.mark.parametrize("tone", ["neutral", "angry"])
def test_no_request_to_go_private_inside_a_private_channel(channel: str, tone: str) -> None:
    for entries in ([candidate()], []):
        drafts = compose_drafts(
            situation(channel=channel, public=False, tone=tone, move_private=True,
                      personal_data_kinds=("phone",)), entries, VOICE)
        assert drafts
        for text in texts(drafts):
            assert not ASK_PRIVATE.search(text), text


def test_x_reply_keeps_first_name_and_signoff_within_280() -> None:
    drafts = compose_drafts(
        situation(channel="x_reply", public=True, tone="angry"),
        [candidate(answer=LONG_ANSWER, short="")], VOICE)
    for text in texts(drafts):
        assert text.startswith("Hei Kari!") and text.endswith("/Ola")
        assert measure(text, "x_reply") <= 280


@pytest.mark.parametrize("language", ["nb", "nn", "sv", "da", "fi", "en"])
def test_vague_message_gets_a_clarifying_question_not_an_answer(language: str) -> None:
    drafts = compose_drafts(situation(language=language, vague=True),
                            [candidate(language=language)], VOICE)
    assert drafts and all(d.entry_id is None and d.framing == "clarify" for d in drafts)
    assert all("?" in d.text and "bytte abonnement" not in d.text for d in drafts)


def test_alternative_entry_when_close_in_confidence() -> None:
    other = candidate(
        2, title="Priser", answer="Du finner prisene på fjordtel.no/priser.", confidence=0.7
    )
    drafts = compose_drafts(situation(), [candidate(), other], VOICE)
    assert drafts[2].framing == "alternative-entry"
    assert drafts[2].entry_id == 2
    far = candidate(3, title="Priser", answer="Se prislisten.", confidence=0.5)
    drafts = compose_drafts(situation(), [candidate(), far], VOICE)
    assert all(d.entry_id != 3 for d in drafts)


def test_an_unsure_neighbour_is_not_offered_as_an_alternative() -> None:
    top, other = candidate(confidence=0.45), candidate(2, title="Priser",
                                                      answer="Se prislisten.", confidence=0.42)
    drafts = compose_drafts(situation(), [top, other], VOICE, low_confidence=0.6)
    assert all(d.entry_id != 2 for d in drafts)


def test_same_entry_is_not_an_alternative() -> None:
    drafts = compose_drafts(situation(), [candidate(), candidate(answer="Annen versjon.")], VOICE)
    assert "alternative-entry" not in [d.framing for d in drafts]


def test_max_drafts_and_low_confidence_warning() -> None:
    drafts = compose_drafts(situation(), [candidate(confidence=0.3)], VOICE, max_drafts=2)
    assert len(drafts) == 2
    assert all("low-confidence" in d.warnings for d in drafts)
    assert compose_drafts(situation(), [candidate()], VOICE, max_drafts=0) == []


def test_no_candidates_never_gives_a_bare_thank_you() -> None:
    for public, channel in ((True, "facebook_comment"), (False, "facebook_message")):
        drafts = compose_drafts(situation(channel=channel, public=public), [], VOICE)
        assert drafts
        for draft in drafts:
            assert "?" in draft.text


@pytest.mark.parametrize("title", ["Hvordan bytter jeg abonnement?", "EU-roaming",
                                   "Bytte av abonnement"])
def test_the_entry_title_never_appears_in_a_draft(title: str) -> None:
    for channel, public in (("facebook_comment", True), ("chat", False), ("x_reply", True)):
        drafts = compose_drafts(situation(channel=channel, public=public),
                                [candidate(title=title)], VOICE)
        assert drafts and not any(title in t for t in texts(drafts))


# ---------------------------------------------------------------- properties

CHANNELS = [*RULES, "sms"]
names = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Kari Nordmann", "@kari_n", "kari.nordmann88", "{customer_first_name}"]),
)
answers = st.one_of(
    st.text(max_size=600),
    st.lists(
        st.sampled_from(
            [
                "Hei {customer_first_name}!",
                "Du kan bytte abonnement i appen.",
                "Se [Min side](https://fjordtel.no/min-side).",
                "- punkt",
                "**Viktig:**",
                "{{customer_first_name}}",
                "{customer_{customer_first_name}first_name}",
                "{ukjent}",
                "Ring oss på tlf. 915 05 050.",
                "\n\n",
                "Setning med mange ord " * 10 + ".",
            ]
        ),
        max_size=25,
    ).map(" ".join),
)
candidates_strategy = st.lists(
    st.builds(
        Candidate,
        entry_id=st.integers(1, 5),
        version=st.just(1),
        title=st.text(max_size=60),
        answer=answers,
        short_answer=st.one_of(st.just(""), answers),
        why=st.just(""),
        language=st.sampled_from(["nb", "nn", "sv", "da", "fi", "en", "de", ""]),
        confidence=st.floats(0, 1),
    ),
    max_size=4,
)
situations = st.builds(
    Situation,
    language=st.sampled_from(["nb", "nn", "sv", "da", "fi", "en", "nb-NO", "de", ""]),
    customer_name=names,
    agent_name=names,
    channel=st.sampled_from(CHANNELS),
    public=st.booleans(),
    tone=st.sampled_from(["neutral", "negative", "angry", "abusive", "weird"]),
    escalating=st.booleans(),
    move_private=st.booleans(),
    move_private_reasons=st.lists(st.sampled_from(["personal-data", "escalating"])).map(tuple),
    personal_data_kinds=st.lists(st.sampled_from(["phone", "email"])).map(tuple),
)
voices = st.builds(
    Voice,
    brand=st.one_of(st.just("Fjordtel"), st.text(max_size=20)),
    formal=st.booleans(),
    emoji=st.sampled_from(["none", "sparing"]),
    signoffs=st.one_of(
        st.just({}), st.dictionaries(st.sampled_from(["nb", "en"]), st.text(max_size=30))
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations, candidates_strategy, voices)
def test_compose_properties(
    situation: Situation, candidates: list[Candidate], voice: Voice
) -> None:
    drafts = compose_drafts(situation, candidates, voice)
    assert len(drafts) <= 3
    assert len({d.text for d in drafts}) == len(drafts)
    for draft in drafts:
        assert draft.text.strip()
        assert "{customer_first_name}" not in draft.text
        if situation.channel == "x_reply":
            assert measure(draft.text, "x_reply") <= 280 or "over-length" in draft.warnings
        lim = limit(situation.channel)
        if lim is not None:
            assert measure(draft.text, situation.channel) <= lim or "over-length" in draft.warnings


# ---------------------------------------------------------------- odds and ends


def test_personal_identifier_in_an_answer_is_flagged() -> None:
    entry = candidate(answer="Fødselsnummeret 01010012356 er registrert. Ring 915 05 050.")
    drafts = compose_drafts(situation(), [entry], VOICE)
    assert "contains-personal-data" in drafts[0].warnings
    clean = compose_drafts(situation(), [candidate(answer="Ring oss på 915 05 050.")], VOICE)
    assert "contains-personal-data" not in clean[0].warnings


def test_unsupported_language_falls_back_to_english_with_warning() -> None:
    drafts = compose_drafts(situation(language="de"), [candidate(language="de")], VOICE)
    assert drafts[0].text.startswith("Hi Kari,")
    assert "unsupported-language" in drafts[0].warnings


def test_team_signoff_without_agent_name() -> None:
    voice = Voice("Fjordtel", signoffs={"nb": "Hilsen {agent_first_name}"})
    drafts = compose_drafts(situation(agent_name=""), [candidate()], voice)
    assert drafts[0].text.endswith("Hilsen Fjordtel")
    assert "{agent_first_name}" not in drafts[0].text


def test_x_reply_keeps_list_whole_and_signs_off() -> None:
    md = (
        "Du kan bytte abonnement i appen. Endringen gjelder fra neste måned.\n\n"
        "Slik gjør du:\n\n- Logg inn på [Min side](https://fjordtel.no/min-side)\n"
        "- Velg nytt abonnement\n- Bekreft med BankID\n\n"
        "Har du binding, må du vente til bindingstiden er over. " * 3
    )
    drafts = compose_drafts(
        situation(customer_name="@kari_n", channel="x_reply", public=True),
        [candidate(answer=md, short="")],
        VOICE,
    )
    full = drafts[0]
    assert measure(full.text, "x_reply") <= 280
    assert full.text.startswith("@kari_n Hei!") and full.text.endswith("/Ola")
    assert not full.text.removesuffix("/Ola").rstrip().endswith(":")


def test_long_moderation_note_on_x_drops_the_answer_not_the_note() -> None:
    entry = candidate(
        language="fi",
        title="Laskutus ja maksut",
        answer="Lasku lähetetään kuukauden alussa. Voit vaihtaa e-laskuun OmaFjordtelissa.",
        short="Voit vaihtaa e-laskuun OmaFjordtelissa.",
    )
    drafts = compose_drafts(
        situation(
            language="fi", customer_name="@mikko_v", channel="x_reply", public=True, tone="abusive"
        ),
        [entry],
        VOICE,
    )
    moderation = drafts[0]
    assert moderation.framing == "moderation"
    assert measure(moderation.text, "x_reply") <= 280
    assert "keskusteluohjeiden" in moderation.text
    assert moderation.text.startswith("@mikko_v Hei!") and moderation.text.endswith("/Ola")
    assert moderation.entry_id is None


def test_a_tight_channel_keeps_the_hide_line_and_never_a_lead_in_alone():
    """On X, a public comment with personal data: no cut drops the line saying the comment
    was hidden, and none ends the answer on its lead-in ("…one of these:") with the list
    gone. A draft that cannot fit then is marked over length (the service shows the others)."""
    answer = ("It's usually one of these:\n\n- Your first bill after you join or change plans "
              "covers the rest of that month plus the whole next month in advance.\n- Calls, "
              "texts and data used outside the EU/EEA are billed on top of your plan.\n- Text "
              "services, donations and app purchases charged to your number by others.\n\n"
              "You can see every line under Bills > Details in the app.")
    for customer in ("@sam_k", "@a_much_longer_handle_here"):
        drafts = compose_drafts(
            situation(language="en", customer_name=customer, channel="x_reply", public=True,
                      move_private=True, move_private_reasons=("personal-data",),
                      personal_data_kinds=("phone",)),
            [candidate(answer=answer, short="Check the bill's details in the app.",
                       language="en", title="Higher bill")], VOICE)
        fitting = [d for d in drafts if "over-length" not in d.warnings]
        assert fitting
        for d in fitting:
            assert "hidden your comment" in d.text, d.text
            assert not re.search(r"one of these:\s*(We've|\^)", d.text), d.text
