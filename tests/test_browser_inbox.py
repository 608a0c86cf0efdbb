"""The inbox page in headless Chromium: a message arrives while the agent watches, the agent
opens it with the keyboard, sends a draft, and the reply goes out; and the Chatwoot
Dashboard App inside a frame that plays Chatwoot's conversation view.

Set SVAR_SCREENSHOTS=docs/screenshots to refresh the inbox screenshots in docs/."""

import hashlib
import hmac
import json
import os
import time

import pytest

from inbox.models import Conversation, Message
from tests.conftest import login, make_user
from tests.inbox.helpers import SIGNED_SECRET, signed_post
from tests.platforms import platform  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def handbook(make_entry):
    make_entry("Bruke mobilen i EU", "Du kan bruke abonnementet ditt i hele EU/EØS uten "
               "ekstra kostnad.", language="nb", why="EU-regler.",
               questions=["Kan jeg bruke mobilen i Spania?", "funker data i utlandet?"])


@pytest.fixture
def ola(django_user_model):
    user = make_user(django_user_model, "ola", "agents", "Ola")
    user.set_password("pw-ola-123")
    user.save()
    return user


def _shot(page, name):
    folder = os.environ.get("SVAR_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def test_a_message_arrives_the_agent_answers_it_from_the_keyboard(
        page, live_server, handbook, ola, settings, platform, client):  # noqa: F811
    settings.SVAR_SIGNED_WEBHOOK_SECRET = SIGNED_SECRET
    settings.SVAR_SIGNED_WEBHOOK_OUT_URL = platform.url + "/svar-replies"
    platform.answer("/svar-replies", (200, {"id": "their-msg-77"}))
    login(page, live_server, "ola", "pw-ola-123")
    page.goto(f"{live_server.url}/inbox/")
    page.get_by_text("Nobody is waiting here.").wait_for()

    # The message arrives after the page loaded: the queue shows it without a reload.
    signed_post(client, {"id": "m-1", "thread": "t-1", "channel": "facebook_message",
                         "text": "Hei! Kan jeg bruke mobilen i Spania i sommer?",
                         "author": {"handle": "kari", "name": "Kari Nordmann"}})
    row = page.locator("#queue-list li.conv").first
    row.wait_for(timeout=10000)
    assert "Kari Nordmann" in row.inner_text() and "unassigned" in row.inner_text()
    _shot(page, "inbox-queue.png")

    page.keyboard.press("j")
    page.keyboard.press("Enter")
    draft = page.locator("#draft-0")
    draft.wait_for()
    text = draft.input_value()
    assert text.startswith("Hei Kari,") and "EU/EØS" in text
    assert "Bruke mobilen i EU" in page.locator("label[for=draft-0]").inner_text()
    _shot(page, "inbox-conversation.png")

    page.keyboard.press("t")  # take it: the unsent drafts are re-signed by the taker
    page.wait_for_load_state()
    page.locator("#draft-0").wait_for()
    text = page.locator("#draft-0").input_value()
    assert text.rstrip().endswith("Ola") and text.startswith("Hei Kari,")
    page.keyboard.press("1")
    page.keyboard.press("Control+Enter")
    page.get_by_text("Reply queued").wait_for()

    sent = platform.to("/svar-replies")[0]
    body = sent.body
    expected = hmac.new(SIGNED_SECRET.encode(), sent.headers["x-svar-timestamp"].encode()
                        + b"." + body, hashlib.sha256).hexdigest()
    assert sent.headers["x-svar-signature"] == "sha256=" + expected
    assert json.loads(body)["text"] == text and json.loads(body)["thread"] == "t-1"
    conversation = Conversation.objects.get()
    # Sent as is (the browser's CRLF line breaks do not make it "edited").
    assert Message.objects.get(direction="in").suggestion.feedback.get().action == "sent"
    assert conversation.assignee == ola and conversation.waiting_since is None
    assert conversation.status == "waiting_on_customer"
    assert page.locator(".msg.out").count() == 1
    # The queue of waiting conversations is empty again.
    page.goto(f"{live_server.url}/inbox/")
    page.get_by_text("Nobody is waiting here.").wait_for()


def test_done_and_follow_up_from_the_keyboard(page, live_server, ola, settings, client):
    settings.SVAR_SIGNED_WEBHOOK_SECRET = SIGNED_SECRET
    signed_post(client, {"id": "m-9", "thread": "t-9", "channel": "chat", "text": "Takk!"})
    login(page, live_server, "ola", "pw-ola-123")
    conversation = Conversation.objects.get()
    page.goto(f"{live_server.url}/inbox/{conversation.pk}/")
    page.keyboard.press("f")
    page.wait_for_load_state()
    page.locator("#conversation").wait_for()
    conversation.refresh_from_db()
    assert conversation.status == "follow_up"
    page.keyboard.press("d")
    page.wait_for_load_state()
    page.locator("#conversation").wait_for()
    conversation.refresh_from_db()
    assert conversation.status == "done"


