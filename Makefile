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

.PHONY: look help setup test test-host test-qgis340 lint translate qm package demo eval bench bench-xlarge digests clean

help:
	@echo "make setup      install Debian packages and the .venv (done by every target)"
	@echo "make test       run the whole test suite on the host's QGIS (3.22), then on QGIS 3.40 (Debian 13 chroot)"
	@echo "make test-host  only the host's QGIS;  make test-qgis340  only QGIS 3.40 (ARGS='…' go to pytest)"
	@echo "make demo       generate the demo city and run the CityHealth model on it (out/demo/)"
	@echo "make eval       matching quality of the demo against its ground truth (DEMO_OUT=out/demo)"
	@echo "make lint       ruff"
	@echo "make translate  refresh the zh_CN .ts from the sources and compile the .qm"
	@echo "make package    build dist/$(PLUGIN)-$(VERSION).zip for the QGIS Plugin Manager"
	@echo "make bench      benchmarks with ratios to baselines at large (out/bench/results.json); BENCH_SIZE=small for a quick one"
	@echo "make bench-xlarge  the same at xlarge (4x the report rows of large; not in CI)"
	@echo "make digests    digests of the join's and the ledger's outputs at small against scripts/digests_small.json"
	@echo "make look       render the demo's workbooks and atlases to PNG pages (out/look/) to look at"

setup:
	@scripts/setup.sh

qm: setup
	@lrelease -silent $(TS) -qm $(QM)

translate: setup
	pylupdate5 -noobsolete $(PY_SOURCES) -ts $(TS)
	lrelease $(TS) -qm $(QM)

test: setup qm
	@host_rc=0; qgis340_rc=0; \
	host_qgis=$$($(PY) -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION)' 2>/dev/null || echo '?'); \
	echo "=== test run 1/2: QGIS $$host_qgis (host)"; \
	$(PY) -m pytest $(ARGS) || host_rc=$$?; \
	echo "=== test run 2/2: QGIS 3.40 LTR (Debian 13 trixie chroot, scripts/qgis340.sh)"; \
	rm -f "$(QGIS340_ROOT)/last-run.txt"; \
	scripts/qgis340.sh $(ARGS) || qgis340_rc=$$?; \
	if [ $$host_rc = 0 ]; then r=passed; else r="FAILED (pytest exit $$host_rc)"; fi; \
	echo "=== summary"; \
	echo "QGIS $$host_qgis (host): $$r"; \
	cat "$(QGIS340_ROOT)/last-run.txt" 2>/dev/null \
	  || echo "QGIS 3.40 (Debian 13 trixie chroot): NOT RUN (scripts/qgis340.sh exit $$qgis340_rc)"; \
	[ $$host_rc = 0 ] && [ $$qgis340_rc = 0 ]

test-host: setup qm
	$(PY) -m pytest $(ARGS)

test-qgis340: setup qm
	scripts/qgis340.sh $(ARGS)

lint: setup
	$(VENV)/bin/ruff check $(PLUGIN) tests scripts

package: setup qm
	$(PY) scripts/package.py

demo: setup qm
	@scripts/demo.sh

eval: setup
	$(PY) scripts/eval_join.py $(or $(DEMO_OUT),out/demo)

bench: setup qm
	$(PY) scripts/bench.py

bench-xlarge: setup qm
	BENCH_SIZE=xlarge BENCH_ONLY=$${BENCH_ONLY:-read_xlsx,joinreports,buildledger,growth,pipeline} $(PY) scripts/bench.py

digests: setup qm
	$(PY) scripts/digests.py run small --check scripts/digests_small.json

look: setup
	@scripts/look.sh

clean:
	rm -rf out dist .qgis-profile .qgis-settings .pytest_cache
