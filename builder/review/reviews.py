"""The editors' decisions on findings, kept in sources/reviews.yaml, matched with the findings.

Each entry names a finding by the id `briefing validate` prints and either records it (the
event's claims or figures now give each source's value, so the site's Disagreements page shows
it) or dismisses it with a reason. A finding is reviewed once: the list of unreviewed findings
converges to zero. A review whose finding the builder no longer makes (the quote was corrected,
the event re-dated) is reported, so the file does not fill with dead entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from builder.load.quotes import normalise
from builder.load.reader import LoadedSources, locate, parse_yaml
from builder.model.records import FieldError, Review
from builder.problems import Problem, display_path
from builder.review.model import Finding

REVIEWS_FILE = "reviews.yaml"


@dataclass(frozen=True)
class ReviewEntry:
    review: Review
    file: str
    line: int


@dataclass
class ReviewState:
    """Findings with their decisions: what an editor still has to look at."""

    findings: list[Finding]
    decided: dict[str, ReviewEntry] = field(default_factory=dict)  # finding id → its review
    stale: list[ReviewEntry] = field(default_factory=list)  # reviews of findings no longer made
    warnings: list[Problem] = field(default_factory=list)  # recorded, but nothing shown on the site

    @property
    def unreviewed(self) -> list[Finding]:
        return [f for f in self.findings if f.id not in self.decided]

    def count(self, decision: str) -> int:
        return sum(1 for f in self.findings if f.id in self.decided and self.decided[f.id].review.decision == decision)

    def summary(self) -> str:
        return (f"{len(self.findings)} finding(s) on the quotes: {len(self.unreviewed)} unreviewed, "
                f"{self.count('recorded')} recorded, {self.count('dismissed')} dismissed")


def load_reviews(sources: Path, project_root: Path | None = None) -> tuple[list[ReviewEntry], list[Problem]]:
    """Read sources/reviews.yaml (absent: no reviews); every problem with its file:line."""
    path = Path(sources) / REVIEWS_FILE
    if not path.exists():
        return [], []
    name = display_path(path, project_root)
    try:
        data, marks = parse_yaml(path.read_text(encoding="utf-8"))
    except Exception as error:  # noqa: BLE001 - the loader's YAML problem carries line and column
        line, column = getattr(error, "line", 1), getattr(error, "column", 1)
        return [], [Problem(name, line, column, getattr(error, "message", str(error)), getattr(error, "hint", ""))]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [Problem(name, 1, 1, "reviews.yaml holds a list of reviews",
                            "write one '- finding: … / decision: recorded|dismissed / reason: …' entry per finding")]
    entries, problems, seen = [], [], {}
    for index, item in enumerate(data):
        line, column = locate(marks, (index,))
        try:
            review = Review.model_validate(item)
        except ValidationError as error:
            for detail in error.errors():
                where = (index, *detail["loc"]) if detail["loc"] else (index,)
                at = locate(marks, where)
                problems.append(Problem(name, at[0], at[1], f"review: {detail['msg']}",
                                        "see schema/reviews.schema.json"))
            continue
        except FieldError as error:
            at = locate(marks, (index, error.field))
            problems.append(Problem(name, at[0], at[1], f"review: {error}"))
            continue
        if review.finding in seen:
            problems.append(Problem(name, line, column, f"finding '{review.finding}' is reviewed twice "
                                    f"(first on line {seen[review.finding]})", "keep one decision"))
            continue
        seen[review.finding] = line
        entries.append(ReviewEntry(review, name, line))
    return entries, problems


def match_reviews(findings: list[Finding], entries: list[ReviewEntry], loaded: LoadedSources | None = None) -> ReviewState:
    made = {f.id: f for f in findings}
    state = ReviewState(findings)
    shown = _shown_disagreements(loaded) if loaded is not None else None
    for entry in entries:
        finding = made.get(entry.review.finding)
        if finding is None:
            state.stale.append(entry)
            continue
        state.decided[finding.id] = entry
        if entry.review.decision == "recorded" and shown is not None and not _shows(finding, shown):
            documents = ", ".join(sorted({p.document for p in finding.passages}))
            state.warnings.append(Problem(entry.file, entry.line, 1,
                                          f"finding '{finding.id}' is marked recorded, but no record's figures "
                                          f"or claims show this disagreement (the values of {documents})",
                                          "give each source's value as a claim or figure with the same "
                                          "measure or attribute, or dismiss it"))
    return state


def _shows(finding: Finding, shown: list) -> bool:
    """Whether one disagreement the site shows is the finding's: it gives a value from each of the
    finding's documents, on the record the finding is about or one its passages are cited on."""
    documents = {p.document for p in finding.passages}
    records = {finding.subject} | {Path(p.yaml_file).stem for p in finding.passages if p.yaml_file}
    for disagreement in shown:
        if disagreement.subject_id not in records and not _cited_on(disagreement, finding):
            continue
        if documents <= {value.document for value in disagreement.values}:
            return True
    return False


def _cited_on(disagreement, finding: Finding) -> bool:
    """A record in a list file (actors.yaml): matched by one of its quotes being a passage's."""
    quotes = [(p.document, normalise(p.quote)) for p in finding.passages]
    for value in disagreement.values:
        text = normalise(value.quote)
        if any(value.document == document and (text in quote or quote in text) for document, quote in quotes):
            return True
    return False


def _shown_disagreements(loaded: LoadedSources) -> list:
    """Every disagreement the site's Disagreements page shows (figures or claims of one record)."""
    from builder.briefing.link import _disagreements

    found = []
    for kind in ("event", "actor"):
        for item in loaded.records.get(kind, []):
            record = item.record
            if record is None:
                continue
            title = getattr(record, "title", None) or getattr(record, "name", "")
            found += _disagreements(kind, record.id, title, [*getattr(record, "figures", []), *getattr(record, "claims", [])])
    return found


def review_stub(finding: Finding) -> str:
    """The YAML an editor pastes into sources/reviews.yaml to decide a finding."""
    return (f"- finding: {finding.id}\n"
            "  decision: recorded   # or: dismissed\n"
            "  reason: \"…\"\n")


def review_sources(loaded: LoadedSources, project_root: Path | None = None) -> tuple[ReviewState, list[Problem]]:
    """Make the findings on valid sources and match them with sources/reviews.yaml."""
    from builder.review.findings import make_findings

    entries, problems = load_reviews(loaded.root, project_root)
    return match_reviews(make_findings(loaded), entries, loaded), problems


def unsourced_facts(loaded: LoadedSources) -> tuple[dict[str, int], list[Problem]]:
    """Counts of quoted / background / unmarked facts, and a warning (file:line) per unmarked one."""
    from builder.briefing.sourcing import Sourcing

    sourcing = Sourcing({kind: loaded.of(kind) for kind in loaded.records}, loaded.texts)
    located = {(kind, item.record.id): item for kind in ("actor", "operation", "place", "term")
               for item in loaded.records[kind] if item.record is not None}
    warnings = []
    for fact in sourcing.unmarked():
        item = located[(fact.kind, fact.record_id)]
        line, column = item.where(*fact.field)
        name = "alias" if fact.fact == "aliases" else fact.fact
        warnings.append(Problem(item.file, line, column,
                                f"{fact.kind} '{fact.record_id}': {name} '{fact.label}' is neither quoted nor "
                                "marked background",
                                f"cite a passage that says it, or add `background: [{{facts: [{fact.fact}], "
                                "reference: <URL or wikidata:Q…>}]`"))
    return sourcing.counts(), warnings
