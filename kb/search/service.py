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
from django.db import connection

from kb.models import Entry, IndexState
from kb.search import calibration
from kb.search.calibration import spaces_for
from kb.search.embeddings import ensure_embeddings, model_names, stored_vectors, text_hash
from kb.search.encoder import space_encoders
from kb.search.engine import Doc, Engine, release_free_heap
from kb.search.onnx_encoder import for_queries
from kb.search.query_spaces import query_spaces
from kb.search.upkeep import indexed_entries

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
    #: The decision (translation group) and the languages it has among the published
    #: entries this caller may see: the draft uses the customer's language version when it
    #: is there, else the brand's fallback policy decides from these.
    group: str = ""
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    confidence: float
    abstained: bool
    threshold: float
    language: str | None


def abstain_threshold() -> float:
    configured = settings.SVAR_ABSTAIN_THRESHOLD
    return calibration.ABSTAIN_THRESHOLD if configured is None else configured


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
    if generation is None:
        generation = IndexState.current_generation()
    docs: list[Doc] = []
    meta: dict[int, EntryMeta] = {}
    for entry in indexed_entries().only("id", "title", "answer", "language", "audience",
                                        "translation_group"):
        meta[entry.pk] = EntryMeta(entry.language, entry.audience, entry.translation_group)
        docs += [Doc(entry.pk, text, fld, entry.language, entry.translation_group)
                 for fld, text in entry.texts()]
    hashes = [text_hash(d.text) for d in docs]
    matrices = {}
    for space, name in model_names().items():
        # Only the docs of languages whose partition uses this space need its vectors.
        rows = [i for i, d in enumerate(docs) if space in spaces_for(d.language)]
        wanted = [hashes[i] for i in rows]
        vectors = stored_vectors(name, wanted)
        missing = [docs[i].text for i, h in zip(rows, wanted, strict=True) if h not in vectors]
        if missing:
            ensure_embeddings(missing, spaces=[space])
            vectors.update(stored_vectors(name, [text_hash(t) for t in missing]))
        dim = next(iter(vectors.values())).shape[0] if vectors else 384
        matrix = np.zeros((len(docs), dim), dtype=np.float32)
        for i, h in zip(rows, wanted, strict=True):
            matrix[i] = vectors[h]
        matrices[space] = matrix
        del vectors
    engine = Engine.build(docs, matrices)
    del matrices, hashes
    release_free_heap()  # the per-text vectors read from the database: ~190 MB at 100k
    log.info("index generation %s built: %s texts, %s entries", generation, len(docs), len(meta))
    return LoadedIndex(engine=engine, generation=generation, meta=meta)


