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


def _agent(page, live_server, django_user_model):
    user = make_user(django_user_model, "ola", "agents", "Ola")
    user.set_password("pw-ola-123")
    user.save()
    login(page, live_server, "ola", "pw-ola-123")
    page.goto(f"{live_server.url}/agent/")


def test_agent_presses_suggest_and_copies_a_draft(page, live_server, handbook,
                                                  django_user_model):
    _agent(page, live_server, django_user_model)
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
    _agent(page, live_server, django_user_model)
    page.fill("#text", "Selger dere hagemøbler og gressklippere?")
    page.click("#suggest-button")
    page.get_by_role("heading", name="No decided answer yet").wait_for()
    page.fill("#lead-note", "Tredje gang i dag")
    page.click("#ask-lead")
    page.get_by_text("Sent to the leads.").wait_for()
    from kb.models import OpenQuestion

    assert OpenQuestion.objects.get().note == "Tredje gang i dag"


def test_bad_input_shows_a_clear_message(page, live_server, django_user_model):
    _agent(page, live_server, django_user_model)
    page.click("#suggest-button")
    error = page.locator("#form-error")
    error.wait_for()
    assert error.inner_text() == "Please paste the customer's message."


def test_history_is_sent_and_language_is_said_in_words(page, live_server, handbook,
                                                       django_user_model):
    _agent(page, live_server, django_user_model)
    page.fill("#history", "Kan jeg bruke mobilen i Spania?\n\nVi reiser i juli.")
    page.fill("#text", "Og koster det noe ekstra å ringe hjem derfra?")
    page.fill("#customer_name", "Kari Nordmann")
    with page.expect_request("**/api/v1/suggestions/") as request:
        page.click("#suggest-button")
    assert request.value.post_data_json["history"] == ["Kan jeg bruke mobilen i Spania?",
                                                       "Vi reiser i juli."]
    page.locator("#draft-0").wait_for()
    language = page.locator("#detected-language").inner_text()
    assert language.startswith("Language: Norsk (bokmål) (")
    assert any(word in language for word in ("sure", "fairly sure", "unsure"))
    assert "0." not in language  # words, not a bare number


def test_draft_area_is_large(page, live_server, handbook, django_user_model):
    _agent(page, live_server, django_user_model)
    page.fill("#text", "Hei! Kan jeg bruke mobilen i Spania i sommer?")
    page.click("#suggest-button")
    first = page.locator("#draft-0")
    first.wait_for()
    height = first.evaluate("node => node.clientHeight")
    assert height >= 250, height


def test_internal_guidance_shows_the_rule_itself(page, live_server, handbook, make_entry,
                                                 django_user_model):
    make_entry("Kompensasjon ved forsinkelse", "Gi aldri mer enn 500 kr i kompensasjon uten "
               "at en leder har godkjent det.", language="nb", audience="internal",
               why="Store beløp må sees samlet.",
               questions=["kan jeg gi kompensasjon for forsinkelse",
                          "hvor mye kompensasjon kan jeg gi", "kunden vil ha kompensasjon"])
    _agent(page, live_server, django_user_model)
    page.fill("#text", "Hvor mye kompensasjon kan jeg få for forsinkelse?")
    page.click("#suggest-button")
    rule = page.locator(".guidance .rule").first
    rule.wait_for()
    assert "Gi aldri mer enn 500 kr i kompensasjon" in rule.inner_text()
    assert "Store beløp må sees samlet." in page.locator(".guidance .why").first.inner_text()


def test_a_nearest_entry_becomes_a_draft_in_one_click(page, live_server, handbook,
                                                      django_user_model):
    _agent(page, live_server, django_user_model)
    page.fill("#text", "Selger dere hagemøbler og gressklippere?")
    page.fill("#customer_name", "Kari Nordmann")
    page.click("#suggest-button")
    page.get_by_role("heading", name="No decided answer yet").wait_for()
    page.locator("button.draft-from").first.click()
    first = page.locator("#draft-0")
    first.wait_for()
    assert first.input_value().startswith("Hei Kari,")
    assert first.input_value().rstrip().endswith("Hilsen Ola")
    assert page.get_by_text("From the entry you picked").first.is_visible()
