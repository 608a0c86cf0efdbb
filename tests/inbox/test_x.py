"""The X connector against a local server that plays the X API.

Samples follow X's developer documentation (each cited where it is used):
- CRC (GET with crc_token → {"response_token": "sha256=<base64 HMAC-SHA256>"}) and the
  x-twitter-webhooks-signature header on every POST ("Securing webhooks"):
  https://developer.x.com/en/docs/twitter-api/enterprise/account-activity-api/guides/securing-webhooks
- Account Activity payloads (for_user_id, tweet_create_events, direct_message_events with
  message_create and users):
  https://developer.x.com/en/docs/twitter-api/enterprise/account-activity-api/guides/account-activity-data-objects
- The Tweet object inside tweet_create_events (id_str, text, user, created_at,
  timestamp_ms, in_reply_to_status_id_str):
  https://developer.x.com/en/docs/twitter-api/v1/data-dictionary/object-model/tweet
- Replies (POST /2/tweets with reply.in_reply_to_tweet_id, answer {"data": {"id", "text"}}):
  https://docs.x.com/x-api/posts/create-post
- Direct messages (POST /2/dm_conversations/with/:participant_id/messages, answer
  {"data": {"dm_conversation_id", "dm_event_id"}}):
  https://docs.x.com/x-api/direct-messages/create-dm-message-by-participant-id
- Hide replies (PUT /2/tweets/:id/hidden {"hidden": true}, answer {"data": {"hidden": true}}):
  https://developer.x.com/en/docs/twitter-api/tweets/hide-replies/api-reference
- Rate limits (429 with x-rate-limit-reset, the Unix time the window reopens):
  https://developer.x.com/en/docs/twitter-api/rate-limits
"""

import base64
import hashlib
import hmac
import json
import time

import pytest

from inbox import replies
from inbox.models import Conversation, Message, Reply
from tests.inbox.helpers import hide_from_the_inbox, webhook
from tests.platforms import platform  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
CONSUMER_SECRET = "test-x-consumer-secret"
BRAND = "2244994945"  # the subscribed account (the docs' for_user_id)
CUSTOMER = "6253282"


@pytest.fixture(autouse=True)
def _x(settings, platform):  # noqa: F811
    settings.SVAR_X_CONSUMER_SECRET = CONSUMER_SECRET
    settings.SVAR_X_ACCESS_TOKENS = {BRAND: "user-token"}
    settings.SVAR_X_API_URL = platform.url


@pytest.fixture
def handbook(make_entry):
    return make_entry("Data rollover", "Unused data rolls over to the next month.",
                      questions=["does unused data roll over", "do I keep my unused data"])


def signature(body: bytes, secret: str = CONSUMER_SECRET) -> str:
    # "Securing webhooks": sha256= + base64 of HMAC-SHA256(consumer secret, raw body).
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def x_post(client, payload, *, secret=CONSUMER_SECRET):
    body = json.dumps(payload).encode()
    return webhook(client, "/api/v1/inbox/webhooks/x/", body,
                   HTTP_X_TWITTER_WEBHOOKS_SIGNATURE=signature(body, secret))


def mention(tweet_id="1050118621198921728", text="@SvarBrand does unused data roll over?",
            author=CUSTOMER):
    # tweet_create_events (@mentions) with a Tweet object as the data dictionary shows it.
    return {"for_user_id": BRAND, "user_has_blocked": "false", "tweet_create_events": [{
        "created_at": "Wed Oct 10 20:19:24 +0000 2018", "id": int(tweet_id),
        "id_str": tweet_id, "text": text, "truncated": False,
        "in_reply_to_status_id_str": None, "in_reply_to_user_id_str": BRAND,
        "in_reply_to_screen_name": "SvarBrand",
        "user": {"id": int(author), "id_str": author, "name": "Kari Nordmann",
                 "screen_name": "kari_n"},
        "timestamp_ms": str(int(time.time() * 1000))}]}


