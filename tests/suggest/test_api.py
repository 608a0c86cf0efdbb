"""Suggest reply through the API: personal, grounded, safe drafts, and clear errors."""

import json

import pytest

from kb.models import BrandVoice, OpenQuestion
from suggest.models import Feedback, Suggestion

URL = "/api/v1/suggestions/"

HANDBOOK = {
    "nb": ("Bruke mobilen i EU", "Du kan bruke abonnementet ditt i hele EU/EØS uten ekstra "
           "kostnad. Data, samtaler og SMS koster det samme som hjemme.",
           ["Kan jeg bruke mobilen i Spania?", "koster det ekstra å ringe fra Sverige",
            "funker data i utlandet?", "roaming i EU pris"],
           "Kan jeg bruke mobilen i Spania i sommer?", "Hei Kari,", "Hilsen Ola"),
    "sv": ("Använda mobilen i EU", "Du kan använda ditt abonnemang i hela EU/EES utan "
           "extra kostnad. Surf, samtal och sms kostar samma som hemma.",
           ["Kan jag använda mobilen i Spanien?", "kostar det extra att ringa från Norge",
            "funkar surf utomlands?", "roaming i EU pris"],
           "Kan jag använda mobilen i Spanien i sommar?", "Hej Kari,",
           "Hälsningar Ola"),
    "da": ("Brug mobilen i EU", "Du kan bruge dit abonnement i hele EU/EØS uden ekstra "
           "omkostninger. Data, opkald og sms koster det samme som hjemme.",
           ["Kan jeg bruge mobilen i Spanien?", "koster det ekstra at ringe fra Sverige",
            "virker data i udlandet?", "roaming i EU pris"],
           "Kan jeg bruge mobilen i Spanien i sommerferien?", "Hej Kari,",
           "Venlig hilsen Ola"),
    "fi": ("Puhelimen käyttö EU:ssa", "Voit käyttää liittymääsi koko EU/ETA-alueella ilman "
           "lisämaksua. Data, puhelut ja tekstiviestit maksavat saman kuin kotona.",
           ["Voinko käyttää puhelinta Espanjassa?", "maksaako soittaminen Ruotsista enemmän",
            "toimiiko netti ulkomailla?", "roaming EU hinta"],
           "Voinko käyttää puhelinta Espanjassa kesälomalla?", "Hei Kari,", "Terveisin Ola"),
    "en": ("Using your phone in the EU", "You can use your subscription anywhere in the "
           "EU/EEA at no extra cost. Data, calls and texts cost the same as at home.",
           ["Can I use my phone in Spain?", "does it cost extra to call from Sweden",
            "does mobile data work abroad?", "roaming prices in the EU"],
           "Can I use my phone in Spain this summer?", "Hi Kari,", "Best regards, Ola"),
}


@pytest.fixture
def roaming(make_entry):
    return {lang: make_entry(title, answer, language=lang, questions=qs, group="roaming-eu",
                             short_answer=answer.split(". ")[0] + ".",
                             why="EU roaming rules; customers should not fear bill shock.")
            for lang, (title, answer, qs, *_rest) in HANDBOOK.items()}


def valid_fodselsnummer(date: str) -> str:
    """A Norwegian national identity number with correct check digits for this date."""
    from stdnum.no import fodselsnummer

    for individual in range(100, 500):
        base = f"{date}{individual}"
        k1 = fodselsnummer.calc_check_digit1(base)
        number = base + k1 + fodselsnummer.calc_check_digit2(base + k1)
        if fodselsnummer.is_valid(number):
            return number
    raise AssertionError("no valid number found")


def post(client, **body):
    payload = {"customer_name": "Kari Nordmann", "channel": "facebook_message",
               "public": False} | body
    return client.post(URL, payload, format="json")


@pytest.mark.parametrize("lang", list(HANDBOOK))
def test_draft_greets_in_the_customers_language_and_signs_with_the_agents_name(
        agent_client, roaming, lang):
    *_, message, greeting, signoff = HANDBOOK[lang]
    response = post(agent_client, text=message)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["language"] == lang
    assert not data["abstained"]
    first = data["drafts"][0]
    assert first["text"].startswith(greeting)
    assert first["text"].rstrip().endswith(signoff)
    assert first["entry"]["id"] == roaming[lang].pk
    assert first["entry"]["why"].startswith("EU roaming rules")
    assert 1 <= len(data["drafts"]) <= 3
    assert len({d["text"] for d in data["drafts"]}) == len(data["drafts"])


