"""The whole handbook loop: a message nobody can answer, a question to a lead, a published
answer, an announcement, a harvested wording that makes search better."""

import pytest

from kb.loop import intake
from kb.models import ExampleQuestion, Notification, OpenQuestion
from kb.search.service import search

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = "Can I bring my dog with me into your store?"


@pytest.fixture
def handbook(make_entry):
    make_entry("Opening hours", "We are open 9 to 17 on weekdays.",
               questions=["When are you open?", "What are your opening hours?"])
    make_entry("Delivery times", "Parcels arrive within 3 working days.",
               questions=["When will my parcel arrive?", "How long does delivery take?"])
    make_entry("Refunds", "You get your money back within 14 days of returning the item.",
               questions=["Can I get a refund?", "How do I get my money back?"])


def score_for(entry_id, text, user):
    result = search(text, language="en", audience="all", user=user, k=10)
    for rank, hit in enumerate(result.hits, 1):
        if hit.entry.pk == entry_id:
            return rank, hit.score
    return 99, 0.0


def test_question_to_announcement_to_harvest(handbook, agent, lead, agent_client, lead_client):
    before = search(MESSAGE, language="en", audience="all", user=agent)
    assert before.abstained

    question = intake.ask_lead(text=MESSAGE + " Mail me at ola.nordmann@example.com",
                             language="en", channel="facebook", note="Customer asks a lot",
                             user=agent, suggestion_ref="s-1")
    assert "example.com" not in question.text and "[email]" in question.text
    assert question.status == OpenQuestion.Status.OPEN

    groups = lead_client.get("/api/v1/leads/questions/").json()
    assert groups[0]["question_ids"] == [question.pk]

    response = lead_client.post("/api/v1/leads/questions/answer/", {
        "question_ids": [question.pk], "title": "Dogs in our stores",
        "answer": "Dogs on a leash are welcome in all our stores, {customer_first_name}.",
        "why": "Many customers shop with their dogs. Guide dogs were always allowed.",
        "language": "en", "audience": "public",
        "questions": [MESSAGE, "Are dogs allowed in the shop?"],
    }, format="json")
    assert response.status_code == 201, response.content
    entry_id = response.json()["entry_id"]

    question.refresh_from_db()
    assert question.status == OpenQuestion.Status.ANSWERED
    assert question.answer_entry_id == entry_id
    assert Notification.objects.filter(user=agent, entry_id=entry_id).exists()

    after = search(MESSAGE, language="en", audience="all", user=agent)
    assert not after.abstained
    assert after.hits[0].entry.pk == entry_id
    assert after.confidence >= after.threshold

    feed = agent_client.get("/api/v1/leads/announcements/").json()
    assert len(feed) == 1
    assert feed[0]["entry_id"] == entry_id
    assert feed[0]["text"].startswith("You can now decide: Dogs in our stores")
    assert "Many customers shop with their dogs." in feed[0]["text"]
    assert "Guide dogs" not in feed[0]["text"]  # only the first sentence of the why
    read = agent_client.post(f"/api/v1/leads/announcements/{feed[0]['id']}/read/")
    assert read.status_code == 200
    assert agent_client.get("/api/v1/leads/announcements/").json() == []
    assert lead_client.get("/api/v1/leads/announcements/").json()[0]["entry_id"] == entry_id

    paraphrase = "May I take my puppy inside the shop with me?"
    rank_before, score_before = score_for(entry_id, paraphrase, agent)

    harvested = intake.harvest_wording(entry_id, "Is it ok to take my puppy inside the shop?",
                                     language="en")
    assert harvested is not None
    assert harvested.status == ExampleQuestion.Status.SUGGESTED
    assert harvested.source == ExampleQuestion.Source.HARVEST
    # The same wording again, or a near copy of a known question, adds nothing.
    assert intake.harvest_wording(entry_id, "is it OK to take my puppy inside the shop",
                                language="en") is None
    assert intake.harvest_wording(entry_id, "Are dogs allowed in the shop?!",
                                language="en") is None

    listed = lead_client.get("/api/v1/leads/wordings/").json()
    assert listed[0]["entry_id"] == entry_id
    assert [w["id"] for w in listed[0]["wordings"]] == [harvested.pk]
    accepted = lead_client.post("/api/v1/leads/wordings/accept/",
                                {"wording_ids": [harvested.pk]}, format="json")
    assert accepted.json() == {"accepted": 1}

    rank_after, score_after = score_for(entry_id, paraphrase, agent)
    assert (rank_after, -score_after) < (rank_before, -score_before)
    assert score_after > score_before
    mine = agent_client.get("/api/v1/leads/mine/").json()
    assert mine["questions"][0]["status"] == "answered"


