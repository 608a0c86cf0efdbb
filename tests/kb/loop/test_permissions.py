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


@pytest.fixture
def secret_entry(make_entry, django_user_model):
    from kb.models import Team
    from tests.conftest import make_user

    marketing = Team.objects.create(slug="marketing", name="Marketing")
    marketing.members.add(make_user(django_user_model, "marketer", "agents", "Mia"))
    return make_entry("Influencer fee table", "Fees by follower count.", audience="internal",
                      team=marketing)


def test_an_agent_never_learns_a_hidden_entrys_title(agent, lead, agent_client, lead_client,
                                                     secret_entry):
    """The audit: "answered by: <title>" notifications and /leads/mine/ named another
    team's internal entry."""
    question = intake.ask_lead(text="what do influencers get paid", language="en",
                             channel="chat", note="", user=agent)
    response = lead_client.post("/api/v1/leads/questions/link/", {
        "question_ids": [question.pk], "entry_id": secret_entry.pk}, format="json")
    assert response.status_code == 200, response.content
    notes = agent_client.get("/api/v1/leads/notifications/").json()
    texts = [n["text"] for n in (notes["results"] if isinstance(notes, dict) else notes)]
    assert texts and all("Influencer" not in t for t in texts)
    assert all(n["entry_id"] is None for n in (notes["results"] if isinstance(notes, dict)
                                               else notes))
    assert "Influencer" not in str(agent_client.get("/api/v1/leads/mine/").json())
    pages = Client()
    pages.force_login(agent)
    page = pages.get("/leads/mine/")
    assert page.status_code == 200 and b"Influencer" not in page.content
    assert b"answered" in page.content  # the agent still hears the outcome


def test_a_hidden_announcement_is_as_missing_as_none(agent_client, secret_entry):
    from kb.models import Announcement

    hidden = Announcement.objects.filter(entry=secret_entry).first() or \
        Announcement.objects.create(entry=secret_entry, version=1, text="x")
    hidden_code = agent_client.post(f"/api/v1/leads/announcements/{hidden.pk}/read/")
    missing_code = agent_client.post("/api/v1/leads/announcements/999999/read/")
    assert hidden_code.status_code == missing_code.status_code == 404
    assert hidden_code.json().keys() == missing_code.json().keys()