def direct_message(event_id="954491830116155396", text="Hello World!", sender=CUSTOMER):
    # direct_message_events: a message_create event and the users it names.
    return {"for_user_id": BRAND, "direct_message_events": [{
        "type": "message_create", "id": event_id,
        "created_timestamp": str(int(time.time() * 1000)),
        "message_create": {"target": {"recipient_id": BRAND if sender != BRAND else CUSTOMER},
                           "sender_id": sender,
                           "message_data": {"text": text, "entities": {
                               "hashtags": [], "symbols": [], "user_mentions": [],
                               "urls": []}}}}],
        "users": {CUSTOMER: {"id": CUSTOMER, "created_timestamp": "1422556069340",
                             "name": "Kari Nordmann", "screen_name": "kari_n"},
                  BRAND: {"id": BRAND, "name": "Svar Brand", "screen_name": "SvarBrand"}}}


def test_the_crc_is_answered_with_the_documented_response_token(client, settings):
    answer = client.get("/api/v1/inbox/webhooks/x/", {"crc_token": "challenge-123"})
    expected = base64.b64encode(hmac.new(CONSUMER_SECRET.encode(), b"challenge-123",
                                         hashlib.sha256).digest()).decode()
    assert answer.status_code == 200 and answer.json() == {
        "response_token": f"sha256={expected}"}
    missing = client.get("/api/v1/inbox/webhooks/x/")
    assert missing.status_code == 400 and "crc_token" in missing.json()
    settings.SVAR_X_CONSUMER_SECRET = ""
    assert client.get("/api/v1/inbox/webhooks/x/", {"crc_token": "c"}).status_code == 403


def test_every_post_must_carry_xs_signature(client):
    assert x_post(client, mention(), secret="someone-else").status_code == 403
    unsigned = client.post("/api/v1/inbox/webhooks/x/", data=mention(),
                           content_type="application/json")
    assert unsigned.status_code == 403
    assert x_post(client, mention()).status_code == 200


@pytest.mark.parametrize("payload, channel, public, text", [
    (mention(), "x_reply", True, "does unused data roll over?"),
    (direct_message(text="does unused data roll over?"), "x_dm", False,
     "does unused data roll over?"),
])
def test_mentions_and_direct_messages_become_conversations_with_drafts(
        client, handbook, payload, channel, public, text):
    response = x_post(client, payload)
    assert response.status_code == 200 and response.json() == {"received": 1, "new": 1}
    conversation = Conversation.objects.get()
    assert (conversation.connector, conversation.channel, conversation.public,
            conversation.account_id, conversation.external_thread_id,
            conversation.customer_name) == ("x", channel, public, BRAND, CUSTOMER,
                                            "Kari Nordmann")
    message = Message.objects.get()
    assert message.text == text  # the leading @mention of the brand is not the question
    assert message.suggestion.drafts[0]["entry"]["id"] == handbook.pk
    assert x_post(client, payload).json() == {"received": 1, "new": 0}  # redelivered


def test_our_own_posts_messages_and_other_events_are_not_customer_messages(client):
    assert x_post(client, mention(author=BRAND)).json()["received"] == 0
    assert x_post(client, direct_message(sender=BRAND)).json()["received"] == 0
    retweet = mention()
    retweet["tweet_create_events"][0]["retweeted_status"] = {"id_str": "1"}
    assert x_post(client, retweet).json()["received"] == 0
    # A like (favorite_events) asks nothing.
    like = {"for_user_id": BRAND, "favorite_events": [{
        "id": "a7ba59eab0bfcba386f7acedac279542", "created_at": "Mon Mar 26 16:33:26 +0000 2018",
        "timestamp_ms": 1522082006140, "favorited_status": {"id_str": "1"},
        "user": {"id_str": CUSTOMER}}]}
    assert x_post(client, like).json()["received"] == 0
    assert not Message.objects.exists()


@pytest.mark.parametrize("payload, field", [
    ({"tweet_create_events": []}, "for_user_id"),
    ({"for_user_id": BRAND, "tweet_create_events": "nope"}, "tweet_create_events"),
    (["not", "an", "object"], "for_user_id"),
])
def test_a_signed_but_malformed_delivery_is_a_400_naming_the_field(client, payload, field):
    response = x_post(client, payload)
    assert response.status_code == 400 and field in response.json()


