"""Query encoding in ONNX Runtime: the same sentence-transformer, half the cost per query.

A search encodes one short customer text.  Through torch that costs ~2x what ONNX Runtime
needs for the same graph on one core (docs/performance.md, "Queries at real traffic"), and
on a help centre where customers type, most texts are new.  So queries go through an ONNX
export of the configured model; handbook texts (``bulk``) still go through torch, so the
stored embeddings, and their keys, do not change.  The vectors agree with torch's to a
cosine of at least 0.999 (tested).

The export is made from the local weights on first use (no hub, works offline), once per
machine: it is cached under ``SVAR_DATA_DIR/onnx/`` keyed by the weights' hash, written
under a file lock (two workers starting together export once) and renamed into place.
Setting ``SVAR_QUERY_RUNTIME``: ``onnx`` (default) or ``torch``.  A model that is not a
plain transformer + mean pooling (+ normalize) stays on torch.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import logging
import os
from pathlib import Path

import numpy as np
from django.conf import settings

from kb.search.encoder import (
    BUNDLED_MODEL_NAME,
    MAX_SEQ_LENGTH,
    Encoder,
    _load_once,
    bundled_model_path,
    torch_threads,
)
from kb.search.text import clean_for_encoding

log = logging.getLogger(__name__)

#: Bump when the exported graph changes, so old exports are not reused.
EXPORT_VERSION = 1
OPSET = 17
#: Queries encoded together by ``encode`` (kb_eval, batch callers): sorted by length.
BATCH = 64

class Unsupported(Exception):
    """The model's modules are not transformer + mean pooling (+ normalize)."""


def model_folder(encoder: Encoder) -> Path:
    name = encoder.model_name
    return bundled_model_path() if name == BUNDLED_MODEL_NAME else Path(name)


def _check_modules(folder: Path) -> None:
    modules_file = folder / "modules.json"
    if not modules_file.is_file():
        raise Unsupported(f"{folder} has no modules.json")
    kinds = [m["type"].rsplit(".", 1)[-1] for m in json.loads(modules_file.read_text())]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
        raise Unsupported(f"modules {kinds}")
    pooling = next(m for m in json.loads(modules_file.read_text()) if m["type"].endswith("Pooling"))
    config = json.loads((folder / pooling["path"] / "config.json").read_text())
    chosen = [k for k, v in config.items() if k.startswith("pooling_mode") and v]
    if chosen != ["pooling_mode_mean_tokens"]:
        raise Unsupported(f"pooling {chosen}")


def _weights_digest(folder: Path) -> str:
    digest = hashlib.sha256(f"v{EXPORT_VERSION}:{MAX_SEQ_LENGTH}".encode())
    for name in sorted(os.listdir(folder)):
        path = folder / name
        if path.is_file() and name.endswith((".safetensors", ".bin", ".json", ".txt")):
            digest.update(name.encode())
            with path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()[:16]


def export_path(folder: Path) -> Path:
    return Path(settings.DATA_DIR) / "onnx" / f"{folder.name}-{_weights_digest(folder)}.onnx"


