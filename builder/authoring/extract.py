"""Rule-based extraction: a source document → draft events for an editor to review.

Offline, deterministic and fast (no model, no network). A *happening* is a sentence with an event
verb ("killed", "struck", "joined" …) and a date expression (dates_in_text.py). The sentences that
follow it without a date of their own continue it (a window of up to three), so a draft gathers
the facts a report spreads over several sentences:

- the date, with the precision the words allow and a `date_note` saying how it was resolved
  (inside quoted speech, "today" is the statement's day; "recently" leaves the date open);
- places, actors and the operation, matched through the briefing's own records (names.py):
  spellings, surnames ("Adm. Cooper"), capitals standing for governments ("Damascus said"),
  earlier mentions ("the ministry"); unknown names are proposed as candidates, without junk;
- each actor's role from the clause it stands in (roles.py, parsed by clauses.py): who acted, who was targeted;
- figures, enumerations added up, with their qualifiers (figures.py);
- a short headline title (who did what where) and the dated sentence as the verified quote;
- a hint when an event already in the briefing looks like the same happening (repeats.py's
  EventMatcher, which `briefing promote` also uses to refuse a likely repeat).

A later dated sentence joins an earlier draft of the same document instead of opening a new one
when it tells the same happening: the same date and type, or a quotation about that day. A happening
told without a date waits for a later sentence to date it ("a day before Cooper held talks" and the
talks' day; "what we signed yesterday" in a quotation); one no sentence dates is left out. A dated
sentence with no event verb ("The next day, forces combed the area.") takes the happening the next
sentence tells ("They arrested four men").
Extraction reads English only; a document declaring another language is refused, plainly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from itertools import pairwise
from typing import Any, Literal

from builder.authoring.clauses import ClauseParser, load_parser
from builder.authoring.dates_in_text import (
    DateContext,
    DateGuess,
    Sentence,
    dates_in_sentence,
    find_dates,
    quoted_spans,
    resolve_phrase,
    split_sentences,
)
from builder.authoring.figures import FigureGuess, find_figures, slug
from builder.authoring.names import (
    Gazetteer,
    NameHit,
    acting_capitals,
    acting_places,
    candidate_kind,
    fold,
    foreign_name,
    foreign_units,
    mention_hits,
    military_hits,
    noun_mention_hits,
    people_of_states,
    proper_names,
    qualified_nouns,
    subject_capitals,
    surname_hits,
    unrecorded_ministries,
)
from builder.authoring.repeats import EventMatcher, Happening, SameEvent
from builder.authoring.roles import (
    event_type,
    merge_role,
    named_just_before,
    referred_types,
    sentence_roles,
    subject_role,
    verb_positions,
)
from builder.load.quotes import QuoteIndex
from builder.model.dates import FuzzyDate, parse_date

__all__ = ["DateContext", "DateGuess", "Draft", "EventMatcher", "Extractor", "FigureGuess", "Gazetteer",
           "SameEvent", "UnsupportedLanguage", "dates_in_sentence", "find_dates", "find_figures", "proper_names",
           "resolve_phrase", "split_sentences"]

_slug = slug  # the authoring commands' id helper
SUPPORTED_LANGUAGES = ("en",)
_ENGLISH_WORDS = frozenset({"the", "of", "and", "in", "to", "a", "on", "was", "were", "said", "that", "for", "by",
                            "with", "is", "are", "has", "had", "from", "at", "its", "after", "it", "as", "an"})
_SKIPPED = re.compile(r"(?i)^(?:updated|published|posted|last modified)\b")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+)?)*(?:\s+\d{1,2})?\s*"  # 'HOMS, Syria, Dec. 4'
                       r"(?:\([^)]{1,40}\))?\s*[-–—]+\s")
_TOPIC_SHIFT = re.compile(r"(?i)^(?:separately|meanwhile|elsewhere|in other news|in a separate|on another front)\b")
_WINDOW = 5  # undated sentences that may continue a happening
_PLACE_RANK = {"facility": 0, "site": 0, "village": 1, "town": 1, "district": 2, "city": 2, "region": 3,
               "governorate": 3, "country": 5}
_TIES_TO_HAPPENING = re.compile(r"(?i)\b(?:after|during|at|following|on the sidelines of)\s+(?:the\s+\w+|\w+ing\b)")
_REACTIONS = r"accused|condemned|denounced|denied|blamed|welcomed|praised|hailed|critici[sz]ed|rejected"
_SPEECH_DATE_BEFORE = re.compile(r"(?i)\b(?:said|says|told|announced|stated|confirmed|added|declared|reported|"
                                 rf"{_REACTIONS})(?:\s+in\s+(?:a|an|its|their)\s+"
                                 r"(?:[\w-]+\s+)?(?:statement|post|briefing|interview|message|release))?"
                                 r"(?:\s+\w+){0,2}\s+$")  # 'said in a statement on Tuesday'
# 'on Sunday, a day after militias attacked the base': a shift followed by a clause (a verb soon after).
_DAY_SHIFT = re.compile(r"(?i)(?<![\w-])(?P<n>a|an|one|two|three|four|five|six|seven|\d{1,2})\s+(?P<unit>days?|weeks?)\s+"
                        r"(?P<dir>after|before)(?![\w-])")
_ATTRIBUTED = re.compile(r"(?i),[^,]{1,60}\b(?:said|says|told|stated|added|confirmed|announced)\b[^,]{0,40}$")
_IN_THE = re.compile(r"(?i)\b(?:in|during|by)\s+the\s+([a-z]+)\b")  # 'killed in the fighting'
_FIGHTING = frozenset({"fighting", "violence", "clashes", "attack", "attacks", "blast", "explosion", "strike", "strikes",
                       "raid", "ambush", "bombing", "shelling", "assault", "operation"})  # a violent happening named again
_NAMED_AGAIN = re.compile(r"(?i)^\s*(?:the|this|that)\s+([a-z-]+)(?:\s+([a-z]+))?\b")  # 'The strike', 'The deadly raid'
_CLAUSE_AFTER = re.compile(r"(?:\s+[\w'-]+){0,2}?\s+(?:\w+ed|struck|hit|met|shot|fought|took|began)\b")
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
# A reaction ('Damascus accused Israel on Sunday of …') is a happening of its own, unlike an attribution.
_REACTS = re.compile(rf"(?i)^\s*(?:has\s+|had\s+)?(?:{_REACTIONS})\b")


class UnsupportedLanguage(Exception):
    """The document's language is one the rules cannot read."""


def language_problem(language: str, text: str) -> str | None:
    """Why extraction would draft nonsense from this document, or None."""
    base = (language or "").split("-")[0].lower()
    if base not in SUPPORTED_LANGUAGES:
        return (f"the document declares language '{language}', and extraction reads English only "
                f"({', '.join(SUPPORTED_LANGUAGES)}); nothing was drafted: write its events by hand "
                "(briefing new event), quoting the document")
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) >= 40 and sum(w in _ENGLISH_WORDS for w in words) < 0.08 * len(words):
        return (f"the document declares language '{language}', but its text does not read as English (few "
                "common English words); nothing was drafted: correct its `language`, or write its events by hand")
    return None


