"""The agent page in headless Chromium: paste, suggest, copy, send."""

import pytest

from tests.conftest import login, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def handbook(make_entry):
    make_entry("Bruke mobilen i EU", "Du kan bruke abonnementet ditt i hele EU/EØS uten "
               "ekstra kostnad.", language="nb", why="EU-regler; ingen sjokkregning.",
               questions=["Kan jeg bruke mobilen i Spania?", "funker data i utlandet?",
                          "koster det ekstra å ringe fra Sverige"])
    make_entry("Regningen er høyere enn vanlig", "Se bruken din på Min side.", language="nb",
               questions=["hvorfor er regningen så høy", "fakturaen er dyrere enn vanlig"])


def test_agent_presses_suggest_and_copies_a_draft(page, live_server, handbook,
                                                  django_user_model):
    user = make_user(django_user_model, "ola", "agents", "Ola")
    user.set_password("pw-ola-123")
    user.save()
    login(page, live_server, "ola", "pw-ola-123")
    page.goto(f"{live_server.url}/agent/")
    page.fill("#text", "Hei! Kan jeg bruke mobilen i Spania i sommer?")
    page.fill("#customer_name", "Kari Nordmann")
    page.select_option("#channel", "facebook_message")
    page.press("#text", "Control+Enter")
    first = page.locator("#draft-0")
    first.wait_for()
    draft = first.input_value()
    assert draft.startswith("Hei Kari,")
    assert draft.rstrip().endswith("Hilsen Ola")
    assert page.locator(".citation summary").first.inner_text().startswith(
        "From: Bruke mobilen i EU")
    page.locator("button.copy").first.click()
    page.get_by_text("Copied to the clipboard.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == draft

    first.fill(draft.replace("uten ekstra kostnad", "helt uten ekstra kostnad"))
    page.locator("button.sent").first.click()
    page.get_by_text("Marked as sent (edited).").wait_for()
    from suggest.models import Feedback

    assert Feedback.objects.get().action == "sent_edited"


def test_no_answer_offers_ask_a_lead(page, live_server, handbook, django_user_model):
    user = make_user(django_user_model, "ola", "agents", "Ola")
    user.set_password("pw-ola-123")
    user.save()
    login(page, live_server, "ola", "pw-ola-123")
    page.goto(f"{live_server.url}/agent/")
    page.fill("#text", "Selger dere hagemøbler og gressklippere?")
    page.click("#suggest-button")
    page.get_by_role("heading", name="No decided answer yet").wait_for()
    page.fill("#lead-note", "Tredje gang i dag")
    page.click("#ask-lead")
    page.get_by_text("Sent to the leads.").wait_for()
    from kb.models import OpenQuestion

    assert OpenQuestion.objects.get().note == "Tredje gang i dag"


def test_bad_input_shows_a_clear_message(page, live_server, django_user_model):
    user = make_user(django_user_model, "ola", "agents", "Ola")
    user.set_password("pw-ola-123")
    user.save()
    login(page, live_server, "ola", "pw-ola-123")
    page.goto(f"{live_server.url}/agent/")
    page.click("#suggest-button")
    error = page.locator("#form-error")
    error.wait_for()
    assert error.inner_text() == "Please paste the customer's message."
