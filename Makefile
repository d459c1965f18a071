# CityHealth (城市体检) — every target installs what it needs (Debian 12, root).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
PLUGIN  := cityhealth_plugin
VERSION := $(shell sed -n 's/^version=//p' $(PLUGIN)/metadata.txt)
TS      := $(PLUGIN)/i18n/cityhealth_zh_CN.ts
QM      := $(PLUGIN)/i18n/cityhealth_zh_CN.qm
PY_SOURCES := $(shell find $(PLUGIN) -name '*.py' -not -path '*/__pycache__/*' | sort)

export QT_QPA_PLATFORM  := offscreen
export QGIS_CUSTOM_CONFIG_PATH := $(CURDIR)/.qgis-profile
export QGIS_PLUGINPATH  := $(CURDIR)
export PYTHONPATH       := /usr/share/qgis/python/plugins:$(CURDIR)
export PATH             := $(CURDIR)/$(VENV)/bin:$(PATH)
export FC_LANG          := zh-cn
export QGIS340_ROOT     ?= $(CURDIR)/.qgis340
export QGIS344_ROOT     ?= $(CURDIR)/.qgis344

.PHONY: look help setup test test-host test-qgis340 test-qgis344 lint translate qm package demo eval bench bench-xlarge digests profile fuzz clean

help:
	@echo "make setup      install Debian packages and the .venv (done by every target)"
	@echo "make test       run the whole test suite on the host's QGIS (3.22), then on QGIS 3.40 (Debian 13 chroot)"
	@echo "                and on QGIS 3.44 (Debian 14 forky chroot); one summary line per version"
	@echo "make test-host  only the host's QGIS;  make test-qgis340 / test-qgis344  only that chroot (ARGS='…' go to pytest)"
	@echo "make demo       generate the demo city and run the CityHealth model on it (out/demo/)"
	@echo "make eval       matching quality of the demo against its ground truth (DEMO_OUT=out/demo)"
	@echo "make lint       ruff"
	@echo "make translate  refresh the zh_CN .ts from the sources and compile the .qm"
	@echo "make package    build dist/$(PLUGIN)-$(VERSION).zip for the QGIS Plugin Manager"
	@echo "make bench      benchmarks with ratios to baselines at large (out/bench/results.json); BENCH_SIZE=small for a quick one"
	@echo "make bench-xlarge  the same at xlarge (4x the report rows of large; not in CI)"
	@echo "make digests    digests of the join's and the ledger's outputs at small against scripts/digests_small.json"
	@echo "make profile    where the join's or the ledger's time goes on the bench city: phases by wall time + cProfile"
	@echo "                (STEP=joinreports|buildledger, BENCH_SIZE=small|large; out/bench/profile-<step>-<size>.txt)"
	@echo "make fuzz       ~10 min of random bad input against the readers and the address parser (FUZZ_SECONDS=600)"
	@echo "make look       render the demo's workbooks and atlases to PNG pages (out/look/) to look at"

setup:
	@scripts/setup.sh

# The .qm is committed (the zip and the chroot runs ship it); the tests use it as committed and
# tests/test_i18n.py fails when it is stale: after editing the .ts, `make qm` and commit the .qm.
qm: setup
	@lrelease -silent $(TS) -qm $(QM)

translate: setup
	pylupdate5 -noobsolete $(PY_SOURCES) -ts $(TS)
	lrelease $(TS) -qm $(QM)

# The suite on each QGIS generation: the host's (3.22), then the cached chroots of scripts/qgisroot.sh;
# one summary line per generation; exit non-zero if any did not pass (or did not run).
# All runs use one throw-away PostGIS server (scripts/pgserver.sh, issue 15), stopped on exit.
ROOT_GENERATIONS := 3.40 3.44
test: setup
	@rcs=0; \
	trap 'scripts/pgserver.sh stop' EXIT; \
	CITYHEALTH_TEST_PG=$$(scripts/pgserver.sh start) || { echo "=== FAILED: the PostGIS test server did not start (scripts/pgserver.sh)"; exit 1; }; \
	export CITYHEALTH_TEST_PG; \
	host_qgis=$$($(PY) -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION)' 2>/dev/null || echo '?'); \
	echo "=== test run 1/3: QGIS $$host_qgis (host)"; \
	start=$$SECONDS; host_rc=0; $(PY) -m pytest $(ARGS) || host_rc=$$?; host_s=$$((SECONDS - start)); \
	[ $$host_rc = 0 ] || rcs=1; \
	run=1; for gen in $(ROOT_GENERATIONS); do \
	  run=$$((run + 1)); root=$$(scripts/qgisroot.sh --root-of $$gen); \
	  echo "=== test run $$run/3: QGIS $$gen (chroot under $$root, scripts/qgisroot.sh $$gen)"; \
	  mkdir -p "$$root"; rm -f "$$root/last-run.txt"; \
	  scripts/qgisroot.sh $$gen $(ARGS) || { echo "scripts/qgisroot.sh $$gen exit $$?" >"$$root/.last-exit"; rcs=1; }; \
	done; \
	if [ $$host_rc = 0 ]; then r=passed; else r="FAILED (pytest exit $$host_rc)"; fi; \
	echo "=== summary"; \
	echo "QGIS $$host_qgis (host Debian 12 bookworm): $$r, tests $${host_s} s"; \
	for gen in $(ROOT_GENERATIONS); do root=$$(scripts/qgisroot.sh --root-of $$gen); \
	  cat "$$root/last-run.txt" 2>/dev/null || echo "QGIS $$gen: NOT RUN ($$(cat "$$root/.last-exit" 2>/dev/null))"; \
	  rm -f "$$root/.last-exit"; \
	done; \
	[ $$rcs = 0 ]

test-host: setup
	$(PY) -m pytest $(ARGS)

# The chroots cannot start PostgreSQL; the host's test server serves them (CITYHEALTH_TEST_PG).
test-qgis340: setup
	@trap 'scripts/pgserver.sh stop' EXIT; \
	CITYHEALTH_TEST_PG=$$(scripts/pgserver.sh start) || exit 1; \
	export CITYHEALTH_TEST_PG; scripts/qgisroot.sh 3.40 $(ARGS)

test-qgis344: setup
	@trap 'scripts/pgserver.sh stop' EXIT; \
	CITYHEALTH_TEST_PG=$$(scripts/pgserver.sh start) || exit 1; \
	export CITYHEALTH_TEST_PG; scripts/qgisroot.sh 3.44 $(ARGS)

lint: setup
	$(VENV)/bin/ruff check $(PLUGIN) tests scripts

# No root, no QGIS, no .venv needed: plain python3; the .qm is compiled from the .ts when lrelease is on
# PATH, else the committed .qm ships.
package:
	python3 scripts/package.py

demo: setup qm
	@scripts/demo.sh

eval: setup
	$(PY) scripts/eval_join.py $(or $(DEMO_OUT),out/demo)

bench: setup qm
	$(PY) scripts/bench.py

fuzz: setup
	$(PY) scripts/fuzz.py $(or $(FUZZ_SECONDS),600)

bench-xlarge: setup qm
	BENCH_SIZE=xlarge BENCH_ONLY=$${BENCH_ONLY:-read_xlsx,joinreports,buildledger,growth,pipeline} $(PY) scripts/bench.py

digests: setup qm
	$(PY) scripts/digests.py run small --check scripts/digests_small.json

profile: setup qm
	$(PY) scripts/profile_step.py

look: setup
	@scripts/look.sh

clean:
	scripts/pgserver.sh stop; rm -rf out dist .qgis-profile .qgis-settings .pytest_cache .pgtest