# --- drafts ----------------------------------------------------------------------------------


@dataclass
class Facts:
    """What one sentence says: names with roles, figures, unknown names."""

    sentence: Sentence
    text: str  # the sentence as analysed (folded, dateline blanked): same positions as sentence.text
    hits: list[NameHit]
    roles: list[tuple[NameHit, str]]
    figures: list[FigureGuess]
    candidates: list[tuple[str, str]]
    close_spellings: list[str]


@dataclass
class Draft:
    id: str
    title: str
    date: DateGuess
    type: str
    summary: str
    places: list[str]
    actors: list[tuple[str, str]]  # (actor id, role)
    operation: str | None
    figures: list[FigureGuess]
    document: str
    quote: str
    quote_verified: bool
    line: int
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (name, "actor"/"place")
    close_spellings: list[str] = field(default_factory=list)
    context_places: list[str] = field(default_factory=list)  # from the sentences that continue it
    repeats: list[SameEvent] = field(default_factory=list)  # events of the briefing it may repeat, best first
    other_dates: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # actor id → as the text names it, for the title
    sentences: list[str] = field(default_factory=list)  # the window: every sentence it was read from
    matched_by: list[str] = field(default_factory=list)  # 'Cooper' → brad-cooper (surname) …
    awaits: tuple[int, str | None] | None = None  # undated when told: (days, type) of the later happening dating it

    @property
    def when(self) -> FuzzyDate | None:
        return None if self.date.open else self.date.when

    @property
    def duplicates(self) -> list[str]:
        """The hints shown for the likeliest repeats (in the draft's notes and the extract listing)."""
        return [match.hint() for match in self.repeats[:3]]

    def event_data(self) -> dict[str, Any]:
        """The draft as event fields (what `briefing promote` validates)."""
        return {
            "id": self.id, "title": self.title, "date": self.date.edtf, "date_qualifier": self.date.qualifier,
            "date_note": self.date.note or None, "type": self.type, "summary": self.summary,
            "places": list(self.places), "actors": [{"actor": actor, "role": role} for actor, role in self.actors],
            "operation": self.operation, "figures": [self._figure_data(f) for f in self.figures], "claims": [],
            "sources": [{"document": self.document, "quote": self.quote}], "tags": [], "credibility": 6,
        }

    def _figure_data(self, figure: FigureGuess) -> dict[str, Any]:
        item: dict[str, Any] = {"measure": figure.measure}
        for key in ("value", "min", "max"):
            number = getattr(figure, key)
            if number is not None:
                item[key] = int(number) if float(number).is_integer() else number
        item["qualifier"] = figure.qualifier
        if figure.unit:
            item["unit"] = figure.unit
        item["document"] = self.document
        item["quote"] = figure.quote or self.quote
        return item

    def draft_data(self) -> dict[str, Any]:
        """Draft-only fields: removed by `briefing promote`."""
        data: dict[str, Any] = {"document": self.document, "line": self.line, "date_phrase": self.date.phrase,
                                "quote_verified": self.quote_verified}
        if self.date.open:
            data["date_open"] = "the text gives no date for it: fill in `date` (and say how in `date_note`)"
        for key, value in (("other_dates", self.other_dates), ("close_spellings", self.close_spellings),
                           ("matched_by", self.matched_by),
                           ("places_from_neighbouring_sentences", self.context_places)):
            if value:
                data[key] = value
        if len(self.sentences) > 1:
            data["read_from"] = list(self.sentences)
        data["candidates"] = [{"name": name, "kind": kind} for name, kind in self.candidates]
        data["duplicates"] = list(self.duplicates)
        return data

    def happening(self) -> Happening:
        """The draft as the repeat matcher compares it: its quote is its words."""
        counts = tuple((f.measure, float(n)) for f in self.figures for n in (f.value, f.min, f.max) if n is not None)
        return Happening(self.when, self.type, tuple(self.places), tuple(self.actors), self.quote, counts,
                         self.document, self.title)

    def add_actor(self, actor: str, role: str, name: str) -> None:
        roles = dict(self.actors)
        roles[actor] = merge_role(roles.get(actor), role)
        self.actors = list(roles.items())
        self.names.setdefault(actor, name)


class Extractor:
    """Drafts events from one document, against the briefing's records."""

    def __init__(self, records: dict[str, list[Any]], texts: dict[str, str],
                 clause_parser: ClauseParser | None | Literal["auto"] = "auto"):
        """clause_parser: the English parser roles are read with; "auto" loads it when installed (and not
        switched off), saying why not in `parser_note`; None reads roles by the word rules alone."""
        if clause_parser == "auto":
            clause_parser, self.parser_note = load_parser()
        else:
            self.parser_note = "" if clause_parser is not None else "not used"
        self.clause_parser = clause_parser
        self.gazetteer = Gazetteer(records)
        self.events = list(records.get("event", []))
        self.documents = {doc.id: doc for doc in records.get("document", [])}
        self.texts = texts
        self.quotes = QuoteIndex(texts)
        self.existing_ids = {event.id for event in self.events}
        self.matcher = EventMatcher(self.events, self.gazetteer)

    def extract(self, document_id: str, progress: Callable[[list[Sentence]], Iterable[Sentence]] = list
                ) -> list[Draft]:
        """*progress*: given the document's sentences, iterates over them (the CLI's shows a bar)."""
        document = self.documents[document_id]
        problem = language_problem(getattr(document, "language", "en"), self.texts[document_id])
        if problem:
            raise UnsupportedLanguage(problem)
        drafts = _Reading(self, document).run(progress)
        for draft in drafts:
            self._finish(draft)
        return drafts

    def _finish(self, draft: Draft) -> None:
        draft.places.sort(key=lambda p: (p in draft.context_places,  # the dated sentence's places first
                                         _PLACE_RANK.get(self.gazetteer.place_kinds.get(p, ""), 4)))
        draft.actors = own_operation(draft.type, draft.actors, self.gazetteer)
        draft.title = headline(draft, self.gazetteer)
        draft.repeats = self.repeats(draft)

    def new_id(self, guess: DateGuess, places: list[str], kind: str, used: set[str]) -> str:
        prefix = re.split(r"[/~?%]", guess.edtf)[0] if guess.edtf else "undated"
        where = next((p for p in places if self.gazetteer.place_kinds.get(p) != "country"), places[0] if places else "")
        base = "-".join(part for part in (prefix, where, kind) if part)[:72].strip("-")
        candidate, number = base, 2
        while candidate in used:
            candidate = f"{base}-{number}"
            number += 1
        used.add(candidate)
        return candidate

    def repeats(self, draft: Draft) -> list[SameEvent]:
        """Events already in the briefing that look like this draft, best first."""
        return self.matcher.matches(draft.happening())