@functools.lru_cache(maxsize=1024)
def encode_query(text: str, spaces: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
    """The query's embedding in every dense space (or those of ``spaces``). Cached: popular
    FAQ queries repeat, and an agent may ask for drafts of the same message again (another
    language, or the public flag changed)."""
    out = {}
    for space, encoder in for_queries(space_encoders(spaces)).items():
        vector = encoder.encode([text])[0]
        vector.setflags(write=False)
        out[space] = vector
    return out


def search(query: str, *, language: str | None = None, audience: str = PUBLIC, user=None,
           k: int = 5) -> SearchResult:
    """Best published entries for a customer's text.

    audience=PUBLIC: only public entries (anonymous callers always get this).
    audience=ALL: also internal entries the user may read.
    language: prefer entries in this language; where the best entry exists only in another
    language, its translation in `language` is used if there is one, else the entry itself
    with `translated_from` set.
    """
    return search_audiences(query, audiences=(audience,), language=language, user=user,
                            k=k)[audience]


def search_audiences(query: str, *, audiences: tuple[str, ...], language: str | None = None,
                     user=None, k: int = 5) -> dict[str, SearchResult]:
    """`search` for several audiences at once (suggest wants the public answers and the
    agent's internal guidance for the same message): one pass of the index and one
    database check serve them all, which halves a suggestion's search time."""
    threshold = abstain_threshold()
    query = (query or "").strip()
    if not query:
        return {a: SearchResult([], 0.0, True, threshold, language) for a in audiences}
    index = holder.get()
    vector = encode_query(query, query_spaces(index.engine, language))
    # Every language is searched: the decision may exist only in another language (a
    # Danish entry for a Norwegian customer); its translation is used below.
    raw = _engine_hits(index, query, vector, language, audiences, k)
    checked = _checked_hits(raw, language=language, user=user, k=k)
    out = {}
    for a in audiences:
        hits = checked[a]
        confidence = 0.0
        if hits:
            # The engine's confidence is about its own first hit; if the database check
            # removed that one, what is left is less certain.
            top = raw[a][0]
            same_top = hits[0].source_entry_id == top.entry_id
            confidence = top.confidence if same_top else top.confidence * 0.5
        out[a] = SearchResult(hits, float(confidence), confidence < threshold or not hits,
                              threshold, language)
    return out


def _engine_hits(index: LoadedIndex, query: str, vector, language, audiences, k: int):
    """Engine hits per audience, 2k each (room for the database check to drop some), from
    one engine search with the widest audience's filter.  An audience whose hits were
    crowded out of that search by entries it may not see gets a search of its own."""
    meta = index.meta
    wanted = 2 * k

    def allowed_for(audience):
        def allowed(entry_id) -> bool:
            m = meta.get(entry_id)
            return m is not None and (audience == ALL or m.audience == Entry.Audience.PUBLIC)
        return allowed

    widest = ALL if ALL in audiences else PUBLIC
    pool = wanted * len(audiences)
    result = index.engine.search(query, vector, k=pool, language=language,
                                 entry_filter=allowed_for(widest))
    out = {}
    for audience in audiences:
        allowed = allowed_for(audience)
        hits = [h for h in result.hits if allowed(h.entry_id)]
        if len(hits) < wanted and len(result.hits) >= pool:
            hits = index.engine.search(query, vector, k=wanted, language=language,
                                       entry_filter=allowed).hits
        out[audience] = hits[:wanted]
    return out


def _visible(entries, audience: str, user):
    if audience != ALL or user is None:
        return entries.filter(audience=Entry.Audience.PUBLIC)
    return entries.visible_to(user)


def _checked_hits(raw: dict[str, list], *, language, user, k) -> dict[str, list[SearchHit]]:
    """Re-read the hits from the database (published, audience, team), swap in the
    translation into the wanted language and list the languages of each decision; one query
    for the entries and one for their decisions' other languages, whatever the number of
    audiences."""
    widest = ALL if ALL in raw and user is not None else PUBLIC
    ids = {h.entry_id for hits in raw.values() for h in hits}
    entries = {e.pk: e for e in _visible(Entry.objects.published().filter(pk__in=ids),
                                         widest, user)}
    groups = {e.translation_group for e in entries.values()}
    members: dict[str, list[Entry]] = {}
    pool = Entry.objects.published().filter(translation_group__in=groups).order_by("pk")
    for e in _visible(pool, widest, user):
        members.setdefault(e.translation_group, []).append(e)
    return {audience: _checked_for(hits, audience, user, entries, members, language, k)
            for audience, hits in raw.items()}


def _checked_for(raw_hits, audience, user, entries, members, language, k):
    def may_see(entry: Entry) -> bool:
        return (audience == ALL and user is not None) or entry.audience == Entry.Audience.PUBLIC

    out: list[SearchHit] = []
    seen: set[int] = set()
    for h in raw_hits:
        entry = entries.get(h.entry_id)
        if entry is None or not may_see(entry):
            continue
        group = entry.translation_group
        versions = [e for e in members.get(group, [entry]) if may_see(e)] or [entry]
        translated_from = None
        if language and entry.language != language:
            same = [t for t in versions if t.language == language]
            if same:
                entry = same[0]
            else:
                translated_from = entry.language
        if entry.pk in seen:
            continue
        seen.add(entry.pk)
        languages = tuple(sorted({e.language for e in versions}))
        out.append(SearchHit(entry, float(h.score), h.matched_text, h.matched_field,
                             translated_from, h.entry_id, group, languages))
        if len(out) >= k:
            break
    return out