def test_public_comment_with_personal_data_moves_to_private_and_is_never_echoed(
        agent_client, roaming):
    fnr = valid_fodselsnummer("010190")
    text = ("Hei! Kan jeg bruke mobilen i Spania? Ring meg på 912 34 567 eller send til "
            f"kari.nordmann@example.com, fnr {fnr}")
    response = post(agent_client, text=text, channel="facebook_comment", public=True)
    data = response.json()
    kinds = {p["kind"] for p in data["analysis"]["personal_data"]}
    assert {"phone", "email"} <= kinds
    assert data["analysis"]["move_private"]
    assert "personal-data" in data["analysis"]["move_private_reasons"]
    for p in data["analysis"]["personal_data"]:
        assert text[p["start"]:p["end"]]  # positions point into the original message
    stored = Suggestion.objects.get(pk=data["id"])
    assert "national-id" in kinds
    for secret in ("912 34 567", "kari.nordmann@example.com", fnr):
        assert secret not in stored.text
        assert all(secret not in d["text"] for d in data["drafts"])
    assert "[email]" in stored.text


def test_no_decided_answer_abstains_and_lets_the_agent_ask_a_lead(agent_client, roaming, agent):
    response = post(agent_client, text="Do you sell garden furniture and lawn mowers?",
                    channel="chat")
    data = response.json()
    assert data["abstained"] is True
    assert data["drafts"] == []
    assert "No decided answer" in data["message"]
    asked = agent_client.post(data["actions"]["ask_lead"], {"note": "Happens weekly"},
                              format="json")
    assert asked.status_code == 201
    question = OpenQuestion.objects.get(pk=asked.json()["question"])
    assert question.asked_by == agent and question.note == "Happens weekly"
    assert "garden furniture" in question.text


def test_x_reply_fits_280_characters_without_cutting_a_sentence(agent_client, make_entry):
    long_answer = " ".join(
        f"Sentence {i} explains one more detail of how roaming works for travellers." for i in
        range(12))
    make_entry("Roaming outside the EU", long_answer, questions=[
        "how much does roaming cost in the USA", "roaming price outside europe"])
    response = post(agent_client, text="How much does roaming cost in the USA?",
                    channel="x_reply", public=True, customer_name="@kari_n")
    data = response.json()
    assert data["drafts"]
    for draft in data["drafts"]:
        assert len(draft["text"]) <= 280  # drafts that X would refuse are not offered
        assert "@kari_n" in draft["text"]
        body = draft["text"]
        assert "Sentence" not in body or body.count("travellers.") == body.count("Sentence")


def test_abusive_message_gets_the_moderation_policy_not_an_argument(agent_client, make_entry):
    make_entry("Moderation policy", "Hide insults, answer once calmly, never argue in public.",
               audience="internal", kind="policy", group="moderation-policy",
               questions=["customer insults us in comments"])
    make_entry("Invoice questions", "Your invoice is sent on the 1st.",
               questions=["when do I get my invoice"])
    response = post(agent_client, text="You are all idiots and morons, worst company ever!!!",
                    channel="facebook_comment", public=True)
    data = response.json()
    assert data["analysis"]["tone"] == "abusive"
    assert data["drafts"][0]["framing"] == "moderation"
    assert data["drafts"][0]["entry"]["title"] == "Moderation policy"


ESIM_DA = ("Aktivering af eSIM", "Scan QR-koden i appen under Indstillinger > eSIM.",
           ["hvordan aktiverer jeg esim", "esim aktivering iphone", "virker esim på min telefon"])


