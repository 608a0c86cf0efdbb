"""Latency, build time and memory of the retrieval engine at ~1k, 10k and 100k texts.

Standalone (no Django):  .venv/bin/python bench/search_latency.py [--eval-dir DIR]

Corpus: the handbook and query texts of the evaluation sets (banking77, clinc150, swefaq)
are the pool of real texts.  Larger corpora are made of perturbed copies: a few words
dropped or swapped and a random "ticket number" added, so every text is distinct and the
lexical indexes grow like real ones.  Only the pool (a few thousand texts) is encoded with
the real model; a copy's vector is its source's vector plus Gaussian noise, renormalised
(cosine ~0.9 to the source), which keeps the clustered shape of real embeddings that
uniform random vectors lack.  Docs are grouped ~5 per entry; 90% English, 10% Swedish.

Measured: real encoding throughput (the pool), a real full build of 10k texts (encode +
Engine.build), Engine.build at each size, ``Engine.search`` p50/p95 over the query texts
(query vector given, as the service calls it), one-at-a-time query encoding p50/p95, raw
FAISS flat vs HNSW at 100k (why the engine switches), and resident memory.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The model comes from the settings (SVAR_EMBEDDING_MODEL), as in production.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

from kb.search import dense as engine_mod  # noqa: E402  (the FAISS knobs)
from kb.search.encoder import configured_encoder  # noqa: E402
from kb.search.engine import Doc, Engine  # noqa: E402


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size in MB from /proc/self/status."""
    values = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, amount, _ = line.split()
                values[key] = int(amount) / 1024
    return values.get("VmRSS:", 0.0), values.get("VmHWM:", 0.0)


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def load_pool(eval_dir: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(handbook texts, query texts) as (text, language) pairs from every eval set."""
    handbook: dict[str, str] = {}
    queries: dict[str, str] = {}
    for set_dir in sorted(p for p in eval_dir.iterdir() if p.is_dir()):
        with (set_dir / "handbook.jsonl").open() as fh:
            for line in fh:
                e = json.loads(line)
                for t in [e.get("title"), e.get("answer"), *e.get("questions", [])]:
                    if t:
                        handbook[t] = e.get("language", "en")
        with (set_dir / "queries.jsonl").open() as fh:
            for line in fh:
                q = json.loads(line)
                queries[q["text"]] = q.get("language") or "en"
    return list(handbook.items()), list(queries.items())


def perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) > 3:
        words.pop(rng.randrange(len(words)))
    if len(words) > 3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words) + f" #{rng.randrange(10**6)}"


def synthetic_corpus(
    pool: list[tuple[str, str]], pool_vectors: np.ndarray, size: int, seed: int = 0
) -> tuple[list[Doc], np.ndarray]:
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    en = [i for i, (_, lang) in enumerate(pool) if lang == "en"]
    sv = [i for i, (_, lang) in enumerate(pool) if lang != "en"] or en
    sources = [rng.choice(sv) if rng.random() < 0.1 else rng.choice(en) for _ in range(size)]
    docs = []
    for n, src in enumerate(sources):
        text, language = pool[src]
        text = text if n < len(pool) and rng.random() < 0.5 else perturb(text, rng)
        field = "question" if n % 5 else "title"
        docs.append(Doc(f"{language}-{n // 5}", text, field, language))
    dim = pool_vectors.shape[1]
    vectors = pool_vectors[sources] + nrng.normal(0, 0.45 / np.sqrt(dim), (size, dim))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return docs, vectors.astype(np.float32)


def bench_search(
    engine: Engine, queries: list[tuple[str, str]], qvecs: np.ndarray, languages: bool
) -> tuple[float, float]:
    times = []
    for (text, lang), vec in zip(queries, qvecs, strict=True):
        t0 = time.perf_counter()
        engine.search(text, vec, k=10, languages={lang} if languages else None)
        times.append((time.perf_counter() - t0) * 1000)
    return pct(times, 50), pct(times, 95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--full-build", type=int, default=10000, help="0 to skip")
    args = parser.parse_args()

    import faiss
    import torch

    print(f"cores (os.cpu_count): {os.cpu_count()}; load average {os.getloadavg()}")
    print(f"FLAT_MAX_VECTORS: {engine_mod.FLAT_MAX_VECTORS}")
    rng = random.Random(1)
    pool, query_pool = load_pool(args.eval_dir)
    queries = rng.sample(query_pool, min(args.queries, len(query_pool)))

    t0 = time.perf_counter()
    encoder = configured_encoder()
    encoder.encode(["warm up"])
    print(f"model load: {time.perf_counter() - t0:.1f} s; RSS {rss_mb()[0]:.0f} MB")
    print(f"torch threads: {torch.get_num_threads()} (env SVAR_TORCH_THREADS); "
          f"bulk encoding in bfloat16: {encoder.bulk_bf16} (env SVAR_BULK_BF16)")

    t0 = time.perf_counter()
    pool_vectors = encoder.encode([t for t, _ in pool], bulk=True)  # as the index stores them
    secs = time.perf_counter() - t0
    print(f"encode pool: {len(pool)} texts in {secs:.1f} s = {len(pool) / secs:.0f} texts/s")

    enc_times = []
    qvecs = []
    for text, _ in queries:
        t1 = time.perf_counter()
        qvecs.append(encoder.encode([text])[0])
        enc_times.append((time.perf_counter() - t1) * 1000)
    qvecs_arr = np.stack(qvecs)
    print(
        f"query encode (one at a time, n={len(queries)}): "
        f"p50 {pct(enc_times, 50):.1f} ms  p95 {pct(enc_times, 95):.1f} ms"
    )

    if args.full_build:
        docs, _ = synthetic_corpus(pool, pool_vectors, args.full_build, seed=7)
        t0 = time.perf_counter()
        vectors = encoder.encode([d.text for d in docs], bulk=True)
        t_enc = time.perf_counter() - t0
        Engine.build(docs, vectors)
        total = time.perf_counter() - t0
        print(
            f"full build {len(docs)} texts (real encoding): {total:.1f} s "
            f"(encode {t_enc:.1f} s = {len(docs) / t_enc:.0f} texts/s, index {total - t_enc:.1f} s)"
        )
        del docs, vectors
        gc.collect()

    for size in (int(s) for s in args.sizes.split(",")):
        docs, vectors = synthetic_corpus(pool, pool_vectors, size)
        gc.collect()
        before = rss_mb()[0]
        t0 = time.perf_counter()
        engine = Engine.build(docs, vectors)
        build = time.perf_counter() - t0
        del vectors
        gc.collect()
        after = rss_mb()[0]
        p50, p95 = bench_search(engine, queries, qvecs_arr, languages=True)
        a50, a95 = bench_search(engine, queries, qvecs_arr, languages=False)
        print(
            f"size {size:>6}: build {build:5.1f} s  index {engine.index_kinds()}  "
            f"search p50 {p50:.2f} ms p95 {p95:.2f} ms (one language), "
            f"p50 {a50:.2f} p95 {a95:.2f} ms (all)  RSS {after:.0f} MB "
            f"(engine +{after - before:.0f} MB)"
        )
        del engine, docs
        gc.collect()
    print(f"faiss omp threads: {faiss.omp_get_max_threads()} (env SVAR_FAISS_THREADS)")

    # Why the switch: raw dense search over 100k vectors, exact vs HNSW.
    _, vectors = synthetic_corpus(pool, pool_vectors, 100_000, seed=3)
    dim = vectors.shape[1]
    hnsw = faiss.IndexHNSWFlat(dim, engine_mod.HNSW_M, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = engine_mod.HNSW_EF_CONSTRUCTION
    hnsw.hnsw.efSearch = engine_mod.HNSW_EF_SEARCH
    for name, index in (("flat", faiss.IndexFlatIP(dim)), ("hnsw", hnsw)):
        t0 = time.perf_counter()
        index.add(vectors)
        add = time.perf_counter() - t0
        times = []
        for vec in qvecs_arr:
            t1 = time.perf_counter()
            index.search(vec.reshape(1, -1), engine_mod.DENSE_CANDIDATES)
            times.append((time.perf_counter() - t1) * 1000)
        print(
            f"raw faiss {name} 100k x {vectors.shape[1]}: add {add:.1f} s, "
            f"search k={engine_mod.DENSE_CANDIDATES} p50 {pct(times, 50):.2f} ms "
            f"p95 {pct(times, 95):.2f} ms"
        )
    current, peak = rss_mb()
    print(f"RSS now {current:.0f} MB, peak {peak:.0f} MB; load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
