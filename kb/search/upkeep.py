"""Keeping the stored embeddings and the index generation in step with the handbook.

Writers call `schedule_reindex`; a Celery task then embeds what changed and bumps the
generation that every web process watches (see kb.search.service)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable

from celery import shared_task
from django.db import transaction

from kb.models import Entry, IndexState
from kb.search.embeddings import ensure_embeddings

_suspended: contextvars.ContextVar[set | None] = contextvars.ContextVar("svar_reindex_suspended",
                                                                          default=None)


def schedule_reindex(entry_id: int | None) -> None:
    if entry_id is None:
        return
    pending = _suspended.get()
    if pending is not None:
        pending.add(entry_id)
        return
    transaction.on_commit(lambda: reindex_entries.delay([entry_id]))


@contextlib.contextmanager
def batched_reindex():
    """Collect re-index requests (bulk loads) and run one task for all of them at the end.
    Nested batches join the outermost one."""
    outer = _suspended.get()
    if outer is not None:
        yield outer
        return
    pending: set = set()
    token = _suspended.set(pending)
    try:
        yield pending
    finally:
        _suspended.reset(token)
    if pending:
        ids = sorted(pending)
        transaction.on_commit(lambda: reindex_entries.delay(ids))


def indexed_entries():
    """Entries the index holds: every published entry, public or internal (the search
    service filters by audience and team at query time)."""
    return Entry.objects.published().prefetch_related("questions")


def reindex(entry_ids: Iterable[int] | None = None, *,
            progress: Callable[[int, int], None] | None = None) -> int:
    """Embed what changed (for these entries, or all) and publish a new index generation."""
    entries = indexed_entries()
    if entry_ids is not None:
        entries = entries.filter(pk__in=list(entry_ids))
    texts = [text for entry in entries for _, text in entry.texts()]
    ensure_embeddings(texts, progress=progress)
    return IndexState.bump()


@shared_task(name="kb.search.upkeep.reindex_entries", autoretry_for=(Exception,), max_retries=3,
             retry_backoff=True)
def reindex_entries(entry_ids: list[int]) -> int:
    """Re-embed these entries' texts and bump the index generation."""
    return reindex(entry_ids)


@shared_task(name="kb.search.upkeep.rebuild_index")
def rebuild_index() -> int:
    return reindex(None)
