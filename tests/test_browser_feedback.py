"""Feedback on the agent page in headless Chromium: a second click changes the outcome, it
does not add one; Reject asks why; a proposal from a draft is only the answer body."""

import pytest

from kb.models import EntryUsage, Proposal
from suggest.models import Feedback
from tests.conftest import login, make_user
from tests.screens import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def refunds(make_entry, django_user_model):
    user = make_user(django_user_model, "ola", "agents", "Ola")
    user.set_password("pw-ola-123")
    user.save()
    make_user(django_user_model, "ingrid", "leads", "Ingrid")  # password pw-ingrid
    return make_entry("Refunds", "You get your money back within **14 days**.\n\n"
                      "- Keep the receipt\n- Use the return form",
                      questions=["can I get a refund", "how do I get my money back"],
                      why="Customers expect it.")


def ask(page, live_server):
    login(page, live_server, "ola", "pw-ola-123")
    page.goto(f"{live_server.url}/agent/")
    page.fill("#text", "Can I get a refund for my order?")
    page.fill("#customer_name", "Kari Nordmann")
    page.select_option("#channel", "facebook_message")
    page.click("#suggest-button")
    page.locator("#draft-0").wait_for()


def test_mark_sent_twice_counts_once_and_reject_asks_why(page, live_server, refunds):
    ask(page, live_server)
    card = page.locator("article.draft").first
    card.locator("button.sent").click()
    card.get_by_text("Marked as sent.").wait_for()
    card.locator("button.sent").click()
    card.get_by_text("(counted once for this message)").wait_for()
    assert Feedback.objects.count() == 1
    usage = EntryUsage.objects.get(entry=refunds)
    assert (usage.sent_as_is, usage.rejected) == (1, 0)

    card.locator("button.reject").click()
    card.get_by_label("Why reject").select_option("outdated")
    card.get_by_label("Reason in your words").fill("The limit is 30 days now")
    shot(page, "agent-reject-reason")
    card.get_by_role("button", name="Reject with this reason").click()
    card.get_by_text("Rejected.", exact=False).wait_for()
    usage.refresh_from_db()
    assert (usage.sent_as_is, usage.rejected) == (0, 1)
    feedback = Feedback.objects.get()
    assert (feedback.action, feedback.reason_code) == ("rejected", "outdated")


def test_a_proposal_from_a_draft_shows_only_the_answer_body(page, live_server, refunds):
    ask(page, live_server)
    draft = page.locator("#draft-0")
    text = draft.input_value()
    assert text.startswith("Hi Kari,") and "14 days" in text
    draft.fill(text.replace("14 days", "30 days"))
    page.locator("button.propose").first.click()
    proposed = page.locator(".proposed-answer")
    proposed.wait_for()
    body = proposed.inner_text()
    assert body.startswith("You get your money back within **30 days**.")
    assert "Kari" not in body and "Ola" not in body and "- Keep the receipt" in body
    shot(page, "agent-proposal")

    proposal = Proposal.objects.get()
    page.context.clear_cookies()
    login(page, live_server, "ingrid", "pw-ingrid")
    page.goto(f"{live_server.url}/leads/proposals/{proposal.pk}/")
    answer = page.get_by_label("Answer", exact=True).input_value()
    assert answer == ("You get your money back within **30 days**.\n\n"
                      "- Keep the receipt\n- Use the return form")
    shot(page, "lead-proposal-review")
