# The SafeCampus app image (used by compose.yaml). The repository is copied whole:
# seeds/ and pwa/ are read from it at run time.
FROM python:3.11-slim
WORKDIR /app
COPY . .
# postgresql-client: pg_dump/pg_restore for `safecampus backup` and `restore` (Debian 12: version 15,
# the same major version as the compose database).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir -e . && useradd --system --home /app safecampus && mkdir -p /data \
    && chown safecampus /data
USER safecampus
ENV SAFECAMPUS_DATA_DIR=/data SAFECAMPUS_HOST=0.0.0.0 SAFECAMPUS_PORT=8000
EXPOSE 8000
# Migrations and reference data are idempotent, so every start applies them.
CMD ["sh", "-c", "safecampus migrate && safecampus seed && if [ \"$SAFECAMPUS_LOAD_DEMO\" = 1 ]; then safecampus demo; fi && exec safecampus serve"]
