"""Right of access and erasure: everything Svar stores about one customer, found by handle,
display name or e-mail, exported as JSON or erased. The audit log records that it happened,
never who the customer was."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q

from kb.audit import log_event
from kb.models import ExampleQuestion, Notification, OpenQuestion, Proposal, UnansweredMessage
from project.privacy_registry import CustomerMatch, providers
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
    """The customer's suggestions: their name or handle exactly, or mentioned as a whole
    word in the text (so erasing "Per" does not touch "operatør")."""
    pattern = _pattern(identifier)
    exact, loose = Q(), Q()
    for v in _variants(identifier):
        exact |= Q(customer_name__iexact=v)
        loose |= Q(text__icontains=v) | Q(feedback__final_text__icontains=v)
    ids = set(Suggestion.objects.filter(exact).values_list("pk", flat=True))
    for s in Suggestion.objects.filter(loose).exclude(pk__in=ids).prefetch_related("feedback"):
        if pattern.search(s.text) or any(pattern.search(f.final_text) for f in s.feedback.all()):
            ids.add(s.pk)
    return Suggestion.objects.filter(pk__in=ids)


# Handbook-side rows where a customer's handle or name can survive redaction.
KB_TEXT_FIELDS = [
    (ExampleQuestion, ("text",)),
    (OpenQuestion, ("text", "note")),
    (UnansweredMessage, ("text",)),
    (Proposal, ("note", "reason")),
    (Notification, ("text",)),
]


def _kb_rows(identifier: str):
    """(row, fields) pairs of handbook-side rows that mention the customer."""
    pattern = _pattern(identifier)
    for model, fields in KB_TEXT_FIELDS:
        q = Q()
        for v in _variants(identifier):
            for field in fields:
                q |= Q(**{f"{field}__icontains": v})
        for row in model.objects.filter(q):
            if any(pattern.search(getattr(row, f) or "") for f in fields):
                yield row, fields
    for proposal in Proposal.objects.all().only("pk", "data"):
        if pattern.search(str(proposal.data)):
            yield proposal, ("data",)


def _pattern(identifier: str) -> re.Pattern:
    words = "|".join(re.escape(v) for v in _variants(identifier))
    return re.compile(rf"(?<![\w@])(?:{words})(?!\w)", re.IGNORECASE)


def _match(identifier: str) -> CustomerMatch:
    return CustomerMatch(identifier, tuple(_variants(identifier)), _pattern(identifier))


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
        "handbook_mentions": [{"kind": row._meta.model_name, "id": row.pk,
                               **{f: getattr(row, f) for f in fields}}
                              for row, fields in _kb_rows(identifier)],
    }
    match = _match(identifier)
    for provider in providers():
        data[provider.name] = provider.export(match)
    log_event(user, "customer.exported", detail={
        "suggestions": len(data["suggestions"]), "mentions": len(data["handbook_mentions"]),
        **{p.name: len(data[p.name]) for p in providers()}})
    return data


@transaction.atomic
def erase_customer(identifier: str, *, user) -> dict[str, int]:
    identifier = _normalise(identifier)
    provided: dict[str, int] = {}
    match = _match(identifier)
    for provider in providers():  # first: their rows may point at the suggestions below
        provided.update(provider.erase(match))
    suggestions = list(_suggestions(identifier).values_list("pk", flat=True))
    feedback = Feedback.objects.filter(suggestion_id__in=suggestions).count()
    Suggestion.objects.filter(pk__in=suggestions).delete()
    pattern = _pattern(identifier)
    scrubbed = 0
    for row, fields in list(_kb_rows(identifier)):
        for field in fields:
            value = getattr(row, field)
            if isinstance(value, dict):
                value = {k: pattern.sub("[customer]", v) if isinstance(v, str) else v
                         for k, v in value.items()}
            else:
                value = pattern.sub("[customer]", value)
            setattr(row, field, value)
        row.save(update_fields=list(fields))
        scrubbed += 1
    counts = {"suggestions": len(suggestions), "feedback": feedback, "scrubbed_texts": scrubbed,
              **provided}
    log_event(user, "customer.erased", detail=counts)
    return counts
