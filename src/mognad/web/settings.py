"""Mognad's one settings module: every deployment difference comes from the environment.

The variables are listed, with their defaults, in the README's "Configuration" section.
"""

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from mognad.web.env import (
    EMAIL_BACKENDS,
    EnvError,
    env_bool,
    env_cache,
    env_choice,
    env_database,
    env_email_backend,
    env_int,
    env_list,
    env_str,
)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
WEB_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise EnvError("SECRET_KEY", "required when DEBUG is false; set a long random string")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(env_str("MOGNAD_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {"default": env_database("DATABASE_URL", DATA_DIR / "mognad.sqlite3")}
# The rate limits (login, respondents' links) count in the default cache: with several
# server processes, only a shared one (Redis) counts every process's requests together.
# What holds respondents' words (the open answers' themes) stays in each process's own
# memory, whatever CACHE_URL says.
CACHES = {
    "default": env_cache("CACHE_URL"),
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not Django's in-memory default, so tests see the same PRAGMAs as production.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-mognad.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "mognad.web.apps.site",
    "mognad.web.apps.accounts",
    "mognad.web.apps.workspaces",
    "mognad.web.apps.library",
    "mognad.web.apps.rounds",
    "mognad.web.apps.respond",
    "mognad.web.apps.results",
    "mognad.web.apps.actions",
    "mognad.web.apps.reports",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Links in e-mails sent by background tasks, which have no request to take the address
# from; pages build their links from the request instead.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspaces:list"
LOGOUT_REDIRECT_URL = "home"

MIDDLEWARE = [
    # Respondents' links take a shorter stack of the same protections (respond/lane.py).
    "mognad.web.apps.respond.lane.RespondentLane",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "mognad.web.urls"
WSGI_APPLICATION = "mognad.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("de", _("German")),
    ("nl", _("Dutch")),
]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
# WhiteNoise serves straight from the apps' static folders, so running needs no
# collectstatic step and no manifest that could go stale.
WHITENOISE_USE_FINDERS = True

# No inline script or style anywhere: everything comes from this origin's static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
# Behind a TLS-terminating proxy the app only sees http; the proxy's header says https.
_PROXY_SSL_HEADER = env_str("SECURE_PROXY_SSL_HEADER")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https") if _PROXY_SSL_HEADER else None
)

# Printing mail to the console is only for development: in production it would lose mail.
email_backend = env_email_backend("EMAIL_BACKEND", "console" if DEBUG else "smtp")
smtp_options = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 587, low=1, high=65535),
    "username": env_str("EMAIL_HOST_USER"),
    "password": env_str("EMAIL_HOST_PASSWORD"),
    "use_tls": env_bool("EMAIL_USE_TLS", default=True),
    "timeout": 10,
}
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKENDS[email_backend],
        "OPTIONS": smtp_options if email_backend == "smtp" else {},
    },
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mognad <mognad@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    # WeasyPrint logs every step of every PDF at INFO; only its warnings matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
