#!/usr/bin/env bash
# Show Debian's Link Grammar parser (python3-link-grammar) to a virtual environment without exposing
# the other system packages: a link to just the `linkgrammar` package in its site-packages, made only
# when the system Python and the environment's have the same minor version (the package is compiled
# for it). Prints one line saying what it did; never fails (the parser is optional).
#   scripts/link-parser.sh .venv
set -uo pipefail

venv=${1:-.venv}
system=/usr/bin/python3
version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }
hint="sudo apt-get install python3-link-grammar link-grammar-dictionaries-en, then scripts/setup.sh again"

if "$venv/bin/python" -c 'import linkgrammar' >/dev/null 2>&1; then
  echo "setup: the clause parser is available to $venv"
  exit 0
fi
package=$("$system" -c 'import linkgrammar, os; print(os.path.dirname(linkgrammar.__file__))' 2>/dev/null)
if [ -z "$package" ] || [ ! -d /usr/share/link-grammar/en ]; then
  echo "setup: note: no clause parser (Link Grammar); \`briefing extract\` reads roles by word rules alone ($hint)"
  exit 0
fi
if [ "$(version "$system")" != "$(version "$venv/bin/python")" ]; then
  echo "setup: note: the clause parser is built for Python $(version "$system"), $venv has $(version "$venv/bin/python");" \
       "\`briefing extract\` reads roles by word rules alone"
  exit 0
fi
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
ln -sfn "$package" "$site/linkgrammar"
if "$venv/bin/python" -c 'import linkgrammar; linkgrammar.Dictionary("en")' >/dev/null 2>&1; then
  echo "setup: the clause parser (Link Grammar) is linked into $venv"
else
  rm -f "$site/linkgrammar"
  echo "setup: note: the clause parser did not load in $venv; \`briefing extract\` reads roles by word rules alone"
fi
exit 0
