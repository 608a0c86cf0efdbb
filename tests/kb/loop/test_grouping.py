"""Ten agents asking the same thing are one item in the lead queue."""

import pytest
from django.test import Client

from kb.loop import intake
from kb.loop.grouping import cluster
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SAME = [
    "Can I return shoes I bought on sale?",
    "can I return shoes I bought on sale",
    "Can I return shoes that I bought on sale?",
    "Can I return the shoes I bought on sale??",
    "Can i return shoes i bought on sale please?",
    "Can I return shoes I bought in the sale?",
    "Can I return shoes I bought on sale? Thanks",
    "Hi, can I return shoes I bought on sale?",
    "Can I return shoes I bought on sale!",
    "CAN I RETURN SHOES I BOUGHT ON SALE?",
]


def test_ten_near_identical_questions_are_one_group(django_user_model, lead_client, lead):
    for i, text in enumerate(SAME):
        agent = make_user(django_user_model, f"agent{i}", "agents", f"Agent{i}")
        intake.ask_lead(text=text, language="en", channel="facebook" if i % 2 else "x",
                      note=f"note {i}" if i < 3 else "", user=agent)
    other = make_user(django_user_model, "other", "agents", "Other")
    intake.ask_lead(text="Do you ship to Iceland?", language="en", channel="x", note="",
                  user=other)
    intake.ask_lead(text="How do I change the password of my account?", language="en",
                  channel="instagram", note="", user=other)

    groups = lead_client.get("/api/v1/leads/questions/").json()
    assert [g["count"] for g in groups] == [10, 1, 1]
    top = groups[0]
    assert len(top["asked_by"]) == 10
    assert top["channels"] == ["facebook", "x"]
    assert top["notes"] == ["note 0", "note 1", "note 2"]
    assert {g["wordings"][0] for g in groups[1:]} == {
        "Do you ship to Iceland?", "How do I change the password of my account?"}

    pages = Client()
    pages.force_login(lead)
    html = pages.get("/leads/").content.decode()
    assert "10 × asked" in html
    assert html.count("Answer with a new entry") == 3


def test_answer_form_is_prefilled_from_the_group(agent, lead):
    q1 = intake.ask_lead(text="Can I pay with Klarna?", language="en", channel="x", note="",
                       user=agent)
    q2 = intake.ask_lead(text="can I pay with klarna", language="en", channel="x", note="",
                       user=agent)
    pages = Client()
    pages.force_login(lead)
    html = pages.get(f"/leads/questions/answer/?ids={q1.pk},{q2.pk}").content.decode()
    assert "Can I pay with Klarna?\ncan I pay with klarna" in html
    assert 'value="en" selected' in html


def test_cluster_is_greedy_by_leader():
    import numpy as np

    vectors = np.array([[1, 0], [0.95, 0.31], [0, 1], [0.1, 0.99]], dtype=np.float32)
    assert cluster(vectors, 0.8) == [[0, 1], [2, 3]]
    assert cluster(np.zeros((0, 2)), 0.8) == []


def test_the_same_question_in_three_languages_is_one_group(django_user_model, lead_client):
    asked = [("Do you sell gift cards?", "en"), ("Säljer ni presentkort?", "sv"),
             ("Myyttekö lahjakortteja?", "fi"),
             ("Can I call Germany from my plan?", "en"),
             ("Kan jeg ringe til Tyskland med abonnementet mitt?", "nb"),
             ("Voinko soittaa Saksaan liittymälläni?", "fi"),
             ("How do I change my password?", "en")]
    for i, (text, language) in enumerate(asked):
        agent = make_user(django_user_model, f"agent{i}", "agents", f"Agent{i}")
        intake.ask_lead(text=text, language=language, channel="x", note="", user=agent)

    groups = lead_client.get("/api/v1/leads/questions/").json()
    by_wordings = sorted(sorted(g["wordings"]) for g in groups)
    assert by_wordings == sorted([
        sorted(["Do you sell gift cards?", "Säljer ni presentkort?", "Myyttekö lahjakortteja?"]),
        sorted(["Can I call Germany from my plan?",
                "Kan jeg ringe til Tyskland med abonnementet mitt?",
                "Voinko soittaa Saksaan liittymälläni?"]),
        ["How do I change my password?"]])
