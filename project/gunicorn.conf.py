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
# The default format logs the query string ("?q=" is what a customer typed) and the referer
# (which carries it too): method, path (%(U)s, no query) and status only.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'


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


# gunicorn discards at most this much of a body the application did not read before it
# serves the next request on the connection (gunicorn.http.parser._DRAIN_MAX_BYTES);
# beyond it, it drops the connection.
DRAIN_MAX_BYTES = 64 * 1024


def pre_request(worker, req):
    """A request with a large body may be answered without reading it (too large, a 401, a
    405); gunicorn then closes the connection, but only after sending "Connection:
    keep-alive". Mark such requests to close, so the response says what happens."""
    for name, value in req.headers:
        large = name == "CONTENT-LENGTH" and value.isdigit() and int(value) > DRAIN_MAX_BYTES
        if large or (name == "TRANSFER-ENCODING" and "chunked" in value.lower()):
            req.must_close = True


def post_fork(server, worker):
    import faiss

    faiss.omp_set_num_threads(1)


def post_worker_init(worker):
    """Warm the model, the index and the language detector before the worker takes
    traffic, so no customer waits for a load."""
    from kb.search import warm

    if not warm.enabled():
        return
    try:
        warm.warm_up()
    except Exception as exc:  # an empty database is fine; the first search builds it
        worker.log.warning("warm-up skipped: %s", exc)
