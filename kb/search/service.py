"""The one search function everything uses (suggest, public FAQ, API), and the per-process
index that follows the database's index generation.

The in-memory index is rebuilt from stored embeddings (no re-encoding) whenever the
generation in the database moves; the new one is swapped in whole, so a request sees either
the old or the new index, never a half-built one. Every hit is checked against the database
before it is returned, so a stale index cannot show a retired or internal entry.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from kb.indexing import indexed_entries, model_name, text_hash
from kb.models import Embedding, Entry, IndexState
from kb.search import engine as engine_mod
from kb.search.engine import Doc, Engine, release_free_heap

log = logging.getLogger(__name__)

PUBLIC = "public"
ALL = "all"


@dataclass(frozen=True)
class EntryMeta:
    language: str
    audience: str
    translation_group: str


@dataclass(frozen=True)
class LoadedIndex:
    engine: Engine
    generation: int
    meta: dict[int, EntryMeta]
    built_at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class SearchHit:
    entry: Entry
    score: float
    matched_text: str
    matched_field: str
    translated_from: str | None = None  # set when no translation in the wanted language exists
    source_entry_id: int | None = None  # the entry the index matched (before translation)


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    confidence: float
    abstained: bool
    threshold: float
    language: str | None


def abstain_threshold() -> float:
    configured = settings.SVAR_ABSTAIN_THRESHOLD
    return engine_mod.ABSTAIN_THRESHOLD if configured is None else configured


class IndexHolder:
    """Holds this process's index and swaps in a newer one when the generation moves."""

    def __init__(self) -> None:
        self._index: LoadedIndex | None = None
        self._lock = threading.Lock()
        self._building = False
        self._checked_at = 0.0
        self._failed_at = -math.inf  # after a failed build, wait before trying again

    @property
    def generation(self) -> int | None:
        return self._index.generation if self._index else None

    def get(self) -> LoadedIndex:
        now = time.monotonic()
        if self._index is None or now - self._checked_at >= settings.SVAR_INDEX_POLL_SECONDS:
            self._checked_at = now
            generation = IndexState.current_generation()
            if self._index is None:
                with self._lock:
                    if self._index is None:
                        self._index = build_index(generation)
            elif generation > self._index.generation and \
                    now - self._failed_at >= settings.SVAR_INDEX_RETRY_SECONDS:
                # A build already running for an older generation is followed by another:
                # the next check after it finishes sees the index still behind.
                self._refresh(generation)
        return self._index

    def _refresh(self, generation: int) -> None:
        if not getattr(settings, "SVAR_INDEX_BACKGROUND_SWAP", True):
            self._swap(generation)
            return
        with self._lock:
            if self._building:
                return
            self._building = True
        threading.Thread(target=self._swap, args=(generation,), daemon=True,
                         name="svar-index-swap").start()

    def _swap(self, generation: int) -> None:
        try:
            fresh = build_index(generation)
            with self._lock:
                if self._index is None or fresh.generation >= self._index.generation:
                    self._index = fresh
            del fresh
            release_free_heap()  # the replaced index, unless a request still holds it
        except Exception:  # the last good index keeps serving
            log.exception("index rebuild for generation %s failed", generation)
            self._failed_at = time.monotonic()
        finally:
            self._building = False
            from django.db import connection

            if threading.current_thread().name == "svar-index-swap":
                connection.close()

    def reset(self) -> None:
        with self._lock:
            self._index = None
            self._checked_at = 0.0
            self._failed_at = -math.inf


holder = IndexHolder()


