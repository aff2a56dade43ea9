"""Cercle's settings, read from environment variables (see the README's Configuration).

With no variable set, Cercle runs in debug-free mode on an SQLite file in ./data: a fresh clone
works without configuration. DATABASE_URL switches to PostgreSQL.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from cercle.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent  # the `cercle` package
REPO_DIR = BASE_DIR.parent

DATA_DIR = Path(env_str("CERCLE_DATA_DIR", str(REPO_DIR / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)

# Without SECRET_KEY, a random key is generated once and kept in the data directory, so a local
# install is safe by default and sessions survive restarts. Production sets SECRET_KEY(_FILE).
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    _key_file = DATA_DIR / "secret_key"
    if not _key_file.exists():
        from django.core.management.utils import get_random_secret_key

        _key_file.write_text(get_random_secret_key(), encoding="utf-8")
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "cercle.accounts",
    "cercle.activity",
    "cercle.communities",
    "cercle.members",
    "cercle.discussions",
    "cercle.notifications",
    "cercle.moderation",
    "cercle.events",
    "cercle.connectors",
    "cercle.cockpit",
    "cercle.demo",
    "cercle.lib",
    "cercle.privacy",
    "cercle.newsletters",
    "cercle.rituals",
    "cercle.resources",
    "cercle.onboarding",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cercle.accounts.sessions.SessionRecordMiddleware",
    "cercle.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it turns a locked-out login into the page that says so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cercle.project.urls"
WSGI_APPLICATION = "cercle.project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cercle.notifications.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'cercle.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids "database is locked" on
    # upgrade from read to write transactions under gunicorn's several workers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Connections are kept between requests (CONN_MAX_AGE, as on PostgreSQL): opening the file
    # again on each request costs more than most pages' own queries.

# A cache shared by every worker process: allauth's rate limits (login attempts, confirmation
# emails) only hold if all workers count together. Without REDIS_URL each process keeps its own.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt while its email+IP is locked out (django-axes).
    "cercle.accounts.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Accounts (django-allauth): login by email, email confirmation mandatory ---------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "cercle.accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a mail scanner following the link must not confirm
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# A professional directory shows who is a member anyway; a clear "this address already has an
# account" on sign-up serves people better than a silent email.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_ADAPTER = "cercle.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cercle] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# --- Email ---------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cercle <cercle@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# With no SMTP host configured (the demo), mail is written to files in the data directory
# rather than lost, so the demo's confirmation links can be followed.
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "sent-mail")

# --- Internationalisation: French first, English too ---------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
WHITENOISE_USE_FINDERS = DEBUG
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
MAX_IMAGE_UPLOAD_BYTES = env_int("MAX_IMAGE_UPLOAD_BYTES", 4 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Files attached to posts (cercle.discussions): the size of each, how many per post. They are
# stored in MEDIA_ROOT/private/, which /media/ never serves (a proxy in front must not either):
# only the attachment view does, to those who may read the post.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENTS_PER_POST = env_int("ATTACHMENTS_PER_POST", 5)
# Files bigger than every limit above stop being written to disk once past it (they are then
# refused with a message, like any file too large).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "cercle.lib.uploads.CappedTemporaryFileUploadHandler",
]
# Archives animators upload to import (Manage > Import an archive), kept in
# MEDIA_ROOT/private/imports/ until their import ends: the largest upload, and the most a .zip
# or .tar.gz may unpack to (also at most 200 times its own size, against "zip bombs").
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 500 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 5 * 1024 * 1024 * 1024)
# An import reads and prepares the archive in a second process while the first one writes
# (cercle.connectors.pipeline): False reads in place, on one core.
IMPORT_READ_IN_CHILD = env_bool("IMPORT_READ_IN_CHILD", True)
# On SQLite, the most memory an import's page cache takes (cercle.connectors.rows).
IMPORT_SQLITE_CACHE_MB = env_int("IMPORT_SQLITE_CACHE_MB", 64)
# On PostgreSQL, an import checks its foreign keys once per key at the end instead of once per
# row, when the database role may (cercle.connectors.postgres.ReferenceChecks).
IMPORT_BULK_REFERENCE_CHECKS = env_bool("IMPORT_BULK_REFERENCE_CHECKS", True)

# --- Security ------------------------------------------------------------------------------
# Production is a SITE_URL in https: cookies are then sent over TLS only, plain http is
# redirected and browsers are told (HSTS) to come back in https for a year. `cercle check
# --deploy` passes with SECRET_KEY, SITE_URL=https://..., ALLOWED_HOSTS (see the README).
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
# Preloading is a commitment an operator makes on hstspreload.org for their whole domain: opt in.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]  # preload: opt-in

# Content-Security-Policy (django-csp; Django 5.2 has none built in). Nothing inline: scripts
# and styles come from our static files only, so an injected <script> or on* handler never runs.
# htmx is told not to inject its indicator <style> (see base.html); Pico's icons are data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one email from
# one IP address, that pair is locked out for AXES_COOLOFF_MINUTES. Attempts are kept in the
# database, so every worker process counts them together without a shared cache.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "cercle.accounts.throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "cercle.lib.http.client_ip"
# allauth's own limits stay as a second net: a burst from one IP, and guesses at one account
# spread over many IPs. Looser than its default of 5 per address, which would let anyone lock a
# member out from anywhere by typing wrong passwords for their address.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,30/h/key"}
AXES_LOCKOUT_CALLABLE = "cercle.accounts.throttling.locked_out"
AXES_VERBOSE = False
# Successful logins are already listed on the member's sessions page (cercle.accounts.sessions);
# a second log of IPs and browsers would be personal data kept for nothing.
AXES_DISABLE_ACCESS_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Background work ---------------------------------------------------------------------
# Django 6's task framework (backported by django-tasks). The database backend needs no other
# service: `cercle serve` starts a worker beside gunicorn, or run `cercle db_worker` yourself.
# CERCLE_TASKS_BACKEND=immediate runs tasks inside the request (the tests do).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[env_str("CERCLE_TASKS_BACKEND", "database")]}}

# --- Cercle --------------------------------------------------------------------------------
INVITATION_DEFAULT_DAYS = env_int("INVITATION_DEFAULT_DAYS", 14)
DIRECTORY_PAGE_SIZE = 24
CERCLE_COMMUNITY_CREATORS = env_str("CERCLE_COMMUNITY_CREATORS", "everyone")  # or "staff"
# What each worker process keeps of the discussion pages (see cercle.lib.fragments,
# cercle.discussions.generation and .visitors), in entries: rendered posts and topic rows, whole
# pages for visitors (not logged in), shared reads (a page of posts with their authors...).
# Nothing kept is ever stale; 0 keeps nothing. With DEBUG, templates change under the server:
# rendered HTML is not kept.
FRAGMENT_MEMO_SIZE = env_int("FRAGMENT_MEMO_SIZE", 0 if DEBUG else 5000)
VISITOR_PAGES_KEPT = env_int("VISITOR_PAGES_KEPT", 0 if DEBUG else 200)
SHARED_READS_KEPT = env_int("SHARED_READS_KEPT", 200)
# Digests (cercle.newsletters): the hour (site time zone) from which the day's, week's (Monday)
# and month's (1st) digests are due. The `mailto:` of List-Unsubscribe, beside the https
# one-click link: an address, "sender" (DEFAULT_FROM_EMAIL's), or "none". Its mailbox must turn
# "unsubscribe <token>" messages into unsubscriptions (see cercle/newsletters/tokens.py).
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
UNSUBSCRIBE_MAILTO = env_str("UNSUBSCRIBE_MAILTO", "sender")
# SMTP connections a mailing (digests, newsletters) opens in parallel for a batch of members.
MAILING_CONNECTIONS = env_int("MAILING_CONNECTIONS", 4)
