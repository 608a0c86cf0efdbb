"""The fast query path (ONNX Runtime) answers as the full torch path does, and loads offline.

``data/dev_sample.jsonl`` is a sample of the development sets in /work/shared/eval (20
entries and up to 40 of their queries from each; swefaq answers cut to 600 characters):
Banking77 (Casanueva et al. 2020, PolyAI, CC BY 4.0), CLINC150 (Larson et al. 2019, CC BY
3.0), SweFAQ v2.0 (Berdicevskis, Språkbanken Text, CC BY 4.0) and MASSIVE 1.1 en
(FitzGerald et al. 2022, Amazon, CC BY 4.0)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from kb.search.encoder import get_encoder
from kb.search.engine import ABSTAIN_THRESHOLD, Doc, Engine
from kb.search.onnx_encoder import OnnxQueryEncoder, query_encoder

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = Path(__file__).with_name("data") / "dev_sample.jsonl"


def _sample() -> dict[str, dict[str, list]]:
    sets: dict[str, dict[str, list]] = defaultdict(lambda: {"docs": [], "queries": []})
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        bucket = sets[row["set"]]
        if row["kind"] == "entry":
            texts = [("title", row["title"]), ("answer", row["answer"])]
            texts += [("question", q) for q in row["questions"]]
            bucket["docs"] += [Doc(row["id"], t, f, row["language"]) for f, t in texts
                               if t.strip()]
        else:
            bucket["queries"].append(row)
    return sets


@pytest.fixture(scope="module")
def encoders():
    torch_encoder = get_encoder()
    fast = query_encoder(torch_encoder, "onnx")
    assert isinstance(fast, OnnxQueryEncoder)
    return torch_encoder, fast


def test_fast_path_vectors_match_torch(encoders):
    torch_encoder, fast = encoders
    texts = [q["text"] for bucket in _sample().values() for q in bucket["queries"]]
    one_by_one = np.vstack([fast.encode([t]) for t in texts])
    batched = fast.encode(texts)
    reference = np.vstack([torch_encoder.encode([t]) for t in texts])
    assert one_by_one.dtype == np.float32
    assert np.allclose(np.linalg.norm(one_by_one, axis=1), 1.0, atol=1e-5)
    assert (one_by_one * reference).sum(axis=1).min() >= 0.999
    assert (batched * reference).sum(axis=1).min() >= 0.999
    # Handbook texts still go through torch: the stored embeddings stay valid.
    assert np.array_equal(fast.encode(texts[:3], bulk=True),
                          torch_encoder.encode(texts[:3], bulk=True))


def test_fast_and_full_path_agree_on_the_top_answer_where_the_fast_path_is_sure(encoders):
    torch_encoder, fast = encoders
    confident = agreed = 0
    for name, bucket in _sample().items():
        docs = bucket["docs"]
        engine = Engine.build(docs, torch_encoder.encode([d.text for d in docs], bulk=True))
        texts = [q["text"] for q in bucket["queries"]]
        full = torch_encoder.encode(texts)
        quick = fast.encode(texts)
        for query, v_full, v_fast in zip(bucket["queries"], full, quick, strict=True):
            languages = {query["language"]} if query["language"] else None
            fast_result = engine.search(query["text"], v_fast, k=3, languages=languages)
            if fast_result.confidence < ABSTAIN_THRESHOLD:
                continue
            confident += 1
            full_result = engine.search(query["text"], v_full, k=3, languages=languages)
            top = fast_result.hits[0].entry_id
            agreed += top == full_result.hits[0].entry_id
            assert top == full_result.hits[0].entry_id, (name, query["text"])
    assert confident >= 60  # the sample has 140 queries; most are answered
    assert agreed == confident


def test_fast_path_loads_offline_and_exports_once(tmp_path):
    """A fresh data folder, no hub and no network: the export is made from the bundled
    weights, cached under SVAR_DATA_DIR/onnx, and a second process reuses it."""
    env = dict(os.environ, SVAR_DATA_DIR=str(tmp_path), HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", HTTPS_PROXY="http://127.0.0.1:9",
               HTTP_PROXY="http://127.0.0.1:9", DJANGO_SETTINGS_MODULE="project.settings",
               SVAR_QUERY_RUNTIME="onnx")
    script = (
        "import django; django.setup()\n"
        "from kb.search.onnx_encoder import configured_query_encoder\n"
        "e = configured_query_encoder()\n"
        "v = e.encode(['how do I reset my password'])\n"
        "print(type(e).__name__, v.shape[1], round(float((v * v).sum()), 4))\n"
    )
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.split()[-3:] == ["OnnxQueryEncoder", "384", "1.0"]
    exports = list((tmp_path / "onnx").glob("*.onnx"))
    assert len(exports) == 1


def test_torch_runtime_is_the_torch_encoder(encoders):
    torch_encoder, _ = encoders
    assert query_encoder(torch_encoder, "torch") is torch_encoder
