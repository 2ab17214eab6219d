"""The same fact told in different places of the briefing, beyond one event's quotes.

- a quote that refers back ("The move was formalized … on November 10") speaks of the happening
  the sentence before it tells; when that sentence is cited on another event, the quote's date is
  compared with that event's (``across-events``);
- running tallies ("has carried out around five joint operations", "at least 11 joint operations
  have been carried out") are facts of the whole story: every cited tally is compared with the
  tallies of every other document, cited or not (``across-events``);
- a person's rank as each document gives it next to their name, in every passage cited on the
  person or on an event they take part in ("Admiral Brad Cooper" vs "General Cooper"):
  ``title-vs-title``. Ranks of one family agree ("General" and "Brigadier General").
"""

from __future__ import annotations

import re
from collections import defaultdict

from builder.load.quotes import normalise
from builder.load.reader import Located
from builder.review.model import Finding, Passage

# Rank words as documents write them → the rank; a rank's family (the last word) makes
# "General" agree with "Brigadier General", "Admiral" with "Rear Admiral".
RANKS = [
    (r"Brig(?:adier)?\.?[- ]?Gen(?:eral)?\.?", "brigadier general"),
    (r"Maj(?:or)?\.?[- ]?Gen(?:eral)?\.?", "major general"),
    (r"Lt\.?[- ]?Gen\.?|Lieutenant[- ]General", "lieutenant general"),
    (r"Lt\.?[- ]?Col\.?|Lieutenant[- ]Colonel", "lieutenant colonel"),
    (r"Vice[- ]Adm(?:iral)?\.?", "vice admiral"),
    (r"Rear[- ]Adm(?:iral)?\.?", "rear admiral"),
    (r"Adm(?:iral)?\.?", "admiral"),
    (r"Gen(?:eral)?\.?", "general"),
    (r"Col(?:onel)?\.?", "colonel"),
    (r"Maj(?:or)?\.?", "major"),
    (r"Capt(?:ain)?\.?", "captain"),
]
_RANK_ALTERNATION = "|".join(f"(?P<r{i}>{pattern})" for i, (pattern, _) in enumerate(RANKS))


def _agree(a: str, b: str) -> bool:
    return a == b or a.split()[-1] == b.split()[-1] and (" " not in a or " " not in b)


