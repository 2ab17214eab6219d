"""Figures in a sentence: counts of people killed, injured or arrested, and other counted things.

A casualty count is read from the words a casualty verb governs: the subject of a passive ("two
soldiers and an interpreter were killed") or the object of an active verb ("killing a commander
and two of his guards"). An enumeration is added up (→ 3), each "a"/"an"/"one" counting one, and
the qualifier of its first number is kept ("at least seven suspects" → min 7, at-least). Weapons
seized and sites destroyed take the data format's measures (weapons-seized, sites-destroyed), the
counted items added up and their nouns kept in the unit. Other numbers with a counted noun become
figures named after that noun ("over 130 mortars and rockets").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "a hundred": 100,
}
QUALIFIER_PHRASES = {
    "more than": "over", "over": "over", "upwards of": "over", "in excess of": "over",
    "at least": "at-least", "no fewer than": "at-least", "not less than": "at-least",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "nearly": "about",
    "almost": "about", "some": "about", "an estimated": "about", "close to": "about",
    "up to": "up-to", "as many as": "up-to",
}
_QUALIFIER = "|".join(sorted(QUALIFIER_PHRASES, key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_COMPOUND = rf"(?:{_TENS})[-\s](?:one|two|three|four|five|six|seven|eight|nine)(?![\w-])"  # 'twenty-five', 'forty one'
_NUMBER = (r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + _COMPOUND + "|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
           + r")")
_NUMERAL = rf"(?:{_COMPOUND}|\d[\d,]*|{'|'.join(w for w in NUMBER_WORDS if ' ' not in w)})"
_FIGURE = re.compile(r"(?i)(?<![\w.,])(?:(?P<qual>" + _QUALIFIER + r")\s+)?" + _NUMBER
                     + r"(?![\w%])(?!,\d)(?=(?P<rest>(?:\s+[\w'’\-]+){0,6}))")  # a lookahead: the next number is read too
_CASUALTY_VERBS = {
    "killed": r"killed|killing|kills|shot dead|dead|died|deaths",
    "injured": r"wounded|wounding|wounds|injured|injuring|injures|hurt",
    "arrested": r"arrested|arresting|arrests|arrest(?=\s+of\b)|detained|detaining|detains|captured|capturing|captures|apprehended|"
                r"taken into custody|rounded up",
}
_CASUALTY = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(f"(?P<{m}>{w})" for m, w in _CASUALTY_VERBS.items())
                       + r")(?![\w-])")
_AUX = r"(?:were|was|been|being|are|is|have|has|had|also|reportedly|later|all)"
_ENDS_NP = {"when", "after", "as", "while", "because", "that", "which", "who", "where", "said", "says", "in", "on",
            "at", "near", "during", "for", "from", "with", "by", "to", "into", "since", "before", "if", "but", "the",
            "were", "was", "are", "is"}
_UNIT_STOP = {
    "and", "or", "of", "in", "on", "at", "to", "from", "by", "for", "with", "was", "were", "are",
    "is", "have", "has", "had", "been", "be", "that", "which", "who", "while", "as", "after",
    "before", "during", "when", "this", "these", "those", "their", "its", "his", "her", "the", "a",
    "an", "into", "across", "than", "per", "including", "alongside", "along", "near", "outside", "inside",
    "around", "between", "against", "under", "behind", "within", "through", "via", "carrying", "belonging"
}
_NOT_COUNTED = ("per", "percent", "%", "th", "st", "nd", "rd", "years", "year", "days", "months", "weeks", "hours",
                "am", "pm", "minutes", "km", "kilometres", "kilometers", "miles", "metres", "meters")


@dataclass
class FigureGuess:
    measure: str
    value: float | None
    min: float | None
    max: float | None
    qualifier: str
    unit: str | None
    phrase: str
    quote: str | None = None  # the sentence that states it, when not the draft's own quote


def slug(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    result = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-"))
    if len(result) > limit:
        result = result[:limit].rsplit("-", 1)[0]
    return result


def _number(word: str) -> float | None:
    lower = word.lower()
    if lower in NUMBER_WORDS:
        return float(NUMBER_WORDS[lower])
    if re.fullmatch(_COMPOUND, lower):
        tens, units = re.split(r"[-\s]", lower)
        return float(NUMBER_WORDS[tens] + NUMBER_WORDS[units])
    try:
        return float(lower.replace(",", ""))
    except ValueError:
        return None


def count_phrase(phrase: str) -> tuple[float, str] | None:
    """(total, qualifier) of an enumeration: 'two soldiers and an interpreter' → (3, exactly)."""
    if phrase.lower() in ("he", "she"):
        return 1.0, "exactly"  # 'He was killed'
    items = [item.strip() for item in re.split(r"\s*,(?!\d{3})\s*(?:and\s+)?|\s+and\s+", phrase) if item.strip()]
    total, qualifier, uncounted = 0.0, None, False
    for item in items:
        match = re.match(rf"(?i)(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>a dozen|a hundred|{_COMPOUND}|[\w,.]+)(?P<rest>.*)$", item)
        number = _number(match["num"]) if match else None
        number = 2.0 if match and match["num"].lower() == "both" else number  # 'both men'
        if number is None and match and match["num"].lower() in ("a", "an", "another", "the", "his", "her", "its",
                                                                  "their"):
            rest = re.split(r"(?i)\s+of\s+", match["rest"].strip())[0].split()  # 'the members of the cell': many
            number = 1.0 if rest and not (rest[-1].endswith("s") and not rest[-1].endswith("ss")) else None
            number = _number(rest[0]) if rest and _number(rest[0]) else number  # 'his two sons', 'another three'
            group = re.match(r"(?i)\s*(?:[\w-]+\s+){1,2}of\s+([\w,]+)\s", match["rest"] + " ")
            number = _number(group[1]) or number if group else number  # 'a cell of five ISIS members'
        vague = match["num"].lower() if match and number is None and match["num"].lower() in _VAGUE else None
        number = _VAGUE[vague] if vague else number  # 'dozens of civilians', 'several soldiers': the format's floor
        if number is None:
            uncounted = True
            continue
        if qualifier is None:
            qualifier = vague or QUALIFIER_PHRASES.get((match["qual"] or "").lower(), "exactly")
        total += number
    if not total:
        return None
    if qualifier in _VAGUE and len(items) > 1:
        return total, "at-least"  # 'several suspects and two drivers': at least four
    return total, ("at-least" if uncounted and qualifier == "exactly" else qualifier)


_VAGUE = {"dozens": 24.0, "several": 2.0}  # the data format's vague counts and their conservative floors


_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|[^\s,;:!?\"“”()]+|[,;:!?\"“”()]")
_QUALIFIER_ANY = re.compile(rf"(?i)(?<![\w-])(?:{_QUALIFIER})(?![\w-])")
_QUALIFIER_START = re.compile(rf"(?i)\s*(?:{_QUALIFIER})(?![\w-])")


_DAY_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                        "yesterday", "overnight", "night", "morning", "evening", "week", "weekend", "month", "year"})


def _boundary(token: str) -> bool:
    lower = token.lower()
    if token in ",;:!?\"“”()" or lower in _ENDS_NP or lower.rstrip(".") in _DAY_WORDS:
        return True  # '… raided on Monday and four militants were killed': the count starts after the day
    if token.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", token):
        return True  # a sentence's end, not 'U.S.'
    if lower.endswith("ing") and lower not in ("during",):
        return True  # 'leaving', 'wounding': another verb
    return lower.endswith("ed") and lower not in ("armed", "suspected", "alleged")


_DETERMINERS = ("the", "its", "his", "her", "their", "this")
_ASIDE = (r"(?:including|among them|most of them|[\w-]+\s+of\s+them|described\s+as|identified\s+as|believed\s+to\s+be|"
          r"said\s+to\s+be)")  # 'five people, three of them children,', 'a man, described as a courier,'
# 'two men travelling with him', 'three men in the car': what follows the counted noun, before the verb.
_POST_MODIFIER = re.compile(r"(?i)(?:(?:\s+[a-z]+ing)?\s+(?:with|in|inside|aboard|from|behind|beside)\s+(?:him|her|them|it|"
                            r"(?:the|a|an|his|her|their|its)(?:\s+[\w-]+){1,3}?)|"
                            r"\s+[a-z]+(?:ed|en)\s+(?:of|to|for|with|by)\s+[^,;:]{1,40}|"  # 'men accused of …'
                            r"(?<![a-z]ed)(?<!said)\s+(?:who|that)\s+(?=[^,;:]*?\b(?:\w+ed|had|has|have|was|were|is|are|did|could|would|fled|"
                            r"took|left|ran|fought|hid|held)\b)[^,;:]{1,50})$")  # 'two suspects who refused to surrender'


def _verb_like(token: str) -> bool:
    """A past verb ('raided', 'hit'), which ends a clause ('leaving X dead' governs the whole list)."""
    lower = token.lower()
    return lower.endswith("ed") or lower in _PAST


def _np_start(tokens: list[re.Match]) -> tuple[int | None, bool]:
    """Where the subject before a passive verb starts (scanning back), and whether a verb ended the scan
    ('raided the house and two men were arrested': the house is the raid's, not one of the arrested)."""
    first = None
    for position in range(len(tokens) - 1, -1, -1):
        token = tokens[position].group(0)
        before_word = tokens[position - 1].group(0).lower() if position > 0 else ""
        listed = before_word in ("of", "and") and token.lower() in _DETERMINERS  # 'members of the cell', '… and the owner'
        if not (_boundary(token) or token.lower() in _PAST) or listed:
            first = tokens[position].start()
            continue
        before = tokens[position - 1].group(0) if position > 0 else ""
        if token.lower() in _DETERMINERS and first is not None and (not before or before in ",;:"
                                                                     or before.lower() in _DAY_WORDS):
            return tokens[position].start(), False  # 'The driver and two men were arrested': one of them
        return first, _verb_like(token) or (token.lower() in _DETERMINERS and _verb_like(before))
    return first, False


def _np_before(text: str, end: int) -> tuple[int, int] | None:
    """The noun phrase that ends just before a (passive) casualty verb: its span."""
    head = re.search(rf"(?i)(?:\s+{_AUX})*\s*$", text[:end])
    stop = head.start() if head else end
    aside = re.search(rf",\s*{_ASIDE}\s+[^,]{{1,60}},?\s*$", text[:stop])
    stop = aside.start() if aside else stop  # 'three civilians, including a child, were killed': three
    modifier = _POST_MODIFIER.search(text[:stop])
    stop = modifier.start() if modifier else stop
    first, after_verb = _np_start(list(_TOKEN.finditer(text[:stop])))
    if first is None:
        return None
    joined = re.search(r"(?i)\s+and\s+", text[first:stop]) if after_verb else None
    first = first + joined.end() if joined else first
    for qualifier in _QUALIFIER_ANY.finditer(text, max(0, first - 20), stop):
        if qualifier.start() < first <= qualifier.end() or qualifier.end() == first - 1:
            first = qualifier.start()
    start = first + (len(m.group(0)) if (m := re.match(r"(?i)and\s+", text[first:stop])) else 0)
    while re.search(r"(?i)\sand\s", text[start:stop]) and (item := _LISTED_BEFORE.search(text[:start])) \
            and not any(_verb_like(word) for word in item[1].split()[1:]):  # 'the army said, …' is no item
        start = item.start(1)  # 'The official, his brother and a bodyguard died': the list's first items too
    return (start, stop) if start < stop else None


# An item of a list before a comma ('A soldier, a nurse and two children'), starting the sentence or a clause.
_LIST_WORDS = "|".join(("the", "a", "an", "his", "her", "their", "its", r"\d[\d,]*", *NUMBER_WORDS))
_LISTED_BEFORE = re.compile(rf"(?i)(?:^|[.;:]\s*|,\s+|\bthat\s+)((?:{_LIST_WORDS})\s+[\w-]+(?:\s+(?!and\b)[\w-]+){{0,2}}),\s*$")



_THE_LAST = re.compile(r"(?i)\s+[a-z]+(?<!s)(?=\s*(?:[,.;]|$|\s+(?:in|at|near|on|inside|outside|during)\b))")


# The last item of a list of people still ahead, past a post-modifier or a relative clause of an earlier item
# ('a commander of a faction linked to X and his driver', 'a farmer, two women who worked there and the driver').
_ITEM_START = "|".join(("the", "an?", "his", "her", "their", "its", "both", "several", "some", "dozens", "many", r"\d[\d,]*", *NUMBER_WORDS))
_LIST_END = re.compile(rf"(?i)(?P<gap>[^;:!?\"“”]{{0,60}}?)(?:,\s*|\s+)and\s+(?P<item>(?:{_ITEM_START})\s+[\w'’-]+"
                       r"(?:\s+(?:of\s+(?:his|her|their|its)\s+)?[\w'’-]+){0,2}?)"
                       r"(?=\s*(?:[,.;]|$)|\s+(?:of|from|with|in|at|near|on|inside|outside|during|when|as|after|before|while)\b)")


def _list_goes_on(text: str, at: int) -> int:
    """Where a list of people that goes on past this word ends: its last item 'and his driver' (no verb in that
    item, no other casualty verb or attribution before it); 0 when it does not go on."""
    end = _LIST_END.match(text, at)
    plain = end and not any(_verb_like(w) for w in end["item"].split()[1:]) \
        and not _CASUALTY.search(end["gap"]) and not re.search(r"(?i)\b(?:said|says|told|reported)\b", end["gap"])
    return end.end("item") if plain else 0


def _np_after(text: str, start: int) -> tuple[int, int] | None:
    """The noun phrase an active casualty verb governs ('killing a commander and two of his guards')."""
    qualifier = _QUALIFIER_START.match(text, start)
    scan = qualifier.end() if qualifier else start
    last, previous, through = None, "", 0
    for word in _TOKEN.finditer(text, scan):
        token, lower = word.group(0), word.group(0).lower()
        if len(token) > 1 and token.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", token):
            last = word.end() - 1  # the last word of the sentence
            break
        of_count = lower == "of" and (_number(previous) is not None or previous in ("one", "some", "member", "members",
                                                                                  "dozens"))
        of_what = (previous == "of" or last is None) and lower in _DETERMINERS  # 'a member of the ministry', 'the driver'
        listed = previous == "and" and lower == "the" and _THE_LAST.match(text, word.end())  # '… and the driver'
        if previous == "and" and _verb_like(token) and lower not in ("armed", "suspected", "alleged"):
            break  # 'arrested four men and seized three rifles': another verb's object follows
        stop = (_boundary(token) and not of_count and not of_what and not lower.endswith("ed") and not listed) \
            or lower in ("were", "was") or (lower.endswith("ing") and lower != "during")
        through = max(through, _list_goes_on(text, word.start()) if stop and last and word.start() >= through else 0)
        if _CASUALTY.fullmatch(token) or (stop and word.start() >= through):
            break
        if lower not in ("and", "or"):
            last = word.end()
        previous = lower
    if last is None:
        return None
    return start + len(text[start:last]) - len(text[start:last].lstrip()), last


# 'Nine people were killed and 14 others wounded': the second passive's auxiliary left out.
_ELIDED = re.compile(rf"(?i)\band\s+(?:(?:{_QUALIFIER})\s+)?{_NUMERAL}(?:\s+[a-z-]+){{0,2}}\s+$")


def casualty_figures(text: str) -> tuple[list[FigureGuess], list[tuple[int, int]]]:
    """Killed / injured / arrested counts and the spans of the phrases they were read from."""
    figures, spans = [], []
    for verb in _CASUALTY.finditer(text):
        measure = next(name for name, value in verb.groupdict().items() if value)
        passive = re.search(r"(?i)\b(?:were|was|been|being|are|is)\s+(?:\w+ly\s+)?$", text[:verb.start()]) or \
            verb.group(0).lower() in ("dead", "died") or \
            re.search(r"(?i)\b(?:\d+(?:,\d{3})*|" + "|".join(NUMBER_WORDS) + r")\s*$", text[:verb.start()]) or \
            (_ELIDED.search(text[:verb.start()]) and re.search(r"(?i)\b(?:were|was)\s", text[:verb.start()])
             and re.match(r"(?i)\s*(?:[,.;]|$|(?:in|at|on|near|during|by|when|after|as)\b)", text[verb.end():]))
        among = re.search(r"(?i)\s+(?:were|was|are|is)\s+(?:also\s+)?among\s+(?:the\s+|those\s+)?$", text[:verb.start()])
        both = re.search(r"(?i)\b(?:were|was)\s+(?:\w+ly\s+)?(\w+)\s+and\s+$", text[:verb.start()])
        both = both if both and (_CASUALTY.fullmatch(both[1]) or both[1].lower().endswith(("ed", "en"))) else None
        # 'was wounded and detained', 'were beaten and detained': one subject for both verbs
        if among:  # 'two soldiers and two fighters were among the dead'
            span = _np_before(text, among.start())
        elif both:
            span = _np_before(text, both.start(1))
            spans = [s for s in spans if span is None or not (s[0] < span[1] and span[0] < s[1])]
        else:
            of = re.match(r"(?i)\s+of\b", text[verb.end():])  # 'the killing of three police officers'
            span = _np_before(text, verb.start()) if passive else _np_after(text, verb.end() + (of.end() if of else 0))
        if span is None or any(a < span[1] and span[0] < b for a, b in spans):
            continue
        phrase = text[span[0]:span[1]].strip()
        counted = count_phrase(phrase)
        if counted is None:
            continue
        total, qualifier = counted
        unit = re.sub(rf"(?i)^(?:{_QUALIFIER})\s+", "", phrase)
        figures.append(_figure(measure, total, qualifier, None if _number(unit) else unit, phrase))
        after = span[1] if span[1] > verb.start() else verb.end()  # '14 people, including four children, were …',
        aside = re.match(rf",\s*{_ASIDE}\s+[^,.;]{{1,60}}", text[after:])  # '… were killed, among them two children'
        spans.append((span[0], after + aside.end() if aside else max(span[1], verb.start())))
    return figures, spans


def _figure(measure: str, number: float, qualifier: str, unit: str | None, phrase: str) -> FigureGuess:
    figure = FigureGuess(measure, number, None, None, qualifier, unit, phrase)
    if qualifier in ("at-least", *_VAGUE):
        figure.value, figure.min = None, number
    elif qualifier == "up-to":
        figure.value, figure.max = None, number
    return figure


_PAST = {"left", "fled", "took", "made", "went", "came", "fell", "struck", "hit", "set", "began", "saw", "got",
         "held", "kept", "lost", "met", "sent", "led", "shot", "won", "ran", "gave", "told", "said", "were", "are"}


def _unit(rest_words: list[str]) -> str | None:
    """The counted thing: the words after the number up to a function word ('mortars and rockets')."""
    unit_words: list[str] = []
    for position, word in enumerate(rest_words):
        bare = word.strip(",.;:’'\"“”()")
        following = rest_words[position + 1].lower() if position + 1 < len(rest_words) else ""
        if bare.lower() == "and" and unit_words and following and following not in _UNIT_STOP \
                and _number(following.strip(",.;:")) is None:  # '40 launchers and 15,000 rounds': two figures
            unit_words.append(bare)
            continue
        if position == 0 and bare.lower().endswith("ed") and (following in _UNIT_STOP or word[-1:] in ",.;:"):
            return bare  # 'two neutralized': what happened to them ('six armoured vehicles': a modifier)
        if position == 0 and bare.lower().endswith("ed"):
            unit_words.append(bare)
            continue
        if not bare or bare.lower() in _UNIT_STOP or bare.lower() in _PAST or bare.lower().endswith("ed"):
            break  # a function word or a verb ends the counted thing
        unit_words.append(bare)
        if word[-1:] in ",.;:":
            break
    return " ".join(unit_words[:5]) or None


# Counted goods named by the data format's measures: what is seized is weapons-seized, a site destroyed
# sites-destroyed; the counted nouns stay in the figure's unit ('12 assault rifles, two machine guns' → 14).
_GOODS = re.compile(r"(?i)(?<![\w-])(?:(?P<seized>seized|seizing|confiscated|confiscating|found|finding|recovered|"
                    r"recovering|discovered|discovering|uncovered|uncovering|impounded|impounding|"
                    # 'stopped a truck carrying 40 rockets': what an intercepted vehicle carries is seized
                    r"(?:stopped|stopping|intercepted|intercepting|seized|impounded)\s+(?:an?|the|two|three)\s+"
                    r"(?:[\w-]+\s+){1,2}?(?:carrying|loaded\s+with|transporting|packed\s+with))|"
                    r"(?P<destroyed>destroyed|destroying|destruction\s+of))(?![\w-])")
_SITES = frozenset({"site", "sites", "hideout", "hideouts", "depot", "depots", "cache", "caches", "tunnel", "tunnels",
                    "position", "positions", "base", "bases", "camp", "camps", "warehouse", "warehouses",
                    "workshop", "workshops", "facility", "facilities", "headquarters", "post", "posts"})
# What the measure weapons-seized counts (its own vocabulary, not a topic's): a counted thing seized whose
# head noun is none of these ('two villages', '4,000 pills', 'three trucks') keeps a figure named after it.
_WEAPONS = frozenset({"weapon", "arm", "rifle", "gun", "pistol", "carbine", "kalashnikov", "launcher", "rpg", "rocket",
                      "missile", "mortar", "grenade", "mine", "shell", "round", "bullet", "cartridge", "munition",
                      "explosive", "ied", "bomb", "vest", "belt", "detonator", "drone"})
WEAPON_WORDS = "|".join(f"{word}(?:s|es)?" for word in sorted(_WEAPONS))  # a weapon named: seizures are typed by it
_GOODS_ITEM = re.compile(rf"(?i)^(?:(?P<qual>{_QUALIFIER})\s+)?(?:(?:the|its|his|her|their|these|those)\s+(?=\S+\s))?"
                         rf"(?P<num>\d[\d,]*|{_COMPOUND}|{'|'.join(NUMBER_WORDS)}|an?)\s+(?P<noun>.+)$")


# Two counts sharing one head noun, each with its own modifier: 'six Syrian and four American armoured vehicles'.
_SHARED = re.compile(rf"(?i)(?<![\w-]){_NUMERAL}\s+(?!(?:{'|'.join(_UNIT_STOP)}|more|other|others)\b)"
                     rf"[A-Za-z-]+(?<!s)\s+and\s+(?P<b>{_NUMERAL})\s+[A-Za-z-]+\s+(?=[\w-])")


def _kept(noun: str, fits) -> str | None:
    """The counted noun up to its last word the measure counts: 'depots hidden in caves' → 'depots', 'vests similar
    to the one used' → 'vests'; None when the measure counts none of it."""
    words = noun.split()
    return next((" ".join(words[:end]) for end in range(len(words), 0, -1) if fits(" ".join(words[:end]))), None)


def _goods_items(phrase: str, fits) -> list[tuple[float, str, str, str]]:
    """(number, qualifier, counted noun, item) of each item of a list that the measure counts (fits); uncounted
    items and other things are left out."""
    items = [i.strip() for i in re.split(r"\s*,\s+(?:and\s+)?|\s+and\s+", phrase) if i.strip()]
    first = _GOODS_ITEM.match(items[0])
    if first and not any(_GOODS_ITEM.match(i) for i in items[1:]) and not _kept(first["noun"].split(" and ")[0], fits):
        items = [phrase]  # one count for the whole list: '15 weapons and munitions storage sites'
    found, carried = [], None
    for item in items:
        if carried:  # 'three Russian and two Chinese rifles': one head for both counts
            item, carried = f"{carried} and {item}", None
        if _SHARED.match(f"{item} and 1 x y") and item.count(" ") == 1:
            carried = item
            continue
        match, shared = _GOODS_ITEM.match(item), _SHARED.match(item)
        body = item[shared.end():] if shared else match["noun"] if match else ""
        noun = re.split(r"(?i)\s+(?:\w+ed|of|containing|along)\b", body)[0] if match else ""
        noun = _kept(noun, fits) if noun and not re.match(r"(?i)(?:quantity|number|amount|lot|cache|stash)\b", noun) \
            else None  # 'a quantity of ammunition': no count
        if not noun or re.match(rf"(?i){re.escape(noun)}\s+of\b", item[item.find(noun):]):
            continue  # '15,000 rounds of ammunition': measured
        number = 1.0 if match["num"].lower() in ("a", "an") else _number(match["num"])
        number = number + _number(shared["b"]) if shared and number else number
        qualifier = QUALIFIER_PHRASES.get((match["qual"] or "").lower(), "exactly")
        found.append((number or 0.0, qualifier, noun.strip(" ,"), item))
    alone = len(items) == 1 and re.match(r"(?i)an?\s", items[0])  # 'seized a truck carrying …': no count
    return [] if alone else found


def _weapon(noun: str) -> bool:
    """A thing weapons-seized counts; rounds of small arms ('2,000 rounds') are measured, not counted with the
    weapons ('30 mortar rounds' are the mortar's)."""
    words = [w.lower() for w in noun.split()]
    listed = [any(w in (word, word + "s", word + "es") for word in _WEAPONS) for w in words]
    return listed[-1] and (words[-1].rstrip("s") not in _AMMUNITION or any(listed[:-1]))


def _site(noun: str) -> bool:
    return noun.split()[-1].lower() in _SITES


_AMMUNITION = frozenset({"round", "bullet", "cartridge"})


def _clause_subject(text: str, end: int) -> tuple[int, int] | None:
    """The counted phrase opening the clause of a passive verb, past a post-modifier the noun phrase scan stops at
    ('Two vests similar to the one used in the attack were seized')."""
    stop = re.search(rf"(?i)(?:\s+{_AUX})*\s*$", text[:end]).start()
    start = max(m.end() for m in re.finditer(r"^|[.;:]\s+|,\s+and\s+", text[:stop]))
    return (start, stop) if stop - start <= 100 and _GOODS_ITEM.match(text[start:stop]) else None


def goods_figures(text: str, taken: list[tuple[int, int]]) -> tuple[list[FigureGuess], list[tuple[int, int]]]:
    """Weapons seized (summed, the nouns in the unit) and sites destroyed; what is measured rather than counted
    ('15,000 rounds of ammunition'), other things seized ('4,000 pills', 'two villages') or destroyed are left
    to the counted-noun rule."""
    figures, spans = [], []
    for verb in _GOODS.finditer(text):
        fits = _site if verb["destroyed"] else _weapon
        passive = re.search(r"(?i)\b(?:were|was|been|being|are|is)\s+(?:\w+ly\s+)?$", text[:verb.start()])
        span = _np_before(text, verb.start()) if passive else _np_after(text, verb.end())
        if passive and (span is None or not _goods_items(text[span[0]:span[1]].strip(), fits)):
            span = _clause_subject(text, verb.start()) or span
        if span is None or any(a < span[1] and span[0] < b for a, b in taken + spans):
            continue
        phrase = text[span[0]:span[1]]
        items = _goods_items(phrase.strip(), fits)
        if not items:
            continue
        measure = "sites-destroyed" if verb["destroyed"] else "weapons-seized"
        unit = ", ".join(noun for _, _, noun, _ in items)
        figures.append(_figure(measure, sum(n for n, _, _, _ in items), items[0][1], unit, phrase.strip()))
        spans += [(span[0] + phrase.find(item), span[0] + phrase.find(item) + len(item)) for *_, item in items]
    return figures, spans


def find_figures(text: str, skip: list[tuple[int, int]]) -> list[FigureGuess]:
    """Every figure in a sentence; numbers inside the skipped spans (dates) are not figures."""
    figures, taken = casualty_figures(text)
    goods, counted = goods_figures(text, taken)
    figures, taken = figures + goods, taken + counted + list(skip)
    for match in _FIGURE.finditer(text):
        start = match.start("num")
        raw = match["num"].lower()
        rest_words = (match["rest"] or "").split()
        if any(a <= start < b for a, b in taken) or (raw.isdigit() and 1900 <= int(raw) <= 2100 and not match["qual"]):
            continue  # counted already, a date or a year
        if rest_words and rest_words[0].lower() in _NOT_COUNTED:
            continue
        if re.search(r"(?i)\b(?:the|these|those|both)\s+$", text[:match.start()]) and not match["qual"]:
            continue  # 'the two sides', 'the three men': people already counted or named
        number = _number(raw)
        shared = _SHARED.match(text, start)  # 'six Syrian and four American armoured vehicles': 10 vehicles
        if shared and number:
            number += _number(shared["b"])
            rest_words = text[shared.end():].split()[:6]
            taken.append(shared.span("b"))
        unit = _unit(rest_words)
        measure = slug(unit, 40) if unit else ""
        if not number or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", measure):
            continue
        qualifier = QUALIFIER_PHRASES.get((match["qual"] or "").lower(), "exactly")
        if (match["qual"] or "").lower() == "over" and re.search(r"(?i)\b(?:hand(?:ed|ing|s)?|t(?:ook|aken|aking|akes?)|turn(?:ed|ing|s)?|pass(?:ed|ing|es)?|"
                                                                r"sign(?:ed|ing|s)?)\s+$",
                                                                text[:match.start()]):
            qualifier = "exactly"  # 'handed over three oil fields': a verb's particle, not 'more than'
        if raw in ("a dozen", "a hundred") and qualifier == "exactly":
            qualifier = "about"
        scale = re.match(r"(?i)(million|billion|thousand)\b", rest_words[0]) if rest_words else None
        if scale:  # '1.2 million captagon pills'
            number *= {"thousand": 1e3, "million": 1e6, "billion": 1e9}[scale.group(1).lower()]
            unit = _unit(rest_words[1:])
            measure = slug(unit, 40) if unit else ""
            if not measure:
                continue
        figures.append(_figure(measure, number, qualifier, unit, text[match.start():match.end("rest")].strip()))
    return figures