class _Reading:
    """One pass over one document: its sentences in order, the open window, the drafts so far."""

    def __init__(self, extractor: Extractor, document: Any):
        self.x = extractor
        self.document = document
        self.ctx = DateContext(parse_date(document.published), document.published)
        self.drafts: list[Draft] = []
        self.used_ids: set[str] = set(extractor.existing_ids)
        self.current: Draft | None = None
        self.left = 0  # undated sentences the open window may still take
        self.speech_date: DateGuess | None = None  # 'CENTCOM said on Thursday': the day of the statements
        self.seen: list[NameHit] = []  # actors named so far, for 'the ministry'
        self.nouns: dict[str, str] = {}  # 'cell' → isis after 'an ISIS cell', for 'the cell'
        self.pending: tuple | None = None  # a dated sentence that told no happening: (facts, date, dates)
        self.subject: NameHit | None = None  # the last sentence's subject, for 'They' starting the next
        self.dated_by_quote = False  # the sentence read is a quotation dating a happening told before

    def run(self, progress: Callable[[list[Sentence]], Iterable[Sentence]] = list) -> list[Draft]:
        title = fold(getattr(self.document, "title", "") or "").strip()
        for sentence in progress(split_sentences(self.x.texts[self.document.id])):
            if not _SKIPPED.match(sentence.text) and fold(sentence.text).strip() != title:
                self._read(sentence)
        return [d for d in self.drafts if d.awaits is None]  # a happening no later sentence dated is left out

    def _read(self, sentence: Sentence) -> None:
        text = _analysed(sentence.text)
        dates = self._dates(text)
        facts = self._facts(sentence, text, _blanked(text, dates))
        if self.current is not None and _DESCRIBES.match(text):
            dates = []  # its dates describe the happening just told ('its second visit this year')
        happenings = _happenings(text, dates) if dates else []
        pending, self.pending, self.dated_by_quote = self.pending, None, False
        days_told: list[DateGuess] = []  # the days of the happenings told: what 'the following day' counts from
        for clause, chosen, kind in happenings:
            target = self._dated_now(chosen, kind, text) or self._same_happening(chosen, kind, text, dates)
            if target is None:
                target = self._reported_later(facts, clause, chosen, dates, kind) or \
                    self._open(facts, clause, chosen, dates, kind)
                self._credit_claim(target, facts, text)
            else:
                self._absorb(target, facts, clause)
            if chosen.tells_after and self.current is not None:
                return  # 'The visit came two days after …': a look back; the story goes on with the visit
            self.current, self.left = target, _WINDOW
            days_told.append(target.date if target.date is not None else chosen)
        if happenings:
            self._claim_apart(text, dates, happenings, facts)
            opened = [d for d in days_told if not d.open]
            self.ctx.anchor = opened[-1] if opened else self.ctx.anchor
        elif dates:
            self.ctx.anchor = next((d for d in dates if not d.open), self.ctx.anchor)
            told = [d for d in dates if not d.open and not d.quoted and not d.since and not d.tells_after
                    and not _SPEECH_DATE_BEFORE.search(text[:d.start_char])]  # 'came a day after …': a look back
            self.pending = (facts, told[0], dates) if told else None
            if told and self.current is not None and self.current.date.edtf != told[0].edtf:
                self.current = None  # 'On Wednesday, officers gathered …': the story moved to another day
        elif self._told_next(pending, facts, text) or (self._window_closed(text) and self._awaits_date(facts, text)):
            self.left = _WINDOW
        elif self.current is not None and self.left > 0 and not _TOPIC_SHIFT.match(text):
            self._absorb(self._casualties_of(facts) or self.current, facts, None)
            self._both(facts, text)
            self.left -= 1
        else:
            self.current = None
        self._note_speech_date(text, dates)

    def _both(self, facts: Facts, text: str) -> None:
        """'X took part in both operations': the happening told last and the one before it (not statements)."""
        acts = [d for d in self.drafts if d.type not in _SPEECH_TYPES and d.awaits is None]
        if _BOTH.search(text) and len(acts) >= 2 and acts[-1] is self.current:
            self._absorb(acts[-2], facts, None)

    def _window_closed(self, text: str) -> bool:
        """No window open, or the sentence tells a happening of another kind ('The SDF and the government
        signed a deal …' after a bombing): it does not continue the happening just told."""
        if self.current is None or self.left <= 0 or _TOPIC_SHIFT.match(text):
            return True
        typed = event_type(text)
        talks = {"agreement", "meeting"}
        return typed is not None and not _DESCRIBES.match(text) and (
            (typed[0] in talks and self.current.type in _VIOLENT_TYPES | _ARMED_TYPES)
            or (typed[0] in _VIOLENT_TYPES and self.current.type in talks))

    def _awaits_date(self, facts: Facts, text: str) -> bool:
        """'Syrian and US forces raided a farm a day before Cooper held talks …' or 'X and Y have signed an
        agreement' with no date of its own: a draft that waits for a later sentence to date it (the talks', or
        a quotation's 'what we signed yesterday')."""
        typed = event_type(text)
        if typed is None or typed[0] == "statement" or _LOOKS_BACK.match(text):
            return False
        shift = _DAY_SHIFT.search(text)
        named = event_type(text[shift.end():]) if shift else None
        days = 0
        if shift and named:
            count = int(shift["n"]) if shift["n"].isdigit() else _COUNTS[shift["n"].lower()]
            days = count * (7 if shift["unit"].lower().startswith("week") else 1)
            days = -days if shift["dir"].lower() == "before" else days
        undated = DateGuess("", 0, 0, None, None, "no date in its sentence", False)
        self.current = self._open(facts, (0, shift.start()) if shift and named else None, undated, [], typed[0])
        self.current.awaits = (days, named[0] if shift and named else None)
        after = re.search(r",\s", text[shift.end():]) if shift and named else None
        for hit, role in facts.roles if after else ():  # '…, the Interior Ministry said': the attribution after
            if hit.start >= shift.end() + after.end():  # the later happening's clause
                self.current.add_actor(hit.id, role, hit.text)
        return True

    def _dated_now(self, guess: DateGuess, kind: str, text: str) -> Draft | None:
        """Date the drafts waiting for this happening; the waiting draft this one tells again, if any (a
        quotation's 'what we signed yesterday', or the happening named again: 'The talks resumed on Tuesday')."""
        if guess.open or guess.when.precision != "day" or guess.when.is_range:
            return None
        for draft in (d for d in self.drafts if d.awaits and d.awaits[1] == kind):
            day = guess.when.start + timedelta(days=draft.awaits[0])
            note = f"{draft.awaits[0]:+d} day(s) from the {kind} told later ('{guess.phrase}', {guess.edtf}) → {day}"
            self._date_draft(draft, DateGuess(guess.phrase, 0, 0, day.isoformat(), None, note, True))
        named = _NAMED_AGAIN.match(text)
        again = named is not None and (event_type(" ".join(w for w in named.groups() if w)) or ("",))[0] == kind
        same = next((d for d in self.drafts if d.awaits == (0, None) and d.type == kind and (guess.quoted or again)),
                    None)
        self.dated_by_quote = same is not None and guess.quoted
        if same is not None:
            self._date_draft(same, replace(guess, note=f"told again later, dated there: {guess.note}"))
        return same

    def _date_draft(self, draft: Draft, guess: DateGuess) -> None:
        draft.date, draft.awaits = guess, None
        draft.id = self.x.new_id(guess, draft.places, draft.type, self.used_ids)

    def _told_next(self, pending: tuple | None, facts: Facts, text: str) -> bool:
        """'The following day, Syrian forces searched the area. They destroyed two hideouts …': a dated sentence
        with no event verb (or only its source's 'the ministry said'), continued by a sentence that tells a
        happening, is that happening's day and start."""
        typed = event_type(_blanked(text, []))
        if typed is None or typed[0] == "statement" or _TOPIC_SHIFT.match(text):
            return False
        current = self.current
        if pending is None and current is not None and current.type == "statement" and len(current.sentences) == 1 \
                and _PRONOUN_START.match(text) and not quoted_spans(current.sentences[0]):
            current.type = typed[0]  # '…swept villages, the ministry said. They arrested four men'
            current.id = self.x.new_id(current.date, current.places, current.type, self.used_ids)
            self._absorb(current, facts, None)
            return True
        if pending is None:
            return False
        earlier, guess, dates = pending
        self.current = self._open(earlier, None, guess, dates, typed[0])
        self._absorb(self.current, facts, None)
        return True

    def _reported_later(self, facts: Facts, clause: tuple[int, int], chosen: DateGuess, dates: list[DateGuess],
                        kind: str) -> Draft | None:
        """'Russia said on Monday that its aircraft had struck …': a deed in the past perfect, said on a later day
        than a happening of its kind told before, is that happening told again; the sentence is a statement,
        its doer's word (the happening gets the parts it names)."""
        text = facts.text
        said = _SPEECH_DATE_BEFORE.search(text[:chosen.start_char])
        if kind in _SPEECH_TYPES or said is None or chosen.open or not _PAST_PERFECT.search(text, chosen.end_char):
            return None
        earlier = next((d for d in reversed(self.drafts) if d.type == kind and not d.date.open
                        and d.date.when.end < chosen.when.start), None)
        if earlier is None:
            return None
        draft = self._open(facts, clause, chosen, dates, "statement")
        doer = subject_role(kind)
        for actor, role in draft.actors:
            if role not in ("stated", "reported", "mentioned"):
                earlier.add_actor(actor, role, draft.names.get(actor, actor))
        draft.actors = [(a, "stated" if r == doer else r if r in ("stated", "reported") else "mentioned")
                        for a, r in draft.actors]
        return draft

    def _credit_claim(self, claim: Draft, facts: Facts, text: str) -> None:
        """'ISIS claimed the bombing the following day': a claim of its own that names an earlier
        happening again; that happening gets its claimant too (one said to have done it stays its doer)."""
        named = referred_types(text)
        claimed = next((d for d in reversed(self.drafts) if d is not claim and d.type in named), None)
        for hit, role in facts.roles if claim.type == "statement" and claimed is not None else ():
            if role == "claimed" and hit.id not in dict(claimed.actors):
                claimed.add_actor(hit.id, role, hit.text)
            elif role == "stated" and _OWNS.match(text, hit.end) and self.x.gazetteer.actor_kinds.get(hit.id) in _FORCES:
                claimed.add_actor(hit.id, "conducted", hit.text)  # 'CENTCOM confirmed the strike the following day'

    def _casualties_of(self, facts: Facts) -> Draft | None:
        """'Two soldiers were among the dead', after a statement about a clash: the dead are the clash's,
        the latest happening of the document that can kill, not the statement's."""
        counts = any(f.measure in ("killed", "injured") for f in facts.figures)
        if not counts or self.current is None or self.current.type not in _SPEECH_TYPES:
            return None
        return next((d for d in reversed(self.drafts) if d.type in _VIOLENT_TYPES), None)

    def _claim_apart(self, text: str, dates: list[DateGuess], happenings: list, facts: Facts) -> None:
        """'ISIS said on Monday it was behind an ambush … over the weekend': a claim made on another day
        than the happening is an event of its own (the happening keeps the claimant too); so is a quotation
        that first dates a happening told before ('"What we signed yesterday …," X said on Tuesday')."""
        told = {guess.edtf for _, guess, _ in happenings}
        claimers = [hit for hit, role in facts.roles if role == "claimed" or _REACTS.match(text[hit.end:])]
        speakers = [hit for hit, role in facts.roles if role == "stated"] if self.dated_by_quote else []
        claimers = claimers or speakers
        for guess in dates:
            said = _SPEECH_DATE_BEFORE.search(text[:guess.start_char])
            if said and claimers and not guess.open and not guess.quoted and guess.edtf not in told \
                    and claimers[0].start < guess.start_char:
                draft = self._open(facts, (claimers[0].start, guess.end_char), guess, dates, "statement")
                if speakers:
                    return  # the quotation is the statement, with those it names
                draft.actors = [(a, r) for a, r in draft.actors if a == claimers[0].id]
                draft.actors = draft.actors if any(r == "claimed" for _, r in draft.actors) else \
                    [(claimers[0].id, "stated")]
                return

    def _dates(self, text: str) -> list[DateGuess]:
        """The sentence's dates; words in its quotation are read from the statement's own day."""
        self.ctx.statement = None
        named = _SHIFT_FROM_NAMED.search(text)  # 'A day before the talks': counted from the talks told earlier
        typed = event_type(named["what"]) if named else None
        earlier = next((d for d in reversed(self.drafts) if typed and d.type == typed[0] and not d.date.open), None)
        self.ctx.anchor = earlier.date if earlier is not None else self.ctx.anchor
        dates = self._from_speech_date(text, find_dates(text, self.ctx))
        quoted = quoted_spans(text)
        if not quoted or not any(d.quoted and d.relative for d in dates):
            return dates
        outside = [d for d in dates if not d.quoted and not d.open]
        if outside:
            self.ctx.statement = outside[0]
        else:
            tied = self._tied_draft(_outside(text, quoted))  # 'told reporters after the meeting'
            self.ctx.statement = tied.date if tied is not None else self.speech_date
        return find_dates(text, self.ctx)

    def _tied_draft(self, outside: str) -> Draft | None:
        """The happening a statement was made at ('after meeting al-Sharaa', 'after the meeting'): a dated
        draft of the type it names, the one with the people it names, else the one told last."""
        tie = _TIES_TO_HAPPENING.search(outside)
        if tie is None or self.current is None:
            return None
        named = event_type(outside[tie.start():])
        drafts = [d for d in self.drafts if not d.date.open and (named is None or d.type == named[0])]
        after = outside[tie.end():]
        found = self.x.gazetteer.find(after)
        people = {h.id for h in found + surname_hits(after, found, self.x.gazetteer) if h.kind == "actor"}
        with_them = [d for d in drafts if people & {actor for actor, _ in d.actors}]
        if with_them:
            return with_them[-1]
        return self.current if self.current in drafts or not drafts else drafts[-1]

    def _from_speech_date(self, text: str, dates: list[DateGuess]) -> list[DateGuess]:
        """'The military said on Wednesday it had killed him a day earlier': a shift told after the
        statement's own date counts from it, not from the happening told before."""
        said = next((d for d in dates if not d.open and not d.quoted
                     and _SPEECH_DATE_BEFORE.search(text[:d.start_char])), None)
        if said is None:
            return self._shifted_clauses(text, dates)
        kept, self.ctx.anchor = self.ctx.anchor, said
        again = {d.start_char: d for d in find_dates(text, self.ctx)}
        self.ctx.anchor = kept
        dates = sorted([again.get(d.start_char, d) if d.start_char > said.start_char else d for d in dates]
                       + [d for start, d in again.items() if start > said.start_char
                          and all(start != old.start_char for old in dates)], key=lambda d: d.start_char)
        return self._shifted_clauses(text, dates)

    def _shifted_clauses(self, text: str, dates: list[DateGuess]) -> list[DateGuess]:
        """'struck on Sunday, a day after militias attacked the base': the clause after the shift is dated
        back from the sentence's own date (forward for 'before'), not from the story's last happening."""
        kept, self.ctx.anchor = self.ctx.anchor, None
        base = next((d for d in find_dates(text, self.ctx) if not d.open and not d.quoted
                     and d.when.precision == "day" and not d.when.is_range), None)
        self.ctx.anchor = kept
        for shift in _DAY_SHIFT.finditer(text, base.end_char) if base else ():
            if not _CLAUSE_AFTER.match(text, shift.end()):
                continue  # 'a day after the strike': the happening told before
            count = int(shift["n"]) if shift["n"].isdigit() else _COUNTS[shift["n"].lower()]
            days = count * (7 if shift["unit"].lower().startswith("week") else 1)
            day = base.when.start + timedelta(days=days if shift["dir"].lower() == "before" else -days)
            note = f"'{shift.group(0)} …': {base.phrase} ({base.edtf}) came {shift.group(0)} it → {day.isoformat()}"
            dates = [d for d in dates if d.end_char <= shift.start() or d.start_char >= shift.end()]
            dates.append(DateGuess(shift.group(0), shift.start(), shift.end(), day.isoformat(), None, note, True))
        return sorted(dates, key=lambda d: d.start_char)

    def _note_speech_date(self, text: str, dates: list[DateGuess]) -> None:
        for guess in dates:
            if not guess.open and not guess.quoted and _SPEECH_DATE_BEFORE.search(text[:guess.start_char]):
                self.speech_date = guess

    def _same_happening(self, guess: DateGuess, kind: str, text: str, dates: list[DateGuess]) -> Draft | None:
        """An earlier draft this dated sentence tells again: a quotation about its day, the same day and
        type, or a statement that day about the happening just told (not about another one it names)."""
        if self._attributed_later(guess, kind, text):
            return self.current
        quoted = {d.edtf for d in dates if d.quoted and not d.open}
        for draft in reversed(self.drafts):
            if draft.date.edtf in quoted:
                return draft  # '"Yesterday the terrorists struck again," a spokesman said on Sunday'
        if guess.open:
            return None
        for draft in reversed(self.drafts):
            if draft.date.edtf != guess.edtf:
                continue
            about_other = bool(referred_types(text) - {draft.type})
            if guess.quoted or draft.type == kind or (kind == "statement" and draft is self.current
                                                      and not about_other):
                return draft
        return None

    def _attributed_later(self, guess: DateGuess, kind: str, text: str) -> bool:
        """'The strike relied on …, the command said in a statement on Tuesday', 'Four soldiers were killed
        in the fighting, a monitor said on Thursday': facts attributed on a later day, telling no happening
        of their own or naming the one just told again ('the strike' after 'an airstrike'), are that
        happening's, not a new one's (a reaction, 'Damascus welcomed the strike on Tuesday', is one)."""
        current = self.current
        if current is None or guess.quoted or guess.open or guess.edtf == current.date.edtf:
            return False
        said = _ATTRIBUTED.search(text[:guess.start_char])
        if said is None or text[guess.end_char:].strip(" .\"”'"):
            return False  # the attribution ends the sentence: '…, the command said on Tuesday.'
        main = text[:said.start()]
        plain = kind == "statement" and event_type(main) is None and not quoted_spans(text)  # a quotation is its own
        return plain or self._names_current_again(main, current)

    @staticmethod
    def _names_current_again(main: str, current: Draft) -> bool:
        """'The strike' after 'an airstrike', 'the deal' after an agreement, 'in the fighting' after a clash."""
        named = _NAMED_AGAIN.match(main)
        words = [w for w in (named.groups() if named else ()) if w] + _IN_THE.findall(main)
        told = " ".join(current.sentences).lower()
        for word in (w.lower() for w in words):
            typed = event_type(word)
            if (len(word) >= 4 and word.rstrip("s") in told) or (typed and typed[0] == current.type) \
                    or (word in _FIGHTING and current.type in _VIOLENT_TYPES):
                return True
        return False

    def _facts(self, sentence: Sentence, text: str, blanked: str) -> Facts:
        gazetteer = self.x.gazetteer
        hits = military_hits(text, acting_places(text, gazetteer.find(text), gazetteer), gazetteer)
        hits = unrecorded_ministries(text, people_of_states(text, hits, gazetteer), gazetteer)
        hits = foreign_units(text, hits, gazetteer)
        hits = acting_capitals(text, hits, gazetteer)
        hits = sorted(hits + surname_hits(text, hits, gazetteer), key=lambda h: h.start)
        hits = sorted(hits + mention_hits(text, hits, self.seen, gazetteer), key=lambda h: h.start)
        hits = sorted(hits + noun_mention_hits(text, hits, self.nouns), key=lambda h: h.start)
        hits = sorted(hits + self._pronoun_hits(blanked, hits), key=lambda h: h.start)
        self.nouns.update({noun: actor for noun, actor in qualified_nouns(text, hits, gazetteer).items()
                           if event_type(noun) is None})  # 'the strike' names a happening, not who struck
        candidates, close_spellings = self._unknown_names(text, hits)
        hits.sort(key=lambda h: h.start)
        self.seen += [h for h in hits if h.kind == "actor" and not h.how]
        parser = self.x.clause_parser
        clauses = parser.clauses(text, [(h.start, h.end) for h in hits]) if parser is not None and hits else None
        hits = subject_capitals(text, hits, clauses, gazetteer) if clauses else hits
        roles = list(zip([h for h in hits if h.kind == "actor"],
                         [role for _, role in sentence_roles(blanked, hits, gazetteer.actor_kinds, clauses)],
                         strict=True))
        figures = find_figures(text, [])
        for figure in figures:
            figure.quote = sentence.text
        return Facts(sentence, text, hits, roles, figures, candidates, close_spellings)

    def _pronoun_hits(self, text: str, hits: list[NameHit]) -> list[NameHit]:
        """'They' or 'It' starting a sentence (after its date: 'Two days later they struck again'): the body
        that was the last sentence's subject (named before its first verb); this one's is kept for the next."""
        start = _PRONOUN_START.match(text)
        subject = self.subject
        found = [NameHit("actor", subject.id, start[1], start.start(1), start.end(1), how="earlier mention")] \
            if start and subject is not None else []
        first_verb = min(verb_positions(text), default=len(text))
        passive = re.search(r"(?i)\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", text[:first_verb])
        named = [h for h in sorted(hits + found, key=lambda h: h.start) if h.kind == "actor" and h.end <= first_verb]
        people = any(self.x.gazetteer.actor_kinds.get(h.id) == "person" for h in named)
        # 'The camp was destroyed', 'The US envoy Tom Barrack met …': no body for 'they' after it
        self.subject = None if passive or people or not named else named[0]
        return found

    def _unknown_names(self, text: str, hits: list[NameHit]) -> tuple[list[tuple[str, str]], list[str]]:
        """Candidates for new records; close spellings of known ones are added to hits instead."""
        gazetteer = self.x.gazetteer
        covered = [(h.start, h.end) for h in hits]
        candidates, close_spellings = [], []
        for name, start, end in proper_names(text, covered, gazetteer):
            close = gazetteer.close(name) or next(  # one word of a longer name is no known person's name
                (c for word in re.findall(r"[\w'\-]{5,}", name) if (c := gazetteer.close(word))
                 and gazetteer.actor_kinds.get(c[1]) != "person"), None)
            if close and not (close[0] == "actor" and foreign_name(name, close[1], gazetteer)):
                hits.append(NameHit(close[0], close[1], name, start, end, fuzzy=close[2]))
                close_spellings.append(f"'{name}' read as '{close[2]}' ({close[0]} {close[1]})")
            else:
                candidates.append((name, candidate_kind(text, start, end)))
        return candidates, close_spellings

    def _open(self, facts: Facts, clause: tuple[int, int], guess: DateGuess, dates: list[DateGuess],
              kind: str) -> Draft:
        sentence = facts.sentence
        draft = Draft(
            id="", title="", date=guess, type=kind, summary=sentence.text, places=[], actors=[], operation=None,
            figures=[], document=self.document.id, quote=sentence.text,
            quote_verified=self.x.quotes.occurs(self.document.id, sentence.text), line=sentence.line,
            other_dates=[f"{d.phrase} → {d.edtf or 'no date'}{' (' + d.qualifier + ')' if d.qualifier else ''}"
                         for d in dates if d is not guess])
        self._absorb(draft, facts, clause)
        draft.context_places = []
        draft.sentences = [sentence.text]
        draft.id = self.x.new_id(guess, draft.places, kind, self.used_ids)
        self.drafts.append(draft)
        return draft

    def _absorb(self, draft: Draft, facts: Facts, clause: tuple[int, int] | None) -> None:
        """Add a sentence's facts to a draft (only the clause's, for a sentence that reports several)."""
        def inside(hit: NameHit) -> bool:
            return clause is None or clause[0] <= hit.start < clause[1]

        hits = facts.hits
        places = [h for h in hits if h.kind == "place" and inside(h)] or [h for h in hits if h.kind == "place"]
        roles = [(h, r) for h, r in facts.roles if inside(h)] or facts.roles
        for hit in places:
            if hit.id not in draft.places:
                draft.places.append(hit.id)
                draft.context_places.append(hit.id)
        for hit, role in roles:
            shown = self.x.gazetteer.names.get(hit.id, hit.text) if hit.how == "earlier mention" else hit.text
            draft.add_actor(hit.id, role, shown)
            if hit.how:
                draft.matched_by.append(f"'{hit.text}' → {hit.id} ({hit.how})")
        operation = next((h.id for h in hits if h.kind == "operation" and inside(h)), None)
        draft.operation = draft.operation or operation
        told = {(f.measure, f.value, f.min, f.max) for f in draft.figures}  # a count said again is one figure
        for figure in facts.figures:
            key = (figure.measure, figure.value, figure.min, figure.max)
            if clause is None and self._adds_up(draft, figure, facts.text):
                continue
            if (clause is None or figure.phrase in facts.text[clause[0]:clause[1]]) and key not in told:
                draft.figures.append(figure)
                told.add(key)
        draft.candidates = _unique(draft.candidates + facts.candidates)
        draft.close_spellings += facts.close_spellings
        if facts.sentence.text not in draft.sentences:
            draft.sentences.append(facts.sentence.text)
            draft.summary = " ".join(draft.sentences)[:4000]

    def _adds_up(self, draft: Draft, figure: FigureGuess, text: str) -> bool:
        """'… killed a commander. One of his bodyguards also died': a count told as more of the same, in
        the sentence after, is added to the draft's count (quoting both sentences, where they stand together)."""
        said = text.find(figure.phrase)
        if said < 0 or not _MORE.search(text[said:said + len(figure.phrase) + 20]) or figure.value is None:
            return False
        earlier = next((f for f in draft.figures if f.measure == figure.measure and f.value is not None
                        and f.qualifier == figure.qualifier == "exactly"), None)
        quote = f"{earlier.quote or draft.quote} {figure.quote}" if earlier else ""
        if earlier is None or not self.x.quotes.occurs(self.document.id, quote):
            return False
        earlier.value += figure.value
        earlier.phrase, earlier.quote = f"{earlier.phrase}; {figure.phrase}", quote
        return True


