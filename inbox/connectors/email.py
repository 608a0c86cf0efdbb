"""E-mail, through Postmark: its inbound webhook in, its e-mail API out.

In: Postmark POSTs each inbound e-mail as JSON (FromFull, Subject, TextBody,
StrippedTextReply, Headers, MessageID) to a URL holding SVAR_EMAIL_WEBHOOK_TOKEN; Postmark
does not sign the request, so the URL's secret is the authentication (as Postmark's own
advice, basic auth in the URL, is). A thread is the first Message-ID its References name
(else In-Reply-To, else the message's own), so a customer's answer to our reply joins the
conversation. Out: POST /email with the X-Postmark-Server-Token header
(SVAR_POSTMARK_SERVER_TOKEN), from SVAR_EMAIL_FROM, "Re: <subject>", threaded by In-Reply-To
and References. An e-mail cannot be hidden."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.utils import timezone

from inbox.connectors import http
from inbox.connectors.base import BadPayload, Incoming, NotSupported, Sent, parse_json

MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def _header(data: dict, name: str) -> str:
    for header in data.get("Headers") or []:
        if isinstance(header, dict) and str(header.get("Name", "")).lower() == name.lower():
            return str(header.get("Value") or "")
    return ""


def _when(value) -> datetime:
    # Postmark's sample writes the offset as "-04:00"; RFC 5322 (and the parser) "-0400".
    text = re.sub(r"([+-]\d\d):(\d\d)$", r"\1\2", str(value or "").strip())
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return timezone.now()
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse(data) -> list[Incoming]:
    if not isinstance(data, dict):
        raise BadPayload("body", "must be a JSON object.")
    sender = data.get("FromFull")
    if not isinstance(sender, dict) or "@" not in str(sender.get("Email", "")):
        raise BadPayload("FromFull", "the sender with an e-mail address is required.")
    own = (MESSAGE_ID.findall(_header(data, "Message-ID")) or [""])[0] or \
        str(data.get("MessageID") or "")
    if not own:
        raise BadPayload("MessageID", "is required.")
    references = MESSAGE_ID.findall(_header(data, "References")) or \
        MESSAGE_ID.findall(_header(data, "In-Reply-To"))
    address = str(sender["Email"]).strip().lower()
    if address == settings.SVAR_EMAIL_FROM.lower():
        return []  # our own reply, copied back
    text = str(data.get("StrippedTextReply") or data.get("TextBody") or "").strip()
    return [Incoming(
        channel="email", public=False,
        account_id=str(data.get("OriginalRecipient") or data.get("To") or "")[:100],
        thread_id=(references[0] if references else own)[:255], external_id=own[:255],
        text=text[:5000], author_handle=address[:255],
        author_name=str(sender.get("Name") or "")[:200], sent_at=_when(data.get("Date")),
        subject=str(data.get("Subject") or "")[:300])]


class EmailConnector:
    name = "email"

    def receive(self, body: bytes, headers) -> list[Incoming]:
        return parse(parse_json(body))

    def send_reply(self, conversation, reply, in_reply_to) -> Sent:
        token = settings.SVAR_POSTMARK_SERVER_TOKEN
        if not token or not settings.SVAR_EMAIL_FROM:
            raise NotSupported("SVAR_POSTMARK_SERVER_TOKEN and SVAR_EMAIL_FROM are not set")
        subject = conversation.subject or ""
        if not subject.lower().startswith("re:"):
            subject = f"Re: {subject}".strip()
        answered = in_reply_to.external_id if in_reply_to else conversation.external_thread_id
        references = " ".join(dict.fromkeys([conversation.external_thread_id, answered]))
        answer = http.call("POST", f"{settings.SVAR_POSTMARK_API_URL}/email", json={
            "From": settings.SVAR_EMAIL_FROM, "To": conversation.customer_handle,
            "Subject": subject, "TextBody": reply.text, "MessageStream": "outbound",
            "Headers": [{"Name": "In-Reply-To", "Value": answered},
                        {"Name": "References", "Value": references}]},
            headers={"X-Postmark-Server-Token": token, "Accept": "application/json"}).json()
        return Sent(str(answer.get("MessageID", "")))

    def hide(self, message) -> None:
        raise NotSupported("an e-mail cannot be hidden")
