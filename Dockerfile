# Production image: the app, its static files collected, run by gunicorn (see docker-compose.yml).
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir .
COPY --from=frontend /build/node_modules/bootstrap/dist/css/bootstrap.min.css /build/node_modules/bootstrap/dist/css/bootstrap.min.css.map \
     /build/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js /build/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
     static/vendor/bootstrap/
COPY --from=frontend /build/node_modules/chart.js/dist/chart.umd.min.js static/vendor/chartjs/
RUN DEBUG=false SECRET_KEY=collectstatic-only-build-key python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 serviceculture && mkdir -p var && chown serviceculture var
USER serviceculture
EXPOSE 8000
