"""Leads decide; agents read their own things; anonymous users see nothing."""

import pytest
from django.test import Client

from kb.loop import intake

pytestmark = pytest.mark.django_db

LEAD_PAGES = ["/leads/", "/leads/proposals/", "/leads/wordings/", "/leads/health/",
              "/leads/questions/answer/?ids=1", "/leads/questions/link/?ids=1"]
LEAD_API_GET = ["/api/v1/leads/questions/", "/api/v1/leads/wordings/", "/api/v1/leads/health/",
                "/api/v1/leads/gaps/"]
LEAD_API_POST = ["/api/v1/leads/questions/answer/", "/api/v1/leads/questions/link/",
                 "/api/v1/leads/questions/dismiss/", "/api/v1/leads/proposals/1/approve/",
                 "/api/v1/leads/proposals/1/reject/", "/api/v1/leads/wordings/accept/",
                 "/api/v1/leads/wordings/discard/", "/api/v1/leads/gaps/ask/"]
AGENT_API = ["/api/v1/leads/announcements/", "/api/v1/leads/notifications/",
             "/api/v1/leads/mine/", "/api/v1/leads/proposals/"]


def test_anonymous_is_sent_to_login(db, make_entry):
    entry = make_entry("Refunds", "Money back.")
    client = Client()
    for url in [*LEAD_PAGES, "/leads/mine/", f"/leads/entries/{entry.pk}/history/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response.url
    assert client.post(f"/leads/entries/{entry.pk}/restore/", {"number": 1}).status_code == 302


def test_anonymous_api_is_refused(anon_client):
    for url in [*LEAD_API_GET, *AGENT_API]:
        assert anon_client.get(url).status_code in (401, 403), url
    for url in LEAD_API_POST:
        assert anon_client.post(url, {}, format="json").status_code in (401, 403), url


def test_agent_cannot_decide(agent, make_entry, agent_client):
    entry = make_entry("Refunds", "Money back.")
    pages = Client()
    pages.force_login(agent)
    for url in [*LEAD_PAGES, f"/leads/entries/{entry.pk}/history/"]:
        assert pages.get(url).status_code == 403, url
    assert pages.post(f"/leads/entries/{entry.pk}/restore/", {"number": 1}).status_code == 403
    assert pages.post("/leads/wordings/", {"action": "accept"}).status_code == 403
    for url in LEAD_API_GET:
        assert agent_client.get(url).status_code == 403, url
    for url in LEAD_API_POST:
        assert agent_client.post(url, {}, format="json").status_code == 403, url
    for url in AGENT_API:
        assert agent_client.get(url).status_code == 200, url
    assert pages.get("/leads/mine/").status_code == 200


def test_outsider_is_not_an_agent(outsider):
    pages = Client()
    pages.force_login(outsider)
    assert pages.get("/leads/mine/").status_code == 403
    assert pages.get("/leads/").status_code == 403


def test_mine_page_shows_my_questions_and_notifications(agent, lead_client, django_user_model):
    question = intake.ask_lead(text="Can I pick up my order in Bergen?", language="en",
                             channel="x", note="", user=agent)
    lead_client.post("/api/v1/leads/questions/dismiss/",
                     {"question_ids": [question.pk], "reason": "We have no shop there"},
                     format="json")
    pages = Client()
    pages.force_login(agent)
    html = pages.get("/leads/mine/").content.decode()
    assert "Can I pick up my order in Bergen?" in html
    assert "We have no shop there" in html
    assert "Dismissed" in html
    assert pages.post("/leads/mine/").status_code == 302
    assert intake.notifications_for(agent).first().read_at is not None
    notes = agent_client_get(agent, "/api/v1/leads/notifications/")
    assert notes[0]["read"] is True


def agent_client_get(user, url):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client.get(url).json()
