"""Canned snippets (welcome, out of hours) are for agents: never on the public FAQ."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(make_entry):
    welcome = make_entry("Welcome message", "Welcome to Fjordtel! How can we help you today?",
                         kind="snippet", questions=["welcome message", "hello there"])
    hours = make_entry("Out of hours", "We are closed now and answer tomorrow from 8.",
                       kind="snippet", questions=["are you open now", "opening hours"])
    faq = make_entry("Opening hours", "Customer service is open 8-20 on weekdays.",
                     questions=["when are you open", "what are your opening hours"])
    return welcome, hours, faq


def test_snippets_never_appear_on_the_public_faq(client, entries):
    welcome, hours, faq = entries
    for query in ("welcome message", "are you open now", "opening hours"):
        body = client.get("/api/v1/public/search", {"q": query}).json()
        titles = [r["title"] for r in body["results"]]
        assert welcome.title not in titles and hours.title not in titles, (query, titles)
        page = client.get("/help/", {"q": query}).content.decode()
        assert hours.answer not in page and welcome.answer not in page
    assert "Opening hours" in [r["title"] for r in client.get(
        "/api/v1/public/search", {"q": "opening hours"}).json()["results"]]
    browse = client.get("/help/").content.decode()
    assert welcome.title not in browse and hours.title not in browse
    assert client.get(f"/help/en/{welcome.slug}/").status_code == 404
    assert client.get(f"/help/en/{faq.slug}/").status_code == 200


def test_snippets_are_still_in_the_agents_handbook(client, agent, entries):
    client.force_login(agent)
    assert "Welcome message" in client.get("/handbook/").content.decode()
