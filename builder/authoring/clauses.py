"""Who does what to whom in a sentence, from an English parser: each verb's subject and objects.

The CMU Link Grammar parser (Debian's `python3-link-grammar` with `link-grammar-dictionaries-en`;
scripts/setup.sh installs it and shows it to .venv) links each word to the words it governs. This
module keeps what the parser is good at: for each verb, its subject, its objects, whether it is
passive ('were killed') and the agent of a passive ('by an ISIS gunman'), as character offsets
into the text, so that names found by names.py can be placed in them. A name phrase here is its
head noun with what stands before it ('an ISIS cell', 'US forces', 'the group's fighters') and an
'of' or 'from' phrase after it ('members of the cell'); an apposition or relative clause is no part
of it. The parser is helped where it is weak: the names extraction found are written as one proper
noun each, an apposition after a name is blanked, and an attribution after its clause ('…, the
ministry said') is read from its words.

Deterministic: a sentence longer than `max_words` is not parsed, the parser's time limit is a
generous safety net only (a sentence that reaches it is read without the parser), and the parser's
own choices among equal parses are repeatable. Without the parser (not installed, or
BRIEFING_CLAUSE_PARSER=off) `load_parser` returns None and roles are read by the word rules alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

Span = tuple[int, int]
INSTALL_HINT = ("To install it (Debian/Ubuntu): sudo apt-get install python3-link-grammar "
                "link-grammar-dictionaries-en, then let briefing's Python see it: pipx install --force "
                "--system-site-packages briefing-site, or a .venv made with python3 -m venv --system-site-packages "
                "(in the tool's own repository: scripts/setup.sh).")
_OWNERS = frozenset({"of", "from"})  # 'members of the cell', 'personnel from the ministry'
_PRONOUNS = frozenset({"they", "it", "he", "she", "we", "i", "you"})
_QUOTE = re.compile(r"[\"“”]")
_WORD = re.compile(r"[\w'-]+|[^\w\s]")
# Links inside a name phrase: determiners, adjectives, nouns before the head, proper-noun series,
# numbers, possessives ('s), nouns joined by 'and'.
_PHRASE = re.compile(r"^(?:D|A|AN|G|GN|NM|NN|ND|YS|YP|L|DD|SJ)")
# '…, CENTCOM said on Thursday.', '"…," said the ministry.': an attribution after the clause it attributes. The
# parser attaches it badly ('said' takes the clause's subject), so the clause is parsed alone and the
# attribution read from its words: who said it stands before the verb (or after it, inverted).
_SAYS = r"said|says|told|added|reported|announced|stated|confirmed|noted|wrote|claimed"
_ATTRIBUTION = re.compile(rf",[\"”]?\s+(?:(?P<who>(?:[\w.'-]+\s+){{0,7}}?[\w.'-]+)\s+(?:(?:also|later|then|\w+ly)\s+)?"
                          rf"(?P<verb>{_SAYS})(?:\s+(?!that\b)[\w.'-]+){{0,6}}|(?<=[\"”]\s)(?P<verb2>{_SAYS})\s+"
                          rf"(?P<who2>(?:[\w.'-]+\s+){{0,5}}[\w.'-]+))[.!?]?\s*$")
# ', head of Internal Security in Idlib,' ', the admiral who leads CENTCOM,' ', who …,' before a verb.
_APPOSED = re.compile(r",\s+(?=[a-z]|(?:The|A|An)\s)[^,;:\"“”()]{2,120}?,(?=\s+[a-z])")
_CHAIN = re.compile(r"^(?:PP|Pv|Pg|Pa|I(?!V))")  # auxiliary → the verb it carries: 'had killed', 'was arrested'
_RELATIVE = re.compile(r"^(?:MX\w*r|R)")  # 'the gunman, who …', 'the men who …': the pronoun's noun


@dataclass(frozen=True)
class Phrase:
    """A name phrase: its span, and its head words' spans ('forces' in 'US forces'; both nouns of 'X and Y';
    none known for an attribution read from its words)."""

    span: Span
    heads: tuple[Span, ...] = ()

    def holds(self, start: int, end: int) -> bool:
        return self.span[0] < end and start < self.span[1]

    def headed_by(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.heads)


@dataclass(frozen=True)
class Clause:
    """One verb and its arguments, as character spans of the text parsed."""

    verb: Span
    subject: Phrase | None
    objects: tuple[Phrase, ...]
    agent: Phrase | None  # 'by X' after a passive
    passive: bool
    how: str = ""  # 'relative': the subject is the noun a relative clause hangs from ('X, who …');
    #                'reduced': the noun a participle hangs from ('soldiers killed in …', 'troops backed by …')
    perfect: bool = False  # 'had attacked', 'has struck': told as done before
    complements: tuple[tuple[str, Phrase], ...] = ()  # (preposition, its object): 'met with X', 'fired on X'


@dataclass(frozen=True)
class _Graph:
    """A linkage as plain data: words (char spans, tags) and links (left, label, right)."""

    spans: tuple[Span, ...]
    tags: tuple[str, ...]
    links: tuple[tuple[int, str, int], ...]

    def linked(self, word: int, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
        """(other word, label) for each link of word whose label matches pattern."""
        found = [(right, label) for left, label, right in self.links if left == word and pattern.match(label)]
        return found + [(left, label) for left, label, right in self.links if right == word and pattern.match(label)]

    def right_of(self, word: int, pattern: re.Pattern[str]) -> list[int]:
        """The words linked to the right of word by a label matching pattern."""
        return [right for left, label, right in self.links if left == word and pattern.match(label)]

    def text(self, word: int, source: str) -> str:
        start, end = self.spans[word]
        return source[start:end].lower()


class ClauseParser:
    """The parser with its English dictionary, loaded once per extraction run."""

    def __init__(self, module: Any, max_words: int = 60, max_seconds: int = 30):
        self._lg = module
        module.LG_Error.set_handler(lambda _error, _data: None)  # the parser's notes, not the user's
        self._options = module.ParseOptions(verbosity=0, linkage_limit=1000, min_null_count=0, max_null_count=3,
                                            max_parse_time=max_seconds, repeatable_rand=True, spell_guess=False)
        self._dictionary = module.Dictionary("en")
        self.max_words = max_words
        self.candidates = 50  # linkages looked at, cheapest first, for a reading that is not a quotation's

    def clauses(self, text: str, names: Iterable[Span] = ()) -> list[Clause] | None:
        """Every verb's clause, or None when the sentence is not parsed (too long, or no parse).

        names: spans of the text known to be names ('Internal Security forces', 'Abu Qasra'); each is
        read as one proper noun, which the parser places far better than words it does not know."""
        if not text.strip() or len(_WORD.findall(text)) > self.max_words:
            return None
        names = sorted(names)
        text = _without_appositions(_masked(text, names), names)
        said = _ATTRIBUTION.search(text)
        if said is None:
            return self._parsed(text)
        verb, who = ("verb", "who") if said["verb"] else ("verb2", "who2")
        start, end = said.span(who)
        attribution = Clause(said.span(verb), Phrase((start, end - text[start:end].endswith("."))), (), None, False)
        quote = text[said.start() + 1] if text[said.start() + 1] in "\"”" else ""
        return (self._parsed(text[:said.start()] + "." + quote) or []) + [attribution]

    def _parsed(self, text: str) -> list[Clause] | None:
        graph = self._graph(text)
        return None if graph is None else _clauses(graph, text)

    def _graph(self, text: str) -> _Graph | None:
        sentence = self._lg.Sentence(text, self._dictionary, self._options)
        try:
            linkage = self._best(sentence.parse(), quoted=bool(_QUOTE.search(text)))
        except self._lg.LG_Error:  # the time limit reached (LG_TimerExhausted), or text it cannot split
            return None
        if linkage is None:
            return None
        clg = self._lg.Clinkgrammar
        spans = tuple((linkage.word_char_start(i), linkage.word_char_end(i)) for i in range(linkage.num_of_words()))
        tags = tuple(_tag(linkage.word(i), text[start:end]) for i, (start, end) in enumerate(spans))
        links = tuple((clg.linkage_get_link_lword(linkage._obj, i), clg.linkage_get_link_label(linkage._obj, i),
                       clg.linkage_get_link_rword(linkage._obj, i)) for i in range(linkage.num_of_links()))
        return _Graph(spans, tags, links)

    def _best(self, linkages: Any, quoted: bool) -> Any:
        """The parser's cheapest linkage, passing over readings of a quotation (a verb of speech with its
        subject after it: '"…," said X') in a sentence that quotes no one."""
        first = None
        for rank, linkage in enumerate(linkages):
            if rank >= self.candidates:
                break
            first = first or linkage
            if quoted or not any(link.left_label.startswith("SI") and ".q" in link.left_word
                                 for link in linkage.links()):
                return linkage
        return first


def load_parser(environ: dict[str, str] | None = None) -> tuple[ClauseParser | None, str]:
    """The parser, or None and why not: switched off (BRIEFING_CLAUSE_PARSER=off) or not installed."""
    setting = (os.environ if environ is None else environ).get("BRIEFING_CLAUSE_PARSER", "").strip().lower()
    if setting in ("off", "0", "no", "false"):
        return None, "The parser is switched off (BRIEFING_CLAUSE_PARSER=off)."
    try:
        import linkgrammar
    except ImportError:
        return None, f"The Link Grammar parser is not installed. {INSTALL_HINT}"
    try:
        return ClauseParser(linkgrammar), ""
    except (linkgrammar.LG_Error, AttributeError) as error:  # a broken install: no English dictionary, an old API
        return None, f"The Link Grammar parser did not load ({error}). {INSTALL_HINT}"


def _masked(text: str, names: Iterable[Span]) -> str:
    """The text with each name written as one capitalised word of the same length ('Xxxxxxxxxxxxxxxx' for
    'Internal Security'): the same offsets, one proper noun for the parser."""
    for start, end in names:
        name = text[start:end]
        if end - start >= 2 and any(c.isupper() for c in name) and name.lower() not in _PRONOUNS:
            text = text[:start] + "X" + "x" * (end - start - 1) + text[end:]
    return text


def _without_appositions(text: str, names: list[Span]) -> str:
    """The text with the apposition after a name blanked ('Bakir, head of Internal Security in Idlib, said',
    'Cooper, who visited Damascus in May, said'): the parser, which reads a long one as the start of
    another sentence, then links the name to its verb. What the apposition says is read by the word rules."""
    for _start, end in names:
        aside = _APPOSED.match(text, end)
        if aside is not None:
            text = text[:end] + " " * (aside.end() - end) + text[aside.end():]
    return text


def _tag(word: str, surface: str) -> str:
    """What the parser adds to a word: '.v-d' in 'killed.v-d', '[!<ALL-UPPER>]' in 'ISIS[!<ALL-UPPER>]'."""
    return word[len(surface):] if word.lower().startswith(surface.lower()) else word


# --- clauses from the links -------------------------------------------------------------------

_SUBJECT = re.compile(r"^(?:S(?!J|I|FI|XI)|RS)")
_INVERTED = re.compile(r"^(?:SI|SFI|SXI)")
_OBJECT = re.compile(r"^O(?!N)")
_CONJOINED_VERBS = re.compile(r"^VJ")
_PREPOSITION = re.compile(r"^MV")  # verb → a preposition hanging from it ('killed … by', 'met … with')
_CONJOINED_NOUNS = re.compile(r"^SJ")
_PREPOSITION_OBJECT = re.compile(r"^J")
_ANY = re.compile(r".")
_CONJUNCTIONS = frozenset({"and", "or", ","})
_REDUCED = re.compile(r"^(?:Mv|MXp)")  # 'soldiers killed in the attack', 'troops, backed by drones,'


def _clauses(graph: _Graph, text: str) -> list[Clause]:
    found: list[Clause] = []
    reached: set[int] = set()
    for verb, subject, how in _subjects(graph, text):
        found += _verb_clauses(graph, text, (verb, subject, how), reached)
    for verb in _other_verbs(graph):
        if verb not in reached:
            found += _verb_clauses(graph, text, (verb, None, ""), reached)
    return sorted(set(found), key=lambda c: (c.verb, c.subject.span if c.subject else (0, 0)))


def _subjects(graph: _Graph, text: str) -> list[tuple[int, int, str]]:
    """(verb, subject head, how) for each subject link: how is 'relative' when a relative pronoun stands
    for its noun, 'reduced' for a participle hanging from a noun ('soldiers killed in …'), else ''."""
    found = []
    for left, label, right in graph.links:
        if _INVERTED.match(label):
            found.append((left, right, ""))
        elif _SUBJECT.match(label):
            antecedent = _antecedent(graph, left, text)
            found.append((right, left, "") if antecedent is None else (right, antecedent, "relative"))
        elif _REDUCED.match(label) and ".v" in graph.tags[right]:
            found.append((right, left, "reduced"))
    return found


def _antecedent(graph: _Graph, word: int, text: str) -> int | None:
    if graph.text(word, text) not in ("who", "which", "that"):
        return None
    nouns = [other for other, label in graph.linked(word, _RELATIVE) if other < word]
    return nouns[0] if nouns else None


def _other_verbs(graph: _Graph) -> list[int]:
    """Verbs with objects but no subject link: 'killing three soldiers', 'to arrest them'."""
    return sorted({left for left, label, _ in graph.links if _OBJECT.match(label)})


def _verb_clauses(graph: _Graph, text: str, start: tuple[int, int | None, str], reached: set[int]) -> list[Clause]:
    """The clause of a verb word, followed through its auxiliaries and 'and' to the verbs it carries
    (the words reached are added to reached)."""
    verb, subject, how = start
    subject_span = _phrase(graph, text, subject) if subject is not None else None
    clauses, seen = [], set()
    stack: list[tuple[int, bool, bool, tuple[int, ...]]] = [(verb, how == "reduced", False, ())]
    while stack:
        word, passive, perfect, shared = stack.pop()
        if word in seen:
            continue
        seen.add(word)
        objects = shared + tuple(graph.right_of(word, _OBJECT))
        heads = [(right, label) for left, label, right in graph.links if left == word and _CHAIN.match(label)
                 and (not label.startswith("Pa") or ".v" in graph.tags[right])]  # 'were arrested', not 'were hard'
        conjuncts = [other for other, _ in graph.linked(word, _CONJOINED_VERBS) if other not in seen]
        for head, label in heads:
            stack.append((head, passive or label.startswith(("Pv", "Pa")), perfect or label.startswith("PP"), ()))
        stack += [(conjunct, passive, perfect, objects) for conjunct in conjuncts]
        if heads or conjuncts:
            continue
        complements = _complements(graph, text, word)
        agent = next((phrase for preposition, phrase in complements if preposition == "by"), None)
        clauses.append(Clause(graph.spans[word], subject_span, tuple(_phrase(graph, text, o) for o in objects),
                              agent if passive else None, passive, how, perfect,
                              tuple(c for c in complements if c[0] != "by" or not passive)))
    reached |= seen
    if not how and any(label.startswith("B") and right in seen for _, label, right in graph.links):
        clauses = [replace(c, how="relative") for c in clauses]  # 'a hostage whom ISIS had kidnapped'
    return clauses


def _complements(graph: _Graph, text: str, verb: int) -> tuple[tuple[str, Phrase], ...]:
    """(preposition, the phrase it governs) for each preposition hanging from the verb ('by X', 'with X')."""
    found = []
    for preposition in graph.right_of(verb, _PREPOSITION):
        heads = graph.right_of(preposition, _PREPOSITION_OBJECT)
        if heads:
            found.append((graph.text(preposition, text), _phrase(graph, text, heads[0])))
    return tuple(found)


def _phrase(graph: _Graph, text: str, head: int) -> Phrase:
    """The name phrase around head: its modifiers before it, and an 'of' phrase after it."""
    joined = graph.text(head, text) in _CONJUNCTIONS  # 'US forces and Syrian troops': both nouns are heads
    conjuncts = [other for other, label in graph.linked(head, _CONJOINED_NOUNS)] if joined else []
    heads = tuple(graph.spans[w] for w in (conjuncts or [head]))
    words, todo = {head}, [head]
    while todo:
        word = todo.pop()
        for other, label in graph.linked(word, _ANY):
            of = graph.text(other, text) in _OWNERS and other == word + 1 and label.startswith("M")  # not across a clause
            inside = _PHRASE.match(label) or of or (graph.text(word, text) in _OWNERS and label.startswith("J"))
            if inside and other not in words and graph.spans[other][1] > graph.spans[other][0]:
                words.add(other)
                todo.append(other)
    return Phrase((min(graph.spans[w][0] for w in words), max(graph.spans[w][1] for w in words)), heads)
