# Hourglass — `make run` opens the app with the demo; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PORT   ?= 8501
# 127.0.0.1: this computer only (local mode). HOST=0.0.0.0 shares it on the
# network: only with the team password or accounts mode (README, "Access").
HOST   ?= 127.0.0.1

.PHONY: setup run test demo bench clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: setup
	$(BIN)/python -m audit demo

run: demo
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/workshop.py
	$(BIN)/python benchmarks/bomb.py
	$(BIN)/python benchmarks/scoring_click.py
	$(BIN)/python benchmarks/page_shapes.py
	$(BIN)/python benchmarks/browser_vs_bare.py
	$(BIN)/python benchmarks/page_cpu.py
	$(BIN)/python benchmarks/room_scaling.py
	$(BIN)/python benchmarks/page_times.py
	$(BIN)/python benchmarks/live_tick.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