PARENT = """<!doctype html><html><body><h1>Chatwoot conversation view</h1>
<iframe id="dashboard-app--frame-0-0" src="%(src)s" width="600" height="500"></iframe>
<script>
// What chatwoot/chatwoot app/javascript/dashboard/components/widgets/DashboardApp/Frame.vue
// does: on 'chatwoot-dashboard-app:fetch-info' it posts the JSON string
// {event: 'appContext', data: {conversation, contact, currentAgent}} to the frame.
window.onmessage = function (e) {
  if (typeof e.data !== 'string' || e.data !== 'chatwoot-dashboard-app:fetch-info') return;
  var frame = document.getElementById('dashboard-app--frame-0-0');
  frame.contentWindow.postMessage(JSON.stringify({event: 'appContext', data: {
    conversation: {id: 1201, account_id: 3, meta: {sender: {id: 93, name: 'Kari'}}},
    contact: {id: 93, name: 'Kari'}, currentAgent: {id: 1, name: 'Ola', email: 'o@x'}}}), '*');
};
</script></body></html>"""


def test_the_chatwoot_dashboard_app_shows_the_drafts_inside_chatwoot(
        page, live_server, handbook, ola, settings, platform, client):  # noqa: F811
    # Chatwoot's origin must be the same site as Svar's for the session cookie to reach the
    # frame (live_server is on localhost); Svar's CSP lets only this origin frame the app.
    chatwoot = platform.url.replace("127.0.0.1", "localhost")
    settings.SVAR_CHATWOOT_URL = chatwoot
    settings.SVAR_CHATWOOT_API_TOKEN = "cw-token"
    settings.SVAR_CHATWOOT_WEBHOOK_TOKEN = "cw-hook"
    payload = {"event": "message_created", "id": 4711, "message_type": "incoming",
               "content": "Kan jeg bruke mobilen i Spania?", "private": False,
               "created_at": "2026-12-01T10:00:00Z", "sender": {"id": 93, "name": "Kari"},
               "conversation": {"id": 1201, "channel": "Channel::FacebookPage"},
               "account": {"id": 3}}
    client.post("/api/v1/inbox/webhooks/chatwoot/cw-hook/", data=json.dumps(payload),
                content_type="application/json")
    assert Message.objects.get().suggestion is not None
    login(page, live_server, "ola", "pw-ola-123")
    platform.pages["/conversation"] = PARENT % {"src": f"{live_server.url}/inbox/chatwoot/app/"}
    page.goto(f"{chatwoot}/conversation")
    frame = page.frame_locator("#dashboard-app--frame-0-0")
    first = frame.locator("#cw-drafts textarea").first
    first.wait_for(timeout=10000)
    assert first.input_value().startswith("Hei Kari,")
    assert "Bruke mobilen i EU" in frame.locator("#cw-drafts").inner_text()
    # Another site may not frame it (frame-ancestors names Chatwoot only).
    platform.pages["/elsewhere"] = PARENT % {"src": f"{live_server.url}/inbox/chatwoot/app/"}
    page.goto(f"{platform.url}/elsewhere")
    time.sleep(1)
    assert page.frame_locator("#dashboard-app--frame-0-0").locator("#cw-drafts").count() == 0


def test_from_a_chorus_a_lead_announces_and_copies_a_public_post(page, live_server, lead,
                                                                 agent, make_entry):
    from inbox.models import ChorusAlert
    from kb.models import Announcement

    outage = make_entry("Network outage in Bergen", "Technicians are fixing a cable.",
                        short_answer="Data is back in Bergen tonight.")
    alert = ChorusAlert.objects.create(
        key=f"entry:{outage.pk}", label=outage.title, entry_id=outage.pk, count=9,
        baseline=0.4, channels={"facebook_comment": 5, "x_reply": 4})
    login(page, live_server, "lead1", "pw-lead1")
    page.goto(f"{live_server.url}/inbox/")
    chorus = page.locator("section.chorus")
    assert "Network outage in Bergen" in chorus.inner_text()
    _shot(page, "inbox-chorus.png")

    # One click: the heads-up, prefilled with the counts and the decision; edited; published.
    chorus.get_by_role("link", name="Write an announcement").click()
    text = page.locator("#chorus-text")
    assert "9 messages in the last hour (Facebook comment 5, X reply 4)" in text.input_value()
    text.fill(text.input_value() + " Offer no compensation.")
    page.get_by_role("button", name="Publish to the agents").click()
    page.get_by_text("Announced: the agents see it in their feed.").wait_for()
    announcement = Announcement.objects.get()
    assert announcement.kind == "heads_up" and announcement.text.endswith(
        "Offer no compensation.")

    # One click: the public post, with the channels and counts; edited and copied.
    page.locator("section.chorus").get_by_role("link", name="Write a public post").click()
    assert "Facebook comment" in page.locator("table.chorus-counts").inner_text()
    post = page.locator("#chorus-text")
    assert post.input_value().startswith("Many of you are asking about network outage")
    post.fill(post.input_value() + " Sorry for the trouble!")
    page.get_by_role("button", name="Copy the post").click()
    page.get_by_text("Copied: paste it on the page or profile.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").endswith("Sorry for the trouble!")
    _shot(page, "inbox-chorus-post.png")
    page.get_by_role("button", name="It is posted").click()
    page.get_by_text("Marked as posted.").wait_for()
    alert.refresh_from_db()
    assert alert.posted_at is not None and alert.announcement == announcement

    # The agents see the heads-up on their page.
    page.context.clear_cookies()
    login(page, live_server, "agent1", "pw-agent1")
    page.goto(f"{live_server.url}/agent/")
    assert "Offer no compensation." in page.locator("#announcement-list").inner_text()
