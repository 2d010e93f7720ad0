"""Tiltas settings: one file, driven by environment variables.

Every variable is listed in the README's configuration table. Defaults are safe for production
except where DEBUG is switched on explicitly; with no configuration at all the app runs on SQLite.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("TILTAS_DEBUG", False)


def _local_secret_key() -> str:
    """A random key kept in var/secret_key (readable by the owner only), made on first use.

    Set TILTAS_SECRET_KEY in production, the same on every host; this file serves a single
    machine (development, the demo, management commands) without a key in the code.
    """
    path = BASE_DIR / "var" / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process made it a moment ago: use theirs.
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = os.environ.get("TILTAS_SECRET_KEY", "") or _local_secret_key()

ALLOWED_HOSTS = env_list("TILTAS_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("TILTAS_CSRF_TRUSTED_ORIGINS", "")

# Demo mode: the banner on every page, and MFA not required, so the printed demo logins work.
DEMO_MODE = env_bool("TILTAS_DEMO", False)
# MFA is required for every staff role that can see personal data unless switched off.
REQUIRE_MFA = env_bool("TILTAS_REQUIRE_MFA", not DEMO_MODE)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "tiltas.common",
    "tiltas.accounts",
    "tiltas.reference",
    "tiltas.access",
    "tiltas.audit",
    "tiltas.people",
    "tiltas.programmes",
    "tiltas.referrals",
    "tiltas.casework",
    "tiltas.activities",
    "tiltas.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tiltas.common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tiltas.accounts.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tiltas.accounts.middleware.RequireMFAMiddleware",
    "tiltas.audit.middleware.AuditContextMiddleware",
    # Axes must be last: it turns locked-out attempts into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tiltas.accounts.context_processors.tiltas",
            ],
        },
    },
]

# Database: SQLite with no configuration; PostgreSQL (>= 15) through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("TILTAS_SQLITE_PATH", str(BASE_DIR / "var" / "tiltas.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE transactions avoid
                # "database is locked" upgrades under concurrent writes.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: staff accounts are created by an organisation administrator; no self sign-up.
ACCOUNT_ADAPTER = "tiltas.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
# django-axes is the one lockout for failed sign-ins; allauth's own counter would answer first
# with a different message, so it is switched off (its other rate limits stay).
ACCOUNT_RATE_LIMITS = {"login_failed": False}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tiltas"

# django-axes: lock an account on one address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("TILTAS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TILTAS_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "tiltas.accounts.lockout.username_for_lockout"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# Behind this many trusted reverse proxies the client address is read from X-Forwarded-For;
# the lockout and the audit log use the same reading.
TILTAS_PROXY_COUNT = int(os.environ.get("TILTAS_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "tiltas.audit.context.client_ip"

# Sessions: end after a period without activity (minutes), and when the browser closes.
SESSION_IDLE_TIMEOUT = int(os.environ.get("TILTAS_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Transport security when not in debug: secure cookies, HSTS, redirect to HTTPS.
SECURE_SSL_REDIRECT = env_bool("TILTAS_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("TILTAS_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TILTAS_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Strict content security policy: our own origin only, nothing third-party, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Languages: Lithuanian first, English second.
LANGUAGE_CODE = "lt"
LANGUAGES = [("lt", _("Lithuanian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Vilnius"
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("TILTAS_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not env_bool("TILTAS_STATIC_MANIFEST", not DEBUG)

# E-mail: printed to the console unless an SMTP server is configured.
_MAIL_BACKEND = os.environ.get(
    "TILTAS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": (
            {
                "host": os.environ.get("TILTAS_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("TILTAS_EMAIL_PORT", "25")),
                "username": os.environ.get("TILTAS_EMAIL_USER", ""),
                "password": os.environ.get("TILTAS_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("TILTAS_EMAIL_TLS", False),
            }
            if _MAIL_BACKEND.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("TILTAS_FROM_EMAIL", "tiltas@localhost")

# Background tasks: Django's tasks API with the database backend (worker: manage.py db_worker).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TILTAS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Audit: django-auditlog writes into our hash-chained entry model.
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False
# Audit chain HMAC key: changing it fails older entries' check; set once, keep in backup key store.
AUDIT_CHAIN_KEY = os.environ.get("TILTAS_AUDIT_KEY", "") or SECRET_KEY

# Break-glass access lasts this many hours.
BREAK_GLASS_HOURS = int(os.environ.get("TILTAS_BREAK_GLASS_HOURS", "8"))
PAGE_SIZE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TILTAS_LOG_LEVEL", "WARNING")},
}
