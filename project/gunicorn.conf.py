"""gunicorn settings. The model and index load once per worker, after the fork (the master
only imports the libraries' code and computes nothing), before the worker takes traffic.
Each worker caps every native thread pool at one thread (torch, OpenMP/FAISS, BLAS,
tokenizers): gthread serves several requests in parallel, and on a 2-core machine several
workers times "one thread per core" per request would oversubscribe the cores and raise
tail latency."""

import os

# Read by the native libraries when they are first imported, i.e. in the worker after fork.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
              "NUMEXPR_NUM_THREADS", "SVAR_TORCH_THREADS"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
graceful_timeout = 20
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def on_starting(server):
    """Load what every worker needs and nothing mutates into the master, once, so forked
    workers share those pages instead of each holding a copy: the language detector's
    models (~180 MB of plain data) and the code of torch, transformers,
    sentence-transformers (which pulls in scipy, scikit-learn and sympy: ~370 MB of
    modules), FAISS and Django. This is fork-safe because nothing here starts a thread:
    torch's and OpenMP's pools start on the first computation, which happens only in the
    workers (model weights and the index load there, in ``post_worker_init``).
    ``gc.freeze()`` keeps the collector from writing to (and so un-sharing) these objects."""
    import gc

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    django.setup()
    import faiss  # noqa: F401
    import onnxruntime  # noqa: F401  (query encoding; no thread pool until a session)
    import scipy.sparse  # noqa: F401
    import sentence_transformers  # noqa: F401
    import torch  # noqa: F401
    from django.urls import get_resolver
    from transformers import BertModel  # noqa: F401  (lazy module: import the model code)

    get_resolver().url_patterns  # noqa: B018  (imports every view and what it uses)
    from suggest.analysis import analyse

    # Loads lingua's models and the phone-number metadata; touches no database.
    analyse("Hei, ring meg på 912 34 567, kortet mitt er sperret", public=True)
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    import faiss

    faiss.omp_set_num_threads(1)


def post_worker_init(worker):
    """Warm the model, the index and the language detector before the worker takes
    traffic, so no customer waits for a load."""
    if os.environ.get("SVAR_WARM_ON_START", "1") != "1":
        return
    try:
        from kb.search.service import encode_query, holder

        encode_query("warm up")
        holder.get()
        from text.language_choice import detect_language

        detect_language("warm up the language models")  # lingua loads lazily, ~1 s
    except Exception as exc:  # an empty database is fine; the first search builds it
        worker.log.warning("warm-up skipped: %s", exc)
    finally:
        from django.db import connections

        connections.close_all()  # request threads open their own; don't keep this one idle
