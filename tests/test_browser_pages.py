"""The other workspace pages in headless Chromium, each as its role sees it: the start page,
a refused page, gaps, people and the brand voice."""

import pytest
from playwright.sync_api import expect

from kb.loop import intake
from tests.conftest import login, make_user
from tests.screens import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_sees_agent_cards_and_a_friendly_refusal(page, live_server, django_user_model):
    make_user(django_user_model, "ola", "agents", "Ola")
    login(page, live_server, "ola", "pw-ola")
    page.goto(f"{live_server.url}/")
    cards = page.locator(".card h2")
    expect(cards).to_have_text(["Agent page", "Handbook", "Announcements", "My questions",
                                "Public FAQ"])
    shot(page, "home-agent")
    page.goto(f"{live_server.url}/leads/people/")
    expect(page.locator("h1")).to_have_text("This page is not for your role")
    shot(page, "refused-403")


def test_a_lead_answers_a_gap_and_manages_people_and_voice(page, live_server,
                                                            django_user_model):
    make_user(django_user_model, "ingrid", "leads", "Ingrid")
    for text, channel in [("Selger dere gavekort?", "facebook_comment"),
                          ("selger dere gavekort", "instagram_dm"),
                          ("Kan jeg betale med bitcoin?", "x_reply")]:
        intake.record_unanswered(text=text, language="nb", channel=channel, confidence=0.1,
                               abstained=True)
    page.set_default_timeout(45000)  # grouping loads the model on first use
    login(page, live_server, "ingrid", "pw-ingrid")
    page.goto(f"{live_server.url}/leads/gaps/")
    first = page.locator("section.gap").first
    expect(first.locator(".badge")).to_have_text("2 messages")
    expect(first.locator(".meta")).to_contain_text("Norsk (bokmål)")
    shot(page, "lead-gaps")
    first.get_by_role("button", name="Answer with a new entry").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Answer with a new entry")
    expect(page.get_by_label("Example questions")).to_contain_text("Selger dere gavekort?")
    shot(page, "lead-gap-answer")

    page.goto(f"{live_server.url}/leads/people/")
    page.get_by_label("User name").fill("mia")
    page.get_by_label("First name").fill("Mia")
    page.get_by_label("Role").select_option("agent")
    page.get_by_label("Password").fill("pw-mia-12345")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Saved mia as agent")
    shot(page, "lead-people")

    page.goto(f"{live_server.url}/leads/voice/")
    page.get_by_label("Sign-off in Norsk (bokmål)").fill("Hilsen {agent_first_name}")
    page.get_by_role("button", name="Save the brand voice").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Saved the brand voice")
    shot(page, "lead-voice")
    page.goto(f"{live_server.url}/leads/health/")
    shot(page, "lead-health")