# A force confirming a happening named again as its own: 'X confirmed the strike', 'X acknowledged carrying out the raid'.
_OWNS = re.compile(r"(?i)\s+(?:\w+\s+){0,2}?(?:confirmed|acknowledged|admitted)\s+(?:(?:that\s+)?(?:it|they)\s+(?:had\s+)?"
                   r"|(?:having\s+)?)?(?:carri\w+\s+out\s+|conduct\w*\s+)?(?:the|its|their|that|this)\s")
_FORCES = frozenset({"military", "military-command", "security-force", "coalition", "state"})
_SHIFT_FROM_NAMED = re.compile(r"(?i)\b(?:an?|one|two|three|four|five|six|seven|\d{1,2})\s+(?:days?|weeks?)\s+"
                               r"(?:before|after)\s+(?:the|this|that|its|their)\s+(?P<what>[\w-]+(?:\s+[\w-]+)?)")
_PAST_PERFECT = re.compile(r"(?i)\b(?:that\s+)?(?:it|they|its\s+\w+|their\s+\w+)\s+had\s+(?:\w+ly\s+)?\w+")
_BOTH = re.compile(r"(?i)\bboth\s+(?:[a-z-]+\s+)?(?:operations|raids|strikes|attacks|arrests|sweeps|missions)\b")
_PRONOUN_START = re.compile(r"^[\s,]*([Tt]hey|It|(?<=\s)it)\s+(?:also\s+|then\s+|later\s+)?(?!(?:was|is|were|are)\b)[a-z]+")
# 'It was the commander's second visit this year': the happening just told, described; no new one.
_DESCRIBES = re.compile(r"^\s*(?:It|This|That)\s+(?:was|is|marked|became)\s+(?:the|a|an|his|her|its|their)\b")
_MORE = re.compile(r"(?i)(?<![\w-])(?:also|other|more|another|further|additional|"
                   r"an?\s+(?:second|third|fourth|fifth|sixth))(?![\w-])")  # 'A third officer later died'
