"""Personal data: nothing personal in the handbook, retention, access and erasure, audit."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from kb.models import AuditEvent, Entry, ExampleQuestion, OpenQuestion, Proposal, UnansweredMessage
from suggest.models import Feedback, Suggestion
from tests.services import celery_worker, requires_services  # noqa: F401 - fixture

HANDLE = "@kari_nordmann88"


def test_an_entry_with_personal_data_is_refused_naming_what_and_where(lead_client):
    response = lead_client.post("/api/v1/entries/", {
        "title": "Refunds", "language": "en", "answer": "Mail refunds@fjordtel.example or "
        "call +47 912 34 567.", "why": "Fast.", "questions": ["my card 4111 1111 1111 1111"],
    }, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "email" in body["answer"][0] and "phone" in body["answer"][0]
    assert "card" in body["questions"][0]
    assert not Entry.objects.exists()


@pytest.mark.parametrize("field", ["message", "external_key", "translation_group"])
@pytest.mark.parametrize("value", ["ola.nordmann@example.com", "15058510170"])
def test_every_stored_field_of_an_entry_is_checked(lead_client, field, value):
    body = {"title": "Refunds", "language": "en", "answer": "We refund within 5 days.",
            field: value}
    response = lead_client.post("/api/v1/entries/", body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not Entry.objects.exists()


@pytest.mark.parametrize("hidden", [
    "9&#49;2 34 567", "9&#x31;2 34 567", "912 **34** 567", "912<!-- -->34 567",
    "912\u00ad34 567", "91\u200b2 34 567", "912 34\u2060 567", "ola&#64;example.com",
])
def test_personal_data_hidden_in_markup_is_refused(lead_client, client, hidden):
    """The audit: entities, markup, soft hyphens and zero-width characters inside a number
    passed the guard and rendered as the number on /help/."""
    body = {"title": "Call us", "language": "en", "audience": "public",
            "answer": f"Call {hidden} today.", "why": "Fast."}
    response = lead_client.post("/api/v1/entries/", body, format="json")
    assert response.status_code == 400 and "answer" in response.json()
    assert not Entry.objects.exists()


def test_an_answer_with_markup_and_no_personal_data_is_saved(lead_client):
    body = {"title": "Prices", "language": "en", "answer": "It costs **390 kr** from 14 June.",
            "why": "Fast."}
    assert lead_client.post("/api/v1/entries/", body, format="json").status_code == 201


def test_an_example_question_with_personal_data_fails_validation(make_entry):
    from django.core.exceptions import ValidationError

    entry = make_entry("Refunds", "We refund within 5 days.")
    question = ExampleQuestion(entry=entry, text="refund to NO93 8601 1117 947 please")
    with pytest.raises(ValidationError, match="iban"):
        question.full_clean()


def _suggest(client, text, name=HANDLE, channel="facebook_comment", public=True):
    response = client.post("/api/v1/suggestions/", {
        "text": text, "customer_name": name, "channel": channel, "public": public},
        format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def handbook(make_entry):
    return make_entry("Using your phone in the EU", "Roam like at home in the EU/EEA.",
                      questions=["can I use my phone in Spain", "roaming in the EU"])


def test_retention_purge_removes_text_but_keeps_counts(agent_client, handbook):
    data = _suggest(agent_client, "Can I use my phone in Spain? mail me at kari@example.com")
    agent_client.post(data["actions"]["feedback"], {"action": "sent", "draft": 0},
                      format="json")
    Suggestion.objects.update(created_at=timezone.now() - timedelta(days=31))
    fresh = _suggest(agent_client, "roaming in the EU, does it cost extra?")
    call_command("svar_purge")
    old = Suggestion.objects.exclude(pk=fresh["id"]).get()
    assert old.text == "" and old.customer_name == "" and old.drafts == []
    assert old.purged_at is not None
    assert Feedback.objects.get(suggestion=old).final_text == ""
    assert Suggestion.objects.get(pk=fresh["id"]).text  # within retention: kept
    usage = handbook.usage.get()
    assert usage.suggested == 2 and usage.sent_as_is == 1  # statistics survive


@pytest.mark.services
@requires_services
def test_the_scheduled_purge_runs_in_a_real_celery_worker(celery_worker, django_user_model):  # noqa: F811
    from suggest.tasks import purge_expired

    old = Suggestion.objects.create(channel="chat", public=False, customer_name=HANDLE,
                                    text="my old message", language="en",
                                    created_at=timezone.now() - timedelta(days=40))
    counts = purge_expired.delay().get(timeout=60)
    assert counts["suggestions"] == 1
    old.refresh_from_db()
    assert old.text == "" and old.customer_name == "" and old.purged_at


def _tables_mentioning(needle: str) -> list[str]:
    """Every text-ish column of every table, searched for the needle."""
    hits = []
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        for name in fields:
            field = model._meta.get_field(name)
            lookup = f"{name}__icontains"
            if isinstance(field, models.JSONField):
                values = model.objects.values_list(name, flat=True)
                if any(needle.lower() in str(v).lower() for v in values):
                    hits.append(f"{model._meta.label}.{name}")
                continue
            if model.objects.filter(**{lookup: needle}).exists():
                hits.append(f"{model._meta.label}.{name}")
    return hits


def test_access_and_erasure_leave_no_trace_of_the_customer(agent_client, lead_client, handbook,
                                                           agent, lead):
    data = _suggest(agent_client, f"{HANDLE} here: can I use my phone in Spain?")
    agent_client.post(data["actions"]["feedback"], {"action": "sent", "draft": 0},
                      format="json")
    agent_client.post(data["actions"]["ask_lead"], {"note": f"asked by {HANDLE}"},
                      format="json")
    _suggest(agent_client, "Another question about roaming in the EU", name="someone_else")
    assert _tables_mentioning("kari_nordmann88")

    export = lead_client.post("/api/v1/privacy/export/", {"customer": HANDLE}, format="json")
    assert export.status_code == 200
    exported = export.json()
    assert len(exported["suggestions"]) == 1
    assert exported["suggestions"][0]["customer_name"] == HANDLE

    assert agent_client.post("/api/v1/privacy/erase/", {"customer": HANDLE},
                             format="json").status_code == 403
    erased = lead_client.post("/api/v1/privacy/erase/", {"customer": HANDLE}, format="json")
    assert erased.status_code == 200 and erased.json()["suggestions"] == 1

    assert _tables_mentioning("kari_nordmann88") == []
    assert Suggestion.objects.filter(customer_name="someone_else").exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "customer.exported" in actions and "customer.erased" in actions
    assert OpenQuestion.objects.exists()  # the question stays, without the handle


def test_erasure_matches_whole_words_only(agent_client, lead_client, handbook):
    _suggest(agent_client, "Hvor lenge varer perioden? Per spør", name="Per")
    _suggest(agent_client, "Kan operatøren hjelpe meg med roaming i EU?", name="Anna")
    assert lead_client.post("/api/v1/privacy/erase/", {"customer": "Per"},
                            format="json").json()["suggestions"] == 1
    assert Suggestion.objects.get().customer_name == "Anna"


def test_erasure_needs_a_real_identifier(lead_client):
    response = lead_client.post("/api/v1/privacy/erase/", {"customer": "a"}, format="json")
    assert response.status_code == 400 and "customer" in response.json()


def test_erasure_command(agent_client, handbook, capsys):
    _suggest(agent_client, "can I use my phone in Spain?")
    call_command("svar_customer", "export", HANDLE)
    assert HANDLE in capsys.readouterr().out
    call_command("svar_customer", "erase", HANDLE)
    assert not Suggestion.objects.exists()


def test_audit_log_records_publish_restore_delete_and_is_for_leads_only(lead_client,
                                                                        agent_client):
    created = lead_client.post("/api/v1/entries/", {
        "title": "Data rollover", "language": "en", "answer": "Unused data rolls over.",
        "why": "Fair.", "status": "draft"}, format="json").json()
    url = f"/api/v1/entries/{created['id']}/"
    assert lead_client.post(url + "publish/").status_code == 200
    lead_client.patch(url, {"answer": "Unused data rolls over one month."}, format="json")
    assert lead_client.post(url + "versions/1/restore/").status_code == 200
    assert lead_client.delete(url).status_code == 204
    log = lead_client.get("/api/v1/audit/").json()["results"]
    actions = [e["action"] for e in log]
    for action in ("entry.published", "entry.restored", "entry.deleted"):
        assert action in actions
    assert all(e["actor"] == "lead1" for e in log)
    assert agent_client.get("/api/v1/audit/").status_code == 403
    assert agent_client.post(url + "publish/").status_code in (403, 404)


MARK = "quorblatz"  # a customer's word no handbook text contains


def _every_customer_flow(agent_client, lead_client):
    """Customer text through every path that stores it: suggestion, feedback (sent and
    rejected), harvested wording, ask a lead, a proposal, an unanswered message turned into
    an open question from the gaps, and lead decisions that quote it."""
    name = f"Kari {MARK.title()}sen"
    sent = _suggest(agent_client, f"will my mobile work on holiday in Spain, {MARK} asks",
                    name=name)
    agent_client.post(sent["actions"]["feedback"], {"action": "sent", "draft": 0},
                      format="json")
    rejected = _suggest(agent_client, f"roaming in the EU {MARK} please", name=name)
    agent_client.post(rejected["actions"]["feedback"], {
        "action": "rejected", "draft": 0, "reason": f"customer {MARK} wanted more"},
        format="json")
    agent_client.post(sent["actions"]["propose"], {
        "draft": 0, "answer": f"Hi {name}, roaming {MARK} is free.", "note": f"from {MARK}"},
        format="json")
    asked = _suggest(agent_client, f"{MARK} why is my {MARK} bill so strange", name=name)
    agent_client.post(asked["actions"]["ask_lead"], {"note": f"asked about {MARK}"},
                      format="json")
    _suggest(agent_client, f"does the {MARK} tariff apply to my cat", name=name)
    _suggest(agent_client, f"is {MARK} insurance included for tractors", name=name)
    gaps = UnansweredMessage.objects.order_by("pk").values_list("pk", flat=True)
    lead_client.post("/api/v1/leads/gaps/ask/", {"message_ids": [gaps[0]]}, format="json")
    questions = list(OpenQuestion.objects.values_list("pk", flat=True))
    lead_client.post("/api/v1/leads/questions/dismiss/", {
        "question_ids": questions[:1], "reason": f"{MARK} is not ours"}, format="json")
    proposal = Proposal.objects.first()
    lead_client.post(f"/api/v1/leads/proposals/{proposal.pk}/reject/",
                     {"reason": f"do not name {MARK}"}, format="json")


def test_purge_at_zero_days_leaves_no_customer_text_anywhere(agent_client, lead_client,
                                                              handbook):
    """The audit: after `svar_purge --days 0`, open questions, proposals and harvested
    wordings still held customer text (and `gap_to_questions` gave it a fresh date)."""
    _every_customer_flow(agent_client, lead_client)
    before = _tables_mentioning(MARK)
    for table in ("suggest.Suggestion.text", "kb.OpenQuestion.text", "kb.Proposal.data",
                  "kb.ExampleQuestion.text", "kb.UnansweredMessage.text"):
        assert table in before, (table, before)
    call_command("svar_purge", "--days", "0")
    assert _tables_mentioning(MARK) == []
    assert handbook.usage.get().suggested >= 2  # statistics survive


def test_purge_keeps_what_is_within_retention(agent_client, lead_client, handbook):
    _every_customer_flow(agent_client, lead_client)
    before = _tables_mentioning(MARK)
    call_command("svar_purge")
    assert _tables_mentioning(MARK) == before


def test_a_question_from_the_gaps_keeps_the_message_date(agent_client, lead_client, handbook):
    _suggest(agent_client, f"does the {MARK} tariff apply to my cat")
    message = UnansweredMessage.objects.get()
    UnansweredMessage.objects.update(created_at=timezone.now() - timedelta(days=40))
    lead_client.post("/api/v1/leads/gaps/ask/", {"message_ids": [message.pk]}, format="json")
    assert OpenQuestion.objects.get().created_at < timezone.now() - timedelta(days=39)
    call_command("svar_purge")
    assert not OpenQuestion.objects.exists()


def test_customer_name_and_lead_reasons_are_redacted_at_intake(agent_client, lead_client,
                                                               handbook):
    data = _suggest(agent_client, "can I use my phone in Spain?", name="Kari 912 34 567")
    assert Suggestion.objects.get(pk=data["id"]).customer_name == "Kari [phone]"
    agent_client.post(data["actions"]["propose"], {
        "draft": 0, "answer": "Roaming is free in the EU.", "note": ""}, format="json")
    proposal = Proposal.objects.get()
    lead_client.post(f"/api/v1/leads/proposals/{proposal.pk}/reject/",
                     {"reason": "call her back on 912 34 567 first"}, format="json")
    agent_client.post(data["actions"]["ask_lead"], {"note": "x"}, format="json")
    lead_client.post("/api/v1/leads/questions/dismiss/", {
        "question_ids": [OpenQuestion.objects.get().pk], "reason": "mail kari@example.com"},
        format="json")
    assert _tables_mentioning("912 34 567") == []
    assert _tables_mentioning("kari@example.com") == []
