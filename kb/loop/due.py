"""Review-by dates that have passed: the decisions a lead asked to check again by now. The
leads' queue lists them; a beat task tells each lead once per entry and date."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from kb.loop.announcements import notify
from kb.models import Entry, Notification
from kb.roles import LEADS


def due_for_review(today: datetime.date | None = None):
    """Published entries whose review-by date is today or earlier, the longest overdue
    first."""
    today = today or timezone.localdate()
    return (Entry.objects.filter(status=Entry.Status.PUBLISHED, review_by__lte=today)
            .select_related("team").order_by("review_by", "pk"))


def _text(entry: Entry) -> str:
    return f"“{entry.title}” is due for review (review by {entry.review_by.isoformat()})."


def remind_leads(today: datetime.date | None = None) -> int:
    """Notify every active lead of each entry that fell due; never twice for the same
    entry and date. Returns how many notifications were written."""
    leads = list(get_user_model().objects.filter(is_active=True).filter(
        Q(groups__name=LEADS) | Q(is_superuser=True)).distinct())
    written = 0
    for entry in due_for_review(today):
        text = _text(entry)
        told = set(Notification.objects.filter(entry=entry, text=text)
                   .values_list("user_id", flat=True))
        for lead in leads:
            if lead.pk not in told and notify(lead, text, entry=entry):
                written += 1
    return written
