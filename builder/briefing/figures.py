"""Figures summarised across sources, as casualty monitors such as Airwars show them.

One line per measure: the range the sources give and how many sources give it — "22–25+ people
(2 sources)" — instead of repeating "over 15 … vs over 15 … vs 15"; the per-source rows stay
beneath it on the page. A bound a source gives as open ("over 15", "at least 25") is marked "+",
an approximate one "about", an upper limit "up to".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from builder.model.records import Figure


@dataclass(frozen=True)
class FigureSummary:
    measure: str
    amount: str  # "22–25+", "15+", "about 3,000", "several"
    unit: str | None  # the unit most sources give
    sources: int  # distinct documents

    @property
    def text(self) -> str:
        return f"{self.amount} {self.unit}" if self.unit else self.amount


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def _bounds(figure: Figure) -> tuple[float, float, bool, bool]:
    """(low, high, open above, approximate) of one source's figure."""
    if figure.value is not None:
        low = high = figure.value
    else:
        low = figure.min if figure.min is not None else 0.0
        high = figure.max if figure.max is not None else low
    above = figure.qualifier in ("over", "at-least") or (figure.min is not None and figure.max is None
                                                          and figure.value is None)
    return low, high, above, figure.qualifier == "about"


def summarise(figures: list[Figure]) -> list[FigureSummary]:
    """One summary per measure, in the order the measures first appear."""
    by_measure: dict[str, list[Figure]] = {}
    for figure in figures:
        by_measure.setdefault(figure.measure, []).append(figure)
    return [_summary(measure, items) for measure, items in by_measure.items()]


def _summary(measure: str, items: list[Figure]) -> FigureSummary:
    sources = len({figure.document for figure in items})
    units = Counter(figure.unit for figure in items if figure.unit)
    unit = units.most_common(1)[0][0] if units else None
    vague = [f for f in items if f.qualifier in ("several", "dozens")]
    counted = [f for f in items if f not in vague]
    if not counted:
        return FigureSummary(measure, vague[0].qualifier, unit, sources)
    bounds = [_bounds(f) for f in counted]
    low = min(b[0] for b in bounds)
    high = max(b[1] for b in bounds)
    open_above = any(b[2] and b[1] == high for b in bounds)
    approximate = all(b[3] for b in bounds)
    up_to = all(f.qualifier == "up-to" or (f.value is None and f.min is None) for f in counted)
    amount = _number(low) if low == high else f"{_number(low)}–{_number(high)}"
    if open_above:
        amount += "+"
    if approximate:
        amount = f"about {amount}"
    elif up_to:
        amount = f"up to {_number(high)}"
    return FigureSummary(measure, amount, unit, sources)
