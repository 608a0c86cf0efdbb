"""Publishing a decision: the entry goes live, is re-indexed, and agents are told."""

from django.db import transaction
from django.utils import timezone

from kb import versions
from kb.models import Entry


@transaction.atomic
def publish(entry: Entry, *, user, message: str = "Published", questions: list[str] | None = None,
            topics: list[str] | None = None) -> Entry:
    """Publish as one new version (with these accepted questions / topics if given) and log
    it; kb.versions announces it to the agents it concerns."""
    from kb.audit import log_event

    entry.status = Entry.Status.PUBLISHED
    entry.published_at = timezone.now()
    versions.save_entry(entry, user=user, message=message, questions=questions, topics=topics)
    log_event(user, "entry.published", entry, detail={"version": entry.version})
    return entry
