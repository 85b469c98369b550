# Trà Đá in one container: the same scripts as the README (`make run`), nothing container-only.
# Build: docker build -t tra-da .    Run: docker run -p 3000:3000 -e SECRET_KEY=... tra-da
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    APP_ENV=production \
    SEED_DEMO_DATA=false \
    HOST=0.0.0.0 \
    PORT=3000

# make + npm (npm brings Node 22 into .tools/node when Debian's Node is older, as on a bare machine).
RUN apt-get update \
    && apt-get install -y --no-install-recommends make npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY scripts/lib.sh scripts/lib.sh
COPY tra_da/__init__.py tra_da/__init__.py
# Dependencies first so code changes do not reinstall them.
RUN bash -c 'source scripts/lib.sh && ensure_python_env && ensure_node'

COPY . .
# Compile the app and install the frontend packages at build time; the start only rebuilds.
RUN bash -c 'source scripts/lib.sh && ensure_python_env && ensure_node \
    && SECRET_KEY=build-only-key-not-used-at-runtime-0123456789 .venv/bin/reflex export --frontend-only --no-zip' \
    && rm -rf .web/build

VOLUME ["/app/data", "/app/uploaded_files"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD python -c "import os,urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/api/health', timeout=4)"

# Migrates, creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, then serves.
CMD ["bash", "scripts/run.sh"]
