"""In-memory hybrid retrieval over handbook texts: dense vectors + two BM25 rankers.

An entry (one handbook answer in one language) has many docs: its title, its answer and its
example questions.  Entries of one decision in several languages share a *group* (the
translation group); the unit a search returns is the decision: one hit per group, for the
entry of the group that matched best, with the languages the decision has in the index.

Docs are partitioned by language, so each lexical ranker uses the right stemmer.  Every
partition is searched whatever the query's language (a Swede's question finds a decision
written in bokmål); within a partition the unit of ranking is the entry, scored by a
weighted sum of features (``calibration.feature_names``):

* ``<space>_max``: best cosine between the query vector and any of the entry's docs, and
  ``<space>_centroid``: cosine to the normalised mean of the entry's doc vectors, for each
  dense space (encoder) the partition uses;
* ``word``: stemmed-word BM25 over the entry's docs concatenated (terms that recur across
  an entry's example questions weigh more, which ranks entries better than the best doc);
* ``char``: BM25 over character 3-4-grams within words, likewise.  Nordic compounds share
  character n-grams with their parts where whole words do not match.

The weights, and the calibration that turns the best entry's fused score into a confidence,
belong to the partition's profile (language family, same or cross language as the query;
see ``kb.search.calibration``).  Partitions are merged by their calibrated logit.

Candidate generation: dense nearest docs from FAISS plus the lexical top entries; exact
features are then computed only for the entries of those candidates.

An Engine is immutable after ``build``; concurrent ``search`` calls are safe (FAISS search
on a built index and the read-only numpy/scipy structures do not mutate shared state).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kb.search import calibration as cal
from kb.search import dense
from kb.search import text as textmod
from kb.search.calibration import ABSTAIN_THRESHOLD, profile_for, spaces_for  # noqa: F401
from kb.search.dense import DenseSpace, argmax_segments, release_free_heap
from kb.search.e5 import center
from kb.search.lexical import BM25_PARAMS, BM25Index, char_terms, scaled_scores, word_terms

EntryId = Hashable
#: Vectors of an unnamed array belong to this space (the bundled MiniLM).
DEFAULT_SPACE = cal.MINILM


@dataclass(frozen=True, slots=True)
class Doc:
    """One searchable text of a handbook entry."""

    entry_id: EntryId
    text: str
    field: str  # "title" | "answer" | "question"
    language: str  # nb nn sv da fi en
    group: Hashable | None = None  # the decision (translation group); None: the entry alone


@dataclass(frozen=True)
class Hit:
    entry_id: EntryId
    score: float
    matched_text: str
    matched_field: str
    #: Calibrated as if this hit were the first: a caller that drops the hits before it
    #: (an audience filter applied after the search) still has a true confidence.
    confidence: float = 0.0
    group: Hashable | None = None
    language: str = ""  # of the entry that matched
    #: Languages the decision has in the index: language -> entry id.
    entries: Mapping[str, EntryId] | None = None

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.entries or ())


@dataclass(frozen=True)
class Result:
    hits: list[Hit]  # best first, one per decision

    @property
    def confidence(self) -> float:
        """Calibrated in [0, 1]: how sure the engine is that hits[0] answers the query."""
        return self.hits[0].confidence if self.hits else 0.0


Vectors = np.ndarray | Mapping[str, np.ndarray]


def _as_spaces(vectors: Vectors) -> dict[str, np.ndarray]:
    if isinstance(vectors, Mapping):
        return dict(vectors)
    return {DEFAULT_SPACE: vectors}


class _Partition:
    """All docs of one language: dense spaces, entry grouping, BM25 rankers."""

    def __init__(self, language: str, doc_ids: np.ndarray, docs: Sequence[Doc],
                 vectors: dict[str, np.ndarray]):
        self.language = language
        self.doc_ids = doc_ids  # global doc index of each local doc
        n = len(doc_ids)
        # Group local docs by entry: unit u owns local docs unit_docs[ptr[u]:ptr[u+1]].
        unit_of: dict[EntryId, int] = {}
        doc_unit = np.fromiter(
            (unit_of.setdefault(docs[g].entry_id, len(unit_of)) for g in doc_ids),
            dtype=np.int64, count=n,
        )
        self.unit_entry = np.empty(len(unit_of), dtype=object)  # unit -> entry id
        self.unit_entry[:] = list(unit_of)
        self.doc_unit = doc_unit
        self.unit_docs = np.argsort(doc_unit, kind="stable")
        counts = np.bincount(doc_unit, minlength=len(unit_of))
        self.unit_size = counts
        self.unit_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        wanted = spaces_for(language)
        self.space_names = tuple(s for s in wanted if s in vectors) or tuple(vectors)[:1]
        self.spaces = {s: DenseSpace(vectors[s], doc_unit, len(unit_of))
                       for s in self.space_names}
        self.feature_names = cal.feature_names(self.space_names)

        unit_texts: list[list[str]] = [[] for _ in unit_of]
        for g, u in zip(doc_ids, doc_unit, strict=True):
            unit_texts[u].append(textmod.normalize(docs[g].text))
        joined = ["\n".join(t) for t in unit_texts]
        # Generators: a unit's terms exist only while that unit is being indexed.
        self.word = BM25Index((word_terms(t, language) for t in joined), **BM25_PARAMS)
        word_grams: dict[str, tuple[str, ...]] = {}  # this build's only
        self.char = BM25Index((char_terms(t, word_grams) for t in joined), **BM25_PARAMS)

    def __len__(self) -> int:
        return len(self.doc_ids)

    def candidates(
        self,
        query_norm: str,
        qvs: dict[str, np.ndarray],
        k: int,
        allowed: Callable[[EntryId], bool] | None,
    ) -> _Candidates | None:
        """Entries worth scoring for the query, with their exact features."""
        word, word_top = scaled_scores(self.word, word_terms(query_norm, self.language))
        char, char_top = scaled_scores(self.char, char_terms(query_norm))
        spaces = [(self.spaces[s], qvs[s]) for s in self.space_names if s in qvs]

        n_dense = max(dense.DENSE_CANDIDATES, 4 * k)
        while True:
            found = [word_top, char_top]
            found += [self.doc_unit[space.nearest(qv, n_dense)] for space, qv in spaces]
            units = np.unique(np.concatenate(found))
            if allowed is not None:
                keep = [bool(allowed(e)) for e in self.unit_entry[units].tolist()]
                units = units[np.asarray(keep, dtype=bool)]
            if len(units) >= k or n_dense >= len(self):
                break
            n_dense *= 4
        if len(units) == 0:
            return None

        # Exact dense features over every doc of the candidate units.
        starts = self.unit_ptr[units]
        sizes = self.unit_ptr[units + 1] - starts
        offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        local = self.unit_docs[np.repeat(starts - offsets, sizes) + np.arange(sizes.sum())]
        columns = []
        shown = None
        for name in self.space_names:
            if name not in qvs:
                columns += [np.zeros(len(units), np.float32)] * 2
                continue
            space, qv = self.spaces[name], qvs[name]
            sims = space.similarities(qv, local)
            columns.append(np.maximum.reduceat(sims, offsets))
            columns.append(space.centroid_similarities(qv, units))
            if shown is None:
                shown = offsets + argmax_segments(sims, offsets, sizes)
        if shown is None:
            shown = offsets
        columns += [word[units], char[units]]
        return _Candidates(
            units=units,
            entry_ids=self.unit_entry[units].tolist(),
            features=np.stack(columns, axis=1).astype(np.float32),
            sizes=sizes,
            best_docs=self.doc_ids[local[shown]],  # shown as matched_text: the closest doc
        )


@dataclass(frozen=True)
class _Candidates:
    units: np.ndarray
    entry_ids: list[EntryId]
    features: np.ndarray  # (n, len(feature_names))
    sizes: np.ndarray  # docs of each entry
    best_docs: np.ndarray  # global doc index shown for each entry


class Engine:
    """Immutable hybrid index over handbook docs; see the module docstring."""

    def __init__(self, docs: list[Doc], partitions: dict[str, _Partition]):
        self._docs = docs
        self._partitions = partitions
        groups: dict[Hashable, dict[str, EntryId]] = {}
        self._group_of: dict[EntryId, Hashable] = {}
        for doc in docs:
            group = doc.entry_id if doc.group is None else doc.group
            self._group_of[doc.entry_id] = group
            groups.setdefault(group, {}).setdefault(doc.language, doc.entry_id)
        self._groups = groups

    @classmethod
    def build(cls, docs: Sequence[Doc], vectors: Vectors) -> Engine:
        """Index docs with their vectors: one array (the default space) or a mapping of
        space name to array, each aligned row by row with the docs (normalised here)."""
        docs = list(docs)
        spaces = {}
        for name, matrix in _as_spaces(vectors).items():
            matrix = np.ascontiguousarray(matrix, dtype=np.float32)
            if len(docs) != len(matrix):
                raise ValueError(f"{len(docs)} docs but {len(matrix)} vectors ({name})")
            spaces[name] = matrix
        by_language: dict[str, list[int]] = {}
        for i, doc in enumerate(docs):
            by_language.setdefault(doc.language, []).append(i)
        partitions = {}
        for language, ids in by_language.items():
            id_arr = np.asarray(ids, dtype=np.int64)
            part = {}
            for name, matrix in spaces.items():
                rows = matrix[id_arr]  # a copy: normalise it in place, defensively
                rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
                if name in cal.CENTERED_SPACES:
                    rows = center(rows, [language] * len(rows))
                part[name] = rows
            partitions[language] = _Partition(language, id_arr, docs, part)
        release_free_heap()
        return cls(docs, partitions)

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self._partitions)

    @property
    def spaces(self) -> tuple[str, ...]:
        """Dense spaces some partition uses: the query vectors a search needs."""
        out: list[str] = []
        for partition in self._partitions.values():
            out += [s for s in partition.space_names if s not in out]
        return tuple(out)

    def index_kinds(self) -> dict[str, str]:
        """FAISS index class per language partition (first dense space; diagnostics)."""
        return {lang: type(next(iter(p.spaces.values())).index).__name__
                for lang, p in self._partitions.items()}

    def group_entries(self, group: Hashable) -> dict[str, EntryId]:
        """Language -> entry id of a decision in this index."""
        return dict(self._groups.get(group, {}))

    def scored_candidates(self, query: str, query_vector: Vectors, *, k: int = 10,
                          language: str | None = None,
                          languages: Collection[str] | None = None,
                          entry_filter: Callable[[EntryId], bool] | None = None):
        """(partition language, candidates) for every partition searched: the raw features
        a fit of the fusion weights and the calibration needs (docs/performance.md)."""
        qvs = {}
        for name, vec in _as_spaces(query_vector).items():
            qv = np.ascontiguousarray(np.asarray(vec, dtype=np.float32).reshape(1, -1))
            norm = float(np.linalg.norm(qv))
            qv = qv / norm if norm > 0 else qv
            if name in cal.CENTERED_SPACES:
                qv = np.ascontiguousarray(center(qv, [language or ""]))
            qvs[name] = qv
        query_norm = textmod.normalize(query)
        out = []
        for lang, partition in self._partitions.items():
            if languages is not None and lang not in languages:
                continue
            cands = partition.candidates(query_norm, qvs, k, entry_filter)
            if cands is not None:
                out.append((lang, partition, cands))
        return out

    def search(
        self,
        query: str,
        query_vector: Vectors,
        *,
        k: int = 10,
        language: str | None = None,
        languages: Collection[str] | None = None,
        entry_filter: Callable[[EntryId], bool] | None = None,
    ) -> Result:
        """Best decisions for a query, one hit per decision, with a calibrated confidence.

        ``query_vector``: the query's vector of each dense space (one array: the default
        space).  ``language``: the query's language (chooses same- or cross-language
        weights per partition; None: every partition counts as the query's own).
        ``languages`` restricts the docs that may match (None: all); ``entry_filter`` drops
        entries for which it returns False (e.g. unpublished or other-tenant entries).
        """
        if k <= 0 or not self._docs:
            return Result(hits=[])
        if entry_filter is not None:
            entry_filter = _memoize(entry_filter)
        if language is None and languages is not None and len(languages) == 1:
            language = next(iter(languages))
        best: dict[Hashable, tuple] = {}
        for lang, partition, cands in self.scored_candidates(
                query, query_vector, k=k, language=language, languages=languages,
                entry_filter=entry_filter):
            profile = profile_for(lang, language)
            fused = cands.features @ profile.vector(partition.feature_names)
            for i, entry_id in enumerate(cands.entry_ids):
                score = float(fused[i])
                rank = profile.rank_logit(score)
                group = self._group_of[entry_id]
                current = best.get(group)
                if current is None or rank > current[0]:
                    conf = profile.confidence(score, int(cands.sizes[i]))
                    best[group] = (rank, score, entry_id, int(cands.best_docs[i]), lang, conf)
        if not best:
            return Result(hits=[])
        ranked = sorted(best.items(), key=lambda item: -item[1][0])
        hits = [
            Hit(
                entry_id=entry_id,
                score=score,
                matched_text=self._docs[doc].text,
                matched_field=self._docs[doc].field,
                confidence=conf,
                group=group,
                language=lang,
                entries=self._groups[group],
            )
            for group, (_, score, entry_id, doc, lang, conf) in ranked[:k]
        ]
        return Result(hits=hits)


def _memoize(fn: Callable[[EntryId], bool]) -> Callable[[EntryId], bool]:
    """One call of the caller's filter per entry and search, however many docs it has."""
    seen: dict[EntryId, bool] = {}

    def wrapper(entry_id: EntryId) -> bool:
        value = seen.get(entry_id)
        if value is None:
            value = seen[entry_id] = bool(fn(entry_id))
        return value

    return wrapper
