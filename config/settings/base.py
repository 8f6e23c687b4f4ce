"""Settings for every environment, read from environment variables.

Nothing here is a secret: production supplies SECRET_KEY, DATABASE_URL and
the rest through the environment (see README, "Configuration").
"""

import base64
import hashlib
import ipaddress
import sys
from datetime import timedelta
from pathlib import Path

import environ
from corsheaders.defaults import default_headers
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config.databases import pooler_mode, prepare_for_pooler, replica_databases

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Set the SECRET_KEY environment "
            "variable to a long random value (or DEBUG=true for local development)."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the hosts this service answers to (it is required when "
        "DEBUG is off), comma-separated, e.g. ALLOWED_HOSTS=guidance.example.org."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "simple_history",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "guidance",
    "editorial",
    "api",
    "reader",
    "accounts",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "api.middleware.ErrorsAsJsonMiddleware",
    # Outside the session and authentication middleware, whose reads it answers for.
    "api.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes requires: turns a sign-in refused by the lockout into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The development server and the worker write to one file at once: a
    # transaction takes the write lock when it begins rather than failing
    # half-way ("database is locked"), and readers do not wait on writers.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
            "timeout": 20,
        }
    )
# Connections are kept between requests (each public answer reads one row);
# PostgreSQL's are checked before reuse. Each thread that serves keeps its
# own: gunicorn holds at most workers x threads. manage.py runserver (make
# run) serves each request on a thread of its own, whose kept connection
# would outlive it: there connections are closed after each request.
serves_each_request_on_a_new_thread = sys.argv[1:2] == ["runserver"]
DATABASES["default"]["CONN_MAX_AGE"] = (
    0 if serves_each_request_on_a_new_thread else env.int("CONN_MAX_AGE", default=60)
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Read replicas (config/databases.py): the public API's and reader pages' reads
# go to one that has replayed the public version, else to the primary; a
# replica that does not connect within the timeout is skipped for the cool-down.
DATABASE_REPLICA_CONNECT_TIMEOUT = env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=2)
DATABASE_REPLICA_COOLDOWN_SECONDS = env.int("DATABASE_REPLICA_COOLDOWN_SECONDS", default=30)
DATABASES.update(
    replica_databases(
        env.list("DATABASE_REPLICA_URLS", default=[]),
        primary=DATABASES["default"],
        connect_timeout=DATABASE_REPLICA_CONNECT_TIMEOUT,
    )
)
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
# none, session or transaction: the connection pooler in front of the databases
# and its mode (PgBouncer's pool_mode); transaction turns off what would
# outlive a transaction, and `manage.py check` fails what still would.
DATABASE_POOLER = pooler_mode(env.str("DATABASE_POOLER", default="none"))
for _database in DATABASES.values():
    prepare_for_pooler(_database, DATABASE_POOLER)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache_url(
        "CACHE_URL", default=env.str("REDIS_URL", default="") or "locmemcache://"
    ),
}
# A cache that hangs must not hang requests: Redis connections time out (in
# seconds; a socket_timeout or socket_connect_timeout in CACHE_URL's query
# wins), and a cache that failed is skipped for CACHE_COOLDOWN_SECONDS, each
# call answering as a miss (config/cache.py). A healthy Redis answers in well
# under a millisecond; on a busy sync worker a request may queue behind
# another's timeout and then meet its own, and two stay under a second.
CACHE_CONNECT_TIMEOUT = env.float("CACHE_CONNECT_TIMEOUT", default=0.5)
CACHE_READ_TIMEOUT = env.float("CACHE_READ_TIMEOUT", default=0.5)
CACHE_COOLDOWN_SECONDS = env.float("CACHE_COOLDOWN_SECONDS", default=30.0)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same, with fewer costs per call, and skipped while it fails (config/cache.py).
    CACHES["default"]["BACKEND"] = "config.cache.RedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": CACHE_CONNECT_TIMEOUT,
        "socket_timeout": CACHE_READ_TIMEOUT,
        **CACHES["default"].get("OPTIONS", {}),
        "cooldown": CACHE_COOLDOWN_SECONDS,
    }

AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while the lockout holds, before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackendWithoutDemoAccounts",
]

# Sign-in lockout (django-axes), for the admin and the token endpoint alike:
# after LOGIN_FAILURE_LIMIT failed sign-ins for one username, or from one
# client address, within LOGIN_COOLOFF_MINUTES, every sign-in for that
# username or from that address is refused (429) until those failures are
# that old, even with the right password. Failures are kept in the database
# (Access attempts and Access failure logs in the admin; deleting the
# attempts lifts a lock, as does `manage.py axes_reset`).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
# The address the API's rate limits use: X-Forwarded-For only with API_NUM_PROXIES.
AXES_CLIENT_IP_CALLABLE = "config.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Sign-ins refused while locked are not counted: the lock lifts when the page
# says, and someone guessing cannot keep an account's owner out indefinitely.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful sign-in does not clear the failures: axes would clear those of
# the address too, so a guesser with an account of their own could go on.
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
# Reads from any configured origin; POST, PATCH and DELETE for editorial apps (token auth).
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PATCH", "DELETE"]
CORS_URLS_REGEX = r"^/api/.*$"
# If-Match guards editors' edits; the validators and Retry-After are for every client.
CORS_ALLOW_HEADERS = (*default_headers, "if-match", "if-none-match")
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# Behind a TLS-terminating proxy in production; every default below can be
# relaxed through the environment for a plain-HTTP staging box.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=0 if DEBUG else int(timedelta(days=365).total_seconds())
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "without_database_tracebacks": {"()": "config.database_errors.WithoutDatabaseTracebacks"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["without_database_tracebacks"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# A database that cannot be reached answers 503 with this Retry-After (seconds),
# JSON under /api/ and a short page elsewhere (api.middleware).
DATABASE_DOWN_RETRY_AFTER = env.int("DATABASE_DOWN_RETRY_AFTER", default=30)

# Background jobs (jobs/): declared with Django's task API, run by
# `manage.py worker`. With CELERY_BROKER_URL (amqp://... for RabbitMQ, or
# redis://...) they go through Celery on that broker, shared by the workers
# of every host; without it, through this database (no broker needed).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
TASKS = {
    "default": {
        "BACKEND": (
            "jobs.backends.CeleryBackend"
            if CELERY_BROKER_URL
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# Celery's own settings (read by jobs/celery.py). A job is acknowledged
# when it has finished, and given back to the broker if its worker dies;
# each worker takes one job at a time, so a dying one holds no others.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="guidance")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A worker waits out a broker outage, trying again for ever; sending a job
# from a request gives up within about two seconds (the sweep sends it later).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "max_retries": 1,
    "confirm_publish": True,
}
CELERY_BROKER_HEARTBEAT = 10
# Work a worker has claimed (a webhook delivery) and not finished is taken
# back this many seconds after the claim if that worker stops; the sweep
# that does it runs every JOB_SWEEP_SECONDS. Every job finishes well within it.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=60)
JOB_SWEEP_SECONDS = max(1, min(5, JOB_LEASE_SECONDS // 6))
if JOB_LEASE_SECONDS < 2 * JOB_SWEEP_SECONDS:
    raise ImproperlyConfigured("JOB_LEASE_SECONDS must be at least 2 seconds.")
# Run by every `manage.py worker`, each once per period across all of them.
PERIODIC_JOBS = {
    "webhooks.enqueue_due_deliveries": {
        "job": "editorial.webhooks.sweep.enqueue_due_deliveries",
        "every": JOB_SWEEP_SECONDS,
    },
    "webhooks.announce_go_lives": {
        "job": "editorial.webhooks.sweep.announce_go_lives",
        "every": JOB_SWEEP_SECONDS,
    },
}

# Webhooks (editorial/webhooks/, docs/app-developers/webhooks-security.md).
# Subscription secrets are stored encrypted (Fernet) under these keys, kept
# out of the database, so no dump holds a secret: comma-separated Fernet
# keys, the first encrypts and all decrypt (add a new key first, run
# `manage.py reencrypt_webhook_secrets`, then drop the old one). Required
# with DEBUG off; with DEBUG on, derived from SECRET_KEY unless set.
WEBHOOK_SECRET_KEYS = env.list("WEBHOOK_SECRET_KEYS", default=[])
if not WEBHOOK_SECRET_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "WEBHOOK_SECRET_KEYS must be set when DEBUG is off: one or more Fernet keys, "
            "comma-separated (the first encrypts webhook secrets, all decrypt). Make one with "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key()"
            ".decode())'"
        )
    WEBHOOK_SECRET_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(b"guidance webhook secrets\0" + SECRET_KEY.encode()).digest()
        ).decode()
    ]
for _number, _key in enumerate(WEBHOOK_SECRET_KEYS, start=1):
    try:
        Fernet(_key)
    except ValueError:
        # The key itself is not repeated: error messages end up in logs.
        raise ImproperlyConfigured(
            f"WEBHOOK_SECRET_KEYS: key number {_number} is not a Fernet key (32 bytes in "
            "url-safe base64, as Fernet.generate_key() makes)."
        ) from None
# After a secret is rotated, the one it replaces keeps signing deliveries
# (beside the new one) this long, while receivers switch over.
WEBHOOK_SECRET_OVERLAP_HOURS = env.int("WEBHOOK_SECRET_OVERLAP_HOURS", default=24)
# Webhook targets must resolve to public addresses only. The one exception:
# these addresses or networks (comma-separated, e.g. 127.0.0.1,::1 or
# 10.1.0.0/16), for a receiver on one's own machine in development. Empty
# by default, DEBUG or not.
WEBHOOK_ALLOWED_TARGETS = env.list("WEBHOOK_ALLOWED_TARGETS", default=[])
for _entry in WEBHOOK_ALLOWED_TARGETS:
    try:
        ipaddress.ip_network(_entry, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"WEBHOOK_ALLOWED_TARGETS: “{_entry}” is not an IP address or network "
            "(e.g. 127.0.0.1, ::1 or 10.1.0.0/16)."
        ) from None

# Password for the demo accounts that `manage.py load_demo` creates (DEBUG only).
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="guidance-demo")

# Editorial workflow: a release is due for clinical review this many months
# after its sign-off, and listed as due this many days before.
GUIDANCE_REVIEW_INTERVAL_MONTHS = env.int("GUIDANCE_REVIEW_INTERVAL_MONTHS", default=12)
GUIDANCE_REVIEW_DUE_SOON_DAYS = env.int("GUIDANCE_REVIEW_DUE_SOON_DAYS", default=30)
GUIDANCE_DEFAULT_REGION = env.str("GUIDANCE_DEFAULT_REGION", default="US").upper()

# Clinical governance (editorial/checks/, editorial/audit.py). Licences
# expiring within this many days are listed in the admin.
GUIDANCE_LICENCE_EXPIRY_WARNING_DAYS = env.int("GUIDANCE_LICENCE_EXPIRY_WARNING_DAYS", default=30)
# Above this Flesch-Kincaid grade, approving needs a written waiver (health
# information is commonly advised at grade 6 to 8).
GUIDANCE_MAX_READING_GRADE = env.float("GUIDANCE_MAX_READING_GRADE", default=8.0)
# The key of the audit chain's HMAC. Kept out of the database, so that
# write access to it is not enough to forge the chain; changing it makes
# every earlier entry fail verification. Defaults to one derived from SECRET_KEY.
GUIDANCE_AUDIT_KEY = env.str("GUIDANCE_AUDIT_KEY", default="")

# The API (api/). Anonymous reads are throttled per client address at
# API_ANON_RATE ("<n>/<second|minute|hour|day>"). The address is the
# connection's own unless API_NUM_PROXIES says how many proxies (load
# balancer, CDN) stand in front: only then is X-Forwarded-For believed, as
# anyone can send one.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_ANON_RATE = env.str("API_ANON_RATE", default="1000/minute")
# Token requests (POST /api/v1/auth/token/) per client address: each is a
# password guess.
API_TOKEN_RATE = env.str("API_TOKEN_RATE", default="30/minute")
# An editorial API token stops working this long after it was issued (and at
# once when its user's password changes).
API_TOKEN_MAX_AGE_DAYS = env.int("API_TOKEN_MAX_AGE_DAYS", default=30)
# Public responses are kept in the cache this long at most; publish,
# withdraw, a scheduled go-live and edits to site notices, crisis resources,
# topics and people replace them at once.
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=3600)
# Each process also keeps the answers it served lately in its own memory, up
# to this many bytes of answer bodies (0: none), in front of the shared cache.
API_LOCAL_CACHE_BYTES = env.int("API_LOCAL_CACHE_BYTES", default=32 * 1024 * 1024)
# How long clients and CDNs may reuse a public response without asking
# again. 0 (the default): they store it and revalidate every time with its
# ETag, so a withdrawal reaches readers at once.
API_CLIENT_MAX_AGE = env.int("API_CLIENT_MAX_AGE", default=0)

# Proxies and CDNs in front of the app (api/edge/). EDGE_MAX_AGE > 0 lets
# them hold public answers that long (s-maxage), never past the next
# scheduled go-live; every other change purges them through these backends
# as soon as it commits.
EDGE_MAX_AGE = env.int("EDGE_MAX_AGE", default=0)
EDGE_CACHE_BACKENDS = {
    **{
        f"varnish-{number}": {"BACKEND": "api.edge.backends.VarnishBanBackend", "LOCATION": url}
        for number, url in enumerate(env.list("EDGE_BAN_URLS", default=[]))
    },
    **{
        f"purge-{number}": {"BACKEND": "api.edge.backends.HTTPPurgeBackend", "LOCATION": url}
        for number, url in enumerate(env.list("EDGE_PURGE_URLS", default=[]))
    },
}
if env.str("CLOUDFLARE_ZONE_ID", default=""):
    EDGE_CACHE_BACKENDS["cloudflare"] = {
        "BACKEND": "api.edge.backends.CloudflareBackend",
        "ZONE_ID": env.str("CLOUDFLARE_ZONE_ID"),
        "API_TOKEN": env.str("CLOUDFLARE_API_TOKEN"),
        "HOSTS": env.list("EDGE_PUBLIC_HOSTS", default=[]),
    }
if env.str("CLOUDFRONT_DISTRIBUTION_ID", default=""):
    EDGE_CACHE_BACKENDS["cloudfront"] = {
        "BACKEND": "api.edge.backends.CloudFrontBackend",
        "DISTRIBUTION_ID": env.str("CLOUDFRONT_DISTRIBUTION_ID"),
    }

SPECTACULAR_SETTINGS = {
    "TITLE": "Guidance content service API",
    "DESCRIPTION": (
        "Clinically reviewed mental-health guidance. The public endpoints under "
        "/api/v1/ serve live releases only, anonymously and read-only; the "
        "editorial endpoints under /api/v1/editorial/ edit working copies and "
        "take them through clinical review and publishing."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Several fields are called "kind": each set of choices gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "ReviewKindEnum": ["clinical", "correction"],
        "NoticeKindEnum": "guidance.models.NoticeKind",
        "UpdateHistoryEntryKindEnum": ["original", "update", "correction"],
        "CorrectionChangeKindEnum": [
            "whitespace",
            "letter case",
            "punctuation",
            "misspelling",
            "wording",
        ],
    },
}

# PostgreSQL text search configuration for the public search (?q=).
GUIDANCE_SEARCH_CONFIG = env.str("GUIDANCE_SEARCH_CONFIG", default="english")
# A search ranks at most this many matches (found on the index), so its cost
# does not grow with the corpus; the list's count says how many it ranked.
API_SEARCH_CANDIDATES = env.int("API_SEARCH_CANDIDATES", default=1000)