def test_entry_only_in_another_language_gives_a_whole_draft_in_the_fallback(agent_client,
                                                                           make_entry):
    """The brand's default policy lets a bokmål reader get Danish: the whole draft is Danish
    (greeting and sign-off too, never a Norwegian frame round a Danish body), it says so,
    and the leads get one "missing translation" item however often it happens."""
    title, answer, questions = ESIM_DA
    make_entry(title, answer, language="da", questions=questions)
    make_entry("Regningen er høyere enn vanlig", "Sjekk bruken din på Min side.",
               language="nb", questions=["hvorfor er regningen min så høy"])
    for _ in range(2):
        response = post(agent_client, text="Hvordan aktiverer jeg eSIM på mobilen min?",
                        language="nb")
    data = response.json()
    assert data["language"] == "nb"
    assert data["drafts"]
    first = data["drafts"][0]
    assert first["entry"]["title"] == "Aktivering af eSIM"
    assert any("translation" in w for w in first["warnings"])
    for draft in data["drafts"]:
        assert draft["text"].startswith("Hej Kari,")
        assert "Hei" not in draft["text"] and "Hilsen" not in draft["text"]
    items = OpenQuestion.objects.filter(note__startswith="Missing translation", language="nb")
    assert items.count() == 1 and "Aktivering af eSIM" in items.get().note


def test_policy_ask_gives_no_draft_and_asks_the_leads(agent_client, make_entry):
    title, answer, questions = ESIM_DA
    make_entry(title, answer, language="da", questions=questions)
    BrandVoice.objects.create(brand="Fjordtel", language_fallbacks={"nb": "ask"})
    data = post(agent_client, text="Hvordan aktiverer jeg eSIM på mobilen min?",
                language="nb").json()
    assert data["drafts"] == []
    assert data["translation_missing"]["language"] == "nb"
    assert "translation" in data["message"]
    assert OpenQuestion.objects.filter(note__startswith="Missing translation").count() == 1


def test_an_ordinary_abstention_says_nothing_about_translations(agent_client, roaming):
    data = post(agent_client, text="Selger dere hagemøbler og grill til hytta vår?").json()
    assert data["abstained"] and "translation_missing" not in data
    assert "translat" not in json.dumps(data).lower()


def test_one_word_message_gets_a_clarifying_draft_in_its_language(agent_client, roaming):
    data = post(agent_client, text="pris?", language="nb").json()
    assert data["language"] == "nb"
    assert data["drafts"] and all(d["entry"] is None for d in data["drafts"])
    assert data["drafts"][0]["text"].startswith("Hei Kari,")
    assert "?" in data["drafts"][0]["text"] and "EU" not in data["drafts"][0]["text"]
    assert data["analysis"]["vague"] is True


def test_personal_data_does_not_cost_the_answer(agent_client, roaming):
    text = ("Kan jeg bruke mobilen i Spania i sommer? Fødselsnummeret mitt er 12058643724, "
            "og dere kan ringe meg på 926 41 803.")
    data = post(agent_client, text=text, channel="facebook_comment", public=True).json()
    assert not data["abstained"]
    assert data["drafts"][0]["entry"]["title"] == "Bruke mobilen i EU"
    assert data["analysis"]["move_private"]
    for draft in data["drafts"]:
        assert "12058643724" not in draft["text"] and "926 41 803" not in draft["text"]
        assert "skjult kommentaren" in draft["text"]


def test_nearest_entry_turns_into_drafts_in_one_call(agent_client, roaming):
    created = post(agent_client, text="Selger dere hagemøbler og grill til hytta vår?").json()
    assert created["language"] == "nb"
    entry = roaming["nb"]
    response = agent_client.post(created["actions"]["draft_from"], {"entry": entry.pk},
                                 format="json")
    assert response.status_code == 200, response.content
    drafts = response.json()["drafts"]
    assert drafts and drafts[0]["entry"]["id"] == entry.pk
    assert drafts[0]["text"].startswith("Hei Kari,")
    bad = agent_client.post(created["actions"]["draft_from"], {"entry": 999999}, format="json")
    assert bad.status_code == 404 and "entry" in bad.json()  # names a missing entry


@pytest.mark.parametrize("body, field", [
    ({"text": ""}, "text"),
    ({"text": "   "}, "text"),
    ({"channel": "myspace"}, "channel"),
    ({"text": "x" * 100_000}, "text"),
    ({"public": "maybe"}, "public"),
    ({"language": "de"}, "language"),
    ({"history": "not a list"}, "history"),
])
def test_bad_input_is_a_400_naming_the_field(agent_client, body, field):
    payload = {"text": "hello", "channel": "chat", "public": False} | body
    response = agent_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_invalid_json_is_a_400(agent_client):
    response = agent_client.post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_non_object_json_is_a_400(agent_client):
    response = agent_client.post(URL, data=json.dumps(["a"]), content_type="application/json")
    assert response.status_code == 400