def export_once(target: Path, write) -> Path:
    """``target``, made by ``write(partial_path)`` unless it exists: under a file lock (two
    workers starting together export once), written aside and renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_file():
            return target
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        write(partial)
        os.replace(partial, target)
        log.info("exported %s", target)
        return target


def export(folder: Path, target: Path) -> Path:
    """Write the ONNX graph of transformer + mean pooling + normalize to ``target`` (once:
    another process exporting the same model is waited for)."""

    def write(partial: Path) -> None:
        import torch
        from transformers import AutoModel

        # Eager attention: the exported graph must not depend on the traced batch's shape.
        model = AutoModel.from_pretrained(str(folder), local_files_only=True,
                                          attn_implementation="eager").eval()
        graph = _mean_pooled(model)
        ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.int64)
        mask = (ids != 0).to(torch.int64)
        with torch.inference_mode():
            torch.onnx.export(
                graph, (ids, mask), str(partial), input_names=["input_ids", "attention_mask"],
                output_names=["embedding"], opset_version=OPSET, dynamo=False,
                dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                              "attention_mask": {0: "batch", 1: "tokens"},
                              "embedding": {0: "batch"}},
            )

    return export_once(target, write)


def _mean_pooled(model):
    """transformer + mean pooling + normalize as one torch module, for the export."""
    import torch

    class MeanPooled(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            hidden = self.inner(input_ids=input_ids, attention_mask=attention_mask)[0]
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=1)

    return MeanPooled(model)


class OnnxQueryEncoder:
    """``Encoder``'s interface: queries through ONNX Runtime, ``bulk`` texts through the
    torch encoder it wraps (same model name, so stored embeddings stay valid)."""

    def __init__(self, base: Encoder, onnx_file: Path, folder: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.base = base
        self.model_name = base.model_name
        self.dim = base.dim
        self.runtime = "onnx"
        options = ort.SessionOptions()
        # As many threads as torch gets (SVAR_TORCH_THREADS; one in a web worker, where
        # gthread runs several requests in parallel on few cores).
        options.intra_op_num_threads = torch_threads()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(onnx_file), options,
                                             providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        limit = base._model.max_seq_length or MAX_SEQ_LENGTH
        tokenizer.enable_truncation(limit)
        tokenizer.no_padding()
        self._tokenizer = tokenizer

    def encode(self, texts: list[str], batch_size: int | None = None,
               show_progress: bool = False, bulk: bool = False) -> np.ndarray:
        if bulk:
            return self.base.encode(texts, batch_size=batch_size, show_progress=show_progress,
                                    bulk=True)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self._tokenizer.encode_batch([clean_for_encoding(t) for t in texts])
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        step = batch_size or BATCH
        for start in range(0, len(order), step):
            chunk = order[start:start + step]
            out[chunk] = self._run([encodings[i].ids for i in chunk])
        return out

    def _run(self, ids: list[list[int]]) -> np.ndarray:
        width = max(len(x) for x in ids)
        input_ids = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for row, x in enumerate(ids):
            input_ids[row, :len(x)] = x
            mask[row, :len(x)] = 1
        vectors = self._session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
        vectors = np.asarray(vectors, dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors

    # The torch encoder's helpers, for callers that use them (batching of bulk texts).
    def token_batches(self, texts, max_texts=None):
        return self.base.token_batches(texts, max_texts=max_texts)


def query_encoder(base: Encoder, runtime: str | None = None):
    """The encoder for queries of ``base``'s model in ``runtime`` (default the setting
    ``SVAR_QUERY_RUNTIME``): an ``OnnxQueryEncoder``, or ``base`` itself for torch or for
    a model the export does not cover."""
    runtime = (runtime or settings.SVAR_QUERY_RUNTIME).strip().lower()
    if runtime == "torch":
        return base
    folder = model_folder(base)
    if not _exportable(folder):
        return base
    return _load_once(f"{base.model_name}:{runtime}",
                      lambda: OnnxQueryEncoder(base, export(folder, export_path(folder)), folder))


@functools.cache
def _exportable(folder: Path) -> bool:
    try:
        _check_modules(folder)
    except Unsupported as exc:
        log.warning("queries of %s stay on torch: %s", folder, exc)
        return False
    return True


def configured_query_encoder():
    """The encoder of the configured model for queries: what ``service.encode_query`` and
    ``kb_eval`` use, so an evaluation measures the path production takes."""
    from kb.search.encoder import configured_encoder

    return query_encoder(configured_encoder())


def for_queries(encoders: dict) -> dict:
    """The same mapping (dense space -> encoder) with each torch encoder swapped for its
    query encoder in the configured runtime; other encoders (e5) are kept."""
    return {space: query_encoder(e) if isinstance(e, Encoder) else e
            for space, e in encoders.items()}
