"""Retention: everything that holds customer text is kept for settings.SVAR_RETENTION_DAYS,
then its text is removed. Suggestions, feedback and settled open questions keep their rows
(without text) so counts and statistics survive; the rest goes.

What holds customer text: suggestions (message, handle, drafts), feedback (what was sent,
why rejected), unanswered messages (the gaps), open questions (the customer's wording and the
agent's note), proposals (drafts written for a customer), harvested example questions not
(yet) accepted into the handbook, and notifications (they quote reasons). Accepted example
questions are handbook content a lead decided on, checked for personal data like an entry."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kb.models import (
    ExampleQuestion,
    Notification,
    OpenQuestion,
    Proposal,
    UnansweredMessage,
)
from suggest.models import Feedback, Suggestion

CUSTOMER_SOURCES = (ExampleQuestion.Source.HARVEST, ExampleQuestion.Source.QUESTION)


@transaction.atomic
def purge_expired(days: int | None = None, *, now=None) -> dict[str, int]:
    """Remove customer text older than the retention period. Returns counts per kind."""
    days = settings.SVAR_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    old = Suggestion.objects.filter(created_at__lt=cutoff, purged_at__isnull=True)
    ids = list(old.values_list("pk", flat=True))
    feedback = Feedback.objects.filter(suggestion_id__in=ids).update(final_text="", reason="")
    suggestions = Suggestion.objects.filter(pk__in=ids).update(
        text="", customer_name="", drafts=[], nearest=[], analysis={}, purged_at=now)
    unanswered, _ = UnansweredMessage.objects.filter(created_at__lt=cutoff).delete()
    expired_questions = OpenQuestion.objects.filter(created_at__lt=cutoff)
    open_questions, _ = expired_questions.filter(status=OpenQuestion.Status.OPEN).delete()
    questions = (expired_questions.exclude(text="", note="").update(text="", note=""))
    expired_proposals = Proposal.objects.filter(created_at__lt=cutoff)
    open_proposals, _ = expired_proposals.filter(status=Proposal.Status.OPEN).delete()
    proposals = expired_proposals.exclude(data={}, note="", reason="").update(
        data={}, note="", reason="")
    wordings, _ = (ExampleQuestion.objects.filter(created_at__lt=cutoff,
                                                  source__in=CUSTOMER_SOURCES)
                   .exclude(status=ExampleQuestion.Status.ACCEPTED).delete())
    notifications, _ = Notification.objects.filter(created_at__lt=cutoff).delete()
    return {"suggestions": suggestions, "feedback": feedback,
            "unanswered_messages": unanswered, "open_questions": open_questions,
            "settled_questions": questions, "open_proposals": open_proposals,
            "settled_proposals": proposals, "harvested_wordings": wordings,
            "notifications": notifications}