def test_only_agents_and_leads_may_ask(anon_client, outsider):
    assert anon_client.post(URL, {"text": "hi", "channel": "chat", "public": False},
                            format="json").status_code in (401, 403)
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(outsider)
    assert client.post(URL, {"text": "hi", "channel": "chat", "public": False},
                       format="json").status_code == 403


def test_feedback_is_stored_with_the_entry_and_version(agent_client, roaming):
    data = post(agent_client, text=HANDBOOK["en"][3]).json()
    url = data["actions"]["feedback"]
    assert agent_client.post(url, {"action": "sent_edited", "draft": 0},
                             format="json").status_code == 400
    assert agent_client.post(url, {"action": "sent", "draft": 7},
                             format="json").status_code == 400
    response = agent_client.post(url, {"action": "sent_edited", "draft": 0,
                                       "final_text": "Hi Kari, yes it works! Call 912 34 567"},
                                 format="json")
    assert response.status_code == 201
    feedback = Feedback.objects.get(pk=response.json()["id"])
    assert feedback.entry_id_used == roaming["en"].pk
    assert feedback.entry_version == roaming["en"].version
    assert "912 34 567" not in feedback.final_text
    rejected = agent_client.post(url, {"action": "rejected", "reason": "too long"},
                                 format="json")
    assert rejected.status_code == 200 and rejected.json()["changed"]  # one outcome, changed
    assert Feedback.objects.get().action == "rejected"


def test_an_agent_cannot_touch_another_agents_suggestion(agent_client, roaming,
                                                         django_user_model):
    from rest_framework.test import APIClient

    from tests.conftest import make_user

    other = make_user(django_user_model, "agent2", "agents", "Per")
    data = post(agent_client, text=HANDBOOK["en"][3]).json()
    client = APIClient()
    client.force_authenticate(other)
    assert client.post(data["actions"]["feedback"], {"action": "rejected"},
                       format="json").status_code == 404


def test_a_proposed_draft_carries_no_names_into_the_handbook(agent_client, roaming):
    from kb.models import Proposal

    data = post(agent_client, text=HANDBOOK["en"][3]).json()
    edited = ("Hi Kari,\n\nYes, Kari: you can use your phone anywhere in the EU/EEA at no extra "
              "cost.\n\nBest regards, Ola")
    response = agent_client.post(data["actions"]["propose"], {"draft": 0, "answer": edited},
                                 format="json")
    assert response.status_code == 201
    answer = Proposal.objects.get(pk=response.json()["proposal"]).data["answer"]
    assert "Kari" not in answer and "Ola" not in answer
    assert answer.startswith("Yes, {customer_first_name}: you can use your phone")


def test_a_long_history_never_hides_the_customers_message(agent_client, roaming, make_entry):
    """The encoders read the first few hundred word pieces of the search text: a long earlier
    turn about another topic must not push the message itself out of what they read."""
    make_entry("Invoice questions", "Your invoice is sent on the 1st of each month.",
               questions=["when is the invoice sent", "I did not get my invoice",
                          "the invoice amount is wrong"])
    earlier = "I have a question about my invoice, it came late and the amount looks odd. " * 40
    data = post(agent_client, text="Can I use my phone in Spain this summer?",
                history=[earlier]).json()
    assert not data["abstained"]
    assert data["drafts"][0]["entry"]["title"] == "Using your phone in the EU"


def test_a_terse_follow_up_finds_its_topic_in_the_history(agent_client, roaming, make_entry):
    make_entry("Invoice questions", "Your invoice is sent on the 1st of each month.",
               questions=["when is the invoice sent", "I did not get my invoice"])
    data = post(agent_client, text="and what about Spain?",
                history=["Can I use my phone abroad in the EU without extra cost?"]).json()
    assert not data["abstained"]
    assert data["drafts"][0]["entry"]["title"] == "Using your phone in the EU"
