"""How well `briefing extract` proposes the shipped briefing's events from its documents.

    python -m bench.extract_quality [--sources sources] [--misses]

For every document, the extractor's drafts are compared with the events in sources/events/ that
cite that document:

- recall: the share of those events for which some draft from the same document has an
  overlapping date span and a shared place (an event without places: a shared actor);
- precision: the share of drafts that match some event citing the document that way.

The extractor sees the briefing's actors, places and operations (its gazetteer) but not its events.
A second table compares the rule-based date resolver with dateparser (RELATIVE_BASE = publication
date, PREFER_DATES_FROM='past') on the date phrases of the events' date notes and the test fixture.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from builder.authoring.extract import DateContext, Extractor, find_dates, split_sentences
from builder.load.quotes import normalise
from builder.load.reader import load_sources
from builder.model.dates import parse_date


def _overlap(a, b) -> bool:
    return a.start <= b.end and b.start <= a.end


def _cited_documents(event) -> set[str]:
    docs = {c.document for c in event.sources}
    docs |= {f.document for f in event.figures} | {c.document for c in event.claims}
    return docs


def _matches(event, draft) -> bool:
    if not _overlap(event.when, draft.when):
        return False
    if event.places:
        return bool(set(event.places) & set(draft.places))
    return bool({p.actor for p in event.actors} & {a for a, _ in draft.actors})


def _dated_in_text(event, document, text: str) -> bool:
    """Does this document's own text date the event (a date in a sentence it is quoted from)?"""
    quotes = [normalise(c.quote) for c in [*event.sources, *event.figures, *event.claims] if c.document == document.id]
    ctx = DateContext(parse_date(document.published), document.published)
    for sentence in split_sentences(text):
        plain = normalise(sentence.text)
        dates = find_dates(sentence.text, ctx)
        if dates:
            ctx.anchor = dates[-1]
        if any(q in plain or plain in q for q in quotes):
            if any(_overlap(d.when, event.when) for d in dates):
                return True
    return False


def measure(sources: Path) -> dict:
    loaded = load_sources(sources, sources.parent)
    records = {kind: loaded.of(kind) for kind in loaded.records}
    events = records["event"]
    gazetteer_only = dict(records, event=[])  # the extractor does not see the answers
    extractor = Extractor(gazetteer_only, loaded.texts)
    rows, misses, spurious, found_ids = [], [], [], set()
    extracting = 0.0
    for document in sorted(records["document"], key=lambda d: d.id):
        began = time.perf_counter()
        drafts = extractor.extract(document.id)
        extracting += time.perf_counter() - began
        expected = [e for e in events if document.id in _cited_documents(e)]
        found = [e for e in expected if any(_matches(e, d) for d in drafts)]
        dated = [e for e in expected if _dated_in_text(e, document, loaded.texts[document.id])]
        found_dated = [e for e in found if e in dated]
        good = [d for d in drafts if any(_matches(e, d) for e in expected)]
        misses += [(document.id, e) for e in expected if e not in found]
        spurious += [(document.id, d) for d in drafts if d not in good]
        rows.append((document.id, len(expected), len(found), len(drafts), len(good), len(dated), len(found_dated)))
        found_ids.update(e.id for e in found)
    seconds = extracting  # extraction only (gazetteer excluded), not the scoring
    return {"rows": rows, "misses": misses, "spurious": spurious, "seconds": seconds, "events": len(events),
            "found_any": len(found_ids)}


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    –  "


# --- dates: rules vs dateparser --------------------------------------------------------------

# (phrase, publication date, previous sentence's date text or None, expected EDTF start/end)
DATE_CASES = [
    ("on Wednesday", "2025-12-11", None, ("2025-12-10", "2025-12-10")),
    ("On Thursday", "2026-02-14", None, ("2026-02-12", "2026-02-12")),
    ("the Interior Ministry reported Monday", "2025-12-09", None, ("2025-12-08", "2025-12-08")),
    ("last month", "2025-12-10", None, ("2025-11-01", "2025-11-30")),
    ("last month", "2026-02-14", None, ("2026-01-01", "2026-01-31")),
    ("last year", "2026-02-14", None, ("2025-01-01", "2025-12-31")),
    ("last week", "2026-02-14", None, ("2026-02-02", "2026-02-13")),
    ("in early December", "2025-12-20", None, ("2025-12-01", "2025-12-10")),
    ("in late November 2025", "2025-12-20", None, ("2025-11-21", "2025-11-30")),
    ("between November 24 and 27", "2025-12-01", None, ("2025-11-24", "2025-11-27")),
    ("on December 2, 2025", "2025-12-20", None, ("2025-12-02", "2025-12-02")),
    ("in September 2014", "2025-12-20", None, ("2014-09-01", "2014-09-30")),
    ("in January", "2026-02-14", None, ("2026-01-01", "2026-01-31")),
    ("in December", "2026-02-14", None, ("2025-12-01", "2025-12-31")),
    ("The following day", "2025-12-20", "On November 24, 2025", ("2025-11-25", "2025-11-25")),
    ("Earlier that month", "2025-12-20", "On December 9, 2025", ("2025-12-01", "2025-12-08")),
    ("yesterday", "2025-12-20", None, ("2025-12-19", "2025-12-19")),
]


