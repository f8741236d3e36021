# Production image: the app, its static files collected, run by gunicorn behind the proxy of
# docker-compose.yml. Its steps are the scripts CI runs: scripts/vendor.sh (make vendor), collectstatic
# with the manifest storage (scripts/run_tests.py and tests/production/) and gunicorn.conf.py.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
COPY scripts/vendor.sh scripts/
RUN npm ci --omit=dev --no-audit --no-fund && sh scripts/vendor.sh

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# Chromium prints the PDFs (evaluations, the annual report); fonts-dejavu-core gives it fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir .
COPY --from=frontend /build/static/vendor static/vendor
RUN DEBUG=false SECRET_KEY=collectstatic-only-build-key python manage.py collectstatic --noinput
# A home of its own: Chromium (PDFs, in the worker) writes its settings and crash reports under $HOME.
RUN useradd --system --create-home --uid 1000 serviceculture && mkdir -p var && chown serviceculture var
USER serviceculture
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "serviceculture.wsgi:application"]
