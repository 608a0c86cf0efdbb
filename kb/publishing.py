"""Publishing a decision: the entry goes live, is re-indexed, and agents are told."""

from django.db import transaction
from django.utils import timezone

from kb import versions
from kb.models import Entry


@transaction.atomic
def publish(entry: Entry, *, user, message: str = "Published") -> Entry:
    entry.status = Entry.Status.PUBLISHED
    entry.published_at = timezone.now()
    versions.save_entry(entry, user=user, message=message)
    from kb.audit import log_event

    log_event(user, "entry.published", entry, detail={"version": entry.version})
    return entry