def _rules(phrase, published, anchor):
    ctx = DateContext(parse_date(published), published)
    if anchor:
        found = find_dates(anchor, ctx)
        ctx.anchor = found[0] if found else None
    found = find_dates(phrase, ctx)
    return (found[0].when.start.isoformat(), found[0].when.end.isoformat()) if found else None


def _dateparser(phrase, published, anchor):
    """dateparser's best: DateDataParser gives a date and its period (day, week, month, year)."""
    import calendar
    import datetime

    from dateparser.date import DateDataParser

    base = datetime.datetime.fromisoformat(published)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    if anchor:  # no notion of "the previous sentence's date": give it the anchor as the base
        found = DateDataParser(languages=["en"], settings=settings).get_date_data(anchor.replace("On ", ""))
        if found.date_obj:
            settings["RELATIVE_BASE"] = found.date_obj
    text = phrase.replace("the Interior Ministry reported ", "")
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "month":
        first, last = day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    elif data.period == "year":
        first, last = day.replace(month=1, day=1), day.replace(month=12, day=31)
    elif data.period == "week":
        first = day - datetime.timedelta(days=day.weekday())
        last = first + datetime.timedelta(days=6)
    else:
        first = last = day
    return first.isoformat(), last.isoformat()


def compare_dates() -> None:
    print()
    print(f"{'date phrase':40} {'published':10}  {'expected':23} {'rules':23} {'dateparser':23}")
    scores = {"rules": 0, "dateparser": 0}
    timings = {"rules": 0.0, "dateparser": 0.0}
    try:
        import dateparser  # noqa: F401

        _dateparser("today", "2025-12-01", None)  # warm up (first call loads language data)
        have_dateparser = True
    except ImportError:  # pragma: no cover
        have_dateparser = False
    for phrase, published, anchor, expected in DATE_CASES:
        results = {}
        for name, function in (("rules", _rules), ("dateparser", _dateparser)):
            if name == "dateparser" and not have_dateparser:
                results[name] = None
                continue
            started = time.perf_counter()
            results[name] = function(phrase, published, anchor)
            timings[name] += time.perf_counter() - started
            if results[name] == expected:
                scores[name] += 1

        def shown(value):
            return "–" if value is None else value[0] if value[0] == value[1] else f"{value[0]}/{value[1]}"

        mark = {k: ("✓" if v == expected else "✗") for k, v in results.items()}
        print(f"{phrase[:40]:40} {published:10}  {shown(expected):23} {mark['rules']} {shown(results['rules']):21} "
              f"{mark['dateparser']} {shown(results['dateparser']):21}")
    total = len(DATE_CASES)
    print(f"{'correct':40} {'':10}  {'':23} {scores['rules']}/{total} ({timings['rules'] * 1000:.1f} ms)"
          f"{'':8} {scores['dateparser']}/{total} ({timings['dateparser'] * 1000:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", default="sources", type=Path)
    parser.add_argument("--misses", action="store_true", help="List missed events and unmatched drafts.")
    args = parser.parse_args()
    result = measure(args.sources)
    print_table(result)
    if args.misses:
        print("\nmissed (document, event, date, places):")
        for doc, event in result["misses"]:
            print(f"  {doc}  {event.id}  {event.date}{' ' + event.date_qualifier if event.date_qualifier else ''}  "
                  f"{event.places}")
        print("\ndrafts matching no event:")
        for doc, draft in result["spurious"]:
            print(f"  {doc}  {draft.id}  {draft.date.edtf}  {draft.places}  «{draft.quote[:90]}»")
    compare_dates()


def print_table(result: dict) -> None:
    print(f"{'document':22} {'events':>6} {'found':>6} {'recall':>8} │ {'dated':>5} {'found':>5} {'recall':>8} │ "
          f"{'drafts':>6} {'match':>6} {'precision':>9}")
    totals = [0] * 6
    for doc, expected, found, drafts, good, dated, found_dated in result["rows"]:
        print(f"{doc:22} {expected:6} {found:6} {_pct(found, expected):>8} │ {dated:5} {found_dated:5} "
              f"{_pct(found_dated, dated):>8} │ {drafts:6} {good:6} {_pct(good, drafts):>9}")
        totals = [t + v for t, v in zip(totals, (expected, found, drafts, good, dated, found_dated))]
    expected, found, drafts, good, dated, found_dated = totals
    print(f"{'total':22} {expected:6} {found:6} {_pct(found, expected):>8} │ {dated:5} {found_dated:5} "
          f"{_pct(found_dated, dated):>8} │ {drafts:6} {good:6} {_pct(good, drafts):>9}")
    print(f"events proposed from at least one of the documents citing them: {result['found_any']}/{result['events']}"
          f" ({_pct(result['found_any'], result['events']).strip()})")
    print("(rows count event × citing document; 'dated': pairs whose document itself dates the event in a quoted "
          f"sentence; extracting all documents took {result['seconds'] * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
