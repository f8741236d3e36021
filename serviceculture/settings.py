"""ServiceCulture settings: one file, every knob read from the environment.

The README has the table of variables. With nothing set, the app runs on SQLite and a
file-based Celery broker under var/ (the zero-setup default of `make run`).
"""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from serviceculture.env import (
    env_bool,
    env_choice,
    env_database,
    env_email,
    env_int,
    env_list,
    env_query,
    env_redis_url,
    env_secret,
    env_str,
    env_time_zone,
)
from serviceculture.oidc import socialaccount_providers

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-for-local-demo-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# What the public sees as the agency's name and address of this site (used in printed posters).
AGENCY_NAME = env_str("AGENCY_NAME", "Harbor County")
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "csp",
    "org",
    "accounts",
    "jobs",
    "surveys",
    "training",
    "yousaid",
    "evaluations",
    "reports",
    "retention",
    "api",
    "demo",
    "serviceculture",  # only for the health check's probe row (serviceculture/models.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Refuses NUL and control characters, non-UTF-8 text and unreadable bodies with a 400, before any view.
    "serviceculture.untrusted.RefuseUnstorableInput",
    # Above the sessions middleware, to see the cookie it sets when someone signs in or out.
    "serviceculture.private_pages.PrivatePagesNotCached",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Roles that see pay or residents' details reach only /accounts/ until the session used a second factor.
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "serviceculture.urls"
WSGI_APPLICATION = "serviceculture.wsgi.application"

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
                "org.context_processors.roles",
                "serviceculture.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'serviceculture.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, maximum=3600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_redis_url("REDIS_URL")

