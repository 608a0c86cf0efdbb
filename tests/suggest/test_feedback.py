"""Feedback with integrity: one outcome per suggestion, counters that follow it, a reason on
reject, and proposals that carry only the answer body with its Markdown."""

import pytest

from kb.models import EntryUsage, Proposal
from suggest.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def refunds(make_entry):
    return make_entry("Refunds", "You get your money back within **14 days**.\n\n"
                      "- Keep the receipt\n- Use the return form",
                      questions=["can I get a refund", "how do I get my money back"],
                      why="Customers expect it.")


def suggest(client):
    response = client.post("/api/v1/suggestions/", {
        "text": "Can I get a refund for my order?", "customer_name": "Kari Nordmann",
        "channel": "facebook_message", "public": False}, format="json")
    assert response.status_code == 201
    data = response.json()
    assert data["drafts"] and data["drafts"][0]["entry"]
    return data


def usage(entry):
    row = EntryUsage.objects.get(entry=entry)
    return row.suggested, row.sent_as_is, row.sent_edited, row.rejected


def test_mark_sent_twice_counts_once(agent_client, refunds):
    data = suggest(agent_client)
    url = data["actions"]["feedback"]
    first = agent_client.post(url, {"action": "sent", "draft": 0}, format="json")
    again = agent_client.post(url, {"action": "sent", "draft": 0}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Feedback.objects.count() == 1
    assert usage(refunds) == (1, 1, 0, 0)


def test_a_later_click_changes_the_outcome_and_the_counters(agent_client, refunds):
    url = suggest(agent_client)["actions"]["feedback"]
    agent_client.post(url, {"action": "sent", "draft": 0}, format="json")
    agent_client.post(url, {"action": "sent_edited", "draft": 0, "final_text": "Hi"},
                      format="json")
    assert usage(refunds) == (1, 0, 1, 0)
    response = agent_client.post(url, {"action": "rejected", "draft": 0,
                                       "reason_code": "outdated",
                                       "reason": "The limit is 30 days now"}, format="json")
    assert response.status_code == 200
    assert usage(refunds) == (1, 0, 0, 1)
    feedback = Feedback.objects.get()
    assert (feedback.action, feedback.reason_code) == ("rejected", "outdated")


def test_reject_needs_a_reason(agent_client, refunds):
    url = suggest(agent_client)["actions"]["feedback"]
    response = agent_client.post(url, {"action": "rejected", "draft": 0}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert agent_client.post(url, {"action": "rejected", "reason_code": "nonsense"},
                             format="json").status_code == 400
    assert agent_client.post(url, {"action": "rejected", "reason_code": "tone"},
                             format="json").status_code == 201


def test_a_proposal_carries_only_the_answer_body_with_its_markdown(agent_client, refunds):
    data = suggest(agent_client)
    draft = data["drafts"][0]["text"]
    assert "14 days" in draft and "**" not in draft  # the draft is plain text
    edited = draft.replace("14 days", "30 days")
    response = agent_client.post(data["actions"]["propose"], {"draft": 0, "answer": edited},
                                 format="json")
    assert response.status_code == 201
    answer = Proposal.objects.get().data["answer"]
    assert answer == ("You get your money back within **30 days**.\n\n"
                      "- Keep the receipt\n- Use the return form")
    assert response.json()["answer"] == answer


def test_a_proposal_of_only_the_frame_is_refused(agent_client, refunds):
    data = suggest(agent_client)
    draft = data["drafts"][0]["text"]
    edited = draft.replace("Kari", "Kari Nordmann", 1)
    response = agent_client.post(data["actions"]["propose"], {"draft": 0, "answer": edited},
                                 format="json")
    # 409: well formed, but it changes nothing of the entry as it stands (the schema
    # cannot know the entry's answer; schemathesis sent the entry's own answer).
    assert response.status_code == 409 and "answer" in response.json()
    assert not Proposal.objects.exists()