def build_index(generation: int | None = None) -> LoadedIndex:
    """Build an Engine from the database's published entries and stored embeddings.
    Texts with no stored embedding yet are encoded now (and stored)."""
    from kb.indexing import ensure_embeddings

    if generation is None:
        generation = IndexState.current_generation()
    docs: list[Doc] = []
    meta: dict[int, EntryMeta] = {}
    for entry in indexed_entries().only("id", "title", "answer", "language", "audience",
                                        "translation_group"):
        meta[entry.pk] = EntryMeta(entry.language, entry.audience, entry.translation_group)
        docs += [Doc(entry.pk, text, fld, entry.language) for fld, text in entry.texts()]
    hashes = [text_hash(d.text) for d in docs]
    name = model_name()
    vectors = _load_vectors(name, hashes)
    missing = [d.text for d, h in zip(docs, hashes, strict=True) if h not in vectors]
    if missing:
        ensure_embeddings(missing)
        vectors.update(_load_vectors(name, [text_hash(t) for t in missing]))
    dim = next(iter(vectors.values())).shape[0] if vectors else 384
    matrix = np.zeros((len(docs), dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        matrix[i] = vectors[h]
    engine = Engine.build(docs, matrix)
    del vectors, matrix, hashes
    release_free_heap()  # the per-text vectors read from the database: ~190 MB at 100k
    log.info("index generation %s built: %s texts, %s entries", generation, len(docs), len(meta))
    return LoadedIndex(engine=engine, generation=generation, meta=meta)


def _load_vectors(name: str, hashes: list[str]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    unique = list(dict.fromkeys(hashes))
    for i in range(0, len(unique), 5000):
        rows = Embedding.objects.filter(model_name=name, text_hash__in=unique[i:i + 5000])
        for h, blob in rows.values_list("text_hash", "vector").iterator():
            out[h] = np.frombuffer(bytes(blob), dtype=np.float32)
    return out


@functools.lru_cache(maxsize=1024)
def encode_query(text: str) -> np.ndarray:
    """The query's embedding. Cached: one suggestion searches twice (public answers and
    internal guidance) and popular FAQ queries repeat."""
    from kb.search.encoder import get_encoder

    vector = get_encoder(settings.SVAR_EMBEDDING_MODEL or None).encode([text])[0]
    vector.setflags(write=False)
    return vector


def search(query: str, *, language: str | None = None, audience: str = PUBLIC, user=None,
           k: int = 5) -> SearchResult:
    """Best published entries for a customer's text.

    audience=PUBLIC: only public entries (anonymous callers always get this).
    audience=ALL: also internal entries the user may read.
    language: prefer entries in this language; where the best entry exists only in another
    language, its translation in `language` is used if there is one, else the entry itself
    with `translated_from` set.
    """
    threshold = abstain_threshold()
    query = (query or "").strip()
    if not query:
        return SearchResult([], 0.0, True, threshold, language)
    index = holder.get()
    vector = encode_query(query)
    meta = index.meta

    def allowed(entry_id) -> bool:
        m = meta.get(entry_id)
        return m is not None and (audience == ALL or m.audience == Entry.Audience.PUBLIC)

    result = None
    if language:
        result = index.engine.search(query, vector, k=k * 2, languages={language},
                                     entry_filter=allowed)
    if result is None or not result.hits or result.confidence < threshold:
        # Nothing sure in the customer's language: the decision may exist only in another
        # language (a Danish entry for a Norwegian customer); its translation is used below.
        wide = index.engine.search(query, vector, k=k * 2, entry_filter=allowed)
        if result is None or (wide.hits and wide.confidence > result.confidence):
            result = wide
    hits = _checked_hits(result.hits, language=language, audience=audience, user=user, k=k)
    confidence = 0.0
    if hits:
        # The engine's confidence is about its own first hit; if the database check removed
        # that one, what is left is less certain.
        same_top = hits[0].source_entry_id == result.hits[0].entry_id
        confidence = result.confidence if same_top else result.confidence * 0.5
    return SearchResult(hits, float(confidence), confidence < threshold or not hits, threshold,
                        language)


def _checked_hits(raw_hits, *, language, audience, user, k) -> list[SearchHit]:
    """Re-read the hits from the database (published, audience, team) and swap in
    translations into the wanted language."""
    ids = [h.entry_id for h in raw_hits]
    visible = Entry.objects.published().filter(pk__in=ids)
    if audience != ALL or user is None:
        visible = visible.filter(audience=Entry.Audience.PUBLIC)
    else:
        visible = visible.visible_to(user)
    entries = {e.pk: e for e in visible}
    translations = {}
    if language:
        groups = [e.translation_group for e in entries.values() if e.language != language]
        pool = Entry.objects.published().filter(translation_group__in=groups, language=language)
        if audience != ALL or user is None:
            pool = pool.filter(audience=Entry.Audience.PUBLIC)
        else:
            pool = pool.visible_to(user)
        translations = {e.translation_group: e for e in pool}
    out: list[SearchHit] = []
    seen: set[int] = set()
    for h in raw_hits:
        entry = entries.get(h.entry_id)
        if entry is None:
            continue
        translated_from = None
        if language and entry.language != language:
            if entry.translation_group in translations:
                entry = translations[entry.translation_group]
            else:
                translated_from = entry.language
        if entry.pk in seen:
            continue
        seen.add(entry.pk)
        out.append(SearchHit(entry, float(h.score), h.matched_text, h.matched_field,
                             translated_from, h.entry_id))
        if len(out) >= k:
            break
    return out
