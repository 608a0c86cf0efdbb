"""A threat to leave or go public is how the customer will react, not what the message is
about: the handbook is searched without it, so its words ("book", "bestille", "reise") do
not pull an angry message toward an unrelated entry. Examples written for this test."""

import pytest

from suggest.analysis import analyse
from suggest.tone import without_threats


@pytest.mark.parametrize(("language", "text", "kept", "dropped"), [
    ("nb", "Pakken kom knust, ellers går jeg til Forbrukerrådet med dette!",
     "Pakken kom knust", "Forbrukerrådet"),
    ("sv", "Tåget var två timmar sent och jag bokar aldrig med er igen!",
     "Tåget var två timmar sent", "bokar"),
    ("da", "Min kuffert er væk. Næste gang vælger vi et andet rederi!",
     "Min kuffert er væk", "rederi"),
    ("fi", "Hytti oli likainen, enkä ikinä enää matkusta teidän kanssanne!",
     "Hytti oli likainen", "matkusta"),
    ("en", "The cabin was filthy and I'm never booking with you again.",
     "The cabin was filthy", "booking"),
])
def test_the_threat_clause_is_left_out(language, text, kept, dropped):
    out = without_threats(text, language)
    assert kept in out and dropped not in out


def test_a_message_that_is_only_a_threat_stays_whole():
    assert without_threats("Aldri mer!", "nb") == "Aldri mer!"


def test_a_neutral_question_is_untouched():
    text = "Kan jeg endre bestillingen min til en senere avgang?"
    assert without_threats(text, "nb") == text


def test_analysis_searches_without_the_threat_but_keeps_the_tone():
    a = analyse("The boat was three hours late!!! Refund me or I'm going to the press and "
                "never booking with you again", public=True)
    assert "booking" not in a.matching_text and "late" in a.matching_text
    assert a.tone.escalating and a.move_private


@pytest.fixture
def two_entries(make_entry):
    make_entry("Ändra eller avboka", "Du kan ändra eller avboka din resa under Mina resor "
               "fram till två timmar före avgång.", language="sv",
               questions=["Hur ändrar jag min bokning?", "Kan jag boka en annan avgång?",
                          "kan jag avboka resan"], group="change-booking")
    make_entry("Ersättning vid försening", "Blir avgången mer än en timme försenad får du "
               "25 % av biljettpriset tillbaka. Ansök i formuläret för ersättning.",
               language="sv",
               questions=["Färjan var sen, får jag pengarna tillbaka?",
                          "ersättning för försenad överfart", "pengar tillbaka när båten är sen"],
               group="delays")


def test_an_angry_delay_complaint_finds_the_delay_entry_not_the_booking_one(
        agent_client, two_entries):
    text = ("Färjan gick tre timmar för sent i söndags och ingen sa något!!! Skandal. "
            "Svarar ni inte anmäler jag er och bokar aldrig en resa med er igen!")
    data = agent_client.post("/api/v1/suggestions/", {
        "text": text, "customer_name": "Sara Lind", "channel": "facebook_comment",
        "public": True}, format="json").json()
    assert data["drafts"][0]["entry"]["title"] == "Ersättning vid försening"
