"""Messages in through the generic signed webhook: authenticated, stored redacted, recorded
once, and drafted by the worker task on arrival (tasks run in-process here)."""

import json
import time

import pytest

from inbox.models import Conversation, Message
from tests.inbox.helpers import SIGNED_SECRET, signed_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secrets(settings):
    settings.SVAR_SIGNED_WEBHOOK_SECRET = SIGNED_SECRET


@pytest.fixture
def handbook(make_entry):
    return make_entry("Data rollover", "Unused data rolls over to the next month.",
                      questions=["does unused data roll over", "do I keep my unused data"])


def message(**extra):
    return {"id": "m-1", "thread": "t-1", "channel": "chat", "public": False,
            "text": "Hi, does unused data roll over? Call me on 912 34 567",
            "author": {"handle": "kari42", "name": "Kari Nordmann"}} | extra


def test_a_signed_message_becomes_a_conversation_with_drafts_ready(
        client, handbook, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_post(client, message())
    assert response.status_code == 200
    assert response.json() == {"received": 1, "new": 1}
    conversation = Conversation.objects.get()
    assert (conversation.channel, conversation.customer_name, conversation.status) == (
        "chat", "Kari Nordmann", "new")
    assert conversation.waiting_since is not None
    stored = Message.objects.get()
    # The phone number never reaches the database.
    assert "912 34 567" not in stored.text and "[phone]" in stored.text
    assert stored.suggestion is not None and stored.suggestion.drafts
    assert stored.suggestion.drafts[0]["entry"]["id"] == handbook.pk
    assert stored.suggestion.drafts[0]["text"].startswith("Hi Kari")
    assert stored.entry_id == handbook.pk


def test_the_same_message_delivered_twice_is_recorded_once(client, handbook):
    assert signed_post(client, message()).json()["new"] == 1
    assert signed_post(client, message()).json() == {"received": 1, "new": 0}
    assert Message.objects.count() == 1 and Conversation.objects.count() == 1


def test_a_second_message_in_the_thread_joins_the_conversation(client, handbook):
    signed_post(client, message())
    signed_post(client, message(id="m-2", text="And in Spain?"))
    conversation = Conversation.objects.get()
    assert conversation.messages.count() == 2


@pytest.mark.parametrize("variant, expected", [
    ("wrong secret", 403), ("stale", 403), ("future", 403), ("unsigned", 403)])
def test_unsigned_wrong_or_replayed_deliveries_are_refused(client, settings, variant, expected):
    now = int(time.time())
    beyond = settings.SVAR_WEBHOOK_MAX_AGE_SECONDS + 10  # a margin for a slow, loaded machine
    if variant == "wrong secret":
        response = signed_post(client, message(), secret="not-the-secret")
    elif variant == "stale":
        response = signed_post(client, message(), timestamp=now - beyond)
    elif variant == "future":
        response = signed_post(client, message(), timestamp=now + beyond)
    else:
        response = client.post("/api/v1/inbox/webhooks/signed/", data=message(),
                               content_type="application/json")
    assert response.status_code == expected
    assert not Message.objects.exists()


def test_a_body_changed_after_signing_is_refused(client):
    import json

    from inbox.connectors.signed import sign

    body = json.dumps(message()).encode()
    headers = sign(body, secret=SIGNED_SECRET)
    tampered = body.replace(b"unused", b"UNUSED")
    response = client.post("/api/v1/inbox/webhooks/signed/", data=tampered,
                           content_type="application/json",
                           HTTP_X_SVAR_TIMESTAMP=headers["X-Svar-Timestamp"],
                           HTTP_X_SVAR_SIGNATURE=headers["X-Svar-Signature"])
    assert response.status_code == 403


@pytest.mark.parametrize("payload, field", [
    (message(channel="pigeon"), "channel"),
    (message(id=""), "id"),
    (message(public="yes"), "public"),
    (message(sent_at="yesterday"), "sent_at"),
    ({"messages": []}, "messages"),
    (["not", "an", "object"], "message"),
])
def test_a_signed_but_malformed_message_is_a_400_naming_the_field(client, payload, field):
    response = signed_post(client, payload)
    assert response.status_code == 400
    assert field in response.json()


def test_the_webhook_is_in_the_openapi_schema(agent_client):
    schema = agent_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/inbox/webhooks/signed/"]["post"]
    assert "X-Svar-Signature" in {p["name"] for p in operation["parameters"]}
    assert "HMAC-SHA256" in operation["description"]


def test_with_the_broker_down_the_message_is_kept_and_resumed_later(
        client, handbook, monkeypatch):
    from inbox import tasks
    from inbox.models import Delivery

    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.record_delivery, "delay", broker_down)
    response = signed_post(client, message())
    assert response.status_code == 200 and response.json()["new"] == 1
    # Stored (redacted) all the same, waiting for the worker.
    delivery = Delivery.objects.get()
    assert delivery.message is None and "912 34 567" not in json.dumps(delivery.data)
    assert not Message.objects.exists()
    monkeypatch.undo()
    # The beat task finds it once it has waited long enough, and the worker drafts it.
    assert tasks.resume_pending(older_than_seconds=3600)["deliveries"] == 0
    assert tasks.resume_pending(older_than_seconds=0)["deliveries"] == 1
    stored = Message.objects.get()
    assert stored.suggestion is not None and stored.suggestion.drafts
    delivery.refresh_from_db()
    assert delivery.message == stored and delivery.data == {}  # no second copy kept
    assert tasks.resume_pending(older_than_seconds=0) == {
        "deliveries": 0, "messages": 0, "replies": 0}


def test_one_delivery_carrying_the_same_message_twice_records_it_once(client, handbook):
    response = signed_post(client, {"messages": [message(), message(), message(id="m-2")]})
    assert response.json() == {"received": 3, "new": 2}
    assert Message.objects.count() == 2


def test_the_webhook_costs_one_database_statement(client, monkeypatch):
    """The webhook only verifies, stores and queues; a redelivery costs the same one
    statement and stores nothing (figures: docs/performance.md, the inbox)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inbox import intake

    queued = []
    monkeypatch.setattr(intake, "hand_over", queued.append)
    with CaptureQueriesContext(connection) as queries:
        first = signed_post(client, message())
        again = signed_post(client, message())
    assert first.json()["new"] == 1 and again.json()["new"] == 0
    statements = [q["sql"] for q in queries.captured_queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(statements) == 2 and all("ON CONFLICT" in q for q in statements)
    assert len(queued) == 1  # the duplicate is not queued again
