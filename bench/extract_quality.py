"""How well `briefing extract` drafts events: held-out reports with gold lists, and the seed documents.

    python -m bench.extract_quality [--sources sources] [--heldout tests/fixtures/extract_heldout]
                                    [--sets a b …] [--no-seed] [--misses]

Each folder under --heldout with documents/ and gold/ is one held-out set (see its README); --sets
runs only the named ones (a set kept for a final measure is not run by accident while tuning).

Two sets, one table each:

- **held-out**: short reports written for the tests (tests/fixtures/extract_heldout/<set>/documents/),
  each with a hand-made gold list of its dated happenings (<set>/gold/<document>.yaml). They are added
  to a copy of the briefing, so the extractor sees its actors, places and events (for duplicates)
  as an analyst's would;
- **seed**: the briefing's own documents (sources/documents/); the gold is the events in
  sources/events/ that cite each one, and the extractor sees the records but not those events.

Each gold event is paired with at most one draft (greedily, best first): a draft whose date
overlaps the event's (an open date pairs with anything) and that shares a place or an actor.
Columns: event recall (gold events paired), dates right (paired events whose draft has the gold
date, or leaves it open where the gold does), actors matched (gold actors present in the paired
draft), roles right (… with the gold role), figures right (gold figures the paired draft states
with the same number and qualifier), precision (drafts paired with some gold event), and the
repeats of the briefing's events:

- repeats flagged / refused: gold events that repeat a briefing event (`duplicate_of`) whose paired
  draft names that event in a hint / is a *likely* repeat of it (`briefing promote` refuses it);
- false alarms: paired gold events that repeat nothing whose draft is a likely repeat of some event
  all the same (promote would refuse a new happening), over all such paired events;
- drafts flagged: drafts with any hint, over all drafts.

For the seed, the extractor sees the briefing as it would be without the document: the events that
only it backs are gone, and those other documents back too stay, without its citations; a seed
event that another document backs too is a repeat to flag.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from builder.authoring.extract import Extractor
from builder.authoring.figures import slug
from builder.load.reader import load_sources
from builder.model.dates import parse_date

HELDOUT = Path("tests/fixtures/extract_heldout")


@dataclass
class Score:
    events: int = 0
    found: int = 0
    dates: int = 0
    actors: int = 0
    actors_found: int = 0
    roles: int = 0
    figures: int = 0
    figures_found: int = 0
    drafts: int = 0
    drafts_paired: int = 0
    repeats: int = 0
    repeats_flagged: int = 0  # … whose draft's hints name the event
    repeats_refused: int = 0  # … whose draft is a likely repeat of the event (promote refuses it)
    others: int = 0  # paired gold events that repeat no briefing event
    false_alarms: int = 0  # … whose draft is a likely repeat of some event all the same
    drafts_flagged: int = 0  # drafts with any hint
    notes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for item in fields(self):
            if item.name != "notes":
                setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))
        self.notes += other.notes


@dataclass(frozen=True)
class GoldEvent:
    date: str | None  # None: the text leaves the date open
    qualifier: str | None
    places: frozenset[str]
    actors: tuple[tuple[str, str], ...]
    figures: tuple[dict, ...]
    duplicate_of: str | None = None

    def span(self):
        return parse_date(self.date, self.qualifier) if self.date else None


def _draft_span(draft):
    return parse_date(draft.date.edtf, draft.date.qualifier) if draft.date.edtf else None


def _overlap(a, b) -> bool:
    return a is None or b is None or (a.start <= b.end and b.start <= a.end)


def _pair_score(gold: GoldEvent, draft) -> int:
    """How well a draft fits a gold event (0: not at all)."""
    if not _overlap(gold.span(), _draft_span(draft)):
        return 0
    places = len(gold.places & set(draft.places))
    actors = len({a for a, _ in gold.actors} & {a for a, _ in draft.actors})
    if not places and not actors:
        return 0
    exact = gold.date == draft.date.edtf and gold.qualifier == draft.date.qualifier
    return 2 * places + 2 * actors + (3 if exact else 0)


def _pairs(gold: list[GoldEvent], drafts: list) -> list[tuple[GoldEvent, object]]:
    scored = sorted(((_pair_score(g, d), i, j) for i, g in enumerate(gold) for j, d in enumerate(drafts)),
                    key=lambda item: (-item[0], item[1], item[2]))
    used_gold, used_drafts, pairs = set(), set(), []
    for score, i, j in scored:
        if score and i not in used_gold and j not in used_drafts:
            used_gold.add(i)
            used_drafts.add(j)
            pairs.append((gold[i], drafts[j]))
    return pairs


def _same_figure(gold: dict, figure) -> bool:
    numbers = all(gold.get(key) == (None if getattr(figure, key) is None else int(getattr(figure, key)))
                  for key in ("value", "min", "max"))
    words = set(figure.measure.split("-")) | set((figure.unit or "").lower().split())
    counted = slug(figure.unit or "")  # 'weapons-seized' with unit 'rocket launchers' states 'rocket-launchers'
    measure = gold["measure"] in (figure.measure, counted) or gold["measure"] in words
    return numbers and measure and gold.get("qualifier", "exactly") == figure.qualifier


def score_document(gold: list[GoldEvent], drafts: list, document: str) -> Score:
    score = Score(events=len(gold), drafts=len(drafts))
    pairs = _pairs(gold, drafts)
    score.found = score.drafts_paired = len(pairs)
    for event, draft in pairs:
        score.dates += event.date == draft.date.edtf and event.qualifier == draft.date.qualifier
        given = dict(draft.actors)
        for actor, role in event.actors:
            score.actors_found += actor in given
            score.roles += given.get(actor) == role
        score.figures_found += sum(any(_same_figure(f, d) for d in draft.figures) for f in event.figures)
        _score_repeat(score, event, draft, document)
    score.drafts_flagged = sum(bool(d.duplicates) for d in drafts)
    for event in gold:
        score.actors += len(event.actors)
        score.figures += len(event.figures)
        score.repeats += event.duplicate_of is not None
    paired = {id(d) for _, d in pairs}
    score.notes += [f"{document}: missed {e.date} {sorted(e.places)} {[a for a, _ in e.actors]}"
                    for e in gold if e not in [g for g, _ in pairs]]
    score.notes += [f"{document}: unpaired draft {d.id} ({d.date.edtf})" for d in drafts if id(d) not in paired]
    score.notes += _pair_notes(pairs, document)
    return score


def _score_repeat(score: Score, event: GoldEvent, draft, document: str) -> None:
    """Whether a paired draft's repeat hints are right: the gold's event flagged (and likely), or no likely flag."""
    likely = [m for m in draft.repeats if m.likely]
    if event.duplicate_of:
        flagged = [m for m in draft.repeats[:3] if m.event_id == event.duplicate_of]
        score.repeats_flagged += bool(flagged)
        score.repeats_refused += any(m.event_id == event.duplicate_of for m in likely)
        if not flagged or not flagged[0].likely:
            shown = flagged[0].hint() if flagged else "not flagged"
            score.notes.append(f"{document} / {draft.id}: repeat of {event.duplicate_of} not refused ({shown})")
        return
    score.others += 1
    score.false_alarms += bool(likely)
    if likely:
        score.notes.append(f"{document} / {draft.id}: false alarm: {likely[0].hint()}")


def _pair_notes(pairs, document: str) -> list[str]:
    notes = []
    for event, draft in pairs:
        wrong = []
        if event.date != draft.date.edtf or event.qualifier != draft.date.qualifier:
            wrong.append(f"date {draft.date.edtf} ≠ {event.date}")
        given = dict(draft.actors)
        wrong += [f"{actor}: {given.get(actor, 'absent')} ≠ {role}" for actor, role in event.actors
                  if given.get(actor) != role]
        wrong += [f"figure {f}" for f in event.figures if not any(_same_figure(f, d) for d in draft.figures)]
        if wrong:
            notes.append(f"{document} / {draft.id}: " + "; ".join(wrong))
    return notes


def _gold_from_yaml(path: Path) -> list[GoldEvent]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    events = []
    for item in data["events"]:
        date = None if item["date"] == "open" else str(item["date"])
        events.append(GoldEvent(date, item.get("qualifier"), frozenset(item.get("places") or []),
                                tuple((a["actor"], a["role"]) for a in item.get("actors") or []),
                                tuple(item.get("figures") or []), item.get("duplicate_of")))
    return events


def _gold_from_events(events, document: str) -> list[GoldEvent]:
    gold = []
    for event in events:
        if document not in _cited(event):
            continue
        figures = tuple({"measure": f.measure, "qualifier": f.qualifier,
                         **{k: int(getattr(f, k)) for k in ("value", "min", "max") if getattr(f, k) is not None}}
                        for f in event.figures if f.document == document)
        told_elsewhere = event.id if _cited(event) - {document} else None  # a repeat of the briefing's event
        gold.append(GoldEvent(event.date, event.date_qualifier, frozenset(event.places),
                              tuple((p.actor, p.role) for p in event.actors), figures, told_elsewhere))
    return gold


def measure_heldout(sources: Path, heldout: Path) -> Score:
    total = Score()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "sources"
        shutil.copytree(sources, copy, ignore=shutil.ignore_patterns("drafts"))
        for document in sorted((heldout / "documents").glob("*.txt")):
            shutil.copy(document, copy / "documents" / document.name)
        loaded = load_sources(copy, Path(scratch))
    if loaded.problems:
        raise SystemExit("\n".join(p.format() for p in loaded.problems))
    records = {kind: loaded.of(kind) for kind in loaded.records}
    extractor = Extractor(records, loaded.texts)
    for gold_file in sorted((heldout / "gold").glob("*.yaml")):
        document = gold_file.stem
        total.add(score_document(_gold_from_yaml(gold_file), extractor.extract(document), document))
    return total


def measure_seed(sources: Path) -> Score:
    """Each seed document against the briefing as it would be without that document (`_without`)."""
    loaded = load_sources(sources, sources.parent)
    records = {kind: loaded.of(kind) for kind in loaded.records}
    total = Score()
    for document in sorted(d.id for d in records["document"]):
        gold = _gold_from_events(records["event"], document)
        extractor = Extractor(dict(records, event=_without(records["event"], document)), loaded.texts)
        total.add(score_document(gold, extractor.extract(document), document))
    return total


def _without(events, document: str) -> list:
    """The events as if the document had never been read: those it alone backs are gone (the answers the
    extractor must not see); those other documents back too lose its citations and stay, so a draft of
    one of them is a repeat to flag."""
    kept = []
    for event in events:
        if not _cited(event) - {document}:
            continue
        kept.append(event.model_copy(update={
            key: [c for c in getattr(event, key) if c.document != document] for key in ("sources", "figures", "claims")}))
    return kept


def _cited(event) -> set[str]:
    return {c.document for c in [*event.sources, *event.figures, *event.claims]}


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} % ({part}/{whole})" if whole else "–"


def table(rows: list[tuple[str, Score]]) -> str:
    header = ["set", "event recall", "dates right", "actors matched", "roles right", "figures right",
              "draft precision", "repeats flagged", "repeats refused", "false alarms", "drafts flagged"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, s in rows:
        cells = [name, _pct(s.found, s.events), _pct(s.dates, s.found), _pct(s.actors_found, s.actors),
                 _pct(s.roles, s.actors), _pct(s.figures_found, s.figures), _pct(s.drafts_paired, s.drafts),
                 _pct(s.repeats_flagged, s.repeats), _pct(s.repeats_refused, s.repeats),
                 f"{s.false_alarms}/{s.others}", f"{s.drafts_flagged}/{s.drafts}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", default="sources", type=Path)
    parser.add_argument("--heldout", default=HELDOUT, type=Path)
    parser.add_argument("--sets", nargs="*", help="Only these held-out sets (folder names); default: all.")
    parser.add_argument("--no-seed", action="store_true", help="Leave out the seed documents.")
    parser.add_argument("--misses", action="store_true", help="List misses, unpaired drafts and wrong fields.")
    args = parser.parse_args()
    rows = []
    folders = sorted(p for p in args.heldout.iterdir() if (p / "gold").is_dir())
    unknown = set(args.sets or []) - {p.name for p in folders}
    if unknown:
        parser.error(f"no held-out set named {', '.join(sorted(unknown))} under {args.heldout}")
    for folder in folders:
        if args.sets is None or folder.name in args.sets:
            documents = len(list((folder / "gold").glob("*.yaml")))
            rows.append((f"held-out {folder.name} ({documents} documents)", measure_heldout(args.sources, folder)))
    if not args.no_seed:
        rows.append((f"seed ({len(list((args.sources / 'documents').glob('*.txt')))} documents)",
                     measure_seed(args.sources)))
    print(table(rows))
    print("(dates, actors, roles and figures are counted over the gold events that were found)")
    if args.misses:
        for name, score in rows:
            print(f"\n{name}:")
            print("\n".join(f"  {note}" for note in score.notes))


if __name__ == "__main__":
    main()
