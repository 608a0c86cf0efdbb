"""The Chatwoot connector against a local server that plays Chatwoot's API.

The Agent Bot delivery is `message.webhook_data.merge(event: 'message_created')`
(chatwoot/chatwoot app/listeners/agent_bot_listener.rb, `process_message_event`), with the
message's fields from app/models/message.rb `webhook_data` (id, content, created_at,
message_type, content_type, content_attributes, source_id, sender, contact, inbox,
conversation, account) and the conversation's from
app/presenters/conversations/event_data_presenter.rb `push_data` (id is the display id,
channel, meta.sender, ...). The note goes out as Chatwoot's messages API takes it:
POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/messages with
`content`, `message_type`, `private` and the `api_access_token` header. Chatwoot sends the
delivery unsigned with a 5 s timeout (lib/webhooks/trigger.rb), hence the URL token.
"""

import json

import pytest

from inbox.models import Conversation, Message, Reply
from tests.platforms import platform  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
TOKEN = "cw-webhook-token-123"


@pytest.fixture(autouse=True)
def _chatwoot(settings, platform):  # noqa: F811
    settings.SVAR_CHATWOOT_URL = platform.url
    settings.SVAR_CHATWOOT_API_TOKEN = "cw-api-token"
    settings.SVAR_CHATWOOT_WEBHOOK_TOKEN = TOKEN


@pytest.fixture
def handbook(make_entry):
    return make_entry("Data rollover", "Unused data rolls over to the next month.",
                      questions=["does unused data roll over", "do I keep my unused data"])


def message_created(message_id=4711, content="does unused data roll over?",
                    message_type="incoming", private=False):
    contact = {"id": 93, "name": "Kari Nordmann", "avatar": "", "type": "contact"}
    return {
        "event": "message_created", "id": message_id, "content": content,
        "created_at": "2026-12-01T10:00:00.000Z", "message_type": message_type,
        "content_type": "text", "content_attributes": {}, "source_id": None,
        "private": private, "sender": contact, "contact": contact,
        "inbox": {"id": 7, "name": "Fjordtel Facebook"},
        "conversation": {"id": 1201, "inbox_id": 7, "channel": "Channel::FacebookPage",
                         "status": "pending", "can_reply": True, "messages": [],
                         "meta": {"sender": contact, "assignee": None},
                         "additional_attributes": {}, "labels": []},
        "account": {"id": 3, "name": "Fjordtel"},
    }


def post(client, payload, token=TOKEN):
    return client.post(f"/api/v1/inbox/webhooks/chatwoot/{token}/", data=json.dumps(payload),
                       content_type="application/json")


def test_the_best_draft_is_posted_as_a_private_note(client, handbook, platform,  # noqa: F811
                                                     django_capture_on_commit_callbacks):
    path = "/api/v1/accounts/3/conversations/1201/messages"
    platform.answer(path, (200, {"id": 5001, "private": True}))
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, message_created())
    assert response.status_code == 200 and response.json()["new"] == 1
    conversation = Conversation.objects.get()
    assert (conversation.connector, conversation.channel, conversation.account_id,
            conversation.external_thread_id) == ("chatwoot", "facebook_message", "3", "1201")
    note = platform.to(path)[0]
    assert note.headers["api_access_token"] == "cw-api-token"
    body = note.json()
    assert body["private"] is True and body["message_type"] == "outgoing"
    assert body["content"] == Message.objects.get().suggestion.drafts[0]["text"]
    assert body["content"].startswith("Hi Kari")
    # A note for the agents is not an answer: the customer still waits.
    assert Reply.objects.get().state == "sent"
    conversation.refresh_from_db()
    assert conversation.waiting_since is not None


def test_our_notes_and_agents_replies_coming_back_are_ignored(client, platform):  # noqa: F811
    assert post(client, message_created(message_type="outgoing")).json()["received"] == 0
    assert post(client, message_created(private=True)).json()["received"] == 0
    assert post(client, {"event": "conversation_opened", "id": 1}).json()["received"] == 0
    assert platform.requests == []


def test_a_delivery_to_a_wrong_url_token_is_refused(client):
    assert post(client, message_created(), token="guess").status_code == 403
    assert not Message.objects.exists()


def test_a_delivery_without_its_conversation_is_a_400(client):
    payload = message_created()
    del payload["conversation"]
    response = post(client, payload)
    assert response.status_code == 400 and "conversation" in response.json()


def test_a_redelivered_message_posts_no_second_note(client, handbook, platform,  # noqa: F811
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, message_created())
        post(client, message_created())
    assert len(platform.requests) == 1


def test_the_dashboard_app_page_may_be_framed_by_chatwoot_only(agent_client, settings, client,
                                                               agent):
    client.force_login(agent)
    response = client.get("/inbox/chatwoot/app/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert f"frame-ancestors {settings.SVAR_CHATWOOT_URL}" in \
        response.headers["Content-Security-Policy"]
    # Every other page still refuses to be framed.
    assert client.get("/inbox/").headers["X-Frame-Options"] == "DENY"