class AcrossRecords:
    """Comparisons that follow one fact beyond the event that cites it."""

    def __init__(self, maker):
        self.maker = maker  # the FindingMaker: its reader, document files and findings list

    def run(self, events: list[Located], quotes: dict) -> None:
        self._references(events, quotes)
        self._tallies(events, quotes)
        self._ranks(events, quotes)

    # --- "The move was formalized …" --------------------------------------------------------------

    def _references(self, events: list[Located], quotes: dict) -> None:
        cited: dict[str, list[tuple[str, Located, object]]] = defaultdict(list)  # document → (quote, event, _Quote)
        for item in events:
            for quote in quotes[item.record.id]:
                cited[quote.reading.document].append((normalise(quote.reading.quote), item, quote))
        for item in events:
            for quote in quotes[item.record.id]:
                reading = quote.reading
                if not reading.antecedent or not reading.dates:
                    continue
                told = set()  # one finding per other event (it may cite the sentence twice)
                for text, other, other_quote in cited[reading.document]:
                    if other.record.id in told | {item.record.id} or text not in reading.antecedent:
                        continue
                    told.add(other.record.id)
                    self._reference(item, quote, other, other_quote)

    def _reference(self, item: Located, quote, other: Located, other_quote) -> None:
        when = other.record.when
        if any(d.overlaps(when.start, when.end) for d in quote.reading.dates):
            return
        says = " and ".join(d.display() for d in quote.reading.dates)
        opening = " ".join(quote.reading.quote.split()[:2])
        maker = self.maker
        message = (f"'{opening} …' ({item.record.id}) refers to what the sentence before it tells "
                   f"({other.record.id}, dated {when.display()}), but dates it {says}")
        maker.findings.append(Finding(
            "across-events", other.record.id, message,
            (maker._passage(other, other_quote, when.display()), maker._passage(item, quote, says)),
            other.file, other.where("date")[0]))

    # --- running tallies ---------------------------------------------------------------------------

    def _tallies(self, events: list[Located], quotes: dict) -> None:
        """Each pair of differing tallies once, whichever side is cited: a finding names the
        counted thing and both documents' sentences, so recording it (citing both) keeps its id."""
        maker = self.maker
        cited = [(item, quote) for item in events for quote in quotes[item.record.id]] + maker.record_quotes()
        by_document: dict[str, list] = defaultdict(list)  # where each cited passage stands, to name it
        for item, quote in cited:
            if any(n.tally for n in quote.reading.numbers):
                by_document[quote.reading.document].append((normalise(quote.reading.quote), item, quote))
        if not by_document:
            return
        everywhere = [(doc, *found) for doc in sorted(maker.document_files) for found in maker.reader.tallies(doc)]
        for i, (doc_a, sentence_a, line_a, a) in enumerate(everywhere):
            for doc_b, sentence_b, line_b, b in everywhere[i + 1:]:
                if doc_a == doc_b or not _same_tally(a, b):
                    continue
                where_a = self._cited_in(by_document[doc_a], sentence_a)
                where_b = self._cited_in(by_document[doc_b], sentence_b)
                if where_a or where_b:
                    self._tally((doc_a, sentence_a, line_a, a, where_a), (doc_b, sentence_b, line_b, b, where_b))

    @staticmethod
    def _cited_in(cited: list, sentence: str):
        text = normalise(sentence)
        return next(((item, quote) for quoted, item, quote in cited if quoted in text), None)

    def _tally(self, *sides) -> None:
        maker = self.maker
        published = maker.reader.published
        passages = []
        for document, sentence, line, number, where in sides:
            yaml_file, yaml_line = (where[0].file, where[0].where(*where[1].path)[0]) if where else ("", 0)
            passages.append(Passage(document, sentence, maker.document_files[document], line, yaml_file, yaml_line,
                                    number.text()))
        (doc_a, _, _, a, _), (doc_b, _, _, b, _) = sides
        message = (f"running counts differ: {a.text()} ({doc_a}, published {published[doc_a]}) vs "
                   f"{b.text()} ({doc_b}, published {published[doc_b]})")
        first = next(p for p in passages if p.yaml_file)
        subject = "-".join(sorted(a.counted & b.counted))
        maker.findings.append(Finding("across-events", subject, message, tuple(passages), first.yaml_file,
                                      first.yaml_line))

    # --- ranks of one person -----------------------------------------------------------------------

    def _ranks(self, events: list[Located], quotes: dict) -> None:
        maker = self.maker
        people = [item for item in maker.loaded.records["actor"] if item.record is not None and item.record.kind == "person"]
        by_actor: dict[str, list] = defaultdict(list)
        for item, quote in maker.record_quotes():
            by_actor[item.record.id].append((item, quote))
        for item in events:
            for participant in item.record.actors:
                by_actor[participant.actor] += [(item, q) for q in quotes[item.record.id]]
        for person in people:
            pattern = _name_pattern(person.record)
            ranks: dict[str, list[tuple[str, Located, object]]] = defaultdict(list)  # document → (rank, …)
            for item, quote in by_actor.get(person.record.id, []):
                for match in pattern.finditer(" ".join(quote.reading.quote.split())):
                    rank = next(RANKS[int(k[1:])][1] for k, v in match.groupdict().items() if v)
                    ranks[quote.reading.document].append((rank, item, quote))
            self._rank_finding(person, ranks)

    def _rank_finding(self, person: Located, ranks: dict) -> None:
        firsts = {doc: entries[0] for doc, entries in sorted(ranks.items())}
        if len(firsts) < 2 or all(_agree(a[0], b[0]) for a in firsts.values() for b in firsts.values()):
            return
        by_rank: dict[str, list[str]] = defaultdict(list)
        for doc, (rank, _, _) in firsts.items():
            by_rank[rank].append(doc)
        maker = self.maker
        # every document's passage when a few, else the first of each rank (the message counts them all)
        shown = firsts if len(firsts) <= 4 else {docs[0]: firsts[docs[0]] for docs in by_rank.values()}
        passages = tuple(maker._passage(item, quote, rank.title()) for rank, item, quote in shown.values())
        values = " vs ".join(f"{rank.title()} ({_documents(docs)})" for rank, docs in by_rank.items())
        maker.findings.append(Finding("title-vs-title", person.record.id,
                                      f"the sources give {person.record.name} different ranks: {values}",
                                      passages, person.file, person.where("id")[0]))


def _documents(docs: list[str]) -> str:
    return ", ".join(docs) if len(docs) <= 3 else f"{', '.join(docs[:2])} and {len(docs) - 2} more documents"


def _same_tally(a, b) -> bool:
    """Two running counts of one thing: the same head noun, the same outcome, different values."""
    if not b.tally or a.key == b.key or a.outcome != b.outcome or not b.counted:
        return False
    return _head(a) == _head(b) and a.counted == b.counted


def _head(number) -> str:
    words = (number.unit or "").lower().split()
    return words[-1].rstrip("s") if words else ""


def _name_pattern(actor) -> re.Pattern:
    """A rank word just before the person's name, an alias or their surname ('General Cooper')."""
    names = {actor.name, *actor.aliases, actor.name.split()[-1]}
    names = {re.sub(r"^(?:" + "|".join(p for p, _ in RANKS) + r")\s+", "", n) for n in names}
    alternation = "|".join(sorted((re.escape(n) for n in names if n), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{_RANK_ALTERNATION})\s+(?:\(ret\.\)\s+)?(?:{alternation})\b")
