"""Countries by name: ISO 3166-1 codes from pycountry, and where the map writes each country's name.

A place's ``country`` is free text ("Georgia", "Türkiye", "Turkey", "GE"). pycountry (the ISO
3166 tables, maintained upstream) recognises names, official names and codes; the world outlines
the map draws (Natural Earth names, ``builder/site/theme/assets/vendor/world/countries.geojson``)
add the common short names ISO does not use ("Turkey", "Ivory Coast", "Czechia").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pycountry

OUTLINES = Path(__file__).resolve().parent.parent / "site" / "theme" / "assets" / "vendor" / "world" / "countries.geojson"


@dataclass(frozen=True)
class Country:
    name: str  # the short English name (pycountry's common name, else its name)
    alpha_2: str  # "SY"
    numeric: str  # "760": the outlines' feature id
    label: tuple[float, float] | None  # (lat, lon) where the map writes its name, inside the country


class Countries:
    """Look countries up by any of their names or codes; one instance reads the outlines once."""

    def __init__(self, outlines: Path = OUTLINES):
        self._labels: dict[str, tuple[float, float]] = {}
        self._outline_names: dict[str, str] = {}
        if outlines.exists():
            for feature in json.loads(outlines.read_text(encoding="utf-8"))["features"]:
                props = feature["properties"]
                if props.get("id"):
                    self._outline_names[props["name"].casefold()] = props["id"]
                    if props.get("label"):
                        lon, lat = props["label"]
                        self._labels[props["id"]] = (lat, lon)
        self._found: dict[str, Country | None] = {}

    def find(self, name: str | None) -> Country | None:
        """The country *name* names (a name, official name, or ISO code), or None."""
        key = (name or "").strip().casefold()
        if not key:
            return None
        if key not in self._found:
            self._found[key] = self._lookup(key)
        return self._found[key]

    def _lookup(self, key: str) -> Country | None:
        try:
            record = pycountry.countries.lookup(key)
        except LookupError:
            numeric = self._outline_names.get(key)
            record = pycountry.countries.get(numeric=numeric) if numeric else None
        if record is None:
            return None
        name = getattr(record, "common_name", None) or record.name
        return Country(name=name, alpha_2=record.alpha_2, numeric=record.numeric,
                       label=self._labels.get(record.numeric))