if REDIS_URL:
    # Redis while it answers, process memory while it does not (serviceculture/cache.py says why).
    CACHES = {"default": {"BACKEND": "serviceculture.cache.RedisCacheWithFallback", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_FILE_BROKER_DIR = VAR_DIR / "celery"
if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILE_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_FILE_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_FILE_BROKER_DIR / "processed"),
        # kombu keeps its exchange tables in ./control by default: that would be the repository's top.
        "control_folder": str(CELERY_FILE_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3 * 3600,
        # Publishing tries to connect once, for at most 2 s, instead of retrying for 6 s: a resident's submit
        # queues its email after commit and must not wait on a broker that is down (the resend job catches up).
        # The worker's own reconnection loop passes its own limits and is not affected.
        "max_retries": 0,
        "socket_connect_timeout": 2,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True  # a killed worker's task is delivered again, not lost
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The local hour at which the nightly jobs run.
NIGHTLY_HOUR = env_int("NIGHTLY_HOUR", 2, maximum=23)
CELERY_BEAT_SCHEDULE = {
    # Each app adds its own entries here, keyed "<app>-<what>", with crontab(hour=NIGHTLY_HOUR ...),
    # an "options": {"expires": ...} and time limits on the task itself.
    # Report tables for the dashboards. A night the worker missed is dropped, not run twice: the next
    # night's run picks up every change since the last good run anyway.
    "reports-nightly-metrics": {
        "task": "reports.compute_nightly_metrics",
        "schedule": crontab(hour=NIGHTLY_HOUR, minute=0),
        "options": {"expires": 12 * 3600},
    },
    # Commitment reminders go out within 15 minutes of falling due; the same run sends again what a run
    # that failed left behind, or (once its lease ended) what a run whose worker died was sending.
    "training-commitment-follow-ups": {
        "task": "training.send_commitment_follow_ups",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    # Follow-up emails that a broker outage kept from being queued at submit time, that failed, or whose
    # worker died mid-send (after its lease ended).
    "surveys-resend-contact-emails": {
        "task": "surveys.resend_contact_emails",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    # Link views of the resident's form wait in Redis (surveys/services/links.py) and reach the database here;
    # the metrics run also moves them first. A run that misses its minute leaves them for the next one.
    "surveys-flush-link-views": {
        "task": "surveys.flush_link_views",
        "schedule": crontab(minute="*"),
        "options": {"expires": 55},
    },
    # Owners of surveys under the Paperwork Reduction Act are warned 30 and 7 days before the OMB approval
    # expires (surveys/services/paperwork.py). A warning is recorded once sent, so a repeated run sends
    # nothing twice; a failed one is sent by the next day's run.
    "surveys-paperwork-warnings": {
        "task": "surveys.send_paperwork_warnings",
        "schedule": crontab(hour=NIGHTLY_HOUR, minute=30),
        "options": {"expires": 12 * 3600},
    },
    # Invitations of imported staff that a broker outage kept from being queued, that failed, or whose worker
    # died mid-send (after its lease ended).
    "accounts-resend-invitations": {
        "task": "accounts.resend_invitations",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
}

# --- Authentication -------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's password checks, each refusing every password while PASSWORD_SIGN_IN is off.
    "accounts.password_sign_in.PasswordBackend",
    "accounts.password_sign_in.AllauthPasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth signs staff in (accounts/adapter.py): by username or work email, never by signing up (accounts
# come from HR data and from admins), and with no verification mail, since HR vouches for the addresses.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
# Sessions end when the browser closes or after SESSION_IDLE_MINUTES idle: no "remember me" on shared counters.
ACCOUNT_SESSION_REMEMBER = False
# A reset page says the same thing whether or not the address belongs to someone.
ACCOUNT_PREVENT_ENUMERATION = True
# The person hears of every change to their password or second factor, by email.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ServiceCulture] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed sign-ins, counted in the cache for LOGIN_LOCKOUT_MINUTES (accounts/adapter.py says how): a username and
# address together are refused after LOGIN_FAILURE_LIMIT failures, so a stranger elsewhere cannot lock a person
# out; one address after LOGIN_ADDRESS_FAILURE_LIMIT failures on any usernames (spraying), set higher because a
# whole office signs in from one address. A success does not count. The same limits slow guessing of
# second-factor codes.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1, maximum=10_000)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{LOGIN_ADDRESS_FAILURE_LIMIT}/{LOGIN_LOCKOUT_MINUTES}m/ip,"
    f"{LOGIN_FAILURE_LIMIT}/{LOGIN_LOCKOUT_MINUTES}m/key",
    # Every post of the sign-in form from one address, successes too: a building at nine in the morning.
    "login": env_str("LOGIN_ADDRESS_RATE", "60/m/ip"),
    # Reset emails: per address, and per email address typed.
    "reset_password": "20/m/ip,5/m/key",
}
# A reset link works once (it is tied to the password it replaces) and for this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_MINUTES", 60, minimum=5, maximum=7 * 24 * 60) * 60
# No mail to an address nobody has here: the reset page answers the same, and our server sends no one spam.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_FORMS = {"reset_password": "accounts.forms.ResetPasswordForm"}

# Second factors (allauth.mfa): an authenticator app, security keys and passkeys, and one-time recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_FORMS = {  # a credential with an oversized number is a form error, not a 500 (accounts/webauthn_forms.py)
    name: f"accounts.webauthn_forms.{form}"
    for name, form in [
        ("add_webauthn", "AddWebAuthnForm"),
        ("signup_webauthn", "SignupWebAuthnForm"),
        ("login_webauthn", "LoginWebAuthnForm"),
        ("reauthenticate_webauthn", "ReauthenticateWebAuthnForm"),
    ]
}
MFA_TOTP_ISSUER = f"{AGENCY_NAME} ServiceCulture"
# The roles (org.roles.Role values) that see pay, evaluations or residents' contact details: a person with one
# of them reaches nothing but the pages under /accounts/ until their session has used a second factor
# (accounts/middleware.py). Optional under DEBUG so the demo accounts sign in with a password alone.
MFA_REQUIRED_ROLES = env_list(
    "MFA_REQUIRED_ROLES",
    [] if DEBUG else ["Program admin", "HR staff", "Department head", "Customer relations representative"],
)
SOCIALACCOUNT_ONLY = False

# Staff sessions end after 30 idle minutes: the expiry moves forward on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=5, maximum=24 * 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Single sign-on (OpenID Connect, through allauth.socialaccount) ---------------------
# OIDC_ISSUER is the issuer URL (discovery is read from <issuer>/.well-known/openid-configuration). The provider
# is registered with the redirect URI <SITE_URL>/accounts/oidc/sso/login/callback/. accounts/sso.py has the
# rules that match the person to an Employee.
OIDC_ISSUER = env_str("OIDC_ISSUER", "").rstrip("/")
SSO_ENABLED = bool(OIDC_ISSUER)
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", "", required=SSO_ENABLED)
OIDC_CLIENT_SECRET = env_secret("OIDC_CLIENT_SECRET") or ""
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "Single sign-on")
OIDC_MATCH_CLAIM = env_str("OIDC_MATCH_CLAIM", "email")
OIDC_MATCH_FIELD = env_choice("OIDC_MATCH_FIELD", "email", ("email", "employee_number"))
OIDC_SCOPES = env_list("OIDC_SCOPES", ["openid", "email", "profile"])
# The `amr` values that count as a second factor (RFC 8176: mfa, hwk, swk, otp, sms, ...); empty: none counts.
OIDC_MFA_AMR = env_list("OIDC_MFA_AMR", [])
# How the client proves itself at the token endpoint; empty lets allauth choose from the provider's discovery.
OIDC_TOKEN_AUTH_METHOD = env_choice("OIDC_TOKEN_AUTH_METHOD", "", ("", "client_secret_basic", "client_secret_post"))
# Extra parameters of the authorization request, as a query string (Login.gov: acr_values=...&prompt=select_account).
OIDC_AUTH_PARAMS = env_query("OIDC_AUTH_PARAMS")
# Off: only single sign-on signs people in (the login page shows only its button; a posted password is refused).
PASSWORD_SIGN_IN = env_bool("PASSWORD_SIGN_IN", default=True)
if not PASSWORD_SIGN_IN and not SSO_ENABLED:
    raise ImproperlyConfigured("PASSWORD_SIGN_IN=false needs single sign-on: set OIDC_ISSUER too.")
if SSO_ENABLED and "openid" not in OIDC_SCOPES:
    raise ImproperlyConfigured("OIDC_SCOPES must include openid.")
# The one provider, configured here rather than in a SocialApp row; PKCE always.
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
    issuer=OIDC_ISSUER,
    client_id=OIDC_CLIENT_ID,
    secret=OIDC_CLIENT_SECRET,
    name=OIDC_PROVIDER_NAME,
    scopes=OIDC_SCOPES,
    token_auth_method=OIDC_TOKEN_AUTH_METHOD,
    auth_params=OIDC_AUTH_PARAMS,
)
# accounts/adapter.py: a person the provider vouches for signs in only as the one active employee they match;
# nobody signs up, and allauth's own matching by email (which would trust any provider's address) stays off.
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_time_zone("TIME_ZONE", "America/New_York")
USE_TZ = True
CELERY_TIMEZONE = TIME_ZONE
# The symbol amounts of money are shown with (pay plans, awards); the number format follows the reader's language.
CURRENCY_SYMBOL = env_str("CURRENCY_SYMBOL", "$")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
# Where collectstatic writes. Built into the image (not under var/, which is a volume at run time); the
# test suite collects into a scratch folder of its own.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # With DEBUG off, the production storage, in production and in the test suite alike: a static file
    # that cannot be collected fails the suite instead of turning every page into a 500.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Email ----------------------------------------------------------------------------
_email = env_email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ServiceCulture <no-reply@example.gov>")
# Django waits forever on a mail server that stops answering; a worker must give up and retry instead.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1, maximum=600)
# How long a worker holds an email it is sending before another may take it over (serviceculture/mail.py).
# A worker killed mid-send delays its email by this much; one still talking to a slow mail server must
# never be overtaken, so the lease is at least twice the SMTP timeout.
EMAIL_LEASE_SECONDS = env_int("EMAIL_LEASE_SECONDS", 300, minimum=1, maximum=24 * 3600)
if EMAIL_LEASE_SECONDS < 2 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        f"EMAIL_LEASE_SECONDS ({EMAIL_LEASE_SECONDS}) must be at least twice EMAIL_TIMEOUT ({EMAIL_TIMEOUT})."
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# PDFs (printable evaluations, the annual report) are printed by headless Chromium: serviceculture/pdf.py.
CHROMIUM_PATH = env_str("CHROMIUM_PATH", "/usr/bin/chromium")
PDF_TIMEOUT_SECONDS = env_int("PDF_TIMEOUT_SECONDS", 60, minimum=5, maximum=300)

# A salt for the rate-limit keys of anonymous endpoints; the hash it makes is never stored.
RATE_LIMIT_SALT = env_str("RATE_LIMIT_SALT", SECRET_KEY)
# A count the cache could not give (Redis failed between the add and the increment) lets the request through
# rather than turning a resident away: the fallback cache keeps counting from the next request on.
RATELIMIT_FAIL_OPEN = True
# Behind a reverse proxy: the request header that carries the client's address, as Django names it
# (HTTP_X_REAL_IP, HTTP_X_FORWARDED_FOR). Without one, rate limits would lump every resident together.
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")

# --- Third-party UI -------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    # No survey token or certificate code in any log line ("Not Found: /s/<token>/"): access_log.py.
    "filters": {"redact_secrets": {"()": "serviceculture.access_log.RedactSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "serviceculture.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- training ---------------------------------------------------------------------------
# How long before a session starts its attendance may be taken and its self check-in opened (a roster marked
# days ahead credits hours for a session nobody has attended yet).
ATTENDANCE_OPENS_MINUTES_BEFORE = env_int("ATTENDANCE_OPENS_MINUTES_BEFORE", 30, minimum=0, maximum=24 * 60)

# --- surveys ----------------------------------------------------------------------------
# Working days (Monday to Friday) within which a resident who asked to be contacted is promised a reply on the
# thank-you page. No department or standard records a reply target of its own, so this one applies to all.
RESIDENT_REPLY_WORKING_DAYS = env_int("RESIDENT_REPLY_WORKING_DAYS", 3, minimum=1, maximum=30)

# --- reports ----------------------------------------------------------------------------
# Days before today always recomputed by the nightly metrics run, whatever changed. Link views (no updated_at)
# are covered from the day the last good run began anyway; this is a margin on top.
METRICS_LATE_DAYS = env_int("METRICS_LATE_DAYS", 3, minimum=0, maximum=60)
# The metrics task's hard time limit (the soft limit is 5 minutes earlier); also the lock's lease.
# Kept under the Redis visibility timeout so a running task is never delivered twice.
METRICS_TIME_LIMIT_SECONDS = env_int("METRICS_TIME_LIMIT_SECONDS", 2 * 3600, minimum=600, maximum=3 * 3600 - 60)
# The month a fiscal year starts (July for most counties, October for the federal government).
# Figures resting on fewer responses than this are marked "low confidence" with their count (serviceculture/samples.py).
SMALL_SAMPLE_MIN_RESPONSES = env_int("SMALL_SAMPLE_MIN_RESPONSES", 30, minimum=1, maximum=100_000)
FISCAL_YEAR_START_MONTH = env_int("FISCAL_YEAR_START_MONTH", 7, minimum=1, maximum=12)

# --- retention --------------------------------------------------------------------------
# The local hour of the nightly purge (retention/services/purge.py): after the metrics run by default, since
# the purge waits for the report tables' lock and skips the night if the metrics run still holds it.
PURGE_HOUR = env_int("PURGE_HOUR", (NIGHTLY_HOUR + 1) % 24, maximum=23)
# Records removed per transaction: memory stays bounded and a killed run loses at most one batch of work.
PURGE_BATCH_SIZE = env_int("PURGE_BATCH_SIZE", 500, minimum=1, maximum=10_000)
# The purge task's hard time limit (the soft limit is 5 minutes earlier); kept under the Redis visibility
# timeout so a running purge is never delivered twice. A purge cut short resumes where it stopped next night.
PURGE_TIME_LIMIT_SECONDS = env_int("PURGE_TIME_LIMIT_SECONDS", 2 * 3600, minimum=600, maximum=3 * 3600 - 60)
# A night the worker missed is dropped, not run twice: the next night's purge finds the same records anyway.
CELERY_BEAT_SCHEDULE["retention-nightly-purge"] = {
    "task": "retention.purge_nightly",
    "schedule": crontab(hour=PURGE_HOUR, minute=30),
    "options": {"expires": 12 * 3600},
}

# --- jobs -------------------------------------------------------------------------------
# Heavy work (PDFs, large exports) runs as jobs on the Celery workers; see jobs/services.py for the rules.
# Result files live here, never under STATIC_ROOT or any public URL (shared by web and worker in compose).
JOBS_DIR = Path(env_str("JOBS_DIR", str(VAR_DIR / "jobs")))
# Uploaded documents that must never be public (signed certification statements): served only by views that
# check who asks. Never under STATIC_ROOT and with no MEDIA_URL; on the runtime volume in compose.
PRIVATE_FILES_DIR = Path(env_str("PRIVATE_FILES_DIR", str(VAR_DIR / "private")))
# How long a finished job and its file are kept before the sweep removes them.
JOBS_KEEP_HOURS = env_int("JOBS_KEEP_HOURS", 24, minimum=1, maximum=24 * 30)
# Jobs one person may have waiting or in progress at once; the next one is refused with a message.
JOBS_MAX_ACTIVE_PER_USER = env_int("JOBS_MAX_ACTIVE_PER_USER", 3, minimum=1, maximum=50)
# A running job's lease, renewed by each progress update: a job whose worker died is re-queued once it ends.
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 600, minimum=30, maximum=3600)
# A job's hard time limit; kept under the Redis visibility timeout so a running job is never delivered twice.
JOBS_TIME_LIMIT_SECONDS = env_int("JOBS_TIME_LIMIT_SECONDS", 3600, minimum=300, maximum=3 * 3600 - 60)
# Survey response exports up to this many rows download at once; larger ones are prepared as a job.
EXPORT_DIRECT_MAX_ROWS = env_int("EXPORT_DIRECT_MAX_ROWS", 5000, minimum=0, maximum=10**6)
CELERY_BEAT_SCHEDULE["jobs-sweep"] = {
    "task": "jobs.sweep",
    "schedule": crontab(minute="*"),  # re-queue stalled jobs, remove expired ones: a few cheap queries
    "options": {"expires": 50},
}

# --- api --------------------------------------------------------------------------------
# The versioned JSON API (/api/v1/, api/): invitations by other systems, and open data.
# Calls one API token may make (django-ratelimit's rate: "600/m" is 600 a minute); then 429.
API_TOKEN_RATE = env_str("API_TOKEN_RATE", "600/m")
# Calls one client address may make to the anonymous open-data endpoints.
OPEN_DATA_RATE = env_str("OPEN_DATA_RATE", "60/m")
# How long browsers and proxies may keep an open-data answer (Cache-Control: public, max-age).
OPEN_DATA_MAX_AGE = env_int("OPEN_DATA_MAX_AGE", 3600, minimum=0, maximum=7 * 24 * 3600)
# The licence the open data is published under, stated in every open-data answer.
OPEN_DATA_LICENCE = env_str("OPEN_DATA_LICENCE", "CC-BY-4.0")
# Open-data result cells from fewer answers than this are left out, so that no share points at a few people.
OPEN_DATA_MIN_ANSWERS = env_int("OPEN_DATA_MIN_ANSWERS", 5, minimum=1, maximum=1000)
OPEN_DATA_LICENCE_URL = env_str("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/")
# A resident invited through the API is not invited again (whatever system asks) for this many days.
SURVEY_INVITATION_QUIET_DAYS = env_int("SURVEY_INVITATION_QUIET_DAYS", 90, minimum=0, maximum=3650)
# Days after an invitation's email before its one reminder, if the survey is still unanswered; 0 sends none.
# With reminders on, the address is kept until the reminder is sent or the survey answered.
SURVEY_INVITATION_REMINDER_DAYS = env_int("SURVEY_INVITATION_REMINDER_DAYS", 0, minimum=0, maximum=60)
CELERY_BEAT_SCHEDULE["surveys-send-invitation-reminders"] = {
    # Reminders that are due; with reminders off, it blanks any address a change of the setting left behind.
    "task": "surveys.send_invitation_reminders",
    "schedule": crontab(minute=30),
    "options": {"expires": 50 * 60},
}
CELERY_BEAT_SCHEDULE["surveys-resend-invitations"] = {
    # Invitation emails a broker outage kept from being queued, that failed, or whose worker died mid-send.
    "task": "surveys.resend_invitations",
    "schedule": crontab(minute="*/15"),
    "options": {"expires": 14 * 60},
}

# --- alerts and comment themes (surveys/alerts.py, surveys/themes.py) -------------------------------------------
# The local hour at which heads and representatives who chose a daily digest get it.
ALERT_DIGEST_HOUR = env_int("ALERT_DIGEST_HOUR", 7, maximum=23)
CELERY_BEAT_SCHEDULE["surveys-send-alert-digests"] = {
    # A digest is recorded once sent, so a repeated run sends nothing twice; a failed one goes with the next run.
    "task": "surveys.send_alert_digests",
    "schedule": crontab(hour=ALERT_DIGEST_HOUR, minute=0),
    "options": {"expires": 12 * 3600},
}
CELERY_BEAT_SCHEDULE["surveys-resend-alerts"] = {
    # Immediate alerts whose send failed or whose worker died mid-send (after its lease ended).
    "task": "surveys.resend_alerts",
    "schedule": crontab(minute="*/15"),
    "options": {"expires": 14 * 60},
}
CELERY_BEAT_SCHEDULE["surveys-retag-comments"] = {
    # Re-tags the comments only when the theme list changed since the last tagging; before the metrics run.
    "task": "surveys.retag_comments",
    "schedule": crontab(hour=(NIGHTLY_HOUR - 1) % 24, minute=30),
    "options": {"expires": 12 * 3600},
}
