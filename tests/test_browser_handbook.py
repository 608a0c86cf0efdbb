"""The agents' handbook in headless Chromium: find an internal rule as you type, read it
with its why, and follow a citation from the agent page to the entry."""

import pytest
from playwright.sync_api import expect

from kb.models import Team, Topic
from tests.conftest import login, make_user
from tests.screens import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def handbook(make_entry, django_user_model):
    rule = make_entry("Grenser for kompensasjon",
                      "Du kan gi opptil **200 kr** i kompensasjon uten å spørre.\n\n"
                      "Bruk koden `GODVILJE200` i kundesystemet.",
                      language="nb", audience="internal", kind="policy",
                      why="Raske løsninger koster mindre enn lange saker.",
                      questions=["hvor mye kompensasjon kan jeg gi",
                                 "kan jeg gi kunden en rabatt"])
    billing = Topic.objects.create(slug="billing", name="Billing")
    rule.topics.add(billing)
    roaming = make_entry("Bruke mobilen i EU", "Du kan bruke abonnementet ditt i hele EU/EØS "
                         "uten ekstra kostnad.", language="nb", why="EU-regler.",
                         questions=["Kan jeg bruke mobilen i Spania?",
                                    "koster det ekstra å ringe fra Sverige"])
    marketing = Team.objects.create(slug="marketing", name="Marketing")
    marketing.members.add(make_user(django_user_model, "mia", "agents", "Mia"))
    make_entry("Influencer fee table", "Fees by follower count.", audience="internal",
               team=marketing)
    user = make_user(django_user_model, "ola", "agents", "Ola")
    user.set_password("pw-ola-123")
    user.save()
    return {"rule": rule, "roaming": roaming}


def test_agent_finds_an_internal_rule_as_they_type(page, live_server, handbook):
    login(page, live_server, "ola", "pw-ola-123")
    page.get_by_role("link", name="Handbook").first.click()
    page.wait_for_load_state()
    items = page.locator(".handbook-item")
    assert items.count() == 2  # another team's internal entry is not listed
    assert "Influencer" not in page.locator("#handbook-results").inner_text()
    shot(page, "handbook-index")

    page.locator("#q").press_sequentially("kompen", delay=30)
    assert items.first.locator("strong").inner_text() == "Bruke mobilen i EU"  # by title
    expect(page.locator("#handbook-results [role=status]")).to_contain_text("for “kompen”")
    assert items.first.locator("strong").inner_text() == "Grenser for kompensasjon"
    assert "q=kompen" in page.url
    page.get_by_role("link", name="Grenser for kompensasjon").click()
    page.wait_for_load_state()
    # The rule itself, rendered from Markdown, not just its why.
    assert page.locator("#entry-answer strong").inner_text() == "200 kr"
    assert page.locator("#entry-answer code").inner_text() == "GODVILJE200"
    why = page.locator("#entry-why").inner_text()
    assert why == "Raske løsninger koster mindre enn lange saker."
    assert page.locator("#entry-languages").inner_text() == "Norsk (bokmål)"
    assert page.locator("#entry-version").inner_text() == "1"
    assert "Internal" in page.locator(".meta").inner_text()
    shot(page, "handbook-entry")

    page.goto(f"{live_server.url}/handbook/?topic=billing")
    assert page.locator(".handbook-item").count() == 1


def test_agent_follows_a_citation_and_reads_the_guidance(page, live_server, handbook):
    login(page, live_server, "ola", "pw-ola-123")
    page.goto(f"{live_server.url}/agent/")
    page.fill("#text", "Hei! Kan jeg bruke mobilen i Spania i sommer?")
    page.fill("#customer_name", "Kari Nordmann")
    page.select_option("#channel", "facebook_message")
    page.click("#suggest-button")
    page.locator("#draft-0").wait_for()
    shot(page, "agent-drafts")
    page.locator(".citation summary").first.click()
    page.get_by_role("link", name="Read it in the handbook").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bruke mobilen i EU"
    assert "/handbook/" in page.url

    # Internal guidance shows the rule itself, and links to it.
    page.goto(f"{live_server.url}/agent/")
    page.fill("#text", "Hvor mye kompensasjon kan jeg gi kunden?")
    page.click("#suggest-button")
    guidance = page.locator(".guidance")
    guidance.wait_for()
    assert "GODVILJE200" in guidance.locator(".rule").inner_text()
    shot(page, "agent-guidance")
    guidance.get_by_role("link", name="Grenser for kompensasjon").click()
    page.wait_for_load_state()
    assert page.locator("#entry-answer code").inner_text() == "GODVILJE200"
