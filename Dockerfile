# syntax=docker/dockerfile:1
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /venv
# Dependencies first (a layer that changes only with pyproject.toml), then the code.
COPY pyproject.toml README.md ./
RUN mkdir bot && touch bot/__init__.py \
    && /venv/bin/pip install . \
    && /venv/bin/pip uninstall -y kneebot
COPY bot ./bot
COPY alembic ./alembic
COPY alembic.ini ./
RUN /venv/bin/pip install --no-deps .

FROM python:3.11-slim AS runtime
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 MPLCONFIGDIR=/tmp/matplotlib
RUN useradd --create-home --uid 10001 kneebot
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app/alembic ./alembic
COPY --from=build /app/alembic.ini ./
COPY --from=build /app/bot ./bot
RUN mkdir -p /app/data && chown kneebot /app/data
USER kneebot
# `python -m bot` applies migrations, then runs the bot.
CMD ["python", "-m", "bot", "run"]
