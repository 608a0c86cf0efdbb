"""The inbox's part of access and erasure requests: conversations, messages and replies
about one customer, registered with project.privacy_registry from InboxConfig.ready."""

from __future__ import annotations

from django.db.models import Q

from inbox.models import Conversation, Delivery, Message, Reply
from project.privacy_registry import CustomerDataProvider, CustomerMatch
from suggest.models import Suggestion


def _exact(match: CustomerMatch, *fields: str) -> Q:
    q = Q()
    for v in match.variants:
        for field in fields:
            q |= Q(**{f"{field}__iexact": v})
    return q


def _mentioning(model, match: CustomerMatch, field: str = "text"):
    """Rows whose text names the customer as a whole word."""
    q = Q()
    for v in match.variants:
        q |= Q(**{f"{field}__icontains": v})
    return [row for row in model.objects.filter(q) if match.pattern.search(getattr(row, field))]


def _conversations(match: CustomerMatch):
    return Conversation.objects.filter(_exact(match, "customer_handle", "customer_name"))


def _authored(match: CustomerMatch):
    return Message.objects.filter(direction=Message.Direction.IN).filter(
        _exact(match, "author_handle", "author_name"))


def _pending(match: CustomerMatch) -> list[Delivery]:
    """Deliveries the worker has not filed yet (normally none, or a few seconds' worth):
    by author, or naming the customer in their (redacted) text."""
    variants = {v.lower() for v in match.variants}
    return [d for d in Delivery.objects.filter(message__isnull=True)
            if {str(d.data.get("author_handle", "")).lower(),
                str(d.data.get("author_name", "")).lower()} & variants
            or match.pattern.search(str(d.data.get("text", "")))]


def _message(m: Message) -> dict:
    return {"id": m.pk, "conversation": m.conversation_id, "direction": m.direction,
            "author_handle": m.author_handle, "author_name": m.author_name, "text": m.text,
            "sent_at": m.sent_at.isoformat()}


def export(match: CustomerMatch) -> list[dict]:
    rows = []
    for c in _conversations(match).prefetch_related("messages", "replies"):
        rows.append({"kind": "conversation", "id": c.pk, "channel": c.channel,
                     "customer_handle": c.customer_handle, "customer_name": c.customer_name,
                     "subject": c.subject,
                     "status": c.status, "created_at": c.created_at.isoformat(),
                     "messages": [_message(m) for m in c.messages.all()],
                     "replies": [{"id": r.pk, "text": r.text, "state": r.state,
                                  "created_at": r.created_at.isoformat()}
                                 for r in c.replies.all()]})
    seen = set(_conversations(match).values_list("pk", flat=True))
    others = {m.pk: m for m in _authored(match).exclude(conversation_id__in=seen)}
    others.update({m.pk: m for m in _mentioning(Message, match) if m.conversation_id not in seen})
    rows += [{"kind": "message", **_message(m)} for m in others.values()]
    rows += [{"kind": "reply", "id": r.pk, "conversation": r.conversation_id, "text": r.text}
             for r in _mentioning(Reply, match) if r.conversation_id not in seen]
    rows += [{"kind": "pending_message", "id": d.pk, "channel": d.channel, **d.data}
             for d in _pending(match)]
    return rows


def erase(match: CustomerMatch) -> dict[str, int]:
    """The customer's own conversations go whole; in a shared public thread only their
    messages go, and other texts that name them are scrubbed. The drafts written for
    their messages go with them."""
    own = _conversations(match)
    shared = set(Message.objects.filter(direction=Message.Direction.IN, conversation__in=own)
                 .exclude(pk__in=_authored(match)).exclude(author_handle="", author_name="")
                 .values_list("conversation_id", flat=True))
    whole = own.exclude(pk__in=list(shared))
    messages = Message.objects.filter(Q(conversation__in=whole) | Q(pk__in=_authored(match)))
    suggestion_ids = list(messages.exclude(suggestion=None).values_list("suggestion", flat=True))
    counts = {"inbox_conversations": whole.count(), "inbox_messages": messages.count()}
    messages.delete()
    whole.delete()
    Suggestion.objects.filter(pk__in=suggestion_ids).delete()
    counts["inbox_suggestions"] = len(suggestion_ids)
    Conversation.objects.filter(pk__in=list(shared)).update(customer_handle="",
                                                            customer_name="")
    scrubbed = 0
    for model in (Message, Reply):
        for row in _mentioning(model, match):
            row.text = match.pattern.sub("[customer]", row.text)
            row.save(update_fields=["text"])
            scrubbed += 1
    counts["inbox_scrubbed_texts"] = scrubbed
    pending = _pending(match)
    Delivery.objects.filter(pk__in=[d.pk for d in pending]).delete()
    counts["inbox_pending_messages"] = len(pending)
    return counts


PROVIDER = CustomerDataProvider(name="inbox", export=export, erase=erase)
