"""Stored embeddings, one row per (model, text hash): a text is encoded once however often
the index is rebuilt or a lead's queue is grouped."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from kb.models import Embedding
from kb.search.calibration import MINILM, spaces_for
from kb.search.encoder import configured_encoder, space_encoders


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_name() -> str:
    """Name of the sentence-transformer's vectors (the ``minilm`` space); loads it."""
    return configured_encoder().model_name


def model_names() -> dict[str, str]:
    """Stored model name of each dense space search uses (loads the encoders)."""
    return {space: encoder.model_name for space, encoder in space_encoders().items()}


def ensure_embeddings(texts: Iterable[str], *, progress: Callable[[int, int], None] | None = None,
                      batch_size: int = 2048, spaces=None, languages=None) -> int:
    """Encode and store, for every dense space search uses (or ``spaces``), the texts that
    have no embedding for that space's model yet; with ``languages`` (one per text), only
    for the spaces a partition of that language uses (``calibration.spaces_for``).
    Returns how many were encoded.  Safe to run twice at once: inserts ignore conflicts.
    Large chunks let the encoder group texts of like length (less padding); each chunk is
    stored, and reported to `progress`, as it is done."""
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


def stored_vectors(name: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
    """The stored vectors of these hashes for model `name` (hashes with none are absent)."""
    out: dict[str, np.ndarray] = {}
    unique = list(dict.fromkeys(hashes))
    for i in range(0, len(unique), 5000):
        rows = Embedding.objects.filter(model_name=name, text_hash__in=unique[i:i + 5000])
        for h, blob in rows.values_list("text_hash", "vector").iterator():
            out[h] = np.frombuffer(bytes(blob), dtype=np.float32)
    return out


def vectors_for(texts: Sequence[str], space: str = MINILM) -> np.ndarray:
    """One row per text, in order, in one dense space: stored vectors, encoding (and
    storing) the missing ones. The raw text is hashed, exactly as the index does (the
    encoder cleans handles, URLs and emoji itself), so a wording that is also an example
    question shares its embedding."""
    encoder = space_encoders([space])[space]
    name = encoder.model_name
    hashes = [text_hash(t) for t in texts]
    vectors = stored_vectors(name, hashes)
    missing = [t for t, h in zip(texts, hashes, strict=True) if h not in vectors]
    if missing:
        ensure_embeddings(missing, spaces=[space])
        vectors.update(stored_vectors(name, [text_hash(t) for t in missing]))
    if not hashes:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.vstack([vectors[h] for h in hashes])