def test_a_public_reply_answers_the_customers_post_and_stops_the_clock(
        client, agent, handbook, platform, django_capture_on_commit_callbacks):  # noqa: F811
    x_post(client, mention())
    conversation = Conversation.objects.get()
    platform.answer("/2/tweets", (200, {"data": {"id": "1445880548472328192",
                                                 "text": "Yes, it rolls over."}}))
    draft = Message.objects.get().suggestion.drafts[0]["text"]
    with django_capture_on_commit_callbacks(execute=True):
        reply = replies.send(conversation, agent=agent, text=draft, draft_index=0)
    sent = platform.to("/2/tweets")[0]
    assert sent.json() == {"text": draft,
                           "reply": {"in_reply_to_tweet_id": "1050118621198921728"}}
    assert sent.headers["authorization"] == "Bearer user-token"
    reply.refresh_from_db()
    conversation.refresh_from_db()
    assert (reply.state, reply.external_id) == ("sent", "1445880548472328192")
    assert conversation.waiting_since is None and conversation.status == "waiting_on_customer"


def test_a_direct_message_and_a_private_answer_to_a_post_go_by_dm(
        client, agent, platform, django_capture_on_commit_callbacks):  # noqa: F811
    path = f"/2/dm_conversations/with/{CUSTOMER}/messages"
    platform.answer(path, (201, {"data": {"dm_conversation_id": f"{CUSTOMER}-{BRAND}",
                                          "dm_event_id": "1580705921830768647"}}))
    x_post(client, direct_message())
    x_post(client, mention())
    dm = Conversation.objects.get(channel="x_dm")
    public = Conversation.objects.get(channel="x_reply")
    with django_capture_on_commit_callbacks(execute=True):
        replies.send(dm, agent=agent, text="Hei Kari!")
        replies.send(public, agent=agent, text="Let us take it here.", kind="private")
    assert [r.json() for r in platform.to(path)] == [{"text": "Hei Kari!"},
                                                     {"text": "Let us take it here."}]
    assert set(Reply.objects.values_list("external_id", flat=True)) == {"1580705921830768647"}
    assert platform.to("/2/tweets") == []


def test_hiding_a_reply_uses_xs_hide_reply_never_deletes(client, agent,
                                                         platform):  # noqa: F811
    x_post(client, mention())
    platform.answer("/2/tweets/1050118621198921728/hidden", (200, {"data": {"hidden": True}}))
    client.force_login(agent)
    message = Message.objects.get()
    assert client.post(f"/inbox/messages/{message.pk}/hide/").status_code == 302
    hide = platform.to("/2/tweets/1050118621198921728/hidden")[0]
    assert hide.method == "PUT" and hide.json() == {"hidden": True}
    message.refresh_from_db()
    assert message.hidden_at is not None


def test_a_direct_message_cannot_be_hidden(client, agent, platform):  # noqa: F811
    x_post(client, direct_message())
    assert hide_from_the_inbox(client, agent).hidden_at is None
    assert platform.requests == []


def test_xs_rate_limit_reset_sets_the_wait_before_the_retry(client, agent,
                                                            platform):  # noqa: F811
    x_post(client, mention())
    conversation = Conversation.objects.get()
    reset = str(int(time.time()) + 90)
    platform.answer("/2/tweets", (429, {"title": "Too Many Requests", "status": 429},
                                  {"x-rate-limit-remaining": "0", "x-rate-limit-reset": reset}),
                    (200, {"data": {"id": "2", "text": "ok"}}))
    # The worker's task (inbox.tasks.deliver_reply) retries after the wait deliver() returns.
    reply = replies.send(conversation, agent=agent, text="Hei!")
    wait = replies.deliver(reply.pk, last_attempt=False)
    assert wait is not None and 80 <= wait <= 91
    assert replies.deliver(reply.pk, last_attempt=False) is None
    reply.refresh_from_db()
    assert reply.state == "sent" and reply.external_id == "2"
