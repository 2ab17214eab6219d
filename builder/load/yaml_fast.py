"""A fast path for loading YAML: ryaml (Rust), used only where it gives what PyYAML gives.

Parsing is most of loading a large briefing, and ryaml builds the same plain data as PyYAML
composing nodes with marks (then turned into data by load.py) in a fraction of the time (figures in
bench/RESULTS.md), but gives no marks. Marks are needed only to report a problem, so load.py takes ryaml's data and works
the marks out with the exact parser (load.parse_yaml) the first time a problem asks for them.

ryaml wraps serde_yaml, whose scanner and parser are libyaml's (as PyYAML's C loader), so both see
the same structure, quoting, escapes and folding. They differ in what a plain (unquoted) scalar
means: serde_yaml follows YAML 1.2 (`yes` is text, `1e3` a number), PyYAML YAML 1.1 (`yes` is
true, `1e3` text, `010` octal). And load.py refuses what ryaml accepts (aliases, merge keys,
tags, duplicate keys, deep nesting). So ryaml's result is used only when it cannot differ:

- no anchor, tag or alias (`&a`, `!tag`, `*a`), no `0o` (1.2 octal);
- every key is text, and none is `<<`;
- no text value that YAML 1.1 would read as something else if it were plain: `yes`, `010`, `1_000`,
  `1:20`, `~`, `=`, "" … (a date stays text in both: load.py keeps dates as written);
- when there are floats, no plain token that only serde_yaml reads as a float (`1e3`, `-.5`, a
  40-digit integer);
- nesting within load.MAX_DEPTH, and no more than load.MAX_NODES keys and values.

Numbers, booleans and nulls serde_yaml reads are read alike by YAML 1.1 (decimal and hex integers,
`true`/`false`, `null`/`~`, floats with a dot). Anything else, or any ryaml error, and the caller
parses the text with PyYAML, which gives the same data or the exact problem. tests/test_yaml_fast.py
compares the two on every kind of scalar in every context, and on whole trees.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    import ryaml
except ImportError:  # pragma: no cover - a platform without a ryaml wheel: PyYAML does it all
    ryaml = None

UNSURE = object()  # parse()'s answer when the exact parser must read the text

MAX_DEPTH, MAX_NODES = 12, 200_000  # load.MAX_DEPTH, load.MAX_NODES (load imports this module)

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# YAML 1.1's implicit types other than dates, by first character: a text value that one of these
# matches might have been a plain scalar PyYAML reads as a bool, number, null, merge or value.
_RESOLVED_BY_1_1 = {
    first: resolvers
    for first, resolvers in (
        (first, tuple(regexp for tag, regexp in found if tag != _TIMESTAMP))
        for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
    )
    if resolvers
}
# An anchor, tag or alias, where a node starts (AT&T and "Stop!" are text to both parsers).
_PROPERTY = re.compile(r"(?:^|[\s\ufeff\[{,:?])[&!*]")
# A plain token (after a space, a line start or a flow indicator) that serde_yaml reads as a float and
# YAML 1.1 otherwise: an exponent without a sign or a dot (1e3, 1.5e3, 1E+3: text in 1.1), a sign
# before the dot (-.5: text), an integer of 40 digits or more (an int in 1.1; flagged from 20).
_FLOAT_ONLY_IN_1_2 = re.compile(r"[\s\[{,:?](?:[-+]\.|[-+]?[0-9.][0-9._]*[eE]|[-+]?[0-9]{20})")


class _Unsure(Exception):
    pass


def parse(text: str) -> Any:
    """The data of a YAML text as load.parse_yaml would give it, or UNSURE."""
    if ryaml is None or "0o" in text:
        return UNSURE
    if ("&" in text or "!" in text or "*" in text) and _PROPERTY.search(text):
        return UNSURE
    try:
        data = ryaml.loads(text)
    except Exception:  # noqa: BLE001 - any error: the exact parser reports it, or reads the text
        return UNSURE
    try:
        floats = _check([data], -1, [0])
    except _Unsure:
        return UNSURE
    if floats and _FLOAT_ONLY_IN_1_2.search("\n" + text):
        return UNSURE
    return data


def _check(values, depth: int, seen: list[int]) -> bool:
    """Walk ryaml's data; raise _Unsure where PyYAML could read the text differently. Whether
    there was a float. seen: keys and values so far. (Runs for every value of every file: kept to
    plain loops.)"""
    if depth >= MAX_DEPTH and values:  # its values stand deeper than load.py allows
        raise _Unsure
    seen[0] += 2 * len(values) if values.__class__ is dict else len(values)
    if seen[0] > MAX_NODES:  # (the exact parser counts at most this many: it decides)
        raise _Unsure
    floats = False
    if values.__class__ is dict:
        for key in values:
            if key.__class__ is not str or key == "<<":
                raise _Unsure
        values = values.values()
    for value in values:
        kind = value.__class__
        if kind is str:
            resolvers = _RESOLVED_BY_1_1.get(value[:1])
            if resolvers is not None:
                for resolver in resolvers:
                    if resolver.match(value):
                        raise _Unsure
        elif kind is dict or kind is list:
            floats |= _check(value, depth + 1, seen)
        elif kind is float:
            floats = True
        elif not (kind is int or kind is bool or value is None):
            raise _Unsure
    return floats
