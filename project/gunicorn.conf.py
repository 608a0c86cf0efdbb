"""gunicorn settings. The model and index load lazily in each worker after the fork, and
each worker uses one thread for torch and FAISS so parallel requests don't fight over the
machine's cores."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("SVAR_TORCH_THREADS", "1")

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
graceful_timeout = 20
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def post_fork(server, worker):
    import faiss

    faiss.omp_set_num_threads(1)


def post_worker_init(worker):
    """Warm the model and the index before the worker takes traffic."""
    if os.environ.get("SVAR_WARM_ON_START", "1") != "1":
        return
    try:
        from kb.search.service import encode_query, holder

        encode_query("warm up")
        holder.get()
    except Exception as exc:  # an empty database is fine; the first search builds it
        worker.log.warning("warm-up skipped: %s", exc)
