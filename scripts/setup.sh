#!/usr/bin/env bash
# Set up everything the project needs, on a machine with only Python 3.11, pip and apt:
#   scripts/setup.sh            .venv with requirements.txt and the project (editable), and the English
#                               clause parser `briefing extract` reads roles with (Debian's Link Grammar)
#   scripts/setup.sh --browser  the same, plus a headless Chromium for the browser tests
# Safe to run again: a stamp keyed on requirements.txt + pyproject.toml makes it a no-op in ~0.1 s
# when nothing changed. Downloads only from the package registries (PyPI, Debian).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

PYTHON=${PYTHON:-python3}
VENV=.venv
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)

# 1. The virtual environment.
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV with $("$PYTHON" --version)"
  "$PYTHON" -m venv "$VENV"
fi

# 2. Python packages: only when requirements.txt, pyproject.toml or the checkout's place changed.
stamp="$VENV/.setup-stamp"
key=$(cat requirements.txt pyproject.toml <(pwd) <("$VENV/bin/python" --version) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$key" ]; then
  echo "setup: installing requirements.txt and the project into $VENV"
  "${PIP[@]}" install --quiet -r requirements.txt
  "${PIP[@]}" install --quiet --no-deps -e .
  "${PIP[@]}" check
  echo "$key" > "$stamp"
  echo "setup: Python packages installed in ${SECONDS} s"
else
  echo "setup: $VENV is up to date"
fi

# 3. The clause parser for `briefing extract` (CMU Link Grammar, Debian's python3-link-grammar with its
#    English dictionary; no model download). Optional: without it extraction reads roles by word rules
#    and says so. Installed with apt-get where that works without a password (tried once per .venv,
#    after Chromium's packages; a failure is reported, never fatal), then shown to .venv: a link to just
#    that package in .venv's site-packages (not all system packages), when the Python versions match.
parser_packages=(python3-link-grammar link-grammar-dictionaries-en)
has_parser() { /usr/bin/python3 -c 'import linkgrammar' >/dev/null 2>&1 && [ -d /usr/share/link-grammar/en ]; }
can_apt() { command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || sudo -n true >/dev/null 2>&1; }; }
want_parser=0
apt_updated=0
if ! has_parser && [ ! -e "$VENV/.parser-tried" ] && can_apt; then
  want_parser=1
  touch "$VENV/.parser-tried"
fi

# 4. A headless Chromium for the browser tests (Debian's package; Playwright drives it), and
#    pdftotext, which reads back the PDFs Chromium prints (tests/test_print.py). One apt-get run
#    for whatever is missing.
if [ "$want_browser" = 1 ]; then
  apt_packages=()
  if [ -n "${BRIEFING_CHROMIUM:-}" ] && [ -x "${BRIEFING_CHROMIUM}" ]; then
    echo "setup: using Chromium at $BRIEFING_CHROMIUM"
  elif [ -x /usr/bin/chromium ]; then
    echo "setup: using /usr/bin/chromium"
  elif command -v google-chrome >/dev/null 2>&1; then
    echo "setup: using $(command -v google-chrome)"  # e.g. GitHub's Ubuntu runners
  else
    apt_packages+=(chromium fonts-liberation fonts-dejavu-core)
  fi
  if ! command -v pdftotext >/dev/null 2>&1; then
    apt_packages+=(poppler-utils)
  fi
  if [ "${#apt_packages[@]}" -gt 0 ]; then
    echo "setup: installing ${apt_packages[*]} with apt-get"
    sudo=()
    if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    apt_updated=1
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" </dev/null
  fi
fi

if [ "$want_parser" = 1 ]; then
  echo "setup: installing ${parser_packages[*]} with apt-get"
  sudo=()
  if [ "$(id -u)" != 0 ]; then sudo=(sudo -n); fi
  export DEBIAN_FRONTEND=noninteractive
  { [ "$apt_updated" = 1 ] || "${sudo[@]}" apt-get update -qq; } && "${sudo[@]}" apt-get install -y -qq \
      --no-install-recommends "${parser_packages[@]}" </dev/null \
    || echo "setup: could not install the clause parser with apt-get"
fi
scripts/link-parser.sh "$VENV"
