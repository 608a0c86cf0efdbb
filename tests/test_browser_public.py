"""The help centre in headless Chromium: answers appear as the customer types."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIM_NB = ("Hvordan bytter jeg SIM-kort?",
          "Hei {customer_first_name}, du kan bestille nytt SIM-kort gratis i {brand}-appen "
          "under **Mitt abonnement**. Det kommer i posten innen 2–3 virkedager, og du beholder "
          "nummeret ditt.")
SIM_EN = ("How do I change my SIM card?",
          "You can order a new SIM card for free in the {brand} app under **My subscription**. "
          "It arrives by post within 2–3 working days and you keep your number.")
INVOICE_NB = ("Når forfaller fakturaen?",
              "Fakturaen forfaller den 20. hver måned. Du finner den under *Faktura* i appen.")
INTERNAL_NB = ("Kompensasjon ved nettbrudd for bedriftskunder",
               "Gi 100 kr kreditt per påbegynte døgn med brudd. Avklar med vaktleder over 500 kr.")


@pytest.fixture
def help_desk(make_entry, live_server):
    from kb.models import BrandVoice

    cache.clear()
    BrandVoice.objects.create(brand="Nordtele", contact_channels=[
        {"label": {"nb": "Chat med oss", "en": "Chat with us"},
         "url": "https://nordtele.example/chat"}])
    entries = {
        "sim_nb": make_entry(*SIM_NB, language="nb", group="sim",
                             questions=["simkortet mitt er ødelagt", "bestille nytt simkort"]),
        "sim_en": make_entry(*SIM_EN, language="en", group="sim",
                             questions=["my sim card is broken", "order a new sim card"]),
        "invoice": make_entry(*INVOICE_NB, language="nb",
                              questions=["når må jeg betale regningen"]),
        "internal": make_entry(*INTERNAL_NB, language="nb", audience="internal",
                               questions=["kompensasjon nettbrudd bedrift"]),
    }
    yield entries
    cache.clear()


def watch_console(page):
    """Collect script errors and CSP violations: the page must run clean under the CSP."""
    problems = []
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" and "favicon" not in (m.location or {}).get("url", "") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_answers_appear_while_typing_then_open_and_vote(page, live_server, help_desk):
    from kb.models import FaqVote

    problems = watch_console(page)
    page.goto(f"{live_server.url}/help/?lang=nb")
    box = page.get_by_label("Søk i svarene våre")
    box.click()
    page.keyboard.type("bestille nytt simkort", delay=60)
    first = page.locator(".help-result-link").first
    first.wait_for()
    assert first.inner_text() == SIM_NB[0]
    status = page.locator("#help-status")
    assert "svar funnet" in status.inner_text()
    assert "Nordtele-appen" in page.locator(".help-snippet").first.inner_text()
    assert "simkort" in page.url  # the query is in the address, to share or go back to

    # Inline answer.
    page.locator(".help-toggle").first.click()
    answer = page.locator(".help-answer").first
    answer.get_by_text("Mitt abonnement").wait_for()
    assert page.locator(".help-toggle").first.get_attribute("aria-expanded") == "true"

    # Keyboard: Down from the box to the first result, Enter opens it.
    box.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == SIM_NB[0]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/help/nb/{help_desk['sim_nb'].slug}/")
    assert page.title().startswith(SIM_NB[0])
    assert "Hei, du kan bestille" in page.locator(".answer").inner_text()

    # Vote, then change the vote: one vote per visitor.
    page.get_by_role("button", name="Ja").click()
    page.get_by_text("Takk for tilbakemeldingen!").wait_for()
    assert list(FaqVote.objects.values_list("helpful", flat=True)) == [True]
    page.get_by_role("button", name="Nei").click()
    expect(page.locator("button[value=no]")).to_have_attribute("aria-pressed", "true")
    assert list(FaqVote.objects.values_list("helpful", flat=True)) == [False]
    page.reload()
    assert "ikke hjalp" in page.locator("#vote-status").inner_text()
    assert problems == []


def test_switch_language_and_internal_entries_never_show(page, live_server, help_desk):
    problems = watch_console(page)
    page.goto(f"{live_server.url}/help/?lang=nb")
    page.get_by_label("Språk").select_option("en")
    page.wait_for_url("**/help/?lang=en")
    assert page.locator("h1").inner_text() == "How can we help?"
    assert page.locator("html").get_attribute("lang") == "en"
    box = page.get_by_label("Search our answers")
    box.click()
    page.keyboard.type("new sim card", delay=60)
    page.locator(".help-result-link", has_text=SIM_EN[0]).wait_for()

    # Typing the internal entry's exact title shows no trace of it.
    box.fill("")
    page.keyboard.type(INTERNAL_NB[0], delay=20)
    # (No wait_for_function: the page's CSP rightly forbids the eval it relies on.)
    expect(page.locator("#help-status")).to_contain_text("answer")
    expect(page.locator("#help-results")).not_to_have_attribute("aria-busy", re.compile(".+"))
    page.wait_for_timeout(400)
    assert INTERNAL_NB[0] not in page.content()
    assert "Gi 100 kr kreditt" not in page.content()
    assert problems == []


def test_nothing_found_offers_contact_and_empty_box_browses(page, live_server, help_desk):
    page.goto(f"{live_server.url}/help/?lang=nb")
    assert page.locator("#help-browse").is_visible()
    assert page.locator("#help-browse").get_by_text(INVOICE_NB[0]).is_visible()
    assert INTERNAL_NB[0] not in page.content()
    page.get_by_label("Søk i svarene våre").click()
    page.keyboard.type("kan jeg ta med hunden min i butikken", delay=30)
    page.locator("#help-noanswer").wait_for(state="visible")
    assert page.get_by_role("link", name="Chat med oss").get_attribute("href") == \
        "https://nordtele.example/chat"
    assert not page.locator("#help-browse").is_visible()
    page.get_by_label("Søk i svarene våre").fill("")
    page.locator("#help-browse").wait_for(state="visible")


def test_usable_on_a_phone(browser, live_server, help_desk):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/help/")
        assert page.locator("h1").inner_text() == "Hva kan vi hjelpe deg med?"
        page.get_by_label("Søk i svarene våre").click()
        page.keyboard.type("simkort", delay=60)
        page.locator(".help-result-link").first.wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"page scrolls sideways on a phone ({width}px)"
    finally:
        context.close()
