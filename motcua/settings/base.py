"""motcua settings. Every value comes from the environment through :func:`env` (see README)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua.settings.env import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(
    env("MOTCUA_VAR_DIR", "", "Folder for the embedded database, uploads and keys (empty: `var/` in the project).")
    or BASE_DIR / "var"
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env(
    "MOTCUA_PRODUCTION", False, "Production hardening: HTTPS only, HSTS, secure cookies, metrics need a token.", "bool"
)
DEBUG = env("MOTCUA_DEBUG", False, "Django debug pages. Never in production.", "bool")


def _secret_key() -> str:
    key = env("MOTCUA_SECRET_KEY", "", "Django secret key. Required in production; generated under var/ otherwise.")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("MOTCUA_SECRET_KEY must be set when MOTCUA_PRODUCTION is true")
    path = VAR_DIR / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env(
    "MOTCUA_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "[::1]"],
    "Host names this server answers to (comma-separated).",
    "list",
)
CSRF_TRUSTED_ORIGINS = env("MOTCUA_CSRF_TRUSTED_ORIGINS", [], "Extra origins trusted for CSRF (https://…).", "list")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "motcua.core",
    "motcua.plugins",
    "motcua.geo",
    "motcua.agencies",
    "motcua.accounts",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.registry",
    "motcua.signing",
    "motcua.dossiers",
    "motcua.statistics",
    "motcua.payments",
    "motcua.notifications",
    "motcua.feedback",
    "motcua.api",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.demo",
]

MIDDLEWARE = [
    "motcua.core.middleware.RequestIdMiddleware",
    "motcua.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "motcua.core.csp.CachedCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motcua.accounts.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------------
DATABASE_URL = (
    env(
        "DATABASE_URL",
        "",
        "Database: `postgres://user@host:5432/name` or `sqlite:///path` (empty: SQLite `var/motcua.sqlite3`).",
    )
    or f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"
)
# A health check costs a round trip to the database at the start of every request (a tenth of a public
# look-up's time). Without it, a connection broken by a database restart fails one request per server
# thread, which Django then closes and reopens.
DB_HEALTH_CHECKS = env(
    "MOTCUA_DB_HEALTH_CHECKS",
    False,
    "Check a kept database connection with a round trip before each request's first query.",
    "bool",
)
# The hottest queries (session, user, roles, public look-up, worklist rows) are prepared once per connection on
# PostgreSQL: planning them cost more than running them. A pooler in transaction mode must keep prepared
# statements (PgBouncer >= 1.21 with max_prepared_statements), or this must be off.
DB_PREPARED_STATEMENTS = env(
    "MOTCUA_DB_PREPARED_STATEMENTS",
    True,
    "Prepare the hottest PostgreSQL queries once per connection (off behind a pooler that cannot keep them).",
    "bool",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=DB_HEALTH_CHECKS)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock up front so
        # two transactions never deadlock upgrading a read lock.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env("CACHE_URL", "locmem://", "Cache: `locmem://` (one process) or `redis://127.0.0.1:6379/0`.")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "motcua"}}
# The pages' chrome (header, footer, asset links: the same for every page in a language), rendered once per
# process: always in-process, as it holds hashed asset URLs that change only with a deployment's restart.
CACHES["chrome"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "motcua-chrome"}

# --- background tasks -----------------------------------------------------------------------------
TASKS_BACKEND = env(
    "MOTCUA_TASKS_BACKEND",
    "database",
    "Task queue: `database` (django-tasks-db, run `manage.py db_worker`), `immediate` (in the request).",
)
TASKS = {
    "default": {
        "BACKEND": {
            "database": "motcua.core.task_backend.OutboxBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}

# --- accounts and security ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "motcua.accounts.backends.LoginBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env("MOTCUA_LOGIN_FAILURE_LIMIT", 10, "Wrong logins before an account is locked.", "int")
AXES_COOLOFF_TIME = env("MOTCUA_LOGIN_COOLOFF_MINUTES", 30, "Minutes an account stays locked.", "int") / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = True
AXES_LOCKOUT_CALLABLE = "motcua.accounts.views.lockout_response"
OTP_TOTP_ISSUER = "motcua"
OFFICIAL_TOTP_REQUIRED = env(
    "MOTCUA_OFFICIAL_TOTP_REQUIRED", True, "Officials must give a TOTP code at every login.", "bool"
)
RATELIMIT_LOGIN = env("MOTCUA_RATELIMIT_LOGIN", "20/m", "Login attempts allowed per client address.")
RATELIMIT_API = env("MOTCUA_RATELIMIT_API", "600/m", "Anonymous API requests allowed per client address.")
RATELIMIT_ENABLE = env("MOTCUA_RATELIMIT", True, "Apply rate limits (turn off only for load tests).", "bool")
METRICS_TOKEN = env(
    "MOTCUA_METRICS_TOKEN", "", "Bearer token for /metrics in production (empty: metrics only from loopback)."
)

SESSION_ENGINE = "motcua.accounts.sessions"  # Django's database sessions, read with one plain query
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env("MOTCUA_SESSION_SECONDS", 8 * 3600, "Session lifetime in seconds.", "int")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
_SSL_REDIRECT = env(
    "MOTCUA_SSL_REDIRECT", True, "In production, redirect http to https (off when a proxy does it).", "bool"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = _SSL_REDIRECT
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Strict CSP: no inline script or style anywhere; every page is tested in Chromium for violations.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- i18n -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

# --- static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("css", BASE_DIR / "frontend" / "dist" / "css"),
    ("js", BASE_DIR / "frontend" / "js"),
    ("vendor/govuk", _NODE / "govuk-frontend" / "dist" / "govuk"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/be-vietnam-pro", _NODE / "@fontsource" / "be-vietnam-pro"),
    ("vendor/chartjs", _NODE / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"  # uploads and e-results; served only through views that check ownership

# --- deployment choices ---------------------------------------------------------------------------
MOTCUA_PROVINCE = env("MOTCUA_PROVINCE", "01", "GSO code of the deployment's province or city (01 = Hà Nội).")
MOTCUA_STRUCTURE = env(
    "MOTCUA_STRUCTURE",
    "2025",
    "Administrative structure in force: `2025` (province → commune) or `2017` (province → district → commune).",
)
MOTCUA_AGENCY_CODE_SUFFIX = env(
    "MOTCUA_AGENCY_CODE_SUFFIX", "H26", "Level-1 electronic identifier of the province (Decision 20/2020; Hà Nội H26)."
)

# --- logging --------------------------------------------------------------------------------------
LOG_LEVEL = env("MOTCUA_LOG_LEVEL", "INFO", "Log level (DEBUG, INFO, WARNING, ERROR).")
LOG_FORMAT = env("MOTCUA_LOG_FORMAT", "json", "Log format: `json` (one JSON object a line) or `text`.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "motcua.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.server": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Accounts are locked by user name (10 failures, the issue's rule); client addresses are limited
# separately by the login rate limit, so axes' advice to lock by address too does not apply.
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # The worklist indexes carry INCLUDE columns for PostgreSQL; SQLite builds them without (and says so).
    "models.W040",
]

# --- workdays -------------------------------------------------------------------------------------
# The legal clock (motcua.workdays). Rules tagged [unconfirmed] in the domain guide are settings here;
# the year's official notices, declared by the city operator, take precedence over the placements below.
WORKDAYS_HOURS = env(
    "MOTCUA_WORKDAYS_HOURS",
    "07:00-11:30,13:30-17:00",
    "Working periods of a working day, local time (`HH:MM-HH:MM,…`). Schedules stored in the database override it from their date.",
)
WORKDAYS_WEEKEND = env(
    "MOTCUA_WORKDAYS_WEEKEND", ["sat", "sun"], "Weekly rest days of state agencies (Decision 188/1999/QĐ-TTg).", "list"
)
WORKDAYS_HOURS_PER_DAY = env(
    "MOTCUA_WORKDAYS_HOURS_PER_DAY",
    8,
    "Working hours in one working day, for deadlines counted in working days.",
    "int",
)
WORKDAYS_TET_DAYS_BEFORE = env(
    "MOTCUA_WORKDAYS_TET_DAYS_BEFORE",
    1,
    "Default placement of Tết's five days off: how many fall before the first day of the lunar year (0–5). "
    "[unconfirmed] Used until the year's notice is declared.",
    "int",
)
WORKDAYS_NATIONAL_DAY_ADJACENT = env(
    "MOTCUA_WORKDAYS_NATIONAL_DAY_ADJACENT",
    "before",
    "Default day joined to National Day 2/9 (`before` = 1/9, `after` = 3/9) until the year's notice is declared.",
)
WORKDAYS_CULTURE_DAY_FROM = env(
    "MOTCUA_WORKDAYS_CULTURE_DAY_FROM",
    2026,
    "First year of Vietnam Culture Day (24/11) as a day off (0: never). [reported, Resolution 28/2026/QH16]",
    "int",
)
WORKDAYS_CULTURE_DAY_COMPENSATED = env(
    "MOTCUA_WORKDAYS_CULTURE_DAY_COMPENSATED",
    False,
    "Whether Culture Day on a weekly rest day gives a compensatory day off (it is not in Labour Code Art. 112).",
    "bool",
)
WORKDAYS_CALENDAR_DAYS_SKIP_HOLIDAYS = env(
    "MOTCUA_WORKDAYS_CALENDAR_DAYS_SKIP_HOLIDAYS",
    False,
    "Deadlines in calendar days do not count public holidays (weekly rest days still count). [unconfirmed]",
    "bool",
)
WORKDAYS_APOLOGY_LEAD_DAYS = env(
    "MOTCUA_WORKDAYS_APOLOGY_LEAD_DAYS",
    1,
    "Working days before the due date by which the apology slip must be issued. [unconfirmed]",
    "int",
)
WORKDAYS_CACHE_SECONDS = env(
    "MOTCUA_WORKDAYS_CACHE_SECONDS",
    10,
    "Seconds a process trusts its cached calendar before checking the database for changes made elsewhere.",
    "int",
)
# --- end workdays ---------------------------------------------------------------------------------

# --- signing --------------------------------------------------------------------------------------
# Digital signatures (motcua.signing): PAdES signing of results and their public verification.
SIGNING_PKI_DIR = VAR_DIR / "pki"
SIGNING_TRUST_ROOTS = env(
    "MOTCUA_SIGNING_TRUST_ROOTS",
    [],
    "PEM files of the trusted root certificates, comma-separated (empty: the demo root `var/pki/root.pem`). "
    "A production deployment lists its real roots, e.g. the national root CA.",
    "list",
)
SIGNING_CRL_FILES = env(
    "MOTCUA_SIGNING_CRL_FILES",
    [],
    "Revocation lists (DER or PEM) known offline, comma-separated (empty: the demo PKI's `var/pki/crl/*.crl`). "
    "With revocation data for the whole chain, signatures are upgraded to PAdES B-LT.",
    "list",
)
SIGNING_FETCH_REVOCATION = env(
    "MOTCUA_SIGNING_FETCH_REVOCATION",
    False,
    "Fetch OCSP responses and CRLs over the network when signing and verifying (B-LT with real CAs).",
    "bool",
)
SIGNING_TSA_URL = env(
    "MOTCUA_SIGNING_TSA_URL", "", "RFC 3161 timestamp authority; when set, signatures are PAdES B-T (empty: B-B)."
)
SIGNING_MAX_UPLOAD_MB = env("MOTCUA_SIGNING_MAX_UPLOAD_MB", 20, "Largest PDF accepted for verification, in MB.", "int")
SIGNING_STAMP_FONT = env(
    "MOTCUA_SIGNING_STAMP_FONT",
    "",
    "TrueType font of the visible signature (must have Vietnamese glyphs; empty: Be Vietnam Pro from node_modules).",
) or str(_NODE / "@expo-google-fonts" / "be-vietnam-pro" / "400Regular" / "BeVietnamPro_400Regular.ttf")
SIGNING_PUBLIC_URL = env(
    "MOTCUA_SIGNING_PUBLIC_URL",
    "http://127.0.0.1:8000",
    "Public address of this site, printed in the QR code of signed documents (…/verify/<reference>/).",
)
SIGNING_KEY_PROVIDER = env(
    "MOTCUA_SIGNING_KEY_PROVIDER",
    "pkcs12",
    "Default key provider: `pkcs12` (key files, the demo), `pkcs11` (token or HSM) or `remote` (signing service).",
)
SIGNING_PKCS11_LIBRARY = env(
    "MOTCUA_SIGNING_PKCS11_LIBRARY",
    "/usr/lib/softhsm/libsofthsm2.so",
    "PKCS#11 module of the token or HSM (the pkcs11 key provider).",
)
SIGNING_REMOTE_URL = env(
    "MOTCUA_SIGNING_REMOTE_URL",
    "",
    "Base URL of the remote signing service or local signing agent (the remote key provider), e.g. http://127.0.0.1:8987.",
)
# --- end signing ----------------------------------------------------------------------------------

# --- dossiers -------------------------------------------------------------------------------------
# The dossier lifecycle engine (motcua.dossiers). Rules tagged [unconfirmed] in the domain guide are settings.
DOSSIERS_MAX_SUPPLEMENTS = env(
    "MOTCUA_DOSSIERS_MAX_SUPPLEMENTS",
    1,
    "Supplement requests allowed during processing (Decree 107/2021: once). [unconfirmed wording]",
    "int",
)
DOSSIERS_SUPPLEMENT_DAYS = env(
    "MOTCUA_DOSSIERS_SUPPLEMENT_DAYS",
    15,
    "Working days the citizen has to answer a supplement request before it lapses. [unconfirmed]",
    "int",
)
DOSSIERS_SUPPLEMENT_LAPSED = env(
    "MOTCUA_DOSSIERS_SUPPLEMENT_LAPSED",
    "stop",
    "What a lapsed supplement request does to the dossier: `stop` (stop notice, status 8) or `none` (stays waiting).",
)
DOSSIERS_MAX_APOLOGIES = env(
    "MOTCUA_DOSSIERS_MAX_APOLOGIES",
    1,
    "Apology slips with a new appointment date allowed per dossier (once). [unconfirmed]",
    "int",
)
DOSSIERS_PAYMENT_PAUSES_CLOCK = env(
    "MOTCUA_DOSSIERS_PAYMENT_PAUSES_CLOCK",
    True,
    "Whether waiting for a financial obligation (status 6) pauses the legal clock. [unconfirmed; land rules]",
    "bool",
)
DOSSIERS_TRANSFER_CUTOFF = env(
    "MOTCUA_DOSSIERS_TRANSFER_CUTOFF",
    "15:00",
    "Dossiers received after this local time are due to be transferred on the next working day. [unconfirmed]",
)
DOSSIERS_LETTERS_NEED_LEADER = env(
    "MOTCUA_DOSSIERS_LETTERS_NEED_LEADER",
    True,
    "Supplement and apology letters drafted by a specialist go out only once a leader approves them.",
    "bool",
)
DOSSIERS_SLIP_TEMPLATES = env(
    "MOTCUA_DOSSIERS_SLIP_TEMPLATES",
    "2025",
    "Template set of the slips: `2025` (Circular 03/2025/TT-VPCP, forms 01–07) or `2018` (Circular 01/2018).",
)
DOSSIERS_TRACKING_URL = env(
    "MOTCUA_DOSSIERS_TRACKING_URL",
    "http://127.0.0.1:8000/track/",
    "Public tracking address printed (with the dossier code) in the QR code of every slip.",
)
DEMO_DOSSIERS = env("DEMO_DOSSIERS", 20000, "Dossiers the demo data creates (a year of intake).", "int")
DOSSIERS_POSTAL_SERVICE = env(
    "MOTCUA_DOSSIERS_POSTAL_SERVICE",
    "log",
    "Postal service that carries results to citizens (plugin id; `log`: only logs the order, waybill LOG-…).",
)
DOSSIERS_REMINDER_MAIL = env(
    "MOTCUA_DOSSIERS_REMINDER_MAIL",
    True,
    "Also e-mail handlers their daily reminders of work due within 24 working hours and overdue work.",
    "bool",
)
# --- end dossiers ---------------------------------------------------------------------------------

# --- registry -------------------------------------------------------------------------------------
REGISTRY_ASYNC_LOG_COMMIT = env(
    "MOTCUA_REGISTRY_ASYNC_LOG_COMMIT",
    False,
    "PostgreSQL: commit access-log entries of stand-alone lookups without waiting for the disk flush "
    "(about 1 ms faster; a database crash can lose the last fraction of a second of entries).",
    "bool",
)
REGISTRY_IMPORT_WORKERS = env(
    "MOTCUA_REGISTRY_IMPORT_WORKERS",
    -1,
    "PostgreSQL imports of the register: threads validating the next batches while the current one is "
    "written (-1: one per CPU; 0: validate in the importing thread).",
    "int",
)
# --- end registry ---------------------------------------------------------------------------------

# --- mail and links -------------------------------------------------------------------------------
PUBLIC_URL = env(
    "MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000", "Address of the site as citizens reach it (links in e-mails and SMS)."
).rstrip("/")
EMAIL_HOST = env("MOTCUA_SMTP_HOST", "", "SMTP server for e-mail (empty: e-mails are written to the log instead).")
EMAIL_PORT = env("MOTCUA_SMTP_PORT", 25, "SMTP port.", "int")
EMAIL_HOST_USER = env("MOTCUA_SMTP_USER", "", "SMTP user name (empty: no authentication).")
EMAIL_HOST_PASSWORD = env("MOTCUA_SMTP_PASSWORD", "", "SMTP password.")
EMAIL_USE_TLS = env("MOTCUA_SMTP_STARTTLS", False, "Use STARTTLS on the SMTP connection.", "bool")
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env(
    "MOTCUA_MAIL_FROM",
    "Cổng dịch vụ công <no-reply@motcua.invalid>",
    "Sender address of the e-mails the platform sends.",
)
# --- end mail and links ---------------------------------------------------------------------------

# --- apply ----------------------------------------------------------------------------------------
UPLOAD_MAX_MB = env(
    "MOTCUA_UPLOAD_MAX_MB", 20, "Largest file a citizen may upload to a dossier or the wallet, in MB.", "int"
)
UPLOAD_MAX_PAGES = env("MOTCUA_UPLOAD_MAX_PAGES", 100, "Most pages an uploaded PDF may have.", "int")
UPLOAD_MAX_MEGAPIXELS = env(
    "MOTCUA_UPLOAD_MAX_MEGAPIXELS", 50, "Most pixels (in millions) an uploaded JPEG or PNG may have.", "int"
)
UPLOAD_PDF_SECONDS = env(
    "MOTCUA_UPLOAD_PDF_SECONDS", 3, "CPU seconds the check of one uploaded PDF may take (in a child process).", "int"
)
# --- end apply ------------------------------------------------------------------------------------

# --- accounts -------------------------------------------------------------------------------------
# Login with the national identity (VNeID or the national portal's SSO, domain.md §5.3): an OpenID
# Connect client. An empty issuer turns national login off (the button is hidden).
OIDC_ISSUER = env(
    "MOTCUA_OIDC_ISSUER",
    "",
    "OpenID Connect issuer of the national identity login, e.g. `https://sso.dancuquocgia.gov.vn` "
    "(its `/.well-known/openid-configuration` is read; empty: national login off).",
).rstrip("/")
OIDC_CLIENT_ID = env("MOTCUA_OIDC_CLIENT_ID", "", "Client id registered with the national identity provider.")
OIDC_CLIENT_SECRET = env("MOTCUA_OIDC_CLIENT_SECRET", "", "Client secret registered with the provider.")
OIDC_SCOPES = env(
    "MOTCUA_OIDC_SCOPES", ["openid", "profile"], "Scopes requested (comma-separated; `openid` is always added).", "list"
)
OIDC_ACR_VALUES = env(
    "MOTCUA_OIDC_ACR_VALUES",
    [],
    "Levels of assurance accepted, e.g. `LoA2,LoA3`: sent as `acr_values`; a login whose `acr` is not one of "
    "them is refused (empty: none requested or checked).",
    "list",
)
OIDC_PERSONAL_ID_CLAIM = env(
    "MOTCUA_OIDC_PERSONAL_ID_CLAIM", "SoDinhDanh", "Userinfo claim holding the 12-digit personal ID."
)
OIDC_BUTTON_LABEL = env(
    "MOTCUA_OIDC_BUTTON_LABEL",
    "",
    "Text of the national login button (empty: “Log in with VNeID, the national electronic identity”, translated).",
)
ACCOUNTS_LOCAL_SIGNUP = env(
    "MOTCUA_ACCOUNTS_LOCAL_SIGNUP",
    True,
    "Citizens may create local accounts (e-mail and password). Turn off where only the national identity "
    "is accepted (Decision 29/2026/QĐ-TTg); existing local accounts still log in.",
    "bool",
)
OIDC_TIMEOUT = 10  # seconds for each call to the provider
if OIDC_ISSUER:
    from urllib.parse import urlsplit

    # Logging out redirects the logout form on to the provider's logout page: CSP must let the form go there.
    _issuer = urlsplit(OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_issuer.scheme}://{_issuer.netloc}")
OIDC_DISCOVERY_CACHE_SECONDS = 3600
RATELIMIT_ACCOUNT_CODES = env(
    "MOTCUA_RATELIMIT_ACCOUNT_CODES",
    "10/h",
    "Sign-ups and password-reset requests allowed per client address (each sends an e-mail).",
)
# --- end accounts ---------------------------------------------------------------------------------

# --- payments -------------------------------------------------------------------------------------
# Fees and charges (motcua.payments): gateways, the sandbox gateway, VietQR, e-receipts.
PAYMENTS_SANDBOX = env(
    "MOTCUA_PAYMENTS_SANDBOX",
    not PRODUCTION,
    "Serve the sandbox payment gateway at /pay/sandbox/ and use it for every gateway without a real address "
    "(on by default outside production; refused in production).",
    "bool",
)
if PRODUCTION and PAYMENTS_SANDBOX:
    raise RuntimeError("MOTCUA_PAYMENTS_SANDBOX must be false when MOTCUA_PRODUCTION is true")
PAYMENTS_GATEWAYS = env(
    "MOTCUA_PAYMENTS_GATEWAYS",
    ["vnpay", "vietqr", "paygov"],
    "Gateways offered to citizens, in this order: `vnpay` (card/bank redirect), `vietqr` (bank-app QR), "
    "`paygov` (national payment platform).",
    "list",
)
PAYMENTS_EXPIRE_MINUTES = env(
    "MOTCUA_PAYMENTS_EXPIRE_MINUTES", 15, "Minutes a gateway transaction stays payable.", "int"
)
PAYMENTS_VNPAY_URL = env(
    "MOTCUA_PAYMENTS_VNPAY_URL", "", "Payment page of the VNPay-style gateway (empty: the sandbox's)."
)
PAYMENTS_VNPAY_API_URL = env(
    "MOTCUA_PAYMENTS_VNPAY_API_URL", "", "Query and refund API of the VNPay-style gateway (empty: the sandbox's)."
)
PAYMENTS_VNPAY_TMN_CODE = env("MOTCUA_PAYMENTS_VNPAY_TMN_CODE", "MOTCUA01", "Merchant code (vnp_TmnCode).")
PAYMENTS_VNPAY_SECRET = env(
    "MOTCUA_PAYMENTS_VNPAY_SECRET", "", "HMAC-SHA512 secret of the merchant (empty: the sandbox's demo secret)."
)
PAYMENTS_PAYGOV_URL = env(
    "MOTCUA_PAYMENTS_PAYGOV_URL", "", "Endpoint of the national payment platform (INIT/QUERY; empty: the sandbox's)."
)
PAYMENTS_PAYGOV_PARTNER = env(
    "MOTCUA_PAYMENTS_PAYGOV_PARTNER", "MOTCUA", "Partner code at the national platform (MaDoiTac)."
)
PAYMENTS_PAYGOV_SECRET = env(
    "MOTCUA_PAYMENTS_PAYGOV_SECRET", "", "Secret of the MaXacThuc check code (empty: the sandbox's demo secret)."
)
PAYMENTS_PAYGOV_TOKEN = env("MOTCUA_PAYMENTS_PAYGOV_TOKEN", "", "Bearer token for the national payment platform.")
PAYMENTS_VIETQR_BIN = env("MOTCUA_PAYMENTS_VIETQR_BIN", "970432", "NAPAS BIN of the collecting bank (970432: VPBank).")
PAYMENTS_VIETQR_ACCOUNT = env(
    "MOTCUA_PAYMENTS_VIETQR_ACCOUNT", "", "Account that receives VietQR transfers (empty: the sandbox's demo account)."
)
PAYMENTS_VIETQR_NAME = env("MOTCUA_PAYMENTS_VIETQR_NAME", "UBND THANH PHO HA NOI", "Account holder printed in the QR.")
PAYMENTS_RECEIPT_PROVIDER = env(
    "MOTCUA_PAYMENTS_RECEIPT_PROVIDER", "pdf", "E-receipt provider: `pdf` (a PDF receipt made here)."
)
# --- end payments ---------------------------------------------------------------------------------

# --- notifications --------------------------------------------------------------------------------
NOTIFICATIONS_SMS = env("MOTCUA_SMS", True, "Send SMS notices to citizens' phones (through the SMS gateway).", "bool")
NOTIFICATIONS_SMS_GATEWAY = env(
    "MOTCUA_SMS_GATEWAY", "log", "SMS gateway plugin: `log` (writes the SMS to the log; no operator contract)."
)
NOTIFICATIONS_MAX_ATTEMPTS = env(
    "MOTCUA_NOTIFY_MAX_ATTEMPTS", 6, "Tries to send an e-mail or SMS before it is marked failed.", "int"
)
NOTIFICATIONS_RETRY_SECONDS = env(
    "MOTCUA_NOTIFY_RETRY_SECONDS", 60, "First retry delay of a failed send; doubled at each failure.", "int"
)
TRACKING_RATE = env("MOTCUA_TRACKING_RATE", "30/m", "Public dossier look-ups (page) allowed per client address.")
# --- end notifications ----------------------------------------------------------------------------

# --- bench ----------------------------------------------------------------------------------------
PG_JIT = env(
    "MOTCUA_PG_JIT",
    False,
    "PostgreSQL's JIT for the site's queries (off: on large row estimates it compiles for seconds, which a "
    "page query never earns back).",
    "bool",
)
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not PG_JIT:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# --- end bench ------------------------------------------------------------------------------------
