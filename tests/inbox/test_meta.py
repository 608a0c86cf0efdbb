"""The Meta connector against a local server that plays the Graph API.

Payload samples follow Meta's documentation (each cited where it is used):
- Webhook verification and X-Hub-Signature-256:
  https://developers.facebook.com/docs/graph-api/webhooks/getting-started
- Messenger `messages` event ("Text Message" example):
  https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages
- Page `feed` comment (fields of the feed value: from, post_id, comment_id, parent_id,
  message, created_time, item, verb):
  https://developers.facebook.com/docs/graph-api/webhooks/reference/page/#feed
- Instagram `comments` and messaging ("Comments payload", "Messaging payload"):
  https://developers.facebook.com/docs/instagram-platform/webhooks/examples/
- Send API, private replies, comment replies and hiding:
  https://developers.facebook.com/docs/messenger-platform/reference/send-api/,
  https://developers.facebook.com/docs/messenger-platform/discovery/private-replies/,
  https://developers.facebook.com/docs/graph-api/reference/object/comments/,
  https://developers.facebook.com/docs/instagram-platform/comment-moderation
- Rate limits (429, error codes 4/17/32/613):
  https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from inbox import replies
from inbox.models import Conversation, Message, Reply
from tests.inbox.helpers import META_SECRET, meta_post
from tests.platforms import platform  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
PAGE_ID, IG_ID = "1029384756", "17841400000000001"


@pytest.fixture(autouse=True)
def _meta(settings, platform):  # noqa: F811
    settings.SVAR_META_APP_SECRET = META_SECRET
    settings.SVAR_META_VERIFY_TOKEN = "verify-me"
    settings.SVAR_META_GRAPH_URL = platform.url + "/v21.0"
    settings.SVAR_META_PAGE_TOKENS = {PAGE_ID: "page-token", IG_ID: "ig-token"}


@pytest.fixture
def handbook(make_entry):
    return make_entry("Data rollover", "Unused data rolls over to the next month.",
                      questions=["does unused data roll over", "do I keep my unused data"])


def messenger(mid="mid.1457764197618:41d102a3e1ae206a38", text="does unused data roll over?",
              timestamp=None):
    # Messenger "Text Message" example, wrapped in the page entry as delivered.
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": 1458692752478, "messaging": [{
        "sender": {"id": "6783451234"}, "recipient": {"id": PAGE_ID},
        "timestamp": timestamp or int(time.time() * 1000),
        "message": {"mid": mid, "text": text}}]}]}


def feed_comment(comment_id="1234_5678", text="does unused data roll over?", author="55501"):
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time()), "changes": [{
        "field": "feed", "value": {
            "from": {"id": author, "name": "Kari Nordmann"},
            "post": {"status_type": "added_photos", "is_published": True,
                     "id": f"{PAGE_ID}_111"},
            "message": text, "post_id": f"{PAGE_ID}_111", "comment_id": comment_id,
            "created_time": int(time.time()), "item": "comment",
            "parent_id": f"{PAGE_ID}_111", "verb": "add"}}]}]}


def ig_comment(comment_id="17865799348089039", text="does unused data roll over?"):
    return {"object": "instagram", "entry": [{"id": IG_ID, "time": int(time.time()),
            "changes": [{"field": "comments", "value": {
                "id": comment_id, "from": {"id": "232323232", "username": "kari.n"},
                "text": text, "media": {"id": "123123123", "media_product_type": "FEED"}}}]}]}


def ig_dm(mid="aWdfZAG1faWQ6", text="does unused data roll over?"):
    return {"object": "instagram", "entry": [{"id": IG_ID, "time": int(time.time()),
            "messaging": [{"sender": {"id": "998877"}, "recipient": {"id": IG_ID},
                           "timestamp": int(time.time() * 1000),
                           "message": {"mid": mid, "text": text}}]}]}


def test_the_verification_handshake_echoes_the_challenge_only_for_our_token(client):
    ok = client.get("/api/v1/inbox/webhooks/meta/", {
        "hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444"
    wrong = client.get("/api/v1/inbox/webhooks/meta/", {
        "hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"})
    assert wrong.status_code == 403


def test_every_post_must_carry_the_app_secrets_signature(client):
    assert meta_post(client, messenger(), secret="someone-else").status_code == 403
    response = client.post("/api/v1/inbox/webhooks/meta/", data=messenger(),
                           content_type="application/json")
    assert response.status_code == 403
    assert not Message.objects.exists()


@pytest.mark.parametrize("payload, channel, public, account", [
    (messenger(), "facebook_message", False, PAGE_ID),
    (feed_comment(), "facebook_comment", True, PAGE_ID),
    (ig_comment(), "instagram_comment", True, IG_ID),
    (ig_dm(), "instagram_dm", False, IG_ID),
])
def test_each_meta_surface_becomes_a_conversation(client, handbook, payload, channel, public,
                                                  account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = meta_post(client, payload)
    assert response.status_code == 200 and response.json()["new"] == 1
    conversation = Conversation.objects.get()
    assert (conversation.connector, conversation.channel, conversation.public,
            conversation.account_id) == ("meta", channel, public, account)
    assert Message.objects.get().suggestion.drafts


def test_our_own_comments_and_echoes_are_not_customer_messages(client):
    echo = messenger()
    echo["entry"][0]["messaging"][0]["message"]["is_echo"] = True
    assert meta_post(client, echo).json()["received"] == 0
    assert meta_post(client, feed_comment(author=PAGE_ID)).json()["received"] == 0
    like = feed_comment()
    like["entry"][0]["changes"][0]["value"]["item"] = "reaction"
    assert meta_post(client, like).json()["received"] == 0


def test_a_malformed_delivery_is_a_400_naming_the_field(client):
    response = meta_post(client, {"object": "page", "entry": "nope"})
    assert response.status_code == 400 and "entry" in response.json()


def _arrive(client, payload, capture):
    with capture(execute=True):
        meta_post(client, payload)
    return Conversation.objects.get()


def test_a_messenger_reply_goes_out_by_the_send_api_and_stops_the_clock(
        client, handbook, agent, platform, django_capture_on_commit_callbacks):  # noqa: F811
    conversation = _arrive(client, messenger(), django_capture_on_commit_callbacks)
    platform.answer(f"/v21.0/{PAGE_ID}/messages",
                    (200, {"recipient_id": "6783451234", "message_id": "m_AG5Hz2U"}))
    draft = Message.objects.get().suggestion.drafts[0]["text"]
    with django_capture_on_commit_callbacks(execute=True):
        reply = replies.send(conversation, agent=agent, text=draft, draft_index=0)
    sent = platform.to(f"/v21.0/{PAGE_ID}/messages")[0]
    assert sent.json() == {"recipient": {"id": "6783451234"}, "message": {"text": draft},
                           "messaging_type": "RESPONSE"}
    assert sent.query["access_token"] == "page-token" and sent.query["appsecret_proof"]
    reply.refresh_from_db()
    conversation.refresh_from_db()
    assert reply.state == "sent" and reply.external_id == "m_AG5Hz2U"
    assert conversation.status == "waiting_on_customer" and conversation.waiting_since is None
    assert conversation.first_response_at is not None
    assert conversation.messages.filter(direction="out").count() == 1
    # The feedback is what the agent page records for a draft sent as is.
    feedback = Message.objects.get(direction="in").suggestion.feedback.get()
    assert (feedback.action, feedback.entry_id_used) == ("sent", handbook.pk)


def test_messengers_24_hour_window_is_respected(client, agent, platform,  # noqa: F811
                                                django_capture_on_commit_callbacks):
    old = int((time.time() - 25 * 3600) * 1000)
    conversation = _arrive(client, messenger(timestamp=old), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        reply = replies.send(conversation, agent=agent, text="Hei!")
    reply.refresh_from_db()
    assert reply.state == "failed" and "24-hour" in reply.error
    assert platform.to(f"/v21.0/{PAGE_ID}/messages") == []
    page = client.get(f"/inbox/{conversation.pk}/")
    assert page.status_code == 302  # anonymous; the agent sees the warning below
    client.force_login(agent)
    assert "More than 24 hours" in client.get(f"/inbox/{conversation.pk}/").content.decode()


def test_a_comment_gets_a_public_reply_or_a_private_one(client, agent, platform,  # noqa: F811
                                                        django_capture_on_commit_callbacks):
    conversation = _arrive(client, feed_comment(), django_capture_on_commit_callbacks)
    platform.answer("/v21.0/1234_5678/comments", (200, {"id": "1234_9999"}))
    platform.answer(f"/v21.0/{PAGE_ID}/messages", (200, {"recipient_id": "1", "message_id":
                                                         "m_private"}))
    with django_capture_on_commit_callbacks(execute=True):
        replies.send(conversation, agent=agent, text="Yes, it rolls over.")
        replies.send(conversation, agent=agent, text="Let us take it here.", kind="private")
    assert platform.to("/v21.0/1234_5678/comments")[0].form() == {
        "message": "Yes, it rolls over."}
    private = platform.to(f"/v21.0/{PAGE_ID}/messages")[0].json()
    assert private == {"recipient": {"comment_id": "1234_5678"},
                       "message": {"text": "Let us take it here."}}
    assert set(Reply.objects.values_list("state", flat=True)) == {"sent"}


def test_an_instagram_comment_reply_uses_the_replies_edge(client, agent, platform,  # noqa: F811
                                                          django_capture_on_commit_callbacks):
    conversation = _arrive(client, ig_comment(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        replies.send(conversation, agent=agent, text="Yes!")
    assert platform.to("/v21.0/17865799348089039/replies")[0].form() == {"message": "Yes!"}


def test_hiding_a_comment_hides_it_on_the_platform_never_deletes(
        client, agent, platform, django_capture_on_commit_callbacks):  # noqa: F811
    _arrive(client, feed_comment(), django_capture_on_commit_callbacks)
    platform.answer("/v21.0/1234_5678", (200, {"success": True}))
    client.force_login(agent)
    message = Message.objects.get()
    response = client.post(f"/inbox/messages/{message.pk}/hide/")
    assert response.status_code == 302
    hide = platform.to("/v21.0/1234_5678")[0]
    assert hide.method == "POST" and hide.form() == {"is_hidden": "true"}
    message.refresh_from_db()
    assert message.hidden_at is not None and Message.objects.filter(pk=message.pk).exists()


def test_instagram_hides_with_the_hide_parameter(client, agent, platform,  # noqa: F811
                                                 django_capture_on_commit_callbacks):
    _arrive(client, ig_comment(), django_capture_on_commit_callbacks)
    replies.hide(Message.objects.get())
    assert platform.to("/v21.0/17865799348089039")[0].form() == {"hide": "true"}


@pytest.mark.parametrize("answer, wait", [
    ((429, {"error": {"message": "Too many calls"}}, {"Retry-After": "7"}), 7.0),
    ((429, {"error": {"message": "Too many calls"}}, {"Retry-After": "120"}), 120.0),
    ((400, {"error": {"message": "(#613) Calls to this api have exceeded the rate limit.",
                      "type": "OAuthException", "code": 613}}, {}), 60.0),
    ((403, {"error": {"message": "(#4) Application request limit reached", "code": 4}}, {}),
     60.0),
    ((503, {"error": {"message": "Service temporarily unavailable"}}, {}), 30.0),
])
def test_rate_limits_and_outages_are_retried_until_the_reply_is_out(
        client, agent, platform, answer, wait, django_capture_on_commit_callbacks):  # noqa: F811
    conversation = _arrive(client, messenger(), django_capture_on_commit_callbacks)
    path = f"/v21.0/{PAGE_ID}/messages"
    platform.answer(path, answer, (200, {"recipient_id": "1", "message_id": "m_ok"}))
    # The worker's task (inbox.tasks.deliver_reply) retries after the wait deliver() returns;
    # the real worker's retry runs in tests/test_inbox_worker.py.
    reply = replies.send(conversation, agent=agent, text="Hei!")
    assert replies.deliver(reply.pk, last_attempt=False) == wait
    reply.refresh_from_db()
    assert reply.state == "queued" and reply.error
    assert replies.deliver(reply.pk, last_attempt=False) is None
    reply.refresh_from_db()
    assert len(platform.to(path)) == 2
    assert (reply.state, reply.attempts, reply.external_id) == ("sent", 2, "m_ok")
    # Delivered once: a redelivered task sends nothing again.
    assert replies.deliver(reply.pk, last_attempt=False) is None
    assert len(platform.to(path)) == 2


def test_the_last_attempt_gives_up_and_says_why(client, agent, platform,  # noqa: F811
                                                django_capture_on_commit_callbacks):
    conversation = _arrive(client, messenger(), django_capture_on_commit_callbacks)
    platform.answer(f"/v21.0/{PAGE_ID}/messages", (429, {}, {"Retry-After": "5"}))
    reply = replies.send(conversation, agent=agent, text="Hei!")
    assert replies.deliver(reply.pk, last_attempt=True) is None
    reply.refresh_from_db()
    assert reply.state == "failed" and "429" in reply.error


def test_the_wait_before_a_retry_respects_retry_after_and_backs_off():
    assert replies.backoff(1, 7.0) == 7.0  # the platform's Retry-After
    assert replies.backoff(1, 60.0) == 60.0
    assert replies.backoff(3, None) == 20.0  # 5, 10, 20 … doubling
    assert replies.backoff(20, None) == replies.BACKOFF_CAP


def test_a_refusal_is_not_retried_and_the_agent_sees_why(client, agent, platform,  # noqa: F811
                                                          django_capture_on_commit_callbacks):
    conversation = _arrive(client, messenger(), django_capture_on_commit_callbacks)
    path = f"/v21.0/{PAGE_ID}/messages"
    platform.answer(path, (400, {"error": {"message": "(#100) Invalid parameter",
                                           "code": 100}}))
    with django_capture_on_commit_callbacks(execute=True):
        reply = replies.send(conversation, agent=agent, text="Hei!")
    reply.refresh_from_db()
    assert len(platform.to(path)) == 1 and reply.state == "failed"
    conversation.refresh_from_db()
    assert conversation.waiting_since is not None  # the customer still waits
    client.force_login(agent)
    assert "Invalid parameter" in client.get(f"/inbox/{conversation.pk}/").content.decode()


def test_a_private_reply_is_refused_after_seven_days(client, agent, platform,  # noqa: F811
                                                     django_capture_on_commit_callbacks):
    conversation = _arrive(client, feed_comment(), django_capture_on_commit_callbacks)
    Message.objects.update(sent_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        reply = replies.send(conversation, agent=agent, text="DM?", kind="private")
    reply.refresh_from_db()
    assert reply.state == "failed" and "7 days" in reply.error
