# The two set-up commands: `make run` and `make test`. Both install what is missing first, and so
# does `make chat` (the bot in a terminal, without Telegram: see README).
# The newest Python >= 3.11 on the PATH (evaluated once; quiet when a candidate is missing).
PY ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { command -v $$p; break; }; done)
PY := $(PY)
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
CHAT_STAMP := $(VENV)/.installed-chat

.PHONY: run chat test lint migrate bench catalogs clean

$(BIN)/python:
	@test -n "$(PY)" || { echo "Python 3.11 or newer is needed (python3 --version)"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(RUN_STAMP) $(CHAT_STAMP)

$(CHAT_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[chat]'
	@touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	@$(BIN)/python -m bot run

chat: $(CHAT_STAMP)
	@$(BIN)/python -m bot.devtools.chat

migrate: $(RUN_STAMP)
	$(BIN)/python -m bot migrate

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot

test: lint
	$(BIN)/python -m pytest

# Translations (issue 13): collect the English texts marked N_()/_() into bot/locales/bot.pot,
# merge it into each language's .po (changed English becomes "fuzzy": a test fails until it is
# translated again), then compile the .mo files the bot reads.
catalogs: $(DEV_STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output \
		--project kneebot --copyright-holder kneebot -o bot/locales/bot.pot bot
	for lang in es de ru; do \
		test -f bot/locales/$$lang/LC_MESSAGES/bot.po \
		|| $(BIN)/pybabel -q init -D bot -i bot/locales/bot.pot -d bot/locales -l $$lang; \
	done
	$(BIN)/pybabel -q update -D bot -i bot/locales/bot.pot -d bot/locales
	$(BIN)/pybabel -q compile -D bot -d bot/locales --statistics

bench: $(DEV_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