_SPEECH_TYPES = frozenset({"statement", "report", "meeting", "agreement"})
_VIOLENT_TYPES = frozenset({"attack", "bombing", "airstrike", "raid", "armed-clash"})
_ARMED_TYPES = frozenset({"airstrike", "raid", "arrest", "seizure", "weapons-destroyed", "other"})
_COMMANDS = frozenset({"military", "military-command"})


def _lineage(actor: str, gazetteer: Gazetteer) -> set[str]:
    """The actor and the bodies it is part of ('CENTCOM' → US military → United States)."""
    chain = [actor]
    while (parent := gazetteer.parent.get(chain[-1])) and parent not in chain:
        chain.append(parent)
    return set(chain)


def own_operation(kind: str, actors: list[tuple[str, str]], gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """'A U.S. drone strike killed …, CENTCOM said': a military command announcing an armed operation
    that no one else carried out, or that its own state's forces carried out, conducted it; one whose own
    forces backed another's operation supported it."""
    doers = [a for a, role in actors if role == "conducted"]
    if kind not in _ARMED_TYPES and not (kind == "attack" and doers):
        return actors  # an attack no one is said to have made is not the announcer's
    result = []
    for actor, role in actors:
        if role == "stated" and gazetteer.actor_kinds.get(actor) in _COMMANDS:
            mine = [a for a, _ in actors if actor in _lineage(a, gazetteer) or a in _lineage(actor, gazetteer)]
            helped = any(a in mine for a, r in actors if r == "supported")
            role = "conducted" if all(d in mine for d in doers) else "supported" if helped else role
        result.append((actor, role))
    return result


def _analysed(text: str) -> str:
    """The sentence as the rules read it: folded, its dateline ('WASHINGTON (Wire) -') blanked."""
    folded = fold(text)
    if len(folded) != len(text):
        folded = text  # keep positions: the quote is the original text
    dateline = _DATELINE.match(folded)
    return " " * dateline.end() + folded[dateline.end():] if dateline else folded


def _blanked(text: str, dates: list[DateGuess]) -> str:
    """The text with its date phrases blanked: 'two days after the meeting' names no new happening."""
    for guess in dates:
        text = text[:guess.start_char] + " " * (guess.end_char - guess.start_char) + text[guess.end_char:]
    return text


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    return "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(text))


def _unique(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, result = set(), []
    for item in items:
        if item[0].casefold() not in seen:
            seen.add(item[0].casefold())
            result.append(item)
    return result


# --- titles ----------------------------------------------------------------------------------

# Event type → (verb with an object, verb without one, noun) for headlines.
_HEADLINE = {
    "airstrike": ("strikes", "carries out strikes", "Strikes"), "raid": ("raids", "carries out a raid", "Raid"),
    "arrest": ("arrests", "makes arrests", "Arrests"), "attack": ("attacks", "carries out an attack", "Attack"),
    "bombing": ("bombs", "carries out a bombing", "Bombing"), "seizure": ("seizes weapons from", "seizes weapons",
                                                                          "Seizure"),
    "weapons-destroyed": ("destroys weapons of", "destroys weapons", "Weapons destroyed"),
    "armed-clash": ("clashes with", "clashes", "Clash"), "withdrawal": ("withdraws from", "withdraws", "Withdrawal"),
    "deployment": ("deploys against", "deploys forces", "Deployment"), "organisation": ("joins", "joins", "Joining"),
    "meeting": ("meets", "holds talks", "Meeting"), "agreement": ("agrees with", "reach an agreement", "Agreement"),
    "statement": ("statement on", "makes a statement", "Statement"), "report": ("reports on", "reports", "Report"),
    "political-change": ("", "", "Political change"), "diplomatic": ("", "", "Diplomatic move"),
    "other": ("acts against", "acts", "Operation"),
}
_SUBJECT_ROLES = {"statement": ("stated", "claimed", "reported"), "report": ("reported", "stated"),
                  "meeting": ("attended",), "agreement": ("joined", "attended"), "organisation": ("joined",)}
_OBJECT_ROLES = {"meeting": ("attended",), "agreement": ("joined",), "organisation": ("mentioned",),
                 "statement": ("mentioned",)}


def _headline_actors(draft: Draft) -> tuple[list[str], list[str]]:
    """Who did it (the roles that act in this type of happening, best first) and to whom."""
    order = _SUBJECT_ROLES.get(draft.type, ("conducted", "claimed"))
    acting = sorted((a for a in draft.actors if a[1] in order), key=lambda a: order.index(a[1]))
    subjects = [actor for actor, _ in acting]
    if draft.type in ("meeting", "agreement") and len(subjects) >= 2:
        return subjects[:2], []
    targets = _OBJECT_ROLES.get(draft.type, ("targeted", "victim"))
    objects = [actor for actor, role in draft.actors if role in targets and actor not in subjects[:1]]
    return subjects[:1], objects[:1]


def _figures_words(draft: Draft) -> str:
    counts = [f for f in draft.figures if f.measure in ("killed", "injured", "arrested")]
    shown = []
    for figure in counts[:2]:
        number = figure.value if figure.value is not None else figure.min if figure.min is not None else figure.max
        prefix = {"at-least": "at least ", "over": "over ", "up-to": "up to ", "about": "about "}.get(figure.qualifier, "")
        shown.append(f"{prefix}{int(number)} {figure.measure}")
    return ", ".join(shown)


def _is_plural(who: str) -> bool:
    last = who.split()[-1]
    return " and " in who or (last.endswith("s") and not last.isupper() and not last.endswith(("ss", "us", "is")))


def _plural(verb: str) -> str:
    """'raids' → 'raid', 'carries out' → 'carry out': the verb for a plural subject."""
    first, _, rest = verb.partition(" ")
    if first.endswith("ies"):
        first = first[:-3] + "y"
    elif first.endswith(("ches", "shes", "sses", "xes")):
        first = first[:-2]
    elif first.endswith("s"):
        first = first[:-1]
    return f"{first} {rest}".strip()


def headline(draft: Draft, gazetteer: Gazetteer, limit: int = 80) -> str:
    """A short headline, who did what where ('Syrian security forces raid ISIS in Idlib'), ≤ limit characters."""
    with_object, alone, noun = _HEADLINE.get(draft.type, _HEADLINE["other"])
    subjects, objects = _headline_actors(draft)
    name = draft.names.get
    place = next((gazetteer.names.get(p, p) for p in draft.places), "")
    who = " and ".join(name(a, a) for a in subjects)
    whom = name(objects[0], objects[0]) if objects else ""
    if who and len(subjects) == 2 and draft.type in ("meeting", "agreement"):
        parts = [f"{who} {'meet' if draft.type == 'meeting' else 'reach an agreement'}"]
    elif who and draft.type == "statement" and dict(draft.actors).get(subjects[0]) == "claimed":
        parts = [f"{who} {'claim' if _is_plural(who) else 'claims'} responsibility"]
    elif who:
        verb = with_object if whom and with_object else alone
        verb = _plural(verb) if _is_plural(who) else verb
        parts = [f"{who} {verb} {whom}" if whom and with_object else f"{who} {verb}"]
    else:
        parts = [f"{noun} on {whom}" if whom else noun]
    options = [parts + [f" in {place}" if place else "", f": {_figures_words(draft)}" if _figures_words(draft) else ""],
               parts + [f" in {place}" if place else ""], parts]
    for option in options:
        title = re.sub(r"\s+", " ", "".join(option)).strip()
        if len(title) <= limit:
            return title[:1].upper() + title[1:]
    return parts[0][:limit].rsplit(" ", 1)[0]


# --- happenings and repeats ------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[,;:—–]\s|\s(?:and|while|where|after|before|when|which|whereas)\s")


def _happenings(text: str, dates: list[DateGuess]) -> list[tuple[tuple[int, int], DateGuess, str]]:
    """(clause span, date, event type) for each happening a sentence reports.

    Usually one; a sentence with dates in separate clauses, each with its own event verb ("Last week,
    it withdrew from Al Tanf, a US outpost established in 2016"), reports several. Event words inside
    a date phrase ("a day before the raid") do not count; a date that follows a verb of speech ("said
    on Saturday") is the statement's, chosen only when the sentence has no other.
    """
    pool = [d for d in dates if not d.since] or ([] if _REPEATED.search(text) else dates)
    pool.sort(key=lambda d: d.start_char)
    back = _LOOKS_BACK.match(text)
    if back and any(d.start_char >= back.end() for d in pool):  # 'The arrests followed the killing of …'
        typed = event_type(_blanked(text, dates)[back.end():])
        if typed:
            return [((back.end(), len(text)), _nearest(told_dates(text, pool, back.end()), [back.end()]), typed[0])]
    later = next((d for d in pool if d.tells_after), None)
    if later is not None:  # 'The attack came three days after the army launched …': the clause after it
        typed = event_type(_blanked(text, dates)[later.end_char:])
        return [((later.end_char, len(text)), later, typed[0])] if typed else []
    told = [d for d in pool if not _SPEECH_DATE_BEFORE.search(text[:d.start_char])]
    blank = _blanked(text, dates)
    cuts = []  # between consecutive dates, at the clause break nearest their midpoint
    for left, right in pairwise(pool):
        if right not in told:
            continue  # '… and seized two rifles, the ministry said Monday': the attribution's day cuts off nothing
        middle = (left.end_char + right.start_char) / 2
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, left.end_char, right.start_char)]
        if breaks:
            cuts.append(min(breaks, key=lambda b: abs(b - middle)))
    result = []
    for start, end in pairwise([0, *cuts, len(text)]):
        typed = event_type(blank[start:end])
        inside = [d for d in pool if start <= d.start_char < end]
        if told and inside and not any(d in told for d in inside):
            continue  # 'Damascus accused Israel on Sunday of …': the statement's day, not the happening's
        if result and inside and re.match(r"\s*and\s", blank[start:end]) and not event_type(blank[start:end].split(",")[0]):
            typed = (result[-1][2], start)  # 'struck a depot on Monday and a convoy on Tuesday': the verb is shared
        if typed is not None and inside:
            verbs = [v + start for v in verb_positions(blank[start:end])]
            result.append(((start, end), _nearest(([d for d in inside if d in told] or inside), verbs), typed[0]))
    if not result and cuts and event_type(blank):  # verbs and dates in different clauses: one happening
        result.append(((0, len(text)), _nearest(told or pool, verb_positions(blank)), event_type(blank)[0]))
    return _fold_attributions([(c, g, _accused_of(blank, c, g) or k if k == "statement" else k) for c, g, k in result])


