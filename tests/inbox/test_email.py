"""The e-mail connector (Postmark) against a local server that plays Postmark's API.

Samples follow Postmark's documentation:
- The inbound webhook's JSON (FromFull, To, OriginalRecipient, Subject, MessageID, Date,
  TextBody, StrippedTextReply, Headers as Name/Value pairs), and its advice to protect the
  URL with a secret (basic auth) since the request is not signed:
  https://postmarkapp.com/developer/webhooks/inbound-webhook
- Sending (POST /email with X-Postmark-Server-Token; From, To, Subject, TextBody, Headers,
  MessageStream; answer {"To", "SubmittedAt", "MessageID", "ErrorCode": 0, "Message": "OK"}):
  https://postmarkapp.com/developer/api/email-api
"""

import json
from email.utils import format_datetime

import pytest
from django.utils import timezone

from inbox import replies
from inbox.models import Conversation, Message
from tests.inbox.helpers import hide_from_the_inbox, webhook
from tests.platforms import platform  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
SUPPORT = "support@brand.example"


@pytest.fixture(autouse=True)
def _postmark(settings, platform):  # noqa: F811
    settings.SVAR_EMAIL_WEBHOOK_TOKEN = "inbound-secret"
    settings.SVAR_POSTMARK_SERVER_TOKEN = "server-token"
    settings.SVAR_EMAIL_FROM = SUPPORT
    settings.SVAR_POSTMARK_API_URL = platform.url


@pytest.fixture
def handbook(make_entry):
    return make_entry("Data rollover", "Unused data rolls over to the next month.",
                      questions=["does unused data roll over", "do I keep my unused data"])


def inbound(message_id="<CAF=1234@mail.example.com>", *, references="", text=None,
            sender="kari@example.no"):
    # Postmark's inbound sample, with this test's sender, text and a current Date.
    headers = [{"Name": "X-Spam-Status", "Value": "No"},
               {"Name": "Message-ID", "Value": message_id}]
    if references:
        headers += [{"Name": "In-Reply-To", "Value": references.split()[-1]},
                    {"Name": "References", "Value": references}]
    return {"FromName": "Kari Nordmann", "MessageStream": "inbound", "From": sender,
            "FromFull": {"Email": sender, "Name": "Kari Nordmann", "MailboxHash": ""},
            "To": f"\"Support\" <{SUPPORT}>", "OriginalRecipient": SUPPORT,
            "Subject": "Data rollover? Call me on 912 34 567",
            "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b", "ReplyTo": "",
            "MailboxHash": "", "Date": format_datetime(timezone.now()),
            "TextBody": text or "Hi,\nDoes unused data roll over?\n\nKari",
            "StrippedTextReply": text or "", "Tag": "", "Headers": headers,
            "Attachments": []}


def post(client, payload, token="inbound-secret"):
    return webhook(client, f"/api/v1/inbox/webhooks/email/{token}/",
                   json.dumps(payload).encode())


def test_only_the_webhook_url_with_our_secret_is_accepted(client, settings):
    assert post(client, inbound(), token="guess").status_code == 403
    settings.SVAR_EMAIL_WEBHOOK_TOKEN = ""
    assert post(client, inbound(), token="").status_code in (403, 404)
    assert not Message.objects.exists()


def test_an_email_becomes_a_conversation_with_drafts_and_a_redacted_subject(client, handbook):
    response = post(client, inbound())
    assert response.status_code == 200 and response.json() == {"received": 1, "new": 1}
    conversation = Conversation.objects.get()
    assert (conversation.connector, conversation.channel, conversation.public,
            conversation.customer_handle, conversation.customer_name) == (
        "email", "email", False, "kari@example.no", "Kari Nordmann")
    assert "912 34 567" not in conversation.subject and "[phone]" in conversation.subject
    message = Message.objects.get()
    assert message.external_id == "<CAF=1234@mail.example.com>"
    assert message.suggestion.drafts[0]["entry"]["id"] == handbook.pk
    assert post(client, inbound()).json()["new"] == 0  # redelivered: recorded once


def test_the_customers_answer_joins_the_thread_by_its_references(client):
    post(client, inbound())
    answer = inbound("<CAF=5678@mail.example.com>", text="And in Spain?",
                     references="<CAF=1234@mail.example.com> <out-1@pm.example>")
    post(client, answer)
    conversation = Conversation.objects.get()
    assert list(conversation.messages.values_list("text", flat=True)) == [
        "Hi,\nDoes unused data roll over?\n\nKari", "And in Spain?"]


def test_a_reply_goes_out_threaded_with_re_subject_and_stops_the_clock(
        client, agent, platform, django_capture_on_commit_callbacks):  # noqa: F811
    post(client, inbound())
    conversation = Conversation.objects.get()
    platform.answer("/email", (200, {"To": "kari@example.no",
                                     "SubmittedAt": "2014-02-17T07:25:01.4178645-05:00",
                                     "MessageID": "0a129aee-e1cd-480d-b08d-4f48548ff48d",
                                     "ErrorCode": 0, "Message": "OK"}))
    with django_capture_on_commit_callbacks(execute=True):
        reply = replies.send(conversation, agent=agent, text="Hi Kari, yes it rolls over.")
    sent = platform.to("/email")[0]
    assert sent.headers["x-postmark-server-token"] == "server-token"
    body = sent.json()
    assert (body["From"], body["To"], body["TextBody"]) == (
        SUPPORT, "kari@example.no", "Hi Kari, yes it rolls over.")
    assert body["Subject"] == f"Re: {conversation.subject}"
    assert {"Name": "In-Reply-To", "Value": "<CAF=1234@mail.example.com>"} in body["Headers"]
    reply.refresh_from_db()
    conversation.refresh_from_db()
    assert (reply.state, reply.external_id) == ("sent", "0a129aee-e1cd-480d-b08d-4f48548ff48d")
    assert conversation.waiting_since is None


def test_our_own_copy_is_not_a_customer_message_and_bad_input_is_a_400(client):
    assert post(client, inbound(sender=SUPPORT)).json()["received"] == 0
    missing = inbound()
    del missing["FromFull"]
    response = post(client, missing)
    assert response.status_code == 400 and "FromFull" in response.json()


def test_an_email_cannot_be_hidden(client, agent, platform):  # noqa: F811
    post(client, inbound())
    assert hide_from_the_inbox(client, agent).hidden_at is None
    assert platform.requests == []
