"""Keeping the stored embeddings and the index generation in step with the handbook.

Writers call `schedule_reindex`: it writes an outbox row (ReindexRequest) in the writer's
transaction and, once that commits, asks a Celery worker to drain the outbox: embed what
changed and bump the generation that every web process watches (see kb.search.service).
When the broker is down the write still succeeds; the row waits for the next drain (Celery
beat runs one every SVAR_REINDEX_DRAIN_SECONDS), so no change is ever left unindexed."""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable, Iterable

from celery import shared_task
from django.db import transaction

from kb.models import Entry, IndexState, ReindexRequest
from kb.search.embeddings import ensure_embeddings

log = logging.getLogger(__name__)
#: Outbox rows one drain takes at most (the rest wait for the next drain).
DRAIN_BATCH = 500

_suspended: contextvars.ContextVar[set | None] = contextvars.ContextVar("svar_reindex_suspended",
                                                                          default=None)


def schedule_reindex(entry_id: int | None) -> None:
    if entry_id is None:
        return
    pending = _suspended.get()
    if pending is not None:
        pending.add(entry_id)
        return
    _enqueue([entry_id])


def _enqueue(entry_ids: list[int]) -> None:
    ReindexRequest.objects.create(entry_ids=entry_ids)
    transaction.on_commit(dispatch_drain)


def dispatch_drain() -> None:
    """Ask a worker to drain the outbox now. A broker that is down (or a failing in-process
    drain) is logged, not raised: the change has committed and its row waits for beat."""
    try:
        drain_reindex_requests.apply_async(retry=False)
    except Exception:
        log.warning("re-index not dispatched now; the outbox keeps it for the next drain",
                    exc_info=True)


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
        _enqueue(sorted(pending))


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
    pairs = [(text, entry.language) for entry in entries for _, text in entry.texts()]
    ensure_embeddings([t for t, _ in pairs], progress=progress,
                      languages=[lang for _, lang in pairs])
    return IndexState.bump()


@shared_task(name="kb.search.upkeep.reindex_entries", autoretry_for=(Exception,), max_retries=3,
             retry_backoff=True)
def reindex_entries(entry_ids: list[int]) -> int:
    """Re-embed these entries' texts and bump the index generation."""
    return reindex(entry_ids)


@shared_task(name="kb.search.upkeep.rebuild_index")
def rebuild_index() -> int:
    return reindex(None)


@shared_task(name="kb.search.upkeep.drain_reindex_requests")
def drain_reindex_requests() -> int | None:
    """Re-index the entries the outbox holds and delete the rows covered, in one
    transaction: a drain that fails leaves them for the next one. Concurrent drains take
    different rows (SKIP LOCKED on PostgreSQL). Returns the new generation, or None."""
    with transaction.atomic():
        rows = list(ReindexRequest.objects.select_for_update(skip_locked=True)
                    .order_by("pk")[:DRAIN_BATCH])
        if not rows:
            return None
        generation = reindex(sorted({i for row in rows for i in row.entry_ids}))
        ReindexRequest.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return generation

