"""Celery tasks of the handbook."""

from celery import shared_task

from kb import indexing


@shared_task(name="kb.tasks.reindex_entries", autoretry_for=(Exception,), max_retries=3,
             retry_backoff=True)
def reindex_entries(entry_ids: list[int]) -> int:
    """Re-embed these entries' texts and bump the index generation."""
    return indexing.reindex(entry_ids)


@shared_task(name="kb.tasks.rebuild_index")
def rebuild_index() -> int:
    return indexing.reindex(None)
