"""A lead reviews a proposal in the browser: sees the diff, edits, approves, finds the new
version in the entry's history."""

import pytest

from kb.models import Entry, Proposal
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_reviews_edits_and_approves_a_proposal(page, live_server, make_entry, agent, lead):
    entry = make_entry("Refunds", "You get your money back within 14 days.",
                       questions=["Can I get a refund?"], why="Customers expect it.")
    proposal = Proposal.objects.create(kind="change", entry=entry, proposed_by=agent,
                                       data={"answer": "You get your money back within 30 days."},
                                       note="The policy changed in March")
    login(page, live_server, "lead1", "pw-lead1")
    page.goto(f"{live_server.url}/leads/proposals/")
    assert page.locator("h1").inner_text() == "Proposals"
    added = page.locator(".diff-add", has_text="within 30 days")
    assert added.count() == 1 and added.is_visible()
    assert page.locator(".diff-del", has_text="within 14 days").is_visible()

    page.get_by_role("link", name=f"Review proposal #{proposal.pk}").click()
    page.wait_for_load_state()
    answer = page.get_by_label("Answer", exact=True)
    assert answer.input_value() == "You get your money back within 30 days."
    answer.fill("You get your money back within 30 days of returning the item.")
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_load_state()

    assert "/history/" in page.url
    assert "Approved and published" in page.locator(".messages").inner_text()
    entry.refresh_from_db()
    top = page.locator("tr.version-row").first
    assert top.get_attribute("data-number") == str(entry.version)
    assert f"Approved proposal #{proposal.pk} by Ola" in top.inner_text()
    assert page.locator(".diff-add", has_text="of returning the item").is_visible()
    assert Entry.objects.get(pk=entry.pk).answer.endswith("of returning the item.")
