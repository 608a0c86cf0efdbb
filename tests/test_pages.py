"""Role-aware start page and navigation, friendly error pages and field messages."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def cards(client) -> list[str]:
    import re

    html = client.get("/").content.decode()
    return re.findall(r'class="card" href="([^"]+)"', html)


def test_the_start_page_shows_each_role_its_own_cards(agent, lead, outsider):
    client = Client()
    assert cards(client) == ["/help/"]
    client.force_login(agent)
    assert cards(client) == ["/agent/", "/handbook/", "/announcements/", "/leads/mine/",
                             "/help/"]
    nav = client.get("/").content.decode().split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert "/leads/\"" not in nav and "/admin/" not in nav
    client.force_login(lead)
    assert "/leads/" in cards(client) and "/admin/" not in cards(client)
    client.force_login(outsider)
    assert cards(client) == ["/help/"]
    assert "no role yet" in client.get("/").content.decode()


def test_a_refused_page_is_a_styled_page_that_says_why(agent):
    client = Client()
    client.force_login(agent)
    response = client.get("/leads/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not for your role" in html and "Only leads may do this." in html
    assert "svar.css" in html
    missing = client.get("/handbook/999999/")
    assert missing.status_code == 404 and "We could not find that page" in missing.content.decode()


def test_field_messages_ask_for_what_is_missing(agent_client):
    response = agent_client.post("/api/v1/leads/proposals/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["kind"] == ["Please give the kind of proposal (new or change)."]
    response = agent_client.post("/api/v1/suggestions/", {"text": " ", "channel": "chat",
                                                          "public": False}, format="json")
    assert response.json() == {"text": ["Please paste the customer's message."]}
