# Trà Đá in a container: the same scripts as the README (`make export`, `make serve`, `make relay`),
# nothing container-only.
#   docker build -t tra-da --build-arg PUBLIC_URL=https://mentoring.example.org .
#   docker run -p 3000:3000 -e SECRET_KEY=... -e PUBLIC_URL=https://mentoring.example.org tra-da
# The same image runs the relay: docker run ... tra-da make relay   (see compose.yaml)

# --- build: Python packages, Node.js, and the frontend exported once ------------------------
FROM python:3.11-slim-bookworm AS build

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# make + npm (npm brings Node 22 into .tools/node when Debian's Node is older, as on a bare machine).
RUN apt-get update \
    && apt-get install -y --no-install-recommends make npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements/ requirements/
COPY scripts/lib.sh scripts/lib.sh
COPY tra_da/__init__.py tra_da/__init__.py
# Dependencies first so code changes do not reinstall them.
RUN bash -c 'source scripts/lib.sh && ensure_python_env && ensure_node'

COPY . .
# The browser's websocket address is baked into the frontend: build with the public address.
ARG PUBLIC_URL=http://localhost:3000
RUN PUBLIC_URL="$PUBLIC_URL" make export \
    && test -f .web/build/client/index.html \
    && rm -rf .web/node_modules .tools

# --- runtime: no compiler, no Node.js, not root ---------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    APP_ENV=production \
    SEED_DEMO_DATA=false \
    HOST=0.0.0.0 \
    PORT=3000

RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 trada

WORKDIR /app
# The virtual environment keeps its path (/app/.venv), so it works as copied.
COPY --from=build --chown=trada:trada /app /app
RUN mkdir -p /app/data /app/uploaded_files /app/.states && chown trada:trada /app/data /app/uploaded_files /app/.states
USER trada

VOLUME ["/app/data", "/app/uploaded_files"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import os,urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/api/health', timeout=4)"

# Migrates, creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, then serves.
CMD ["make", "serve"]
