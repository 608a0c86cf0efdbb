"""Agents propose, leads decide: approve with edits becomes a version, reject needs a reason,
history can be compared and restored, and the agent hears the outcome."""

import pytest
from django.test import Client

from kb.models import AuditEvent, Entry, Notification, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def refunds(make_entry):
    return make_entry("Refunds", "You get your money back within 14 days.",
                      questions=["Can I get a refund?"], why="Customers expect it.")


def propose_change(agent_client, entry, answer="You get your money back within 30 days."):
    response = agent_client.post("/api/v1/leads/proposals/", {
        "kind": "change", "entry_id": entry.pk, "data": {"answer": answer},
        "note": "Policy changed in March"}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_approve_with_edits_versions_diff_restore(refunds, agent, lead, agent_client,
                                                  lead_client):
    proposal = propose_change(agent_client, refunds)
    listed = lead_client.get("/api/v1/leads/proposals/").json()
    assert listed[0]["id"] == proposal["id"]
    diff = listed[0]["diff"]
    assert [c["field"] for c in diff] == ["answer"]
    assert "+You get your money back within 30 days." in diff[0]["diff"]

    assert agent_client.post(f"/api/v1/leads/proposals/{proposal['id']}/approve/").status_code \
        == 403
    assert agent_client.post(f"/api/v1/leads/proposals/{proposal['id']}/reject/",
                             {"reason": "no"}).status_code == 403
    no_reason = lead_client.post(f"/api/v1/leads/proposals/{proposal['id']}/reject/", {},
                                 format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    blank = lead_client.post(f"/api/v1/leads/proposals/{proposal['id']}/reject/",
                             {"reason": "   "}, format="json")
    assert blank.status_code == 400 and "reason" in blank.json()

    old_version = Entry.objects.get(pk=refunds.pk).version
    approved = lead_client.post(f"/api/v1/leads/proposals/{proposal['id']}/approve/",
                                {"answer": "You get your money back within 30 days of "
                                           "returning the item."}, format="json")
    assert approved.status_code == 200, approved.content
    entry = Entry.objects.get(pk=refunds.pk)
    assert entry.version == old_version + 1
    assert entry.answer.endswith("30 days of returning the item.")
    assert entry.status == "published"
    latest = entry.versions.get(number=entry.version)
    assert latest.message.startswith(f"Approved proposal #{proposal['id']} by Ola")
    assert "Policy changed in March" in latest.message
    assert latest.author == lead
    assert Proposal.objects.get(pk=proposal["id"]).status == "approved"
    assert Notification.objects.filter(user=agent, entry=entry, text__contains="approved").exists()
    assert AuditEvent.objects.filter(action="proposal.approved").exists()

    again = lead_client.post(f"/api/v1/leads/proposals/{proposal['id']}/approve/", {},
                             format="json")
    assert again.status_code == 409  # well formed, but the proposal is decided
    assert again.json() == {"status": ["This proposal is already approved."]}

    changes = lead_client.get(f"/api/v1/entries/{entry.pk}/diff/?a={old_version}"
                              f"&b={entry.version}").json()
    assert [c["field"] for c in changes] == ["answer"]

    pages = Client()
    pages.force_login(lead)
    history = pages.get(f"/leads/entries/{entry.pk}/history/")
    assert history.status_code == 200
    html = history.content.decode()
    assert f"Approved proposal #{proposal['id']}" in html
    assert "30 days of returning the item." in html  # the diff is rendered
    restored = pages.post(f"/leads/entries/{entry.pk}/restore/", {"number": old_version})
    assert restored.status_code == 302
    entry.refresh_from_db()
    assert entry.answer == "You get your money back within 14 days."
    assert entry.versions.get(number=entry.version).message == f"Restored version {old_version}"
    assert AuditEvent.objects.filter(action="entry.restored", target_id=str(entry.pk)).exists()


def test_reject_tells_the_agent_why(refunds, agent, agent_client, lead_client):
    proposal = propose_change(agent_client, refunds)
    response = lead_client.post(f"/api/v1/leads/proposals/{proposal['id']}/reject/",
                                {"reason": "Still 14 days by law."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert Notification.objects.get(user=agent).text.endswith("Still 14 days by law.")
    assert AuditEvent.objects.filter(action="proposal.rejected").exists()
    mine = agent_client.get("/api/v1/leads/proposals/").json()
    assert mine[0]["status"] == "rejected" and mine[0]["reason"] == "Still 14 days by law."
    assert Entry.objects.get(pk=refunds.pk).answer == "You get your money back within 14 days."


def test_new_entry_proposal_and_bad_input(agent, agent_client, lead_client):
    bad = agent_client.post("/api/v1/leads/proposals/", {"kind": "new", "data": {"title": "X"}},
                            format="json")
    assert bad.status_code == 400 and "answer" in bad.json()
    bad_kind = agent_client.post("/api/v1/leads/proposals/", {"kind": "oops", "data": {}},
                                 format="json")
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()
    no_entry = agent_client.post("/api/v1/leads/proposals/",
                                 {"kind": "change", "data": {"answer": "x"}}, format="json")
    assert no_entry.status_code == 400 and "entry_id" in no_entry.json()
    created = agent_client.post("/api/v1/leads/proposals/", {
        "kind": "new", "data": {"title": "Gift cards", "answer": "Gift cards last 3 years.",
                                "language": "en", "why": "Law says so.",
                                "questions": ["How long is a gift card valid?"]},
        "note": "Asked daily"}, format="json")
    assert created.status_code == 201
    approved = lead_client.post(f"/api/v1/leads/proposals/{created.json()['id']}/approve/",
                                {}, format="json")
    assert approved.status_code == 200
    entry = Entry.objects.get(pk=approved.json()["entry_id"])
    assert entry.status == "published" and entry.title == "Gift cards"
    assert [q.text for q in entry.questions.all()] == ["How long is a gift card valid?"]
    assert entry.announcements.count() == 1


def test_personal_data_in_edits_is_a_field_error(refunds, agent_client, lead_client):
    proposal = propose_change(agent_client, refunds)
    response = lead_client.post(f"/api/v1/leads/proposals/{proposal['id']}/approve/",
                                {"answer": "Call Ola on 912 34 567 or ola@example.com"},
                                format="json")
    assert response.status_code == 400
    assert "answer" in response.json()
    assert Proposal.objects.get(pk=proposal["id"]).status == "open"


def test_proposal_pages_edit_then_approve(refunds, agent, agent_client, lead):
    proposal = propose_change(agent_client, refunds)
    pages = Client()
    pages.force_login(lead)
    listing = pages.get("/leads/proposals/").content.decode()
    assert "within 30 days" in listing and "diff-add" in listing
    review = pages.get(f"/leads/proposals/{proposal['id']}/")
    assert review.status_code == 200
    rejected = pages.post(f"/leads/proposals/{proposal['id']}/", {"action": "reject",
                                                                   "reason": ""})
    assert rejected.status_code == 200 and "Say why" in rejected.content.decode()
    form = {"action": "approve", "title": "Refunds", "answer": "Money back within 30 days.",
            "short_answer": "", "why": "Customers expect it.", "language": "en",
            "audience": "public", "kind": "faq", "questions": "Can I get a refund?"}
    done = pages.post(f"/leads/proposals/{proposal['id']}/", form)
    assert done.status_code == 302 and done.url.endswith(f"/entries/{refunds.pk}/history/")
    refunds.refresh_from_db()
    assert refunds.answer == "Money back within 30 days."
    assert "(edited by lead)" in refunds.versions.first().message