# 'has carried out hundreds of strikes since 2011', 'raids almost every week since …': many happenings over a
# span, no one of them; 'has backed rebel groups since 2016' is one situation that began then.
_REPEATED = re.compile(r"(?i)\b(?:hundreds|dozens|scores|thousands)\s+of\b|\bevery\s+(?:day|week|month|night)\b")
_ACCUSED = re.compile(r"(?i)\b(?:is|are|was|were|been|being)\s+(?:\w+ly\s+)?(?:accused|suspected|blamed)\b")


def _accused_of(blank: str, clause: tuple[int, int], guess: DateGuess) -> str | None:
    """'The men are accused of an attack a day earlier': no one speaks; the date is the attack's."""
    return named_just_before(blank, guess.start_char) if _ACCUSED.search(blank, *clause) else None


_LOOKS_BACK = re.compile(r"(?i)^\s*(?:the|this|that|these|it)\s+(?:[\w-]+\s+){0,2}?(?:followed|came\s+after|"
                         r"was\s+prompted\s+by|came\s+in\s+response\s+to)\s")


def told_dates(text: str, pool: list[DateGuess], start: int) -> list[DateGuess]:
    """The dates after start that are not a statement's ('said on Monday')."""
    after = [d for d in pool if d.start_char >= start]
    return [d for d in after if not _SPEECH_DATE_BEFORE.search(text[:d.start_char])] or after


def _nearest(guesses: list[DateGuess], verbs: list[int]) -> DateGuess:
    def distance(guess: DateGuess) -> int:
        return min((min(abs(v - guess.start_char), abs(v - guess.end_char)) for v in verbs), default=0)

    return min(guesses, key=lambda guess: (distance(guess), guess.start_char))


def _fold_attributions(found: list[tuple[tuple[int, int], DateGuess, str]]):
    """'… captured a financier on Wednesday, CENTCOM said on Thursday': a statement clause beside a
    happening attributes it; it joins that happening (its speaker stated) instead of opening another."""
    if all(kind == "statement" for _, _, kind in found) or all(kind != "statement" for _, _, kind in found):
        return found
    merged: list[list] = []
    for clause, guess, kind in found:
        if kind == "statement" and merged:
            merged[-1][0] = (merged[-1][0][0], clause[1])
        elif merged and merged[-1][2] == "statement":
            merged[-1] = [(merged[-1][0][0], clause[1]), guess, kind]
        else:
            merged.append([clause, guess, kind])
    return [tuple(item) for item in merged]
