"""Real Celery workers for the email tests: a mail server of the test's own and a short lease, and the
messages a killed worker leaves behind in Redis."""

from pathlib import Path

from tests.servers import celery_worker, worker_environment

# Mail settings for a worker that will be killed mid-send: a short lease so a test waits seconds, not
# minutes, and an SMTP timeout that outlasts the moment between the server stalling and the kill
# (settings insist on a lease of at least twice the timeout).
LEASE_SECONDS = 10
MAIL_SETTINGS = {"EMAIL_TIMEOUT": "5", "EMAIL_LEASE_SECONDS": str(LEASE_SECONDS)}


def mail_worker(smtp_url: str, *, log: Path):
    """A worker that sends its mail to `smtp_url` under the short lease."""
    return celery_worker(worker_environment(EMAIL_URL=smtp_url, **MAIL_SETTINGS), log=log)


def drop_unacknowledged(task_name: str) -> int:
    """Remove from Redis the messages of `task_name` that a killed worker took and never acknowledged.
    Redis would hand them out again after the visibility timeout (hours), into whatever test runs then."""
    import json

    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.REDIS_URL or "")
    dropped = 0
    for tag, payload in client.hgetall("unacked").items():
        if json.loads(payload)[0].get("headers", {}).get("task") == task_name:
            dropped += client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    return dropped
