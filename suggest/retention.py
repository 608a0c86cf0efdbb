"""Retention: customer messages are kept for settings.SVAR_RETENTION_DAYS, then their text is
removed. Rows stay (without text) so counts and statistics survive."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kb.models import OpenQuestion, UnansweredMessage
from suggest.models import Feedback, Suggestion


@transaction.atomic
def purge_expired(days: int | None = None, *, now=None) -> dict[str, int]:
    """Anonymise suggestions and feedback older than the retention period, delete old
    unanswered messages, clear the wording of settled open questions. Returns counts."""
    days = settings.SVAR_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Suggestion.objects.filter(created_at__lt=cutoff, purged_at__isnull=True)
    ids = list(old.values_list("pk", flat=True))
    feedback = Feedback.objects.filter(suggestion_id__in=ids).update(final_text="", reason="")
    suggestions = Suggestion.objects.filter(pk__in=ids).update(
        text="", customer_name="", drafts=[], nearest=[], purged_at=timezone.now())
    unanswered, _ = UnansweredMessage.objects.filter(created_at__lt=cutoff).delete()
    questions = (OpenQuestion.objects.filter(created_at__lt=cutoff)
                 .exclude(status=OpenQuestion.Status.OPEN).exclude(text="")
                 .update(text="", note=""))
    return {"suggestions": suggestions, "feedback": feedback,
            "unanswered_messages": unanswered, "settled_questions": questions}
