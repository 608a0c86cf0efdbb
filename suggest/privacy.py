"""Right of access and erasure: everything Svar stores about one customer, found by handle,
display name or e-mail, exported as JSON or erased. The audit log records that it happened,
never who the customer was."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q

from kb.audit import log_event
from kb.models import ExampleQuestion, OpenQuestion, Proposal, UnansweredMessage
from suggest.models import Feedback, Suggestion

MIN_IDENTIFIER = 3


def _normalise(identifier: str) -> str:
    identifier = (identifier or "").strip()
    if len(identifier) < MIN_IDENTIFIER:
        raise ValueError(f"Give a handle, name or e-mail of at least {MIN_IDENTIFIER} characters.")
    return identifier


def _variants(identifier: str) -> list[str]:
    bare = identifier.lstrip("@")
    return list(dict.fromkeys([identifier, bare, "@" + bare]))


def _suggestions(identifier: str):
    q = Q()
    for v in _variants(identifier):
        q |= (Q(customer_name__iexact=v) | Q(text__icontains=v)
              | Q(feedback__final_text__icontains=v))
    return Suggestion.objects.filter(q).distinct()


def _kb_texts(identifier: str):
    """Handbook-side rows whose text mentions the customer (wordings are redacted, but a
    handle or name can survive redaction)."""
    q_text = Q()
    for v in _variants(identifier):
        q_text |= Q(text__icontains=v)
    return [ExampleQuestion.objects.filter(q_text), OpenQuestion.objects.filter(q_text),
            UnansweredMessage.objects.filter(q_text)]


def export_customer(identifier: str, *, user) -> dict:
    identifier = _normalise(identifier)
    suggestions = _suggestions(identifier).prefetch_related("feedback")
    data = {
        "identifier": identifier,
        "suggestions": [{
            "id": s.pk, "created_at": s.created_at.isoformat(), "channel": s.channel,
            "public": s.public, "customer_name": s.customer_name, "text": s.text,
            "language": s.language, "drafts": [d.get("text") for d in s.drafts],
            "feedback": [{"action": f.action, "final_text": f.final_text,
                          "created_at": f.created_at.isoformat()} for f in s.feedback.all()],
        } for s in suggestions],
        "handbook_mentions": [{"kind": qs.model._meta.model_name, "id": row.pk, "text": row.text}
                              for qs in _kb_texts(identifier) for row in qs],
    }
    log_event(user, "customer.exported", detail={"suggestions": len(data["suggestions"]),
                                                 "mentions": len(data["handbook_mentions"])})
    return data


@transaction.atomic
def erase_customer(identifier: str, *, user) -> dict[str, int]:
    identifier = _normalise(identifier)
    suggestions = list(_suggestions(identifier).values_list("pk", flat=True))
    feedback = Feedback.objects.filter(suggestion_id__in=suggestions).count()
    Suggestion.objects.filter(pk__in=suggestions).delete()
    pattern = re.compile("|".join(re.escape(v) for v in _variants(identifier)), re.IGNORECASE)
    scrubbed = 0
    for qs in _kb_texts(identifier):
        for row in qs:
            row.text = pattern.sub("[customer]", row.text)
            row.save(update_fields=["text"])
            scrubbed += 1
    for proposal in Proposal.objects.all().only("pk", "data", "note"):
        raw = str(proposal.data) + proposal.note
        if pattern.search(raw):
            proposal.note = pattern.sub("[customer]", proposal.note)
            proposal.data = {k: pattern.sub("[customer]", v) if isinstance(v, str) else v
                             for k, v in proposal.data.items()}
            proposal.save(update_fields=["note", "data"])
            scrubbed += 1
    counts = {"suggestions": len(suggestions), "feedback": feedback, "scrubbed_texts": scrubbed}
    log_event(user, "customer.erased", detail=counts)
    return counts
