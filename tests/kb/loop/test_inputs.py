"""Bad ids and odd text on the lead pages and the lead API are a message (400 or a message on
the page), never a 500; a linked wording reaches search; notifications never quote the
customer's wording."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from kb.loop import intake
from kb.loop import proposals as proposals_mod
from kb.loop import questions as questions_mod
from kb.loop.inputs import MAX_ID, clean_text, parse_id, parse_ids
from kb.models import ExampleQuestion, Notification, OpenQuestion, Proposal, UnansweredMessage
from kb.search.service import search

pytestmark = pytest.mark.django_db

BAD_IDS = [["²"], [10**30], [MAX_ID + 1], "abc", ["abc"], [0], [-3], [1.5], [None], [True]]
BAD_FORM_IDS = ["²", "١٢", str(10**30), str(MAX_ID + 1), "abc", "0", "-3", "1.5", "1,²"]


def test_parse_id_accepts_ascii_digits_in_range_only():
    assert parse_id("12") == 12 and parse_id(" 7 ") == 7 and parse_id(12) == 12
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in ["²", "١٢", "１２", str(MAX_ID + 1), str(10**30), "", "0", "-1", "1e3",
                "1_000", True, 0, -1, MAX_ID + 1, None]:
        assert parse_id(bad) is None, bad
    assert parse_ids(["3,4", "", "4", 5], field="ids") == [3, 4, 5]
    with pytest.raises(Exception) as exc:
        parse_ids(["3,²"], field="question_ids")
    assert "question_ids" in exc.value.message_dict
    assert clean_text("a\x00b") == "ab" and clean_text(None) == ""


@pytest.fixture
def open_question(agent):
    return intake.ask_lead(text="Can I pay with Klarna?", language="en", channel="x", note="",
                         user=agent)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_api_bad_ids_are_400_with_a_field_message(lead_client, make_entry, open_question, bad):
    entry = make_entry("Payment", "We take cards.")
    posts = [
        ("/api/v1/leads/questions/dismiss/", {"question_ids": bad}, "question_ids"),
        ("/api/v1/leads/questions/link/", {"question_ids": bad, "entry_id": entry.pk},
         "question_ids"),
        ("/api/v1/leads/questions/link/", {"question_ids": [open_question.pk],
                                           "entry_id": bad[0] if isinstance(bad, list)
                                           else bad}, "entry_id"),
        ("/api/v1/leads/questions/answer/", {"question_ids": bad, "title": "T",
                                             "answer": "A", "language": "en"}, "question_ids"),
        ("/api/v1/leads/wordings/accept/", {"wording_ids": bad}, "wording_ids"),
        ("/api/v1/leads/wordings/discard/", {"wording_ids": bad}, "wording_ids"),
        ("/api/v1/leads/gaps/ask/", {"message_ids": bad}, "message_ids"),
    ]
    for url, body, field in posts:
        response = lead_client.post(url, body, format="json")
        assert response.status_code == 400, (url, body, response.content)
        assert field in response.json(), (url, response.json())
    open_question.refresh_from_db()
    assert open_question.status == OpenQuestion.Status.OPEN


def test_api_proposal_and_notification_ids(agent_client, lead_client):
    for bad in [10**30, MAX_ID + 1, "²"]:
        response = agent_client.post("/api/v1/leads/proposals/", {
            "kind": "change", "entry_id": bad, "data": {"title": "New"}}, format="json")
        assert response.status_code == 400 and "entry_id" in response.json(), response.content
    for bad in [["²"], [10**30], [str(10**30)], "abc", [None]]:
        response = agent_client.post("/api/v1/leads/notifications/", {"ids": bad},
                                     format="json")
        assert response.status_code == 400 and "ids" in response.json(), (bad, response.content)
    assert agent_client.post("/api/v1/leads/notifications/", {"ids": ["1"]},
                             format="json").json() == {"marked_read": 0}


def _page_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("bad", BAD_FORM_IDS)
def test_pages_bad_ids_are_a_message_not_a_500(lead, make_entry, open_question, bad):
    entry = make_entry("Payment", "We take cards.")
    pages = Client()
    pages.force_login(lead)
    for method, url, data, target in [
        ("post", "/leads/questions/dismiss/", {"question_ids": bad, "reason": "x"}, "/leads/"),
        ("get", "/leads/questions/answer/", {"ids": bad}, "/leads/"),
        ("post", "/leads/questions/answer/", {"question_ids": bad, "title": "T",
                                              "answer": "A", "language": "en",
                                              "audience": "public", "kind": "faq"},
         "/leads/"),
        ("get", "/leads/questions/link/", {"ids": bad}, "/leads/"),
        ("post", "/leads/questions/link/", {"question_ids": bad, "entry_id": entry.pk},
         "/leads/"),
        ("post", "/leads/wordings/", {"wording_ids": bad, "action": "accept"},
         "/leads/wordings/"),
        ("post", "/leads/gaps/ask/", {"message_ids": bad}, "/leads/gaps/"),
    ]:
        response = getattr(pages, method)(url, data)
        assert response.status_code == 302, (url, response.status_code)
        assert response.url == target, url
        assert any("is not an id" in m for m in _page_messages(response)), url
    # A bad entry id when linking, and a bad version number when restoring.
    response = pages.post(f"/leads/questions/link/?ids={open_question.pk}",
                          {"question_ids": open_question.pk, "entry_id": bad})
    assert response.status_code == 200
    assert any("No entry" in m for m in _page_messages(response))
    response = pages.post(f"/leads/entries/{entry.pk}/restore/", {"number": bad})
    assert response.status_code == 302
    assert "Choose a version" in " ".join(_page_messages(response))
    open_question.refresh_from_db()
    assert open_question.status == OpenQuestion.Status.OPEN


def test_nul_characters_never_reach_the_database(agent, lead, agent_client, lead_client,
                                                 make_entry):
    """Requests with NUL are refused at the door (project middleware, 400); the lead services
    also strip NUL from free text, whoever calls them (shell, other apps, tasks)."""
    pages = Client()
    pages.force_login(lead)
    q1 = intake.ask_lead(text="Do you ship to Svalbard?", language="en", channel="x", note="",
                       user=agent)
    response = pages.post("/leads/questions/dismiss/",
                          {"question_ids": q1.pk, "reason": "Out\x00 of scope"})
    assert response.status_code == 400
    response = lead_client.post("/api/v1/leads/questions/dismiss/",
                                {"question_ids": [q1.pk], "reason": "Out\x00 of scope"},
                                format="json")
    assert response.status_code == 400
    q1.refresh_from_db()
    assert q1.status == OpenQuestion.Status.OPEN

    assert questions_mod.dismiss([q1.pk], user=lead, reason="Out\x00 of scope") == 1
    assert "Out of scope" in intake.notifications_for(agent).first().text

    entry = make_entry("Payment", "We take cards.")
    proposal = proposals_mod.create_proposal(
        user=agent, kind="change", entry_id=entry.pk, data={"title": "Pay\x00ment",
                                                            "questions": ["Vi\x00pps?"]},
        note="n\x00ote", suggestion_ref="s\x001")
    assert proposal.data == {"title": "Payment", "questions": ["Vipps?"]}
    assert (proposal.note, proposal.suggestion_ref) == ("note", "s1")
    proposals_mod.reject(proposal, user=lead, reason="Not\x00 now")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED and proposal.reason == "Not now"

    other = proposals_mod.create_proposal(user=agent, kind="new",
                                          data={"title": "T", "answer": "A", "language": "en"})
    new_entry = proposals_mod.approve(other, user=lead,
                                      edits={"title": "Ti\x00tle", "reason": "Be\x00tter"})
    other.refresh_from_db()
    assert new_entry.title == "Title" and other.reason == "Better"


@pytest.mark.django_db(transaction=True)
def test_linking_makes_a_known_wording_searchable(make_entry, agent, lead_client):
    wording = "Is it possible to return a kettle that broke after one week?"
    entry = make_entry("Refunds", "Money back within 14 days.", questions=["Can I get a refund?"])
    ExampleQuestion.objects.create(entry=entry, text=wording,
                                   status=ExampleQuestion.Status.SUGGESTED,
                                   source=ExampleQuestion.Source.HARVEST)
    before = search(wording, language="en", audience="all", user=agent)
    assert all(hit.matched_text != wording for hit in before.hits)

    question = intake.ask_lead(text=wording, language="en", channel="x", note="", user=agent)
    response = lead_client.post("/api/v1/leads/questions/link/",
                                {"question_ids": [question.pk], "entry_id": entry.pk},
                                format="json")
    assert response.status_code == 200, response.content
    assert entry.questions.get(text=wording).status == ExampleQuestion.Status.ACCEPTED

    after = search(wording, language="en", audience="all", user=agent)
    assert after.hits[0].entry.pk == entry.pk
    assert after.hits[0].matched_text == wording


def test_notifications_name_the_question_not_the_customer_wording(
        agent, lead, lead_client, make_entry, django_user_model):
    from tests.conftest import make_user

    other = make_user(django_user_model, "agent2", "agents", "Kari")
    q1 = intake.ask_lead(text="Can my grandmother pay with Klarna in Tromsø?", language="en",
                       channel="x", note="", user=agent)
    q2 = intake.ask_lead(text="Can my uncle pay with Klarna in Bodø?", language="en",
                       channel="x", note="", user=other)
    response = lead_client.post("/api/v1/leads/questions/answer/", {
        "question_ids": [q1.pk, q2.pk], "title": "Paying with Klarna",
        "answer": "Yes, Klarna works in all our stores.", "language": "en"}, format="json")
    assert response.status_code == 201, response.content

    mine = Notification.objects.get(user=agent)
    theirs = Notification.objects.get(user=other)
    day = f"{timezone.localtime(q1.created_at):%b}"
    assert mine.text.startswith(f"Your question #{q1.pk} of ")
    assert day in mine.text and "Paying with Klarna" in mine.text
    assert f"#{q2.pk}" not in mine.text and f"#{q1.pk}" not in theirs.text
    for note in (mine, theirs):
        for word in ("grandmother", "uncle", "Tromsø", "Bodø", "Klarna in"):
            assert word not in note.text, note.text

    entry = make_entry("Refunds", "Money back within 14 days.")
    q3 = intake.ask_lead(text="Refund for my broken kettle from Hamar?", language="en",
                       channel="x", note="", user=agent)
    q4 = intake.ask_lead(text="Refund for my kettle from Hamar, it broke?", language="en",
                       channel="x", note="", user=agent)
    lead_client.post("/api/v1/leads/questions/link/",
                     {"question_ids": [q3.pk, q4.pk], "entry_id": entry.pk}, format="json")
    linked = Notification.objects.filter(user=agent, entry=entry).get()
    assert linked.text.startswith(f"Your questions #{q3.pk} of ")
    assert f"#{q4.pk} of " in linked.text and "answered by: Refunds" in linked.text
    assert "Hamar" not in linked.text and "kettle" not in linked.text

    q5 = intake.ask_lead(text="Is the shop in Alta open at midnight?", language="en",
                       channel="x", note="", user=agent)
    lead_client.post("/api/v1/leads/questions/dismiss/",
                     {"question_ids": [q5.pk], "reason": "We have no shop there"},
                     format="json")
    dismissed = intake.notifications_for(agent).first()
    assert dismissed.text.startswith(f"Your question #{q5.pk} of ")
    assert "We have no shop there" in dismissed.text and "Alta" not in dismissed.text


def test_gap_ids_and_page_flow_still_work(lead, lead_client):
    message = UnansweredMessage.objects.create(text="Do you sell gift cards?", language="en",
                                               channel="x", confidence=0.2)
    response = lead_client.post("/api/v1/leads/gaps/ask/", {"message_ids": [message.pk]},
                                format="json")
    assert response.status_code == 201
    question_id = response.json()["question_ids"][0]
    pages = Client()
    pages.force_login(lead)
    response = pages.post("/leads/questions/dismiss/",
                          {"question_ids": f"{question_id}, ", "reason": ""})
    assert response.status_code == 302
    assert OpenQuestion.objects.get(pk=question_id).status == OpenQuestion.Status.DISMISSED
