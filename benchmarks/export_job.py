"""One survey-response export job, run the way a worker runs it (jobs.services.run_job), in its own process,
so that its peak memory is the worker's: `python -m benchmarks.export_job FORMAT FILTERS_JSON`.

Prints one JSON line: job id, status, rows exported, file bytes, seconds, and this process's peak RSS (MiB).
"""

import json
import os
import resource
import sys
import time

import django


def main(format: str, filters: dict) -> dict:
    from django.contrib.auth import get_user_model

    from jobs import services as jobs
    from jobs.models import Job
    from surveys.jobs import EXPORT_KIND

    owner = get_user_model().objects.get(username=os.environ.get("BENCH_EXPORT_USER", "admin"))
    job = jobs.start_job(
        kind=EXPORT_KIND,
        by=owner,
        parameters={"filters": filters, "format": format},
        title=f"Benchmark export, {format}",
        language="en",
    )
    print(json.dumps({"started": job.pk}), flush=True)
    began = time.perf_counter()
    jobs.run_job(job_id=job.pk, claim=f"benchmark-{job.pk}")
    seconds = time.perf_counter() - began
    job = Job.objects.get(pk=job.pk)
    path = jobs.result_path(job)
    size = path.stat().st_size if path.exists() else 0
    if path.exists():
        path.unlink()
    return {
        "job": job.pk,
        "status": job.status,
        "error": job.error,
        "rows": job.progress_done,
        "bytes": size,
        "seconds": seconds,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(main(sys.argv[1], json.loads(sys.argv[2]))), flush=True)
