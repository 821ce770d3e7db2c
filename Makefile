# ESS Cluster Greater Region website. On a fresh machine: `make devserver`, then `make test`.
# Every target installs what it needs into .venv/ (and node_modules/ when the JS side is used).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CONTENT ?= content
OUTPUT ?= output
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: html devserver serve publish check new translations language spelling test lint catalogs lock clean help

help:
	@echo "make devserver   build, serve on http://127.0.0.1:$(PORT)/, rebuild and reload on change"
	@echo "make html        build the preview site into $(OUTPUT)/"
	@echo "make publish     build with absolute URLs under \$$SITEURL (publishconf.py)"
	@echo "make check       validate the content tree only (same errors as make html; PUBLISH=1: as make publish)"
	@echo "make new SECTION=events KEY=convention-2027 LANGS=fr,de   create an item to fill in (LANGS: default all)"
	@echo "make language CODE=nl   declare a new language (pelicanconf.py entry and UI catalog)"
	@echo "make translations  list missing and outdated translations, and catalog completeness"
	@echo "make spelling    unknown words per file and language, with suggestions (Hunspell), and the n-rule"
	@echo "make test        run the whole test suite"
	@echo "make catalogs    extract UI strings and the tools' messages, update translations/*/LC_MESSAGES/*.po"
	@echo "Messages in your language: from LANGUAGE/LANG as usual, or chosen with ESS_LANG (make check ESS_LANG=de)"
	@echo "Variables: CONTENT=dir OUTPUT=dir PORT=n SITEURL=https://..."

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.lock
	# the project's plugins are importable in every process (workers, tests) through a .pth file
	$(PY) -c "import pathlib, site; pathlib.Path(site.getsitepackages()[0], 'ess-plugins.pth').write_text('$(CURDIR)/plugins\n')"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

html: $(STAMP) $(NODE_STAMP)
	$(PY) -m ess_build build --content $(CONTENT) --output $(OUTPUT)

publish: $(STAMP) $(NODE_STAMP)
	SITEURL="$(SITEURL)" $(PY) -m ess_build build --publish --content $(CONTENT) --output $(OUTPUT)

devserver serve: $(STAMP) $(NODE_STAMP)
	$(PY) -m ess_build serve --content $(CONTENT) --output $(OUTPUT) --port $(PORT)

check: $(STAMP)
	$(PY) -m ess_build check --content $(CONTENT) $(if $(PUBLISH),--publish)

new: $(STAMP)
	@test -n "$(SECTION)" -a -n "$(KEY)" || { $(PY) -c "from ess_build.scaffold import usage; print(usage())"; exit 2; }
	$(PY) -m ess_build new $(SECTION) $(KEY) $(if $(LANGS),--langs $(LANGS)) --content $(CONTENT)

language: $(STAMP) $(NODE_STAMP)
	@test -n "$(CODE)" || { echo "usage: make language CODE=nl"; exit 2; }
	$(PY) -m ess_build language $(CODE)

translations: $(STAMP)
	$(PY) -m ess_build translations --content $(CONTENT)

spelling: $(STAMP) $(NODE_STAMP)
	$(PY) -m ess_spelling --content $(CONTENT)

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check plugins tests bench
	$(VENV)/bin/ruff format --check plugins tests bench

catalogs: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k translate:2 -k gettext_in:2 --sort-output \
	  --ignore-dirs ".* ._ node_modules output" \
	  --project "ESS Cluster Greater Region" -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	# the tools' own messages (errors, summaries, `make new`): marked _t/_tn, a domain of their own
	$(VENV)/bin/pybabel extract -F babel.cfg --no-default-keywords -k _t -k _tn:1,2 --sort-output \
	  --ignore-dirs ".* ._ node_modules output" \
	  --project "ESS Cluster Greater Region" -o translations/tools.pot .
	$(VENV)/bin/pybabel update -D tools -i translations/tools.pot -d translations --no-fuzzy-matching --ignore-obsolete

lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(OUTPUT) .cache
