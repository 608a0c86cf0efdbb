"""Access and erasure requests reach the inbox: a customer's conversations, messages and
replies are exported and erased through the command and the leads' API, though suggest
never imports inbox (the inbox registers as a customer data provider)."""

import json

import pytest
from django.core.management import call_command

from inbox import replies
from inbox.models import Conversation, Message, Reply
from suggest.models import Suggestion
from tests.inbox.helpers import signed_only, signed_post  # noqa: F401 - fixture
from tests.suggest.test_privacy import _tables_mentioning

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signed_only")]


@pytest.fixture
def inbox(client, agent, make_entry, django_capture_on_commit_callbacks):
    """Kari's private chat with an agent's reply naming her, and a public thread where
    she and Ola both commented."""
    make_entry("Data rollover", "Unused data rolls over.",
               questions=["does unused data roll over"])
    with django_capture_on_commit_callbacks(execute=True):
        signed_post(client, {"id": "m1", "thread": "t1", "channel": "chat",
                             "text": "does unused data roll over?",
                             "author": {"handle": "kari42", "name": "Kari Nordmann"}})
        signed_post(client, {"id": "p1", "thread": "post-1", "channel": "facebook_comment",
                             "public": True, "text": "roaming prices?",
                             "author": {"handle": "ola7", "name": "Ola"}})
        signed_post(client, {"id": "p2", "thread": "post-1", "channel": "facebook_comment",
                             "public": True, "text": "me too, rollover?",
                             "author": {"handle": "kari42", "name": "Kari Nordmann"}})
    chat = Conversation.objects.get(external_thread_id="t1")
    replies.send(chat, agent=agent, text="Hi kari42, yes it rolls over.")
    return chat


def test_the_command_exports_and_erases_the_customers_inbox_rows(inbox, capsys):
    call_command("svar_customer", "export", "kari42")
    exported = json.loads(capsys.readouterr().out)
    rows = exported["inbox"]
    conversation = next(r for r in rows if r["kind"] == "conversation")
    assert conversation["id"] == inbox.pk
    assert [m["text"] for m in conversation["messages"]] == ["does unused data roll over?"]
    assert conversation["replies"][0]["text"] == "Hi kari42, yes it rolls over."
    assert [r["text"] for r in rows if r["kind"] == "message"] == ["me too, rollover?"]

    call_command("svar_customer", "erase", "@kari42")
    assert "inbox_conversations': 1" in capsys.readouterr().out
    assert _tables_mentioning("kari42") == [] and _tables_mentioning("Kari Nordmann") == []
    assert not Conversation.objects.filter(pk=inbox.pk).exists()
    assert not Reply.objects.exists()
    # Ola's comment, its thread and its draft stay.
    assert list(Message.objects.values_list("text", flat=True)) == ["roaming prices?"]
    assert Suggestion.objects.filter(text="roaming prices?").exists()
    assert not Suggestion.objects.filter(text__contains="rollover").exists()


def test_the_leads_api_exports_and_erases_by_display_name(inbox, lead_client, agent_client):
    assert agent_client.post("/api/v1/privacy/export/", {"customer": "Kari Nordmann"},
                             format="json").status_code == 403
    exported = lead_client.post("/api/v1/privacy/export/", {"customer": "Kari Nordmann"},
                                format="json").json()
    assert {r["kind"] for r in exported["inbox"]} == {"conversation", "message"}
    erased = lead_client.post("/api/v1/privacy/erase/", {"customer": "Kari Nordmann"},
                              format="json").json()
    assert erased["inbox_conversations"] == 1 and erased["inbox_messages"] == 2
    assert _tables_mentioning("Kari Nordmann") == []
    assert Conversation.objects.filter(external_thread_id="post-1").exists()


def test_a_message_the_worker_has_not_filed_yet_is_exported_and_erased(client, monkeypatch,
                                                                      capsys):
    from inbox import intake
    from inbox.models import Delivery

    monkeypatch.setattr(intake, "hand_over", lambda pk: None)  # the worker is down
    signed_post(client, {"id": "w1", "thread": "t9", "channel": "chat",
                         "text": "is my order late?",
                         "author": {"handle": "kari42", "name": "Kari Nordmann"}})
    signed_post(client, {"id": "w2", "thread": "t8", "channel": "chat",
                         "text": "my sister Kari Nordmann ordered too", "author": {"name": "Per"}})
    signed_post(client, {"id": "w3", "thread": "t7", "channel": "chat", "text": "hello?",
                         "author": {"name": "Per"}})
    call_command("svar_customer", "export", "Kari Nordmann")
    rows = json.loads(capsys.readouterr().out)["inbox"]
    assert sorted(r["text"] for r in rows if r["kind"] == "pending_message") == [
        "is my order late?", "my sister Kari Nordmann ordered too"]
    call_command("svar_customer", "erase", "Kari Nordmann")
    assert "inbox_pending_messages': 2" in capsys.readouterr().out
    assert _tables_mentioning("Kari Nordmann") == [] and _tables_mentioning("kari42") == []
    assert list(Delivery.objects.values_list("external_id", flat=True)) == ["w3"]
