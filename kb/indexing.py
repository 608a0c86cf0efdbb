"""Keeping the stored embeddings and the index generation in step with the handbook.

Writers call `schedule_reindex`; a Celery task then embeds what changed and bumps the
generation that every web process watches (see kb.search.service)."""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
from collections.abc import Callable, Iterable

import numpy as np
from django.db import transaction

from kb.models import Embedding, Entry, IndexState

_suspended: contextvars.ContextVar[set | None] = contextvars.ContextVar("svar_reindex_suspended",
                                                                          default=None)


def schedule_reindex(entry_id: int | None) -> None:
    if entry_id is None:
        return
    pending = _suspended.get()
    if pending is not None:
        pending.add(entry_id)
        return

    def enqueue():
        from kb.tasks import reindex_entries

        reindex_entries.delay([entry_id])

    transaction.on_commit(enqueue)


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
        from kb.tasks import reindex_entries

        ids = sorted(pending)
        transaction.on_commit(lambda: reindex_entries.delay(ids))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_name() -> str:
    """Name of the sentence-transformer's vectors (the ``minilm`` space); loads it."""
    from kb.search.encoder import configured_encoder

    return configured_encoder().model_name


def model_names() -> dict[str, str]:
    """Stored model name of each dense space search uses (loads the encoders)."""
    from kb.search.encoder import space_encoders

    return {space: encoder.model_name for space, encoder in space_encoders().items()}


def ensure_embeddings(texts: Iterable[str], *, progress: Callable[[int, int], None] | None = None,
                      batch_size: int = 2048, spaces=None, languages=None) -> int:
    """Encode and store, for every dense space search uses (or ``spaces``), the texts that
    have no embedding for that space's model yet; with ``languages`` (one per text), only
    for the spaces a partition of that language uses (``calibration.spaces_for``).
    Returns how many were encoded.  Safe to run twice at once: inserts ignore conflicts.
    Large chunks let the encoder group texts of like length (less padding); each chunk is
    stored, and reported to `progress`, as it is done."""
    from kb.search.calibration import spaces_for
    from kb.search.encoder import space_encoders

    texts = list(texts)
    pending = []
    for space, encoder in space_encoders(spaces).items():
        mine = texts if languages is None else \
            [t for t, lang in zip(texts, languages, strict=True) if space in spaces_for(lang)]
        by_hash = {text_hash(t): t for t in mine}
        known = set()
        hashes = list(by_hash)
        for i in range(0, len(hashes), 5000):
            known.update(Embedding.objects.filter(model_name=encoder.model_name,
                                                  text_hash__in=hashes[i:i + 5000])
                         .values_list("text_hash", flat=True))
        pending.append((encoder, by_hash, [h for h in hashes if h not in known]))
    total = sum(len(missing) for _, _, missing in pending)
    done = 0
    for encoder, by_hash, missing in pending:
        for i in range(0, len(missing), batch_size):
            chunk = missing[i:i + batch_size]
            vectors = encoder.encode([by_hash[h] for h in chunk], bulk=True)
            Embedding.objects.bulk_create(
                [Embedding(model_name=encoder.model_name, text_hash=h, dim=vectors.shape[1],
                           vector=np.asarray(v, dtype=np.float32).tobytes())
                 for h, v in zip(chunk, vectors, strict=True)],
                ignore_conflicts=True,
            )
            done += len(chunk)
            if progress:
                progress(done, total)
    return total


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