def test_harvest_skips_short_long_placeholder_and_other_language(make_entry):
    entry = make_entry("Opening hours", "We are open 9 to 17.", questions=["When are you open?"])
    sv = make_entry("Öppettider", "Vi har öppet 9 till 17.", language="sv",
                    group=entry.translation_group)
    assert intake.harvest_wording(entry.pk, "open?", language="en") is None
    assert intake.harvest_wording(entry.pk, "word " * 80, language="en") is None
    assert intake.harvest_wording(entry.pk, "[email] [phone] [card]", language="en") is None
    assert intake.harvest_wording(entry.pk, "Do you open early on saturdays?",
                                language="fi") is None  # no Finnish translation
    swedish = intake.harvest_wording(entry.pk, "Har ni öppet på lördagar också?", language="sv")
    assert swedish is not None and swedish.entry_id == sv.pk
    assert intake.harvest_wording(999999, "Do you open early on saturdays?", language="en") is None


def test_auto_accept_wordings(make_entry, settings):
    settings.SVAR_AUTO_ACCEPT_WORDINGS = True
    entry = make_entry("Opening hours", "We are open 9 to 17.", questions=["When are you open?"])
    q = intake.harvest_wording(entry.pk, "Do you open early on saturdays?", language="en")
    assert q.status == ExampleQuestion.Status.ACCEPTED


def test_link_questions_to_existing_entry(make_entry, agent, lead_client):
    entry = make_entry("Refunds", "Money back within 14 days.", questions=["Can I get a refund?"])
    q1 = intake.ask_lead(text="How do I return a broken kettle for my money?", language="en",
                       channel="x", note="", user=agent)
    response = lead_client.post("/api/v1/leads/questions/link/",
                                {"question_ids": [q1.pk], "entry_id": entry.pk}, format="json")
    assert response.status_code == 200
    assert entry.questions.filter(text=q1.text, status="accepted").exists()
    q1.refresh_from_db()
    assert q1.status == "answered" and q1.answer_entry_id == entry.pk
    assert Notification.objects.filter(user=agent, entry=entry).exists()
    again = lead_client.post("/api/v1/leads/questions/link/",
                             {"question_ids": [q1.pk], "entry_id": entry.pk}, format="json")
    assert again.status_code == 409 and "question_ids" in again.json()  # answered already
    bad = lead_client.post("/api/v1/leads/questions/link/", {"question_ids": []}, format="json")
    assert bad.status_code == 400


def test_dismiss_notifies_with_reason(agent, lead_client):
    q = intake.ask_lead(text="What is the meaning of life?", language="en", channel="x",
                      note="", user=agent)
    response = lead_client.post("/api/v1/leads/questions/dismiss/",
                                {"question_ids": [q.pk], "reason": "Out of scope"},
                                format="json")
    assert response.json() == {"dismissed": 1}
    note = intake.notifications_for(agent).first()
    assert "Out of scope" in note.text


def test_record_use_and_bad_event(make_entry):
    entry = make_entry("Opening hours", "We are open 9 to 17.")
    for _ in range(3):
        intake.record_use(entry.pk, "suggested")
    intake.record_use(entry.pk, "sent_edited")
    intake.record_use(987654, "suggested")  # a deleted entry is ignored
    usage = entry.usage.get()
    assert (usage.suggested, usage.sent_edited, usage.sent_as_is) == (3, 1, 0)
    with pytest.raises(ValueError):
        intake.record_use(entry.pk, "clicked")
