"""gunicorn's settings for production (docker-compose.yml, the Dockerfile and the production test use it):
`gunicorn -c gunicorn.conf.py serviceculture.wsgi:application`.

The defaults suit the 2-core box a county usually gives this app; every figure comes from the environment.
Command-line options still win over this file (the test binds a free port with --bind).
"""

from serviceculture.env import env_int, env_str

wsgi_app = "serviceculture.wsgi:application"
bind = [env_str("GUNICORN_BIND", "0.0.0.0:8000")]

# Three processes of four threads: requests mostly wait on PostgreSQL, so threads use the two cores well
# while a process that crashes or is recycled takes only a quarter of the capacity with it.
workers = env_int("WEB_CONCURRENCY", 3, minimum=1, maximum=64)
threads = env_int("GUNICORN_THREADS", 4, minimum=1, maximum=64)
worker_class = "gthread"
# Import the app once, in the master, before forking: a worker recycled by max_requests below starts serving at
# once instead of spending a second of CPU importing Django and the app again on a box that has two cores, and
# the workers share the imported code's memory. Nothing connects at import (database, Redis and the broker
# connect on first use, in each worker). The price: new code needs a restart, not a HUP (a deploy restarts).
preload_app = True


def when_ready(server) -> None:
    """In the master, after the app is loaded and before any worker is forked (serviceculture/warm_up.py)."""
    from serviceculture.warm_up import warm_up

    warm_up()


# A worker process silent this long is killed and replaced. With threads a slow request does not trip it
# (the worker's main loop keeps reporting in): it catches a process that hangs as a whole.
timeout = env_int("GUNICORN_TIMEOUT", 60, minimum=5, maximum=3600)
# On a restart, requests in flight get this long to finish.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1, maximum=600)
# The proxy keeps connections to gunicorn open between requests; longer than gunicorn's 2 s default.
keepalive = env_int("GUNICORN_KEEPALIVE", 5, minimum=1, maximum=300)
# Recycle each worker after this many requests (jittered so they do not all restart together), which
# bounds the memory any slow leak can take. 0 turns recycling off.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0

# Logs go to the container's output. The access log has no client address, user agent or survey token:
# see serviceculture/access_log.py.
logger_class = "serviceculture.access_log.PrivateAccessLogger"
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
# gunicorn 24+ opens an admin socket under $HOME; nothing here uses it and the image's user has no home.
control_socket_disable = True
