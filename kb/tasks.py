"""The handbook's periodic tasks (the search index's are in kb/search/upkeep.py)."""

from celery import shared_task

from kb.loop import due


@shared_task
def remind_due_reviews() -> int:
    """Beat, daily: tell the leads which decisions are due for review."""
    return due.remind_leads()
