# Two commands do all the set-up on a fresh machine:
#   make book   create .venv, install, build the book (every example executed), serve it on 127.0.0.1:8000
#   make test   create .venv, install, run the whole test suite (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PORT   ?= 8000

.PHONY: test book tour bubblewrap chromium hangul-font clean help

help:
	@echo "make book   build the book with every example executed and serve it on http://127.0.0.1:$(PORT)"
	@echo "            (another port: make book PORT=8001)"
	@echo "make test   run the whole test suite (installs what it needs)"
	@echo "make tour   a short guided tour of estlab in the terminal"

# One stamp per set of extras: reinstall when pyproject.toml changes.
$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

$(VENV)/.installed-book: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet -e '.[book]'
	@touch $@

# Debian packages: bubblewrap (the sandbox each local job host runs in, /opt/ml at its real
# path) for the book and the tests, and chromium (headless, for the browser check of the built
# book) for the tests. Without apt-get (macOS...) nothing is installed and estlab says what
# runs differently.
define apt_install
	@command -v $(1) >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's $(2)..."; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(2) >/dev/null; \
	  else echo "No apt-get here: install $(2) yourself ($(3))."; fi; }
endef

bubblewrap:
	$(call apt_install,bwrap,bubblewrap,local jobs run without a sandbox until then)

chromium:
	$(call apt_install,chromium,chromium,the browser check of the book needs it)

# Debian's fonts-nanum: the Hangul font the Korean edition's figures are drawn with at build time
# (the SVGs carry the text as paths, so readers need no font). Checked by its file, not a command.
HANGUL_FONT := /usr/share/fonts/truetype/nanum/NanumGothic.ttf
hangul-font:
	@test -f $(HANGUL_FONT) || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's fonts-nanum..."; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-nanum >/dev/null; \
	  else echo "No apt-get here: install the NanumGothic font yourself (the Korean figures need it)."; fi; }

test: $(VENV)/.installed-test bubblewrap chromium hangul-font
	$(PY) -m pytest

tour: $(VENV)/.installed-book
	$(PY) -m estlab.tour

# Build the book with every example executed (a failing example fails the build), then serve
# the built site on loopback only. One build makes both editions: English at /, Korean at /ko/.
# The port is checked before the build, so a busy one is said at once with the fix.
book: $(VENV)/.installed-book bubblewrap hangul-font
	@$(PY) chapters/_hooks/serve.py --check $(PORT)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict
	@$(PY) chapters/_hooks/serve.py $(PORT) --directory site

clean:
	rm -rf site .pytest_cache test-artifacts
